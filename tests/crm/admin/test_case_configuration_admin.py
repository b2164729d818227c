"""Teams and case types are set up by staff in the admin, so a new eForm needs no code."""

import pytest
from django.contrib.auth.models import Group, Permission

from crm.cases.models import CaseType, Team
from tests.crm.factories import TeamFactory, UserFactory


@pytest.mark.django_db
def test_an_administrator_creates_a_team_and_a_case_type(client):
    admin = UserFactory(superuser=True)
    officer = UserFactory(first_name="Olu", staff=True)  # only staff accounts can join a team
    client.force_login(admin)

    response = client.post(
        "/admin/snippets/cases/team/add/",
        {"name": "Licensing", "slug": "licensing", "email": "", "members": [officer.pk]},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    team = Team.objects.get(slug="licensing")
    assert list(team.members.all()) == [officer]

    response = client.post(
        "/admin/snippets/cases/casetype/add/",
        {
            "name": "Street trading consent",
            "slug": "street-trading",
            "team": team.pk,
            "sla_working_days": 15,
            "clock_rule": "council",
            "acknowledge_working_days": 3,
            "max_extension_working_days": 5,
            "duplicate_window_days": 7,
            "retention_months": 84,
            "public_description": "Selling goods from a stall on the street.",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    case_type = CaseType.objects.get(slug="street-trading")
    assert (case_type.team, case_type.sla_working_days) == (team, 15)
    assert case_type.retention_months == 84
    assert case_type.workflow is None  # the standard workflow
    assert (
        case_type.clock_rule,
        case_type.acknowledge_working_days,
        case_type.max_extension_working_days,
        case_type.duplicate_window_days,
    ) == ("council", 3, 5, 7)


@pytest.mark.django_db
def test_a_case_type_without_a_team_is_refused_and_keeps_what_was_typed(client):
    client.force_login(UserFactory(superuser=True))
    response = client.post(
        "/admin/snippets/cases/casetype/add/",
        {"name": "Street trading consent", "slug": "street-trading", "sla_working_days": 15},
    )
    assert response.status_code == 200
    assert not CaseType.objects.exists()
    html = response.content.decode()
    assert "This field is required" in html
    assert "Street trading consent" in html


@pytest.mark.django_db
def test_staff_without_the_permission_cannot_change_teams(client):
    team = TeamFactory(name="Street scene")
    adviser = UserFactory()
    group = Group.objects.create(name="Advisers")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    adviser.groups.add(group)
    client.force_login(adviser)

    response = client.post(
        f"/admin/snippets/cases/team/edit/{team.pk}/",
        {"name": "Renamed", "slug": team.slug, "email": ""},
    )
    assert response.status_code in (302, 403)
    team.refresh_from_db()
    assert team.name == "Street scene"
