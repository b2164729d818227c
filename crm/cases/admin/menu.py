"""The "Cases" menu: "Search cases", "My cases", "Team queues" and one item per team the officer
works in."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.search import SearchArea

from ..selectors import teams_for_staff
from .queues import team_queue_url


def staff_teams(request) -> list:
    """The signed-in officer's teams, fetched once per request (the menu asks several times)."""
    if not hasattr(request, "_case_teams"):
        request._case_teams = list(teams_for_staff(request.user))
    return request._case_teams


class CaseMenuItem(MenuItem):
    """Shown to superusers and members of a team; web editors have no case work."""

    def is_shown(self, request):
        return request.user.is_superuser or bool(staff_teams(request))


class CasesMenu(Menu):
    def menu_items_for_request(self, request):
        items = super().menu_items_for_request(request)
        if not items:
            return items
        for order, team in enumerate(staff_teams(request), start=300):
            items.append(
                MenuItem(
                    team.name, team_queue_url(team), name=f"cases-team-{team.slug}", order=order
                )
            )
        return items


def cases_menu_item() -> SubmenuMenuItem:
    menu = CasesMenu(
        items=[
            CaseMenuItem(
                _("My cases"), reverse("cases_admin:my_cases"), icon_name="user", order=100
            ),
            CaseMenuItem(
                _("Team queues"), reverse("cases_admin:team_queue"), icon_name="group", order=200
            ),
            CaseMenuItem(
                _("Customers"), reverse("cases_admin:customers"), icon_name="user", order=250
            ),
            CaseMenuItem(
                _("Search cases"), reverse("cases_admin:search"), icon_name="search", order=50
            ),
        ]
    )
    return SubmenuMenuItem(_("Cases"), menu, name="cases", icon_name="tasks", order=240)


class CaseSearchArea(SearchArea):
    """ "Cases" in the admin's own search (the box at the top of every admin page), for the staff
    the Cases menu is for: the query goes to Cases > Search cases."""

    def is_shown(self, request):
        return request.user.is_superuser or bool(staff_teams(request))


def case_search_area() -> CaseSearchArea:
    return CaseSearchArea(
        _("Cases"), reverse("cases_admin:search"), name="cases", icon_name="doc-full", order=50
    )
