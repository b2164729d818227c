"""Canned replies staff send to residents, and the articles of the staff knowledge base.

Both are written by editors in the Wagtail admin (snippets, menu "Knowledge base") and linked to
case types: a reply is offered on the case pages of its types (no type: every type), an article
is listed on them. Nothing here is shown to residents until a member of staff sends a reply.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.functional import lazy
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

from crm.cases.models import CaseType

from .placeholders import PLACEHOLDERS, unknown_placeholders

ARTICLE_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link", "hr"]


def placeholder_list() -> str:
    return ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)


def body_help_text() -> str:
    return gettext(
        "Placeholders in braces are filled from the case: %(names)s. Any other name in braces "
        "is refused."
    ) % {"names": placeholder_list()}


class CannedReplyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def for_case_type(self, case_type):
        """Replies for this type, and replies with no type (they apply to every type)."""
        return self.filter(Q(case_types=case_type) | Q(case_types__isnull=True)).distinct()


class CannedReply(models.Model):
    """A message staff start from when writing to a resident; placeholders are filled from the
    case (`crm.knowledge.placeholders`), and staff can change the text before sending it."""

    title = models.CharField(
        _("title"), max_length=120, help_text=_("What staff see in the list of replies")
    )
    body = models.TextField(
        _("text"),
        help_text=lazy(body_help_text, str)(),
    )
    case_types = models.ManyToManyField(
        CaseType,
        verbose_name=_("case types"),
        blank=True,
        related_name="canned_replies",
        help_text=_("Leave empty to offer this reply on every case type"),
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive replies are not offered to staff")
    )
    sort_order = models.PositiveSmallIntegerField(
        _("order"), default=100, help_text=_("Lower numbers come first in the list")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CannedReplyQuerySet.as_manager()

    class Meta:
        verbose_name = _("canned reply")
        verbose_name_plural = _("canned replies")
        ordering = ["sort_order", "title"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Refused here too, not only in forms: a reply with a placeholder nobody can fill would
        # reach a resident with braces in it.
        if unknown_placeholders(self.body):
            self.clean()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        unknown = unknown_placeholders(self.body)
        if unknown:
            raise ValidationError(
                {
                    "body": ngettext(
                        "Unknown placeholder %(names)s. Use only: %(known)s.",
                        "Unknown placeholders %(names)s. Use only: %(known)s.",
                        len(unknown),
                    )
                    % {
                        "names": ", ".join(f"{{{name}}}" for name in unknown),
                        "known": placeholder_list(),
                    }
                }
            )


class KnowledgeArticleQuerySet(SearchableQuerySetMixin, models.QuerySet):
    def live(self):
        return self.filter(is_live=True)


class KnowledgeArticle(index.Indexed, models.Model):
    """Guidance for staff (how to handle a type of case, what to tell residents), written by
    editors, listed on the case pages of its case types and found by the admin search."""

    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(
        _("summary"),
        max_length=300,
        blank=True,
        help_text=_("One sentence shown in lists and search results"),
    )
    body = RichTextField(_("body"), features=ARTICLE_FEATURES)
    case_types = models.ManyToManyField(
        CaseType,
        verbose_name=_("case types"),
        blank=True,
        related_name="knowledge_articles",
        help_text=_(
            "The article is listed on the case page of these types. Articles with no type are "
            "found by search only."
        ),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Who keeps this article up to date"),
    )
    last_reviewed = models.DateField(
        _("last reviewed"), null=True, blank=True, help_text=_("When the owner last checked it")
    )
    is_live = models.BooleanField(
        _("live"), default=True, help_text=_("Only live articles are shown to staff")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = KnowledgeArticleQuerySet.as_manager()

    search_fields = [
        index.SearchField("title", boost=3),
        index.AutocompleteField("title"),
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        # The admin listing's search box autocompletes (partial words) on these fields only.
        index.AutocompleteField("summary"),
        index.AutocompleteField("body"),
        index.RelatedFields("case_types", [index.SearchField("name")]),
        index.FilterField("is_live"),
    ]

    class Meta:
        verbose_name = _("knowledge article")
        verbose_name_plural = _("knowledge articles")
        ordering = ["title"]

    def __str__(self):
        return self.title
