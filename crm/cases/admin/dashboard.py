"""Panels on the admin home for people who work cases: their own work (open, due today,
overdue) and each of their teams' queues, every figure a link to the queue it counts.

Registered with the `construct_homepage_panels` hook in `crm/cases/wagtail_hooks.py`. Each panel
costs one query however many cases or teams there are (`case_work_counts`, `team_queue_counts`).
"""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from ..selectors import case_work_counts, team_queue_counts
from .forms import OPEN
from .menu import staff_teams


def has_case_work(request) -> bool:
    """Superusers and members of a team; web editors and residents have no case panels."""
    return request.user.is_superuser or bool(staff_teams(request))


def queue_link(view_name: str, **params) -> str:
    url = reverse(view_name)
    return f"{url}?{urlencode(params)}" if params else url


class MyCaseWorkPanel(Component):
    """Three figures: my open cases, and open cases due today and overdue that I may see."""

    name = "cases_my_work"
    template_name = "cases/admin/home/my_work.html"
    order = 50

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        counts = case_work_counts(self.request.user, today=timezone.localdate())
        items = [
            {
                "label": _("My open cases"),
                "count": counts["my_open"],
                "url": queue_link("cases_admin:my_cases", status=OPEN),
            },
            {
                "label": _("Due today"),
                "count": counts["due_today"],
                "url": queue_link("cases_admin:team_queue", status=OPEN, due_today="on"),
            },
            {
                "label": _("Overdue"),
                "count": counts["overdue"],
                "url": queue_link("cases_admin:team_queue", status=OPEN, overdue="on"),
                "warning": counts["overdue"] > 0,
            },
        ]
        return {"items": items}


class TeamQueuesPanel(Component):
    """Each of my teams (every team for a superuser) with its open and overdue cases."""

    name = "cases_team_queues"
    template_name = "cases/admin/home/team_queues.html"
    order = 60

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        teams = team_queue_counts(self.request.user, today=timezone.localdate())
        queue = reverse("cases_admin:team_queue")
        rows = [
            {
                "team": team,
                "open_count": team.open_count,
                "overdue_count": team.overdue_count,
                "url": f"{queue}?{urlencode({'team': team.pk})}",
                "overdue_url": f"{queue}?{urlencode({'team': team.pk, 'overdue': 'on'})}",
            }
            for team in teams
        ]
        return {"rows": rows}


def add_case_panels(request, panels: list) -> None:
    if has_case_work(request):
        panels[:0] = [MyCaseWorkPanel(request), TeamQueuesPanel(request)]
