"""Fixtures for the eForm tests: private media in a throwaway folder, people, and a client that
walks a form the way a browser would."""

import pytest
from django.contrib.auth.models import Group

from tests.crm.factories import CaseTypeFactory, TeamFactory, UserFactory


@pytest.fixture
def case_type(db):
    return CaseTypeFactory(
        name="Fly-tipping", team=TeamFactory(name="Street scene"), sla_working_days=5
    )


@pytest.fixture
def resident(db):
    return UserFactory(
        username="jane", email="jane@example.com", first_name="Jane", last_name="Fletcher"
    )


@pytest.fixture
def staff(db):
    """A customer services adviser: can use the Wagtail admin (the Editors group can)."""
    user = UserFactory(username="adviser", first_name="Tom", last_name="Okafor")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def walk(client):
    """Post answers to a step and return the response: walk(form, "step-key", {"name": "x"})."""

    def post(eform, step_key, answers=None, files=None, *, query="", follow=False, **extra):
        data = {f"{step_key}-{name}": value for name, value in (answers or {}).items()}
        for name, value in (files or {}).items():
            data[f"{step_key}-{name}"] = value
        data.update(extra)
        url = f"/forms/{eform.slug}/{step_key}/{query}"
        return client.post(url, data, follow=follow)

    return post
