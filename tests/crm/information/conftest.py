"""Fixtures for information requests: an FOI case type on the `information-request` workflow
(the one migration 0002 creates), FOI rule, 20 working days, extendable by 20; cases opened
through `open_case` so they follow it; a way to say what day it is."""

from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from crm.cases.models import Workflow
from crm.cases.services import open_case
from tests.crm.factories import CaseTypeFactory, CustomerFactory, TeamFactory, UserFactory

ANSWERS = [
    {
        "question": "What information do you want?",
        "answer": "Pothole repair spend 2025",
        "key": "request",
    },
]


def admin_user(**kwargs):
    user = UserFactory(**kwargs)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return user


@pytest.fixture
def workflow(db):
    return Workflow.objects.get(slug="information-request")


@pytest.fixture
def foi_officer(db):
    return admin_user(first_name="Fran", last_name="Officer", email="fran@council.example")


@pytest.fixture
def reviewer(db):
    return admin_user(first_name="Rev", last_name="Iewer", email="rev@council.example")


@pytest.fixture
def foi_team(foi_officer, reviewer):
    return TeamFactory(name="Information governance", members=[foi_officer, reviewer])


@pytest.fixture
def foi_type(foi_team, workflow):
    return CaseTypeFactory(
        name="Freedom of Information request",
        slug="foi-request",
        team=foi_team,
        workflow=workflow,
        clock_rule="foi",
        sla_working_days=20,
        max_extension_working_days=20,
    )


@pytest.fixture
def requester(db):
    return CustomerFactory(name="Ria Resident", email="ria@example.com", with_account=True)


@pytest.fixture
def foi_case(foi_type, requester):
    return open_case(case_type=foi_type, answers=ANSWERS, customer=requester)


@pytest.fixture
def today(monkeypatch):
    """Call `today(date)` to make `timezone.localdate()` (no argument) return that day."""
    real = timezone.localdate

    def set_day(day: date) -> None:
        def localdate(value=None, timezone=None):
            return day if value is None else real(value, timezone)

        monkeypatch.setattr("django.utils.timezone.localdate", localdate)

    return set_day


def received_on(case, day: date):
    """Make the case received on `day` (its clock started then), as open_case would have."""
    from crm.cases.calendar import foi_due_date  # noqa: PLC0415

    case.clock_started_on = day
    case.due_date = foi_due_date(day)
    case.save(update_fields=["clock_started_on", "due_date"])
    return case
