"""The workflow settings on case types and team leads on teams are edited in the admin."""

import pytest

from crm.cases.models import CaseType, Team
from tests.crm.admin.conftest import admin_user
from tests.crm.factories import CaseTypeFactory, TeamFactory, UserFactory
from tests.crm.workflows.builders import make_workflow, simple_blocks

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = UserFactory(superuser=True)
    client.force_login(user)
    return user


def test_the_case_type_form_has_the_workflow_and_clock_fields(client, editor):
    make_workflow("licensing", simple_blocks(), name="Licensing")
    case_type = CaseTypeFactory()

    response = client.get(f"/admin/snippets/cases/casetype/edit/{case_type.pk}/")

    fields = response.context["form"].fields
    for name in (
        "workflow",
        "clock_rule",
        "acknowledge_working_days",
        "max_extension_working_days",
        "duplicate_window_days",
    ):
        assert name in fields
    assert "Licensing" in [label for _value, label in fields["workflow"].choices]
    assert "Leave empty for the standard workflow" in response.content.decode()


def test_team_leads_are_chosen_among_staff_and_saved(client, editor):
    team = TeamFactory(name="Highways", slug="highways")
    officer = admin_user(first_name="Ada", last_name="Able")
    lead = admin_user(first_name="Lee", last_name="Lead")

    page = client.get(f"/admin/snippets/cases/team/edit/{team.pk}/")
    assert "Team leads are emailed a digest" in page.content.decode()
    response = client.post(
        f"/admin/snippets/cases/team/edit/{team.pk}/",
        {
            "name": "Highways",
            "slug": "highways",
            "email": "",
            "members": [officer.pk, lead.pk],
            "leads": [lead.pk],
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(Team.objects.get(pk=team.pk).leads.all()) == [lead]


def test_a_resident_posted_as_a_team_lead_is_refused(client, editor):
    team = TeamFactory(name="Highways", slug="highways")
    resident = UserFactory(first_name="Ria", last_name="Resident")

    response = client.post(
        f"/admin/snippets/cases/team/edit/{team.pk}/",
        {"name": "Highways", "slug": "highways", "email": "", "leads": [resident.pk]},
    )

    assert response.status_code == 200
    assert "leads" in response.context["form"].errors
    assert not team.leads.exists()


CASE_TYPE_FORM = {
    "name": "Street trading consent",
    "slug": "street-trading",
    "sla_working_days": 15,
    "retention_months": 72,
    "public_description": "",
    "is_active": "on",
}


def test_a_case_type_form_without_the_new_fields_keeps_their_defaults(client, editor):
    team = TeamFactory()

    response = client.post(
        "/admin/snippets/cases/casetype/add/", {**CASE_TYPE_FORM, "team": team.pk}
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    case_type = CaseType.objects.get(slug="street-trading")
    assert (
        case_type.workflow,
        case_type.clock_rule,
        case_type.acknowledge_working_days,
        case_type.max_extension_working_days,
        case_type.duplicate_window_days,
    ) == (None, "council", None, 0, 14)


def test_a_case_type_with_an_unknown_clock_rule_is_refused(client, editor):
    team = TeamFactory()

    response = client.post(
        "/admin/snippets/cases/casetype/add/",
        {**CASE_TYPE_FORM, "team": team.pk, "clock_rule": "lunar", "duplicate_window_days": -1},
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"clock_rule", "duplicate_window_days"}
    assert not CaseType.objects.filter(slug="street-trading").exists()
