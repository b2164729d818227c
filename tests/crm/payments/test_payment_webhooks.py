"""Provider notifications: applied once by event id, in any order, and never without a good
signature (answered 400 with nothing written)."""

import hashlib
import hmac
import itertools
import json

import pytest
from django.urls import reverse

from crm.notifications.enums import EmailKind
from crm.notifications.models import OutboxMessage
from crm.payments.enums import PaymentState
from crm.payments.models import Payment, PaymentEvent, WebhookEvent
from crm.payments.providers import WebhookSignatureError
from crm.payments.providers.sandbox import SIGNATURE_HEADER
from crm.payments.services import handle_webhook
from tests.crm.payments.factories import PaymentFactory, sandbox_payment

pytestmark = pytest.mark.django_db


def _success_count(payment) -> int:
    return PaymentEvent.objects.filter(payment=payment, to_state=PaymentState.SUCCESS).count()


def test_a_signed_notification_marks_the_payment_paid(case, sandbox_notice):
    payment = sandbox_payment(case=case)
    body, headers = sandbox_notice(payment, PaymentState.SUCCESS)

    assert handle_webhook("sandbox", body, headers) == 1

    payment.refresh_from_db()
    assert payment.state == PaymentState.SUCCESS
    assert WebhookEvent.objects.get().payment == payment


@pytest.mark.parametrize("order", list(itertools.permutations(range(4))))
def test_duplicate_and_shuffled_deliveries_change_the_state_once(
    case, sandbox_notice, state_changes, order
):
    payment = sandbox_payment(case=case)
    submitted = sandbox_notice(payment, PaymentState.SUBMITTED)
    paid = sandbox_notice(payment, PaymentState.SUCCESS)
    # The provider sends "submitted" and "success", and delivers "success" twice.
    deliveries = [submitted, paid, paid, submitted]
    state_changes.clear()

    applied = sum(handle_webhook("sandbox", *deliveries[i]) for i in order)

    payment.refresh_from_db()
    assert payment.state == PaymentState.SUCCESS
    assert applied == 1
    assert _success_count(payment) == 1
    assert state_changes == [(payment.pk, "submitted", "success")]
    assert OutboxMessage.objects.filter(kind=EmailKind.PAYMENT_RECEIVED).count() == 1
    assert WebhookEvent.objects.count() == 2


def test_a_decline_after_success_changes_nothing(case, sandbox_notice):
    payment = sandbox_payment(case=case)
    handle_webhook("sandbox", *sandbox_notice(payment, PaymentState.SUCCESS))

    assert handle_webhook("sandbox", *sandbox_notice(payment, PaymentState.FAILED)) == 0

    payment.refresh_from_db()
    assert payment.state == PaymentState.SUCCESS


def test_a_decline_records_the_reason(case, sandbox_notice):
    payment = sandbox_payment(case=case)
    notice = sandbox_notice(
        payment, PaymentState.FAILED, failure_code="P0010", failure_message="Card declined"
    )

    handle_webhook("sandbox", *notice)

    payment.refresh_from_db()
    assert (payment.state, payment.failure_code) == (PaymentState.FAILED, "P0010")


def test_a_notification_for_no_payment_of_ours_is_ignored(db, sandbox_notice):
    stranger = PaymentFactory.build(provider_id="sbx_unknown")

    assert handle_webhook("sandbox", *sandbox_notice(stranger, PaymentState.SUCCESS)) == 0
    assert not WebhookEvent.objects.exists()


@pytest.mark.parametrize(
    "headers",
    [{}, {SIGNATURE_HEADER: ""}, {SIGNATURE_HEADER: "0" * 64}],
    ids=["missing", "empty", "wrong"],
)
def test_the_sandbox_refuses_a_bad_signature(case, sandbox_notice, headers):
    payment = sandbox_payment(case=case)
    body, _ = sandbox_notice(payment, PaymentState.SUCCESS)

    with pytest.raises(WebhookSignatureError):
        handle_webhook("sandbox", body, headers)

    payment.refresh_from_db()
    assert payment.state == PaymentState.SUBMITTED
    assert not WebhookEvent.objects.exists()


