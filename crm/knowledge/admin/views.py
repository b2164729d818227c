"""The knowledge base for staff: an article's read view (not the edit form) and the search page
the admin's global search links to ("Knowledge base" search area). Every member of staff who
can use the admin reads live articles; editors also see articles that are not live yet."""

from django import forms
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..selectors import MAX_QUERY_LENGTH, articles_visible_to, can_edit_articles, search_articles

RESULT_LIMIT = 50
BROWSE_LIMIT = 200  # no query: the articles by title


def article_url(article) -> str:
    return reverse("knowledge_admin:article", kwargs={"pk": article.pk})


def edit_url(article) -> str:
    return reverse("wagtailsnippets_knowledge_knowledgearticle:edit", args=[article.pk])


class KnowledgeSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the knowledge base"),
        help_text=_("Words from an article's title, summary, text or case types"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
    )


class KnowledgeSearchView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "knowledge/admin/search.html"
    page_title = _("Knowledge base")
    header_icon = "help"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = KnowledgeSearchForm(self.request.GET)
        query = form.cleaned_data["q"].strip() if form.is_valid() else ""
        user = self.request.user
        if query:
            articles = search_articles(user, query, limit=RESULT_LIMIT)
        else:
            articles = list(articles_visible_to(user).prefetch_related("case_types")[:BROWSE_LIMIT])
        context.update(
            search_form=form,
            query=query,
            articles=articles,
            can_edit=can_edit_articles(user),
            add_url=reverse("wagtailsnippets_knowledge_knowledgearticle:add"),
        )
        return context


class ArticleView(WagtailAdminTemplateMixin, TemplateView):
    """An article as staff read it: its text, case types, owner and when it was last reviewed,
    with an Edit link for editors."""

    template_name = "knowledge/admin/article.html"
    header_icon = "help"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.article = (
            articles_visible_to(request.user)
            .select_related("owner")
            .filter(pk=kwargs["pk"])
            .first()
        )

    def get(self, request, *args, **kwargs):
        if self.article is None:
            raise Http404
        return super().get(request, *args, **kwargs)

    def get_page_title(self):
        return self.article.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("knowledge_admin:search"), "label": KnowledgeSearchView.page_title},
            {"url": "", "label": self.article.title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        can_edit = can_edit_articles(self.request.user)
        context.update(
            article=self.article,
            case_types=list(self.article.case_types.order_by("name")),
            edit_url=edit_url(self.article) if can_edit else "",
        )
        return context
