"""Fixtures for the staff case screens: two teams, each with an officer who can use the admin."""

import pytest
from django.contrib.auth.models import Permission

from tests.crm.factories import CaseTypeFactory, TeamFactory, UserFactory


def admin_user(**kwargs):
    """A user with Wagtail's "access admin" permission, as staff get it from their group."""
    user = UserFactory(**kwargs)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return user


@pytest.fixture
def staff_a(db):
    return admin_user(first_name="Ada", last_name="Able")


@pytest.fixture
def staff_b(db):
    return admin_user(first_name="Bea", last_name="Baker")


@pytest.fixture
def team_a(staff_a):
    return TeamFactory(name="Highways", members=[staff_a])


@pytest.fixture
def team_b(staff_b):
    return TeamFactory(name="Waste", members=[staff_b])


@pytest.fixture
def type_a(team_a):
    return CaseTypeFactory(name="Pothole", team=team_a, sla_working_days=10)


@pytest.fixture
def type_b(team_b):
    return CaseTypeFactory(name="Missed bin", team=team_b, sla_working_days=5)


@pytest.fixture
def client_a(client, staff_a):
    client.force_login(staff_a)
    return client
