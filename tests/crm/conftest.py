"""Fixtures for the CRM tests: a team with an officer, a case type, residents."""

import pytest
from django.test import override_settings

from tests.crm.factories import CaseTypeFactory, CustomerFactory, TeamFactory, UserFactory


@pytest.fixture(autouse=True)
def _private_media(tmp_path, settings):
    """Attachments go to a throwaway folder, so tests leave no files behind."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"


@pytest.fixture(autouse=True)
def _reference_prefix():
    with override_settings(DOORSTEP_CASE_REFERENCE_PREFIX="DS"):
        yield


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
