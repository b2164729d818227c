"""Fixtures for the clock tests: a team with an officer who can use the admin, a case type that
may be extended by up to 10 working days, and a case whose clock started on Monday 2 March 2026
(10 working days: due Monday 16 March 2026 in England and Wales)."""

from datetime import date

import pytest
from django.contrib.auth.models import Permission

from crm.cases.services.clocks import due_date_for
from tests.crm.factories import CaseFactory, CaseTypeFactory, TeamFactory, UserFactory

START = date(2026, 3, 2)  # a Monday; no bank holiday in England before Good Friday (3 April)
DUE = date(2026, 3, 16)


def admin_user(**kwargs):
    user = UserFactory(**kwargs)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return user


def clock_case(case_type, *, start=START, **fields):
    """A case on `case_type` whose clock started on `start`, with its due date worked out."""
    case = CaseFactory(case_type=case_type, clock_started_on=start, **fields)
    case.due_date = due_date_for(case)
    case.save(update_fields=["due_date"])
    return case


@pytest.fixture
def officer(db):
    return admin_user(first_name="Olu", last_name="Officer", email="olu@council.example")


@pytest.fixture
def team(officer):
    return TeamFactory(name="Highways", members=[officer])


@pytest.fixture
def case_type(team):
    return CaseTypeFactory(
        name="Pothole", team=team, sla_working_days=10, max_extension_working_days=10
    )


@pytest.fixture
def case(case_type):
    return clock_case(case_type)
