"""The services app in the Wagtail admin: disclosure log topics as snippets, and the case page's
"Disclosure log" panel with its "Prepare a disclosure log entry" action (services/disclosure.py,
docs/disclosure-log.md)."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from crm.cases.panels import CASE_PANELS_HOOK

from .disclosure import admin_urls as disclosure_admin_urls
from .disclosure import disclosure_panel
from .models_disclosure import DisclosureTopic


class DisclosureTopicViewSet(SnippetViewSet):
    model = DisclosureTopic
    icon = "tag"
    list_display = ["name", "slug"]


register_snippet(DisclosureTopicViewSet)


@hooks.register("register_admin_urls")
def register_disclosure_admin_urls():
    return disclosure_admin_urls()


@hooks.register(CASE_PANELS_HOOK)
def add_disclosure_panel(request, case, errors):
    return disclosure_panel(request, case, errors)
