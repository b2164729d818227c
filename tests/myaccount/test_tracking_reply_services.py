"""The CRM side of replies without an account (`add_resident_message(tracking=...)`), and
`add_public_update` refusing closed cases."""

import time

import pytest
from django.core.exceptions import ValidationError

from crm.cases.enums import CaseStatus, EventKind
from crm.cases.models import Case, Workflow
from crm.cases.services import (
    TrackingReplyAccess,
    add_public_update,
    add_resident_message,
    change_case_status,
    open_case,
    reply_requested,
    revoke_tracking_links,
)
from crm.cases.tracking import make_tracking_token
from crm.notifications.enums import EmailKind
from crm.notifications.models import OutboxMessage
from tests.crm.factories import CaseFactory, CaseTypeFactory, CustomerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def foi_case(team, officer):
    case_type = CaseTypeFactory(
        team=team,
        workflow=Workflow.objects.get(slug="information-request"),
        clock_rule="foi",
        sla_working_days=20,
    )
    case = open_case(
        case_type=case_type,
        answers=[{"question": "What?", "answer": "Consultants"}],
        customer=CustomerFactory(email="gail@example.com"),
    )
    change_case_status(
        case, to_status="awaiting_clarification", actor=officer, public_message="Which years?"
    )
    return Case.objects.get(pk=case.pk)


def access(case, **changes) -> TrackingReplyAccess:
    values = {
        "token": make_tracking_token(case),
        "code_nonce": case.tracking_nonce,
        "code_valid_until": time.time() + 600,
        **changes,
    }
    return TrackingReplyAccess(**values)


def assert_nothing_written(case):
    assert not case.events.filter(kind=EventKind.RESIDENT_MESSAGE).exists()
    assert Case.objects.get(pk=case.pk).state == "awaiting_clarification"


def test_a_verified_tracking_reply_is_the_customers_and_moves_the_case_on(foi_case):
    assert reply_requested(foi_case)
    event = add_resident_message(foi_case, tracking=access(foi_case), text=" Only 2024. ")
    assert event.actor is None
    assert event.message == "Only 2024."
    assert event.data["from"] == "customer"
    assert event.data["customer_id"] == foi_case.customer_id
    case = Case.objects.get(pk=foi_case.pk)
    assert case.state == "clarified"
    assert not reply_requested(case)


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"code_nonce": ""}, "code_required"),  # the session never entered a code
        ({"code_nonce": "another-nonce"}, "code_required"),  # a code from before a revocation
        ({"code_valid_until": time.time() - 1}, "code_required"),  # the access ran out
        ({"token": "not-a-token"}, "link"),
    ],
)
def test_a_tracking_reply_without_proof_is_refused(foi_case, changes, code):
    with pytest.raises(ValidationError) as error:
        add_resident_message(foi_case, tracking=access(foi_case, **changes), text="Hello")
    assert error.value.code == code
    assert_nothing_written(foi_case)


def test_a_link_to_another_case_is_refused(foi_case):
    other = CaseFactory(customer=foi_case.customer)
    with pytest.raises(ValidationError) as error:
        add_resident_message(
            foi_case, tracking=access(foi_case, token=make_tracking_token(other)), text="Hello"
        )
    assert error.value.code == "link"
    assert_nothing_written(foi_case)


def test_a_revoked_link_is_refused_even_with_the_stale_case_in_hand(foi_case, officer):
    proof = access(foi_case)
    revoke_tracking_links(Case.objects.get(pk=foi_case.pk), actor=officer)
    # `foi_case` still holds the old nonce: the service reads the current one under its lock.
    with pytest.raises(ValidationError) as error:
        add_resident_message(foi_case, tracking=proof, text="Hello")
    assert error.value.code == "link"
    assert_nothing_written(foi_case)


def test_an_expired_link_is_refused(foi_case, settings):
    proof = access(foi_case)
    Case.objects.filter(pk=foi_case.pk).update(status=CaseStatus.RESOLVED, state="responded")
    settings.DOORSTEP_TRACKING_LINK_DAYS_AFTER_CLOSE = 0
    Case.objects.filter(pk=foi_case.pk).update(resolved_at="2020-01-01T00:00:00Z")
    with pytest.raises(ValidationError) as error:
        add_resident_message(Case.objects.get(pk=foi_case.pk), tracking=proof, text="Hello")
    assert error.value.code == "link"


def test_a_closed_case_refuses_a_tracking_reply(foi_case):
    Case.objects.filter(pk=foi_case.pk).update(status=CaseStatus.CLOSED, state="closed")
    with pytest.raises(ValidationError) as error:
        add_resident_message(foi_case, tracking=access(foi_case), text="Hello")
    assert error.value.code == "closed"


def test_an_empty_tracking_reply_is_refused(foi_case):
    with pytest.raises(ValidationError) as error:
        add_resident_message(foi_case, tracking=access(foi_case), text="  \n ")
    assert error.value.code == "required"
    assert_nothing_written(foi_case)


def test_a_reply_needs_exactly_one_of_a_user_or_a_tracking_link(foi_case, resident_a):
    with pytest.raises(TypeError):
        add_resident_message(foi_case, text="Hello")
    with pytest.raises(TypeError):
        add_resident_message(
            foi_case, customer_user=resident_a, tracking=access(foi_case), text="Hello"
        )


def test_a_public_update_on_a_closed_case_is_refused(foi_case, officer):
    Case.objects.filter(pk=foi_case.pk).update(
        status=CaseStatus.CLOSED, state="closed", closed_at="2026-01-05T10:00:00Z"
    )
    emails = OutboxMessage.objects.filter(kind=EmailKind.CASE_UPDATED).count()
    with pytest.raises(ValidationError, match="This case is closed") as error:
        add_public_update(foi_case, actor=officer, text="One more thing")
    assert error.value.code == "closed"
    assert not foi_case.events.filter(kind=EventKind.PUBLIC_UPDATE).exists()
    assert OutboxMessage.objects.filter(kind=EmailKind.CASE_UPDATED).count() == emails


def test_a_public_update_on_an_open_or_resolved_case_is_sent(foi_case, officer):
    add_public_update(foi_case, actor=officer, text="We are looking")
    Case.objects.filter(pk=foi_case.pk).update(status=CaseStatus.RESOLVED, state="responded")
    add_public_update(foi_case, actor=officer, text="Here is more")
    assert foi_case.events.filter(kind=EventKind.PUBLIC_UPDATE).count() == 2
