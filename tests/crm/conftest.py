"""Fixtures for the CRM tests: a team with an officer, a case type, residents."""

import pytest

from tests.crm.factories import CaseTypeFactory, CustomerFactory, TeamFactory, UserFactory


@pytest.fixture
def officer(db):
    return UserFactory(first_name="Olu", last_name="Officer")


@pytest.fixture
def team(officer):
    return TeamFactory(name="Highways", members=[officer])


@pytest.fixture
def case_type(team):
    return CaseTypeFactory(name="Report a pothole", team=team, sla_working_days=10)


@pytest.fixture
def customer(db):
    return CustomerFactory(name="Ria Resident", email="ria@example.com")
