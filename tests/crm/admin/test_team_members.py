"""Snippets > Teams: members are chosen among staff accounts only, never residents."""

import pytest
from django.contrib.auth.models import Group, Permission

from crm.cases.models import Team
from crm.cases.selectors import staff_accounts
from tests.crm.admin.conftest import admin_user
from tests.crm.factories import TeamFactory, UserFactory


@pytest.fixture
def editor(client, db):
    user = UserFactory(superuser=True, first_name="Ed", last_name="Itor")
    client.force_login(user)
    return user


@pytest.fixture
def team(db):
    return TeamFactory(name="Highways", slug="highways")


def edit_url(team) -> str:
    return f"/admin/snippets/cases/team/edit/{team.pk}/"


def test_only_staff_accounts_are_offered(client, editor, team):
    officer = admin_user(first_name="Ada", last_name="Able")
    through_group = UserFactory(first_name="Gus", last_name="Group")
    group = Group.objects.create(name="Case workers")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    through_group.groups.add(group)
    flagged_staff = UserFactory(first_name="Stu", last_name="Staff", staff=True)
    resident = UserFactory(first_name="Ria", last_name="Resident")
    UserFactory(first_name="Old", last_name="Leaver", staff=True, is_active=False)

    response = client.get(edit_url(team))

    assert response.status_code == 200
    offered = set(response.context["form"].fields["members"].queryset)
    assert offered == {editor, officer, through_group, flagged_staff}
    html = response.content.decode()
    assert "Ada Able" in html and "Gus Group" in html
    assert "Ria Resident" not in html
    assert resident not in offered
    assert "data-staff-members-filter" in html  # the search box JavaScript reveals


def test_resident_posted_as_a_member_is_refused(client, editor, team):
    resident = UserFactory(first_name="Ria", last_name="Resident")
    officer = admin_user()

    response = client.post(
        edit_url(team),
        {"name": "Highways", "slug": "highways", "email": "", "members": [officer.pk, resident.pk]},
    )

    assert response.status_code == 200
    assert "members" in response.context["form"].errors
    assert not Team.objects.get(pk=team.pk).members.exists()


def test_staff_member_can_be_added(client, editor, team):
    officer = admin_user()

    response = client.post(
        edit_url(team),
        {"name": "Highways", "slug": "highways", "email": "", "members": [officer.pk]},
    )

    assert response.status_code == 302
    assert list(Team.objects.get(pk=team.pk).members.all()) == [officer]


def test_staff_accounts_is_one_query(django_assert_num_queries, db):
    admin_user()
    UserFactory()
    with django_assert_num_queries(1):
        assert len(list(staff_accounts())) == 1