def test_a_signature_for_another_body_is_refused(case, sandbox_notice):
    payment = sandbox_payment(case=case)
    _, headers = sandbox_notice(payment, PaymentState.FAILED)
    body, _ = sandbox_notice(payment, PaymentState.SUCCESS)

    with pytest.raises(WebhookSignatureError):
        handle_webhook("sandbox", body, headers)
    assert Payment.objects.get().state == PaymentState.SUBMITTED


# --- Through the webhook URLs ------------------------------------------------------------------


def _stripe_body(session_id: str) -> bytes:
    return json.dumps(
        {
            "id": "evt_1",
            "object": "event",
            "type": "checkout.session.completed",
            "data": {"object": {"id": session_id, "payment_status": "paid"}},
        }
    ).encode()


def _govuk_body(payment_id: str) -> bytes:
    return json.dumps(
        {
            "webhook_message_id": "msg_1",
            "event_type": "card_payment_succeeded",
            "resource_id": payment_id,
            "resource_type": "payment",
            "resource": {"payment_id": payment_id, "state": {"status": "success"}},
        }
    ).encode()


@pytest.fixture
def webhook_secrets(settings):
    settings.STRIPE_WEBHOOK_SECRET = "whsec_test_secret"
    settings.GOVUK_PAY_WEBHOOK_SECRET = "govuk_test_secret"


@pytest.mark.parametrize(
    ("url_name", "provider", "body", "headers"),
    [
        ("payments:webhook_stripe", "stripe", _stripe_body("cs_1"), {}),
        (
            "payments:webhook_stripe",
            "stripe",
            _stripe_body("cs_1"),
            {"HTTP_STRIPE_SIGNATURE": "t=1,v1=" + "0" * 64},
        ),
        ("payments:webhook_govuk_pay", "govuk_pay", _govuk_body("cs_1"), {}),
        (
            "payments:webhook_govuk_pay",
            "govuk_pay",
            _govuk_body("cs_1"),
            {"HTTP_PAY_SIGNATURE": "0" * 64},
        ),
    ],
    ids=["stripe-missing", "stripe-wrong", "govuk-missing", "govuk-wrong"],
)
def test_a_bad_or_missing_signature_gets_400_and_writes_nothing(
    client, webhook_secrets, url_name, provider, body, headers
):
    pytest.importorskip(f"crm.payments.providers.{provider}")
    payment = PaymentFactory(submitted=True, provider=provider, provider_id="cs_1")
    events_before = PaymentEvent.objects.count()

    response = client.post(reverse(url_name), body, content_type="application/json", **headers)

    assert response.status_code == 400
    payment.refresh_from_db()
    assert payment.state == PaymentState.SUBMITTED
    assert not WebhookEvent.objects.exists()
    assert PaymentEvent.objects.count() == events_before


def test_a_signed_govuk_pay_notification_is_applied_through_the_url(client, webhook_secrets):
    pytest.importorskip("crm.payments.providers.govuk_pay")
    payment = PaymentFactory(submitted=True, provider="govuk_pay", provider_id="pay_1")
    body = _govuk_body("pay_1")
    signature = hmac.new(b"govuk_test_secret", body, hashlib.sha256).hexdigest()

    for _ in range(2):
        response = client.post(
            reverse("payments:webhook_govuk_pay"),
            body,
            content_type="application/json",
            HTTP_PAY_SIGNATURE=signature,
        )
        assert response.status_code == 200

    payment.refresh_from_db()
    assert payment.state == PaymentState.SUCCESS
    assert _success_count(payment) == 1


def test_a_signed_notification_for_an_unknown_payment_gets_200(client, webhook_secrets):
    pytest.importorskip("crm.payments.providers.govuk_pay")
    body = _govuk_body("pay_not_ours")
    signature = hmac.new(b"govuk_test_secret", body, hashlib.sha256).hexdigest()

    response = client.post(
        reverse("payments:webhook_govuk_pay"),
        body,
        content_type="application/json",
        HTTP_PAY_SIGNATURE=signature,
    )

    assert response.status_code == 200
    assert not WebhookEvent.objects.exists()


@pytest.mark.parametrize("url_name", ["payments:webhook_stripe", "payments:webhook_govuk_pay"])
def test_webhooks_take_only_post(client, url_name):
    assert client.get(reverse(url_name)).status_code == 405
