"""One-time codes for a tracked case: emailed through the outbox, single use, short-lived, with
limits on tries and on how often they are sent."""

import re
import time
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError

from crm.cases.services import check_tracking_code, request_tracking_code, revoke_tracking_links
from crm.notifications.enums import EmailKind
from crm.notifications.models import OutboxMessage
from crm.notifications.services import render_outbox_message
from tests.crm.factories import CaseFactory, CustomerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(customer):
    return CaseFactory(customer=customer)


def emailed_code(case) -> str:
    message = OutboxMessage.objects.filter(case=case, kind=EmailKind.TRACKING_CODE).latest("pk")
    return message.context["code"]


def error_code(call) -> str:
    with pytest.raises(ValidationError) as error:
        call()
    return error.value.code


def test_the_code_is_emailed_to_the_cases_address_and_works_once(case, settings):
    settings.DOORSTEP_TRACKING_CODE_MINUTES = 15

    request_tracking_code(case)

    message = OutboxMessage.objects.get(case=case, kind=EmailKind.TRACKING_CODE)
    assert message.recipient == "ria@example.com"
    code = message.context["code"]
    assert re.fullmatch(r"\d{6}", code)
    subject, body = render_outbox_message(message)
    assert case.reference in subject
    assert f"Your code is {code}. It works once, for 15 minutes." in body
    assert code not in repr(
        cache.get(f"doorstep:tracking-code:code:{case.pk}:{case.tracking_nonce}")
    )

    check_tracking_code(case, code)  # accepted
    assert error_code(lambda: check_tracking_code(case, code)) == "used"


def test_a_wrong_code_is_refused_and_the_right_one_still_works(case):
    request_tracking_code(case)
    code = emailed_code(case)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"

    assert error_code(lambda: check_tracking_code(case, wrong)) == "wrong"
    check_tracking_code(case, f"{code[:3]} {code[3:]}")  # spaces are fine


def test_an_expired_code_is_refused(case, settings):
    settings.DOORSTEP_TRACKING_CODE_MINUTES = 15
    request_tracking_code(case)
    code = emailed_code(case)

    with mock.patch(
        "crm.cases.services.tracking_codes.time.time", return_value=time.time() + 16 * 60
    ):
        assert error_code(lambda: check_tracking_code(case, code)) == "expired"


def test_no_code_asked_for_reads_as_expired(case):
    assert error_code(lambda: check_tracking_code(case, "123456")) == "expired"


def test_too_many_wrong_tries_void_the_code(case, settings):
    settings.DOORSTEP_TRACKING_CODE_ATTEMPTS = 3
    request_tracking_code(case)
    code = emailed_code(case)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"

    assert error_code(lambda: check_tracking_code(case, wrong)) == "wrong"
    assert error_code(lambda: check_tracking_code(case, wrong)) == "wrong"
    assert error_code(lambda: check_tracking_code(case, wrong)) == "too_many_attempts"
    assert error_code(lambda: check_tracking_code(case, code)) == "too_many_attempts"

    request_tracking_code(case)  # a new code starts again
    check_tracking_code(case, emailed_code(case))


def test_a_new_code_replaces_the_last_one(case):
    request_tracking_code(case)
    first = emailed_code(case)
    request_tracking_code(case)
    second = emailed_code(case)
    if first != second:
        assert error_code(lambda: check_tracking_code(case, first)) == "wrong"
    check_tracking_code(case, second)


def test_codes_per_hour_are_limited(case, settings):
    settings.DOORSTEP_TRACKING_CODE_REQUESTS_PER_HOUR = 2
    request_tracking_code(case)
    request_tracking_code(case)

    assert error_code(lambda: request_tracking_code(case)) == "too_many_requests"
    assert OutboxMessage.objects.filter(case=case, kind=EmailKind.TRACKING_CODE).count() == 2
    request_tracking_code(CaseFactory(customer=CustomerFactory()))  # other cases are not limited


def test_revoking_the_links_voids_the_code(case, officer):
    request_tracking_code(case)
    code = emailed_code(case)
    revoke_tracking_links(case, actor=officer)
    assert error_code(lambda: check_tracking_code(case, code)) == "expired"


def test_no_address_no_code():
    case = CaseFactory(customer=None)
    assert error_code(lambda: request_tracking_code(case)) == "no_email"
    assert not OutboxMessage.objects.exists()
