"""Reassigning a case away from one's own teams lands on a queue with a message, not a 404."""

from crm.cases.models import Case
from tests.crm.admin.conftest import admin_user
from tests.crm.factories import CaseFactory


def messages_of(response) -> list[str]:
    return [str(message).strip() for message in response.context["messages"]]


def test_assigning_to_another_team_lands_on_my_queue_with_a_message(client_a, type_a, team_b):
    case = CaseFactory(case_type=type_a, reference="DS-2026-000123")

    response = client_a.post(
        f"/admin/cases/{case.uuid}/assign/", {"assign-team": team_b.pk}, follow=True
    )

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/admin/cases/queues/"
    assert "Case DS-2026-000123 assigned to Waste. You can no longer see it." in messages_of(
        response
    )
    assert Case.objects.get(pk=case.pk).team == team_b


def test_officer_without_teams_lands_on_my_cases(client, type_a, team_b):
    loner = admin_user()
    case = CaseFactory(case_type=type_a, assigned_to=loner)  # seen because it is assigned to them
    client.force_login(loner)

    response = client.post(
        f"/admin/cases/{case.uuid}/assign/", {"assign-team": team_b.pk}, follow=True
    )

    assert response.redirect_chain[-1][0] == "/admin/cases/mine/"
    assert any("You can no longer see it." in text for text in messages_of(response))


def test_assigning_within_my_team_stays_on_the_case(client_a, type_a, team_a, staff_a):
    case = CaseFactory(case_type=type_a)

    response = client_a.post(
        f"/admin/cases/{case.uuid}/assign/",
        {"assign-team": team_a.pk, "assign-officer": staff_a.pk},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == f"/admin/cases/{case.uuid}/"
    assert "The case has been assigned." in messages_of(response)
