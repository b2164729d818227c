"""GOV.UK Pay webhook messages: the documented body, signed as GOV.UK Pay signs it (the hex
HMAC-SHA256 of the raw body with the webhook's signing secret, in the Pay-Signature header), read
by the provider and then delivered end to end to /payments/webhooks/govuk-pay/."""

import hashlib
import hmac
import json

import pytest

from crm.payments.enums import EventSource, PaymentState, Provider, RefundKind, RefundState
from crm.payments.models import Payment, PaymentEvent, Refund, WebhookEvent
from crm.payments.providers import WebhookSignatureError
from crm.payments.providers.govuk_pay import GovukPayProvider
from crm.payments.services import refund_payment
from tests.crm.payments import test_govuk_pay_provider as stubs
from tests.crm.payments.factories import PaymentFactory, PaymentServiceFactory
from tests.crm.payments.test_govuk_pay_provider import PAYMENT_ID, payment_json, refund_json

# The settings and the stubbed transport, shared with the provider tests.
pay_settings = stubs.pay_settings
stub_pay = stubs.stub_pay

URL = "/payments/webhooks/govuk-pay/"
SECRET = "webhook_live_secret_doorstep"


def message(
    event_type: str, resource: dict, *, message_id: str = "s0wjen129ejalk21nfjkdknf1jejklh"
):
    """A webhook message as GOV.UK Pay documents it."""
    return json.dumps(
        {
            "webhook_message_id": message_id,
            "created_date": "2026-12-01T14:05:09.000Z",
            "resource_id": resource["payment_id"],
            "api_version": 1,
            "resource_type": "payment",
            "event_type": event_type,
            "resource": resource,
        }
    ).encode()


def sign(body: bytes, secret: str = SECRET) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def paid(**fields) -> dict:
    summary = {"status": "available", "amount_available": 5000, "amount_submitted": 0}
    return payment_json(status="success", finished=True, **{"refund_summary": summary, **fields})


def parse(body: bytes, headers: dict) -> list:
    return GovukPayProvider().parse_webhook(body, headers)


# --- Reading a message -------------------------------------------------------------------------


@pytest.mark.parametrize("event_type", ["card_payment_succeeded", "card_payment_captured"])
def test_a_signed_success_message_is_a_success(pay_settings, event_type):
    body = message(event_type, paid())

    (event,) = parse(body, {"Pay-Signature": sign(body)})

    assert event.event_id == "s0wjen129ejalk21nfjkdknf1jejklh"
    assert event.event_type == event_type
    assert event.provider_id == PAYMENT_ID
    assert event.state == PaymentState.SUCCESS


@pytest.mark.parametrize(
    ("event_type", "state", "expected", "code"),
    [
        (
            "card_payment_failed",
            {"status": "failed", "code": "P0010", "message": "Payment method rejected"},
            PaymentState.FAILED,
            "P0010",
        ),
        (
            "card_payment_failed",
            {"status": "failed", "code": "P0030", "message": "Payment was cancelled by the user"},
            PaymentState.CANCELLED,
            "P0030",
        ),
        (
            "card_payment_failed",
            {"status": "error", "code": "P0050", "message": "Payment provider returned an error"},
            PaymentState.FAILED,
            "P0050",
        ),
        # The ledger's own names for a failed payment, which webhook messages can carry.
        (
            "card_payment_failed",
            {"status": "declined", "code": "P0010", "message": "Payment method rejected"},
            PaymentState.FAILED,
            "P0010",
        ),
        (
            "card_payment_expired",
            {"status": "failed", "code": "P0020", "message": "Payment expired"},
            PaymentState.EXPIRED,
            "P0020",
        ),
        (
            "card_payment_expired",
            {"status": "timedout", "code": "P0020", "message": "Payment expired"},
            PaymentState.EXPIRED,
            "P0020",
        ),
    ],
)
def test_unpaid_messages_take_the_reason_from_the_payment(
    pay_settings, event_type, state, expected, code
):
    resource = payment_json(
        status=state["status"], finished=True, code=state["code"], message=state["message"]
    )
    body = message(event_type, resource)

    (event,) = parse(body, {"Pay-Signature": sign(body)})

    assert event.state == expected
    assert event.failure_code == code
    assert event.failure_message == state["message"]


def test_a_failed_message_without_a_state_is_still_a_failure(pay_settings):
    resource = payment_json()
    del resource["state"]
    body = message("card_payment_failed", resource)

    (event,) = parse(body, {"Pay-Signature": sign(body)})

    assert event.state == PaymentState.FAILED


def test_a_refund_message_reports_the_refunded_total(pay_settings):
    resource = paid(
        refund_summary={"status": "available", "amount_available": 3500, "amount_submitted": 1500}
    )
    body = message("card_payment_refunded", resource)

    (event,) = parse(body, {"Pay-Signature": sign(body)})

    assert event.provider_id == PAYMENT_ID
    assert event.refund_state == RefundState.SUCCESS
    assert event.extra["refunded_amount"] == 1500
    assert event.state is None


@pytest.mark.parametrize("event_type", ["card_payment_started", "card_payment_settled", "other"])
def test_messages_we_do_not_use_say_nothing(pay_settings, event_type):
    body = message(event_type, payment_json(status="started"))

    assert parse(body, {"Pay-Signature": sign(body)}) == []


@pytest.mark.parametrize(
    "headers",
    [
        lambda sig: {"pay-signature": sig},
        lambda sig: {"HTTP_PAY_SIGNATURE": sig},
        lambda sig: {"Pay-Signature": sig.upper()},
    ],
)
def test_the_signature_is_found_however_it_is_passed(pay_settings, headers):
    body = message("card_payment_succeeded", paid())

    assert len(parse(body, headers(sign(body)))) == 1


