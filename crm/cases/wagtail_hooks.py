"""Cases in the Wagtail admin: the configuration staff own (Snippets > Teams, Case types,
Workflows, Council closure days), and the "Cases" menu with the queues and case pages of
`crm/cases/admin/`.
"""

from django import forms
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin import urls as admin_urls
from .admin.access_log import CaseAccessLogViewSet
from .admin.clock_panel import add_clock_panel  # noqa: F401 (registers the panel)
from .admin.dashboard import add_case_panels
from .admin.duplicates_panel import add_duplicates_panel  # noqa: F401 (registers the panel)
from .admin.forms import CaseTypeForm, StaffMembersWidget, TeamForm
from .admin.menu import case_search_area, cases_menu_item
from .admin.workflows import WorkflowViewSet
from .models import CaseType, CouncilClosureDay, Team


class TeamViewSet(SnippetViewSet):
    """Teams receive cases; their members see the team's queue."""

    model = Team
    icon = "group"
    menu_label = _("Teams")
    list_display = ["name", "email"]
    search_fields = ["name"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("slug"),
            FieldPanel("email"),
            FieldPanel("members", widget=StaffMembersWidget),
            # Plain tick boxes: the page keeps one staff search box, the members'.
            FieldPanel("leads", widget=forms.CheckboxSelectMultiple),
        ],
        base_form_class=TeamForm,
    )


class CaseTypeViewSet(SnippetViewSet):
    """What an eForm opens: the team it goes to and its deadline in working days."""

    model = CaseType
    icon = "tag"
    menu_label = _("Case types")
    list_display = ["name", "team", "sla_working_days", "is_active"]
    list_filter = ["team", "is_active"]
    search_fields = ["name"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("slug"),
            FieldPanel("team"),
            FieldPanel("workflow"),
            FieldPanel("sla_working_days"),
            FieldPanel("clock_rule"),
            FieldPanel("acknowledge_working_days"),
            FieldPanel("max_extension_working_days"),
            FieldPanel("duplicate_window_days"),
            FieldPanel("retention_months"),
            FieldPanel("public_description"),
            FieldPanel("is_active"),
        ],
        base_form_class=CaseTypeForm,
    )


class CouncilClosureDayViewSet(SnippetViewSet):
    model = CouncilClosureDay
    icon = "date"
    menu_label = _("Council closure days")
    list_display = ["date", "reason"]
    ordering = ["-date"]


register_snippet(TeamViewSet)
register_snippet(CaseTypeViewSet)
register_snippet(WorkflowViewSet)
register_snippet(CouncilClosureDayViewSet)


# --- Staff case screens (crm/cases/admin/) ------------------------------------------------------


@hooks.register("register_admin_urls")
def register_case_admin_urls():
    return [path("cases/", include(admin_urls, namespace="cases_admin"))]


@hooks.register("register_admin_menu_item")
def register_cases_menu():
    return cases_menu_item()


@hooks.register("register_admin_search_area")
def register_case_search_area():
    return case_search_area()


@hooks.register("construct_homepage_panels")
def add_case_work_panels(request, panels):
    add_case_panels(request, panels)


@hooks.register("register_admin_viewset")
def register_case_access_log():
    return CaseAccessLogViewSet()
