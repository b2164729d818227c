"""The case queues in the admin: who sees what, filters, sorting, pages and query counts."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from crm.cases.clock_flags import due_soon_until
from crm.cases.enums import CaseStatus, Channel
from tests.crm.admin.conftest import admin_user
from tests.crm.factories import CaseFactory, UserFactory

QUEUE = "/admin/cases/queues/"
MINE = "/admin/cases/mine/"


def references(response) -> list[str]:
    return [case.reference for case in response.context["cases"]]


def test_urls_are_under_the_admin():
    assert reverse("cases_admin:team_queue") == QUEUE
    assert reverse("cases_admin:my_cases") == MINE


def test_team_member_sees_their_teams_queue_only(client_a, type_a, type_b):
    mine = CaseFactory(case_type=type_a)
    CaseFactory(case_type=type_b)

    response = client_a.get(QUEUE)

    assert response.status_code == 200
    assert references(response) == [mine.reference]
    assert mine.reference in response.content.decode()
    assert f'href="/admin/cases/{mine.uuid}/"' in response.content.decode()


def test_queue_row_shows_what_staff_need(client_a, type_a, staff_a):
    case = CaseFactory(case_type=type_a, overdue=True, assigned_to=staff_a, channel=Channel.PHONE)

    html = client_a.get(QUEUE).content.decode()

    for text in (case.reference, "Pothole", "Received", "Phone", case.customer.name, "Ada Able"):
        assert text in html
    assert "Overdue" in html


def test_resolved_case_past_due_is_not_marked_overdue(client_a, type_a):
    CaseFactory(case_type=type_a, overdue=True, resolved=True)

    html = client_a.get(QUEUE, {"status": ""}).content.decode()

    assert "w-status--primary" not in html


def test_user_without_admin_access_is_sent_to_the_admin_login(client, type_a):
    resident = UserFactory()
    client.force_login(resident)

    response = client.get(QUEUE)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_anonymous_visitor_is_sent_to_the_admin_login(client):
    response = client.get(QUEUE)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_team_queue_shows_open_cases_by_default(client_a, type_a):
    open_case = CaseFactory(case_type=type_a, in_progress=True)
    CaseFactory(case_type=type_a, closed=True)

    assert references(client_a.get(QUEUE)) == [open_case.reference]


def test_filter_by_status(client_a, type_a):
    CaseFactory(case_type=type_a)
    waiting = CaseFactory(case_type=type_a, awaiting_customer=True)

    response = client_a.get(QUEUE, {"status": CaseStatus.AWAITING_CUSTOMER})

    assert references(response) == [waiting.reference]


def test_filter_by_case_type_and_team(client_a, staff_a, team_b, type_a):
    team_b.members.add(staff_a)
    other_type = type_a.__class__.objects.create(name="Streetlight", slug="light", team=team_b)
    CaseFactory(case_type=type_a)
    light = CaseFactory(case_type=other_type)

    assert references(client_a.get(QUEUE, {"case_type": other_type.pk})) == [light.reference]
    assert references(client_a.get(QUEUE, {"team": team_b.pk})) == [light.reference]


def test_team_filter_offers_only_the_officers_teams(client_a, team_a, team_b):
    response = client_a.get(QUEUE, {"team": team_b.pk})

    assert list(response.context["filter_form"].fields["team"].queryset) == [team_a]
    assert "team" in response.context["filter_form"].errors


def test_filter_overdue(client_a, type_a):
    CaseFactory(case_type=type_a)
    late = CaseFactory(case_type=type_a, overdue=True)

    assert references(client_a.get(QUEUE, {"overdue": "on"})) == [late.reference]


def test_filter_channel(client_a, type_a):
    CaseFactory(case_type=type_a)
    phoned = CaseFactory(case_type=type_a, channel=Channel.PHONE)

    assert references(client_a.get(QUEUE, {"channel": Channel.PHONE})) == [phoned.reference]


def test_filter_created_date_range(client_a, type_a):
    now = timezone.now()
    CaseFactory(case_type=type_a, created_at=now - timedelta(days=30))
    middle = CaseFactory(case_type=type_a, created_at=now - timedelta(days=10))
    CaseFactory(case_type=type_a, created_at=now)
    start = (now - timedelta(days=15)).date().isoformat()
    end = (now - timedelta(days=5)).date().isoformat()

    response = client_a.get(QUEUE, {"created_from": start, "created_to": end})

    assert references(response) == [middle.reference]


def test_sorted_by_due_date_by_default_and_by_reference_on_request(client_a, type_a):
    today = timezone.localdate()
    later = CaseFactory(case_type=type_a, reference="TS-A", due_date=today + timedelta(days=9))
    sooner = CaseFactory(case_type=type_a, reference="TS-B", due_date=today + timedelta(days=2))

    assert references(client_a.get(QUEUE)) == [sooner.reference, later.reference]
    assert references(client_a.get(QUEUE, {"order": "-due_date"})) == ["TS-A", "TS-B"]
    assert references(client_a.get(QUEUE, {"order": "reference"})) == ["TS-A", "TS-B"]


def test_paginated_fifty_a_page(client_a, type_a):
    CaseFactory.create_batch(55, case_type=type_a)

    first = client_a.get(QUEUE)
    second = client_a.get(QUEUE, {"p": 2})

    assert len(first.context["cases"]) == 50
    assert len(second.context["cases"]) == 5
    assert "Page 1 of 2" in first.content.decode()


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", [QUEUE, MINE])
def test_query_count_does_not_grow_with_the_page(client_a, staff_a, type_a, url):
    CaseFactory.create_batch(5, case_type=type_a, assigned_to=staff_a)
    few = count_queries(client_a, url)
    CaseFactory.create_batch(55, case_type=type_a, assigned_to=staff_a)

    many = count_queries(client_a, url)

    assert many == few


def test_my_cases_lists_my_cases_open_first(client_a, staff_a, type_a, type_b):
    today = timezone.localdate()
    done = CaseFactory(case_type=type_a, assigned_to=staff_a, resolved=True, due_date=today)
    open_later = CaseFactory(
        case_type=type_a, assigned_to=staff_a, due_date=today + timedelta(days=5)
    )
    elsewhere = CaseFactory(case_type=type_b, assigned_to=staff_a)  # assigned across teams
    CaseFactory(case_type=type_a)  # the team's, not mine

    response = client_a.get(MINE)

    assert references(response) == [open_later.reference, elsewhere.reference, done.reference]


def test_superuser_sees_every_team(client, type_a, type_b):
    client.force_login(UserFactory(superuser=True))
    CaseFactory(case_type=type_a)
    CaseFactory(case_type=type_b)

    response = client.get(QUEUE)

    assert len(response.context["cases"]) == 2


def test_cases_menu_lists_my_teams(client_a, team_a, team_b):
    html = client_a.get(reverse("wagtailadmin_home")).content.decode()

    assert "My cases" in html
    assert team_a.name in html
    assert team_b.name not in html


def test_editor_without_a_team_has_no_cases_menu(client, db):
    client.force_login(admin_user())

    html = client.get(reverse("wagtailadmin_home")).content.decode()

    assert "My cases" not in html


# --- Clock flags and the due-soon filter (crm.cases.clock_flags) -------------------------------


def flags_in(html: str, case) -> list[str]:
    """The flag codes shown in the case's row."""
    row = re.search(rf"<tr>\s*<td><input[^>]*value=\"{case.uuid}\".*?</tr>", html, re.S)
    assert row, f"no row for {case.reference}"
    return re.findall(r'data-flag="([a-z_]+)"', row.group(0))


