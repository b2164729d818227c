"""Reads for the knowledge base and canned replies. Neither holds personal data: who may see a
case is decided by `crm.cases.selectors.get_case_for_staff` before any of these is asked."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet

from crm.cases.models import Case, CaseType

from .models import CannedReply, KnowledgeArticle

MAX_QUERY_LENGTH = 200


def replies_for_case(case: Case) -> QuerySet[CannedReply]:
    """The replies offered on a case page: active, for its type or for every type."""
    return (
        CannedReply.objects.active()
        .for_case_type(case.case_type_id)
        .order_by("sort_order", "title", "pk")
    )


def reply_for_case(case: Case, reply_id) -> CannedReply | None:
    """One of `replies_for_case`, or None (unknown id, inactive, or for other case types)."""
    try:
        return replies_for_case(case).filter(pk=int(reply_id)).first()
    except (TypeError, ValueError):
        return None


def articles_for_case_type(case_type: CaseType | int) -> QuerySet[KnowledgeArticle]:
    """The live articles linked to a case type (articles with no type are found by search)."""
    return (
        KnowledgeArticle.objects.live()
        .filter(case_types=case_type)
        .order_by("title", "pk")
        .only("pk", "title", "summary", "last_reviewed")
    )


def can_edit_articles(user: AbstractBaseUser) -> bool:
    return user.has_perm("knowledge.change_knowledgearticle")


def articles_visible_to(user: AbstractBaseUser) -> QuerySet[KnowledgeArticle]:
    """Every member of staff reads live articles; editors also see those not live yet."""
    articles = KnowledgeArticle.objects.all()
    return articles if can_edit_articles(user) else articles.live()


def search_articles(user: AbstractBaseUser, query: str, *, limit: int = 50) -> list:
    """Articles matching words of their title, summary, body or case types, best first, through
    Wagtail's search backend (the database in tests and by default, Elasticsearch if set)."""
    query = (query or "").strip()[:MAX_QUERY_LENGTH]
    if not query:
        return []
    return list(articles_visible_to(user).search(query)[:limit])
