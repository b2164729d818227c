"""The admin home for case workers: their own figures and their teams' queues, each a link to
the queue it counts, in a constant number of queries."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from crm.cases.selectors import case_work_counts, team_queue_counts
from tests.crm.admin.conftest import admin_user
from tests.crm.factories import CaseFactory, CaseTypeFactory, TeamFactory, UserFactory

HOME = "/admin/"


def panel(response, panel_id):
    return BeautifulSoup(response.content, "html.parser").find(id=panel_id)


def link_for(section, text):
    for link in section.find_all("a"):
        if text in link.get_text(" ", strip=True):
            return link
    raise AssertionError(f"No link with {text!r}")


@pytest.fixture
def work(staff_a, type_a, type_b):
    today = timezone.localdate()
    CaseFactory(case_type=type_a, assigned_to=staff_a)  # mine, open
    CaseFactory(case_type=type_a, assigned_to=staff_a, closed=True)  # mine, closed
    CaseFactory(case_type=type_a, due_date=today)  # due today
    CaseFactory(case_type=type_a, overdue=True)  # overdue
    CaseFactory(case_type=type_a, overdue=True, resolved=True)  # past due but resolved
    CaseFactory(case_type=type_b, overdue=True)  # another team's: not counted
    CaseFactory(case_type=type_b, due_date=today)  # another team's: not counted


def test_home_shows_my_figures_with_links_to_their_queues(client_a, work):
    response = client_a.get(HOME)

    figures = panel(response, "cases-my-work-section")
    assert figures is not None
    mine = link_for(figures, "My open cases")
    assert mine.get_text(" ", strip=True).startswith("1 ")
    assert mine["href"] == "/admin/cases/mine/?status=open"
    due = link_for(figures, "Due today")
    assert due.get_text(" ", strip=True).startswith("1 ")
    assert due["href"] == "/admin/cases/queues/?status=open&due_today=on"
    overdue = link_for(figures, "Overdue")
    assert overdue.get_text(" ", strip=True).startswith("1 ")
    assert overdue["href"] == "/admin/cases/queues/?status=open&overdue=on"


def test_due_today_link_lists_exactly_the_counted_cases(client_a, work, type_a):
    due = CaseFactory(case_type=type_a, due_date=timezone.localdate(), reference="DS-2026-000777")

    response = client_a.get("/admin/cases/queues/?status=open&due_today=on")

    references = [case.reference for case in response.context["cases"]]
    assert due.reference in references
    assert len(references) == 2  # the fixture's case due today and this one
    assert all(case.due_date == timezone.localdate() for case in response.context["cases"])


def test_home_shows_each_of_my_teams_queue_counts(client, staff_a, team_a, type_a, work):
    second = TeamFactory(name="Street lighting", members=[staff_a])
    CaseFactory(case_type=CaseTypeFactory(team=second), overdue=True)
    client.force_login(staff_a)

    queues = panel(client.get(HOME), "cases-team-queues-section")

    rows = {
        row.th.get_text(strip=True): [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
        for row in queues.tbody.find_all("tr")
    }
    assert rows == {"Highways": ["3", "1 Overdue"], "Street lighting": ["1", "1 Overdue"]}
    assert "Waste" not in queues.get_text()
    assert queues.find("a", string="Highways")["href"] == f"/admin/cases/queues/?team={team_a.pk}"


def test_home_panels_cost_the_same_queries_for_many_cases_and_teams(
    client_a, staff_a, type_a, django_assert_max_num_queries
):
    client_a.get(HOME)  # warm caches (site root, content types)
    with django_assert_max_num_queries(40) as few:
        client_a.get(HOME)
    baseline = len(few.captured_queries)

    for _ in range(3):
        team = TeamFactory(members=[staff_a])
        case_type = CaseTypeFactory(team=team)
        for _ in range(4):
            CaseFactory(case_type=case_type, overdue=True, assigned_to=staff_a)

    with django_assert_max_num_queries(baseline):
        client_a.get(HOME)


def test_selectors_count_in_one_query_each(staff_a, type_a, django_assert_num_queries):
    today = timezone.localdate()
    CaseFactory(case_type=type_a, due_date=today + timedelta(days=1), assigned_to=staff_a)
    with django_assert_num_queries(1):
        assert case_work_counts(staff_a, today=today) == {
            "my_open": 1,
            "due_today": 0,
            "overdue": 0,
        }
    with django_assert_num_queries(1):
        (team,) = team_queue_counts(staff_a, today=today)
    assert (team.open_count, team.overdue_count) == (1, 0)


def test_web_editor_without_teams_sees_no_case_panels(client, db):
    editor = admin_user()
    client.force_login(editor)

    response = client.get(HOME)

    assert response.status_code == 200
    assert panel(response, "cases-my-work-section") is None
    assert panel(response, "cases-team-queues-section") is None


def test_resident_never_reaches_the_admin_home(client, work):
    client.force_login(UserFactory())

    response = client.get(HOME)

    assert response.status_code == 302
    assert "cases-my-work" not in response.content.decode()