@pytest.mark.parametrize(
    "headers",
    [
        lambda body: {},
        lambda body: {"Pay-Signature": ""},
        lambda body: {"Pay-Signature": sign(body, secret="someone-else")},
        lambda body: {"Pay-Signature": sign(body + b" ")},
        lambda body: {"Pay-Signature": "sha256=" + sign(body)[7:]},
        lambda body: {"Pay-Signature": "é" * 64},
    ],
)
def test_a_bad_signature_is_refused(pay_settings, headers):
    body = message("card_payment_succeeded", paid())

    with pytest.raises(WebhookSignatureError):
        parse(body, headers(body))


def test_without_a_signing_secret_every_message_is_refused(pay_settings):
    pay_settings.GOVUK_PAY_WEBHOOK_SECRET = ""
    body = message("card_payment_succeeded", paid())

    with pytest.raises(WebhookSignatureError):
        parse(body, {"Pay-Signature": sign(body, secret="")})


def test_a_signed_body_that_is_not_json_is_refused(pay_settings):
    body = b"<xml/>"

    with pytest.raises(WebhookSignatureError):
        parse(body, {"Pay-Signature": sign(body)})


# --- End to end: the webhook URL and the payments services --------------------------------------


@pytest.fixture
def pay_service(db):
    return PaymentServiceFactory(provider=Provider.GOVUK_PAY)


@pytest.fixture
def submitted(pay_service, case):
    return PaymentFactory(
        case=case, service=pay_service, submitted=True, provider_id=PAYMENT_ID, amount=5000
    )


def deliver(client, body: bytes, signature: str | None = None):
    extra = {} if signature is None else {"HTTP_PAY_SIGNATURE": signature}
    return client.post(URL, data=body, content_type="application/json", **extra)


def test_a_success_message_marks_the_payment_paid(client, pay_settings, submitted):
    body = message("card_payment_succeeded", paid(), message_id="msg_paid")

    response = deliver(client, body, sign(body))

    assert response.status_code == 200
    submitted.refresh_from_db()
    assert submitted.state == PaymentState.SUCCESS
    (change,) = PaymentEvent.objects.filter(payment=submitted)
    assert (change.from_state, change.to_state) == (PaymentState.SUBMITTED, PaymentState.SUCCESS)
    assert change.source == EventSource.WEBHOOK
    assert change.provider_event_id == "msg_paid"


def test_duplicate_and_shuffled_messages_give_exactly_one_change(
    client, pay_settings, submitted, state_changes
):
    succeeded = message("card_payment_succeeded", paid(), message_id="msg_1")
    captured = message("card_payment_captured", paid(), message_id="msg_2")
    expired = message(
        "card_payment_expired",
        payment_json(status="failed", finished=True, code="P0020", message="Payment expired"),
        message_id="msg_3",
    )
    for body in (captured, succeeded, succeeded, expired, captured):
        assert deliver(client, body, sign(body)).status_code == 200

    submitted.refresh_from_db()
    assert submitted.state == PaymentState.SUCCESS
    assert state_changes == [(submitted.pk, PaymentState.SUBMITTED, PaymentState.SUCCESS)]
    assert PaymentEvent.objects.filter(payment=submitted).count() == 1
    assert WebhookEvent.objects.filter(provider=Provider.GOVUK_PAY).count() == 3


def test_a_declined_message_records_why(client, pay_settings, submitted):
    resource = payment_json(
        status="failed", finished=True, code="P0010", message="Payment method rejected"
    )
    body = message("card_payment_failed", resource, message_id="msg_declined")

    assert deliver(client, body, sign(body)).status_code == 200

    submitted.refresh_from_db()
    assert submitted.state == PaymentState.FAILED
    assert (submitted.failure_code, submitted.failure_message) == (
        "P0010",
        "Payment method rejected",
    )


@pytest.mark.parametrize("signature", [None, "", "0" * 64, "forged"])
def test_a_bad_or_missing_signature_is_400_and_writes_nothing(
    client, pay_settings, submitted, signature
):
    body = message("card_payment_succeeded", paid(), message_id="msg_forged")
    if signature == "forged":
        signature = sign(body, secret="forger")

    response = deliver(client, body, signature)

    assert response.status_code == 400
    submitted.refresh_from_db()
    assert submitted.state == PaymentState.SUBMITTED
    assert not PaymentEvent.objects.exists()
    assert not WebhookEvent.objects.exists()


def test_a_refund_under_way_is_settled_by_the_refund_message(client, stub_pay, pay_service, case):
    payment = PaymentFactory(
        case=case, service=pay_service, paid=True, provider_id=PAYMENT_ID, amount=5000
    )
    stub_pay.routes[("GET", f"/v1/payments/{PAYMENT_ID}")] = (200, paid())
    stub_pay.routes[("POST", f"/v1/payments/{PAYMENT_ID}/refunds")] = (
        202,
        refund_json(status="submitted", amount=2000),
    )

    refund = refund_payment(
        payment, amount=2000, reason="Booking declined", kind=RefundKind.DECLINED
    )
    assert refund.state == RefundState.SUBMITTED
    resource = paid(
        refund_summary={"status": "available", "amount_available": 3000, "amount_submitted": 2000}
    )
    body = message("card_payment_refunded", resource, message_id="msg_refund")

    for _ in range(2):
        assert deliver(client, body, sign(body)).status_code == 200

    assert Refund.objects.get(pk=refund.pk).state == RefundState.SUCCESS
    payment = Payment.objects.get(pk=payment.pk)
    assert payment.state == PaymentState.PARTLY_REFUNDED
    assert payment.refunded_amount == 2000
