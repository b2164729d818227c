"""The team leads' daily digest (crm/cases/digest.py, the `cases.daily_clocks` task): what it
lists, one per lead per day, no personal data of residents, nothing for a team with no lead."""

from datetime import date

import pytest

from crm.cases.digest import send_team_digests
from crm.cases.tasks import daily_clocks
from crm.notifications.enums import EmailKind
from crm.notifications.models import OutboxMessage
from crm.notifications.services import render_outbox_message
from tests.crm.factories import (
    CaseFactory,
    CaseTypeFactory,
    CustomerFactory,
    TeamFactory,
    UserFactory,
)

TODAY = date(2026, 12, 24)  # due soon: up to Wednesday 30 December


@pytest.fixture
def lead(db):
    return UserFactory(first_name="Lee", last_name="Lead", email="lee@council.example")


@pytest.fixture
def team(lead, officer):
    team = TeamFactory(name="Highways", members=[officer])
    team.leads.add(lead)
    return team


@pytest.fixture
def cases(team, officer):
    case_type = CaseTypeFactory(name="Pothole", team=team)
    customer = CustomerFactory(
        name="Ria Resident", email="ria@example.com", phone="07700 900123", postcode="DS9 9ZZ"
    )
    common = {
        "case_type": case_type,
        "customer": customer,
        "location_text": "12 Mill Lane",
        "answers": [{"question": "What is wrong?", "answer": "Deep hole", "key": "problem"}],
    }
    return {
        "overdue": CaseFactory(
            reference="DS-2026-000001", due_date=date(2026, 12, 21), assigned_to=officer, **common
        ),
        "today": CaseFactory(reference="DS-2026-000002", due_date=TODAY, **common),
        "soon": CaseFactory(reference="DS-2026-000003", due_date=date(2026, 12, 30), **common),
        "later": CaseFactory(reference="DS-2026-000004", due_date=date(2026, 12, 31), **common),
        "stopped": CaseFactory(
            reference="DS-2026-000005", due_date=date(2026, 12, 21), clock_stopped=True, **common
        ),
        "closed": CaseFactory(
            reference="DS-2026-000006", due_date=date(2026, 12, 21), closed=True, **common
        ),
    }


