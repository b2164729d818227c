"""Fixtures for the closure survey: a case ready to close, and a way to close it and read the
links the resident was emailed."""

import re

import pytest

from crm.cases.enums import CaseStatus
from crm.cases.services import change_case_status
from crm.notifications.enums import EmailKind
from crm.notifications.models import OutboxMessage
from tests.crm.factories import CaseFactory

LINK = re.compile(r"/survey/(?P<token>[A-Za-z0-9_-]+)/(?P<score>[1-5])/$")


@pytest.fixture
def open_case_for_survey(case_type, customer):
    return CaseFactory(case_type=case_type, customer=customer, status=CaseStatus.IN_PROGRESS)


def close(case, actor=None):
    return change_case_status(case, to_status=CaseStatus.CLOSED, actor=actor)


def survey_emails(case):
    return OutboxMessage.objects.filter(case=case, kind=EmailKind.CLOSURE_SURVEY)


def token_from_email(case) -> str:
    """The token in the links of the case's survey email (the only place it exists in full)."""
    message = survey_emails(case).get()
    return LINK.search(message.context["survey_url_1"]).group("token")


@pytest.fixture
def surveyed_case(open_case_for_survey, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        close(open_case_for_survey)
    return open_case_for_survey


@pytest.fixture
def token(surveyed_case):
    return token_from_email(surveyed_case)
