"""Actions on a case page: each calls one service, writes the timeline and shows the result."""

import pytest

from crm.cases.enums import CaseStatus, EventKind
from crm.cases.models import CaseEvent
from crm.notifications.models import OutboxMessage
from tests.crm.factories import CaseFactory, UserFactory


@pytest.fixture
def case(type_a):
    return CaseFactory(case_type=type_a)


def action_url(case, action: str) -> str:
    return f"/admin/cases/{case.uuid}/{action}/"


def messages_of(response) -> list[str]:
    return [str(message).strip() for message in response.context["messages"]]


def test_status_change_with_message_is_public_and_emailed(client_a, staff_a, case):
    response = client_a.post(
        action_url(case, "status"),
        {
            "status-to_status": CaseStatus.IN_PROGRESS,
            "status-public_message": "An inspector is on the way",
        },
        follow=True,
    )

    assert response.redirect_chain[-1][0] == f"/admin/cases/{case.uuid}/"
    assert "The status has been changed." in messages_of(response)
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS
    event = case.events.get(kind=EventKind.STATUS_CHANGED)
    assert (event.is_public, event.actor, event.message) == (
        True,
        staff_a,
        "An inspector is on the way",
    )
    outbox = OutboxMessage.objects.get(case=case)
    assert outbox.recipient == case.customer.email


def test_status_form_offers_only_allowed_moves(client_a, type_a):
    case = CaseFactory(case_type=type_a, resolved=True)

    form = client_a.get(f"/admin/cases/{case.uuid}/").context["status_form"]

    offered = {value for value, _ in form.fields["to_status"].widget.choices}
    assert offered == {CaseStatus.IN_PROGRESS, CaseStatus.CLOSED}


def test_disallowed_transition_is_refused_with_the_message_kept(client_a, type_a):
    case = CaseFactory(case_type=type_a, closed=True)

    response = client_a.post(
        action_url(case, "status"),
        {"status-to_status": CaseStatus.RESOLVED, "status-public_message": "Typed by the officer"},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "A closed case can only be reopened." in html
    assert "Typed by the officer" in html
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert not CaseEvent.objects.filter(case=case).exists()


def test_internal_note_is_internal_and_not_emailed(client_a, staff_a, case):
    response = client_a.post(action_url(case, "notes"), {"note-text": "Called the resident"})

    assert response.status_code == 302
    event = case.events.get()
    assert (event.kind, event.is_public, event.actor) == (EventKind.INTERNAL_NOTE, False, staff_a)
    assert not OutboxMessage.objects.exists()


def test_empty_note_shows_the_services_error(client_a, case):
    response = client_a.post(action_url(case, "notes"), {"note-text": "  "})

    assert response.status_code == 200
    assert "Enter a note." in response.content.decode()
    assert not case.events.exists()


def test_public_update_is_public_and_emailed(client_a, case):
    response = client_a.post(
        action_url(case, "updates"), {"update-text": "Repair booked for Monday"}
    )

    assert response.status_code == 302
    event = case.events.get()
    assert (event.kind, event.is_public) == (EventKind.PUBLIC_UPDATE, True)
    assert OutboxMessage.objects.filter(case=case, recipient=case.customer.email).exists()


def test_assign_to_me(client_a, staff_a, case):
    response = client_a.post(action_url(case, "assign-to-me"), follow=True)

    assert "The case is assigned to you." in messages_of(response)
    case.refresh_from_db()
    assert case.assigned_to == staff_a
    assert case.events.get().kind == EventKind.ASSIGNED


def test_assign_to_an_officer_of_the_team(client_a, team_a, case):
    colleague = UserFactory(first_name="Cal", last_name="Colleague")
    team_a.members.add(colleague)

    response = client_a.post(action_url(case, "assign"), {"assign-officer": colleague.pk})

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.assigned_to == colleague


def test_assign_to_another_team(client_a, team_b, case):
    response = client_a.post(action_url(case, "assign"), {"assign-team": team_b.pk})

    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.team, case.assigned_to) == (team_b, None)


def test_assign_to_an_officer_not_in_the_team_is_refused(client_a, staff_b, team_b, case):
    response = client_a.post(action_url(case, "assign"), {"assign-officer": staff_b.pk})

    assert response.status_code == 200
    assert "Bea Baker is not a member of Highways." in response.content.decode()
    case.refresh_from_db()
    assert case.assigned_to is None
    assert not case.events.exists()


def test_actions_need_a_visible_case(client, staff_b, case):
    client.force_login(staff_b)

    response = client.post(action_url(case, "notes"), {"note-text": "Not my case"})

    assert response.status_code == 404
    assert not case.events.exists()


def test_actions_need_the_csrf_token(staff_a, case):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_a)

    response = client.post(action_url(case, "notes"), {"note-text": "Forged"})

    assert response.status_code == 403
    assert not case.events.exists()


def test_assign_to_me_outside_the_team_shows_the_error(client, case):
    client.force_login(UserFactory(superuser=True, first_name="Sid", last_name="Super"))

    response = client.post(action_url(case, "assign-to-me"))

    assert response.status_code == 200
    assert "Sid Super is not a member of Highways." in response.content.decode()
    case.refresh_from_db()
    assert case.assigned_to is None
