"""Canned replies and knowledge articles as snippets, both in the "Knowledge base" menu. Who may
add, change and delete them is Wagtail's snippet permissions (Settings > Groups: "knowledge
article" and "canned reply"); reading articles needs only access to the admin
(`views.ArticleView`)."""

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.snippets.views.snippets import SnippetViewSet

from ..models import CannedReply, KnowledgeArticle
from ..placeholders import PLACEHOLDERS

KNOWLEDGE_MENU_HOOK = "register_knowledge_menu_item"


def placeholder_help() -> str:
    rows = format_html_join(
        "",
        "<li><code>{{{}}}</code>: {}</li>",
        ((name, description) for name, description in PLACEHOLDERS.items()),
    )
    return format_html("<ul>{}</ul>", rows)


class PlaceholderHelpPanel(HelpPanel):
    """The placeholders and what they become, next to the reply's text."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Placeholders"))
        super().__init__(**kwargs)

    class BoundPanel(HelpPanel.BoundPanel):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.content = placeholder_help()


class CannedReplyViewSet(SnippetViewSet):
    model = CannedReply
    icon = "mail"
    menu_label = _("Canned replies")
    menu_order = 300
    menu_hook = KNOWLEDGE_MENU_HOOK
    list_display = ["title", "is_active", "sort_order", "updated_at"]
    list_filter = ["is_active", "case_types"]
    search_fields = ["title", "body"]
    search_backend_name = None  # the ORM: a few dozen replies, no index needed
    ordering = ["sort_order", "title"]
    panels = [
        FieldPanel("title"),
        FieldPanel("body"),
        PlaceholderHelpPanel(),
        FieldPanel("case_types", widget=forms.CheckboxSelectMultiple),
        FieldRowPanel([FieldPanel("is_active"), FieldPanel("sort_order")]),
    ]


class KnowledgeArticleViewSet(SnippetViewSet):
    model = KnowledgeArticle
    icon = "help"
    menu_label = _("Articles")
    menu_order = 200
    menu_hook = KNOWLEDGE_MENU_HOOK
    list_display = [
        "title",
        "is_live",
        "last_reviewed",
        "owner",
        "updated_at",
    ]
    list_filter = ["is_live", "case_types"]
    # search_fields unset: the listing searches the model's Wagtail index (`search_fields`).
    panels = [
        FieldPanel("title"),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("case_types", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("owner"), FieldPanel("last_reviewed")])],
            heading=_("Review"),
        ),
        FieldPanel("is_live"),
    ]