def test_queue_rows_show_the_clock_flags(client_a, type_a, settings):
    settings.DOORSTEP_DUE_SOON_WORKING_DAYS = 2
    today = timezone.localdate()
    late = CaseFactory(case_type=type_a, overdue=True)
    due_today = CaseFactory(case_type=type_a, due_date=today)
    stopped = CaseFactory(case_type=type_a, overdue=True, clock_stopped=True)
    unacknowledged = CaseFactory(
        case_type=type_a,
        due_date=today + timedelta(days=30),
        acknowledge_by=today - timedelta(days=1),
    )
    later = CaseFactory(case_type=type_a, due_date=today + timedelta(days=30))

    html = client_a.get(QUEUE).content.decode()

    assert flags_in(html, late) == ["overdue"]
    assert flags_in(html, due_today) == ["due_today"]
    assert flags_in(html, stopped) == ["clock_stopped"]
    assert flags_in(html, unacknowledged) == ["acknowledgement_overdue"]
    assert flags_in(html, later) == []
    assert "Acknowledgement overdue" in html and "Clock stopped" in html


def test_due_soon_is_flagged_and_filtered(client_a, staff_a, type_a, settings):
    settings.DOORSTEP_DUE_SOON_WORKING_DAYS = 2
    today = timezone.localdate()
    soon = CaseFactory(case_type=type_a, due_date=due_soon_until(today), assigned_to=staff_a)
    CaseFactory(case_type=type_a, due_date=today + timedelta(days=30), assigned_to=staff_a)
    CaseFactory(case_type=type_a, overdue=True, assigned_to=staff_a)

    for url in (QUEUE, MINE):
        response = client_a.get(url, {"due_soon": "on"})
        assert references(response) == [soon.reference]
        assert flags_in(response.content.decode(), soon) == ["due_soon"]
    fields = list(response.context["filter_form"].fields)
    assert fields.index("due_soon") == fields.index("overdue") + 1
    assert "Due soon only" in response.content.decode()


def test_finished_cases_have_no_flags(client_a, type_a):
    done = CaseFactory(case_type=type_a, overdue=True, closed=True)

    html = client_a.get(QUEUE, {"status": ""}).content.decode()

    assert flags_in(html, done) == []


def test_flags_cost_at_most_two_queries_a_page(client_a, staff_a, type_a, monkeypatch):
    """The case types' rules and the closure days of the due-soon window, whatever the page."""
    CaseFactory.create_batch(5, case_type=type_a, assigned_to=staff_a)
    with_flags = count_queries(client_a, QUEUE)
    monkeypatch.setattr("crm.cases.admin.queues.flags_for_cases", lambda cases, today: {})

    assert with_flags - count_queries(client_a, QUEUE) <= 2