def test_a_lead_gets_the_team_cases_overdue_and_due_soon(lead, cases, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://council.example"
    result = send_team_digests(today=TODAY)
    assert result.queued == 1
    message = OutboxMessage.objects.get()
    assert message.kind == EmailKind.TEAM_DIGEST
    assert message.recipient == "lee@council.example" and message.case is None
    subject, body = render_outbox_message(message)
    assert subject == "Cases due: 1 overdue, 2 due soon (24 Dec 2026)"
    assert "Dear Lee Lead" in body
    overdue_part, soon_part = body.split("Due by 30 Dec 2026 (2):")
    assert "DS-2026-000001 | Pothole | Received | due 21 Dec 2026 | Olu Officer | " in overdue_part
    assert f"https://council.example/admin/cases/{cases['overdue'].uuid}/" in overdue_part
    assert "DS-2026-000002" in soon_part and "DS-2026-000003" in soon_part
    assert "unassigned" in soon_part
    for absent in ("DS-2026-000004", "DS-2026-000005", "DS-2026-000006"):
        assert absent not in body
    assert "https://council.example/admin/cases/queues/" in body


def test_the_digest_holds_no_personal_data_of_residents(lead, cases):
    send_team_digests(today=TODAY)
    message = OutboxMessage.objects.get()
    subject, body = render_outbox_message(message)
    text = f"{subject}\n{body}\n{message.context}"
    assert "DS-2026-000001" in text  # the cases are there...
    for personal in ("Ria", "ria@example.com", "07700", "DS9", "Mill Lane", "Deep hole"):
        assert personal not in text  # ...but nothing about the resident


def test_one_digest_per_lead_per_day_however_often_it_runs(lead, cases):
    assert send_team_digests(today=TODAY).queued == 1
    again = send_team_digests(today=TODAY)
    assert (again.queued, again.already_sent) == (0, 1)
    assert OutboxMessage.objects.count() == 1
    assert send_team_digests(today=date(2026, 12, 29)).queued == 1  # the next working day
    assert OutboxMessage.objects.count() == 2


def test_a_lead_of_two_teams_gets_one_digest_of_both(lead, cases):
    other = TeamFactory(name="Waste")
    other.leads.add(lead)
    CaseFactory(
        reference="DS-2026-000099",
        case_type=CaseTypeFactory(name="Missed bin", team=other),
        due_date=date(2026, 12, 29),
    )
    send_team_digests(today=TODAY)
    subject, body = render_outbox_message(OutboxMessage.objects.get())
    assert "Highways, Waste" in body
    assert "DS-2026-000099 | Missed bin" in body


def test_nothing_is_sent_to_a_lead_with_nothing_due(lead, team):
    CaseFactory(case_type=CaseTypeFactory(team=team), due_date=date(2027, 2, 1))
    result = send_team_digests(today=TODAY)
    assert (result.queued, result.nothing_due) == (0, 1)
    assert not OutboxMessage.objects.exists()


def test_a_team_with_no_lead_sends_nothing(db, officer):
    team = TeamFactory(members=[officer])  # a member is not a lead
    CaseFactory(case_type=CaseTypeFactory(team=team), due_date=date(2026, 12, 1))
    assert send_team_digests(today=TODAY).queued == 0
    assert not OutboxMessage.objects.exists()


def test_leads_without_an_address_or_no_longer_active_get_nothing(cases, team):
    team.leads.add(
        UserFactory(email=""), UserFactory(email="gone@council.example", is_active=False)
    )
    send_team_digests(today=TODAY)
    assert list(OutboxMessage.objects.values_list("recipient", flat=True)) == [
        "lee@council.example"
    ]


def test_a_lead_sees_only_the_teams_they_lead(lead, cases, officer):
    other = TeamFactory(name="Planning")
    other.members.add(lead)  # a member here, not a lead
    CaseFactory(reference="DS-2026-000077", case_type=CaseTypeFactory(team=other), due_date=TODAY)
    send_team_digests(today=TODAY)
    _subject, body = render_outbox_message(OutboxMessage.objects.get())
    assert "DS-2026-000077" not in body


def test_the_daily_task_runs_the_digest(lead, cases, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: TODAY)
    result = daily_clocks()
    assert result["digests_queued"] == 1
    assert daily_clocks()["digests_queued"] == 0
    assert OutboxMessage.objects.count() == 1


def test_queue_email_with_a_dedupe_key_queues_once(db):
    from crm.notifications.services import queue_email

    first = queue_email(
        kind=EmailKind.TEAM_DIGEST, case=None, recipient="a@x.example", context={}, dedupe_key="k"
    )
    again = queue_email(
        kind=EmailKind.TEAM_DIGEST, case=None, recipient="a@x.example", context={}, dedupe_key="k"
    )
    assert first.pk == again.pk and OutboxMessage.objects.count() == 1


def test_a_digest_is_sent_by_the_outbox_worker(lead, cases, mailoutbox):
    from crm.notifications.tasks import send_outbox_message

    send_team_digests(today=TODAY)
    assert send_outbox_message(OutboxMessage.objects.get().pk) == "sent"
    (email,) = mailoutbox
    assert email.to == ["lee@council.example"]
    assert "DS-2026-000001" in email.body


def test_the_email_outbox_lists_a_digest_with_no_case(client, lead, cases):
    from django.contrib.auth.models import Permission

    from .conftest import admin_user

    operator = admin_user()
    operator.user_permissions.add(
        Permission.objects.get(
            content_type__app_label="notifications", codename="view_outboxmessage"
        )
    )
    client.force_login(operator)
    send_team_digests(today=TODAY)
    response = client.get("/admin/email-outbox/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Daily digest of a team" in html
    assert "lee@council.example" not in html  # no case: its recipient stays hidden


@pytest.mark.parametrize(
    "day",
    [date(2026, 12, 26), date(2026, 12, 27), date(2026, 12, 25), date(2026, 12, 28)],
    ids=["saturday", "sunday", "christmas", "boxing-day-substitute"],
)
def test_nothing_is_sent_on_a_day_that_is_not_a_working_day(lead, cases, day):
    result = send_team_digests(today=day)
    assert result.not_a_working_day and result.queued == 0
    assert not OutboxMessage.objects.exists()


def test_nothing_is_sent_on_a_council_closure_day(lead, cases):
    from tests.crm.factories import CouncilClosureDayFactory

    CouncilClosureDayFactory(date=TODAY)
    assert send_team_digests(today=TODAY).queued == 0
