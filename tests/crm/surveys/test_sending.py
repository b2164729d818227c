"""The closure survey is emailed once per case, when it is closed, through the outbox."""

from unittest import mock

import pytest
from django.db import transaction
from django.utils import timezone

from crm.cases.enums import CaseStatus
from crm.cases.exceptions import CaseTransitionError
from crm.cases.services import change_case_status
from crm.cases.signals import case_status_changed
from crm.notifications.services import render_outbox_message
from crm.surveys.models import SurveyResponse
from crm.surveys.services import hash_token
from tests.crm.factories import CaseFactory, CustomerFactory

from .conftest import close, survey_emails, token_from_email

pytestmark = pytest.mark.django_db


def test_closing_a_case_emails_the_resident_five_one_click_links(
    open_case_for_survey, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        close(open_case_for_survey)

    message = survey_emails(open_case_for_survey).get()
    assert message.recipient == "ria@example.com"
    assert len(callbacks) == 1  # queued for the worker once the close committed
    subject, body = render_outbox_message(message)
    assert open_case_for_survey.reference in subject
    token = token_from_email(open_case_for_survey)
    for score, label in [
        (1, "Very dissatisfied"),
        (2, "Dissatisfied"),
        (3, "Neither satisfied nor dissatisfied"),
        (4, "Satisfied"),
        (5, "Very satisfied"),
    ]:
        assert f"{score} {label}: http://testserver/survey/{token}/{score}/\n" in body


def test_the_token_is_long_random_and_stored_only_hashed(surveyed_case):
    token = token_from_email(surveyed_case)
    response = SurveyResponse.objects.get(case=surveyed_case)
    assert len(token) >= 40
    assert response.token_hash == hash_token(token)
    assert token not in response.token_hash
    other = CaseFactory(case_type=surveyed_case.case_type, status=CaseStatus.IN_PROGRESS)
    close(other)
    assert token_from_email(other) != token


def test_the_links_expire_after_sixty_days(surveyed_case):
    response = SurveyResponse.objects.get(case=surveyed_case)
    assert (response.expires_at - response.sent_at).days == 60
    message = survey_emails(surveyed_case).get()
    assert message.context["expires"] == timezone.localtime(response.expires_at).strftime(
        "%-d %B %Y"
    )


def test_resolving_does_not_send_the_survey(open_case_for_survey):
    change_case_status(open_case_for_survey, to_status=CaseStatus.RESOLVED, actor=None)
    assert not survey_emails(open_case_for_survey).exists()
    assert not SurveyResponse.objects.exists()


def test_resolving_then_closing_sends_it_once(open_case_for_survey):
    change_case_status(open_case_for_survey, to_status=CaseStatus.RESOLVED, actor=None)
    close(open_case_for_survey)
    assert survey_emails(open_case_for_survey).count() == 1


def test_reopening_and_closing_again_does_not_ask_twice(surveyed_case, officer):
    change_case_status(surveyed_case, to_status=CaseStatus.IN_PROGRESS, actor=officer)
    close(surveyed_case, actor=officer)
    assert survey_emails(surveyed_case).count() == 1
    assert SurveyResponse.objects.filter(case=surveyed_case).count() == 1


@pytest.mark.parametrize(
    "customer_kwargs",
    [
        {"email": ""},
        {"erased_at": timezone.now()},
    ],
    ids=["no email address", "erased customer"],
)
def test_no_survey_for_a_customer_we_cannot_email(case_type, customer_kwargs):
    case = CaseFactory(
        case_type=case_type,
        customer=CustomerFactory(**customer_kwargs),
        status=CaseStatus.IN_PROGRESS,
    )
    close(case)
    assert not survey_emails(case).exists()
    assert not SurveyResponse.objects.exists()


def test_no_survey_for_an_anonymised_case_or_one_without_a_customer(case_type, customer):
    anonymised = CaseFactory(
        case_type=case_type,
        customer=customer,
        status=CaseStatus.IN_PROGRESS,
        anonymised_at=timezone.now(),
    )
    nobody = CaseFactory(case_type=case_type, customer=None, status=CaseStatus.IN_PROGRESS)
    close(anonymised)
    close(nobody)
    assert not SurveyResponse.objects.exists()


def test_nothing_is_kept_or_sent_when_the_close_rolls_back(open_case_for_survey):
    with pytest.raises(RuntimeError), transaction.atomic():
        close(open_case_for_survey)
        raise RuntimeError("the caller's transaction fails after the close")
    assert not SurveyResponse.objects.exists()
    assert not survey_emails(open_case_for_survey).exists()


def test_change_case_status_sends_case_status_changed_inside_its_transaction(
    open_case_for_survey, officer
):
    seen = []

    def receiver(sender, **kwargs):
        seen.append({**kwargs, "in_transaction": transaction.get_connection().in_atomic_block})

    case_status_changed.connect(receiver)
    try:
        change_case_status(
            open_case_for_survey, to_status=CaseStatus.AWAITING_CUSTOMER, actor=officer
        )
    finally:
        case_status_changed.disconnect(receiver)

    assert len(seen) == 1
    sent = seen[0]
    assert sent["case"] == open_case_for_survey
    assert sent["from_status"] == CaseStatus.IN_PROGRESS
    assert sent["to_status"] == CaseStatus.AWAITING_CUSTOMER
    assert sent["actor"] == officer
    assert sent["in_transaction"]


def test_a_refused_transition_sends_no_signal(open_case_for_survey, officer):
    receiver = mock.Mock()
    case_status_changed.connect(receiver)
    try:
        with pytest.raises(CaseTransitionError):
            change_case_status(open_case_for_survey, to_status=CaseStatus.RECEIVED, actor=officer)
    finally:
        case_status_changed.disconnect(receiver)
    receiver.assert_not_called()


def test_a_failing_receiver_rolls_back_the_status_change(open_case_for_survey):
    def broken(sender, **kwargs):
        raise RuntimeError("receiver failed")

    case_status_changed.connect(broken)
    try:
        with pytest.raises(RuntimeError):
            close(open_case_for_survey)
    finally:
        case_status_changed.disconnect(broken)
    open_case_for_survey.refresh_from_db()
    assert open_case_for_survey.status == CaseStatus.IN_PROGRESS
