"""Cases in the Wagtail admin: council closure days (Snippets > Council closure days), and the
"Cases" menu with the queues and case pages of `crm/cases/admin/`.
"""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin import urls as admin_urls
from .admin.menu import cases_menu_item
from .models import CouncilClosureDay


class CouncilClosureDayViewSet(SnippetViewSet):
    model = CouncilClosureDay
    icon = "date"
    menu_label = _("Council closure days")
    list_display = ["date", "reason"]
    ordering = ["-date"]


register_snippet(CouncilClosureDayViewSet)


# --- Staff case screens (crm/cases/admin/) ------------------------------------------------------


@hooks.register("register_admin_urls")
def register_case_admin_urls():
    return [path("cases/", include(admin_urls, namespace="cases_admin"))]


@hooks.register("register_admin_menu_item")
def register_cases_menu():
    return cases_menu_item()
