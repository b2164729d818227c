"""Stripe notifications: signed with `stripe.WebhookSignature.generate_signature_header`, read by
the real `stripe.Webhook.construct_event`, then delivered end to end through the Django test
client to /payments/webhooks/stripe/ and the payments services."""

import json
import time

import pytest
import stripe

from crm.payments.enums import EventSource, PaymentState, Provider, RefundKind, RefundState
from crm.payments.models import Payment, PaymentEvent, Refund, WebhookEvent
from crm.payments.providers import WebhookSignatureError
from crm.payments.providers.stripe import StripeProvider
from crm.payments.services import refund_payment
from tests.crm.payments import test_stripe_provider as stubs
from tests.crm.payments.factories import PaymentFactory, PaymentServiceFactory
from tests.crm.payments.test_stripe_provider import (
    PAYMENT_INTENT_ID,
    SESSION_ID,
    refund_json,
    session_json,
)

# The settings and the stubbed HTTP client, shared with the provider tests.
stripe_settings = stubs.stripe_settings
stub_stripe = stubs.stub_stripe

URL = "/payments/webhooks/stripe/"
SECRET = "whsec_test_doorstep"


def event_body(event_type: str, obj: dict, *, event_id: str = "evt_1Test") -> bytes:
    """A Stripe event as delivered to a webhook endpoint."""
    return json.dumps(
        {
            "id": event_id,
            "object": "event",
            "api_version": "2025-09-30.clover",
            "created": int(time.time()),
            "data": {"object": obj},
            "livemode": False,
            "pending_webhooks": 1,
            "request": {"id": None, "idempotency_key": None},
            "type": event_type,
        }
    ).encode()


def sign(body: bytes, secret: str = SECRET, timestamp: int | None = None) -> str:
    return stripe.WebhookSignature.generate_signature_header(
        body.decode(), secret, timestamp=timestamp
    )


def paid_session(**fields) -> dict:
    paid = {"status": "complete", "payment_status": "paid", "payment_intent": PAYMENT_INTENT_ID}
    return session_json(**{**paid, **fields})


def sessions_list(sessions: list) -> dict:
    return {"object": "list", "data": sessions, "has_more": False, "url": "/v1/checkout/sessions"}


# --- Reading a notification -------------------------------------------------------------------


def parse(body: bytes, headers: dict) -> list:
    return StripeProvider().parse_webhook(body, headers)


def test_a_signed_completed_session_is_a_success(stripe_settings):
    body = event_body("checkout.session.completed", paid_session())

    (event,) = parse(body, {"Stripe-Signature": sign(body)})

    assert event.event_id == "evt_1Test"
    assert event.event_type == "checkout.session.completed"
    assert event.provider_id == SESSION_ID
    assert event.state == PaymentState.SUCCESS


@pytest.mark.parametrize(
    "headers",
    [
        lambda sig: {"stripe-signature": sig},  # any case
        lambda sig: {"HTTP_STRIPE_SIGNATURE": sig},  # request.META
    ],
)
def test_the_signature_header_is_found_however_it_is_passed(stripe_settings, headers):
    body = event_body("checkout.session.completed", paid_session())

    assert len(parse(body, headers(sign(body)))) == 1


@pytest.mark.parametrize(
    ("event_type", "fields", "state"),
    [
        ("checkout.session.async_payment_succeeded", {}, PaymentState.SUCCESS),
        (
            "checkout.session.async_payment_failed",
            {"payment_status": "unpaid"},
            PaymentState.FAILED,
        ),
        (
            "checkout.session.expired",
            {"status": "expired", "expires_at": int(time.time()) - 1},
            PaymentState.EXPIRED,
        ),
        # Expired before its time: we closed it when the resident came back by the cancel link.
        ("checkout.session.expired", {"status": "expired"}, PaymentState.CANCELLED),
    ],
)
def test_session_events_map_to_states(stripe_settings, event_type, fields, state):
    body = event_body(event_type, paid_session(**fields))

    (event,) = parse(body, {"Stripe-Signature": sign(body)})

    assert event.state == state
    assert event.provider_id == SESSION_ID
    if state == PaymentState.FAILED:
        assert event.failure_code


def test_a_completed_session_not_yet_paid_says_nothing(stripe_settings):
    body = event_body(
        "checkout.session.completed", session_json(status="complete", payment_status="unpaid")
    )

    assert parse(body, {"Stripe-Signature": sign(body)}) == []


def test_events_we_do_not_use_say_nothing(stripe_settings):
    body = event_body(
        "payment_intent.created", {"id": PAYMENT_INTENT_ID, "object": "payment_intent"}
    )

    assert parse(body, {"Stripe-Signature": sign(body)}) == []


def test_a_refund_of_ours_is_matched_by_its_metadata(stripe_settings):
    refund = refund_json(status="succeeded", metadata={"checkout_session": SESSION_ID})
    body = event_body("refund.updated", refund, event_id="evt_refund1")

    (event,) = parse(body, {"Stripe-Signature": sign(body)})

    assert event.provider_id == SESSION_ID
    assert event.refund_id == "re_3Test456"
    assert event.refund_state == RefundState.SUCCESS
    assert event.refund_amount == 1500
    assert event.state is None


def test_a_refund_made_in_the_dashboard_is_matched_by_its_payment_intent(stub_stripe):
    stub_stripe.routes[("GET", "/v1/checkout/sessions")] = (
        200,
        {
            "object": "list",
            "data": [paid_session()],
            "has_more": False,
            "url": "/v1/checkout/sessions",
        },
    )
    body = event_body("refund.created", refund_json(status="pending"))

    (event,) = parse(body, {"Stripe-Signature": sign(body)})

    assert event.provider_id == SESSION_ID
    assert event.refund_state == RefundState.SUBMITTED
    (sent,) = stub_stripe.sent
    assert sent["params"]["payment_intent"] == PAYMENT_INTENT_ID


def test_a_refund_of_a_payment_not_ours_says_nothing(stub_stripe):
    stub_stripe.routes[("GET", "/v1/checkout/sessions")] = (
        200,
        sessions_list([]),
    )
    body = event_body("refund.created", refund_json())

    assert parse(body, {"Stripe-Signature": sign(body)}) == []


def test_charge_refunded_reports_its_latest_refund(stripe_settings):
    charge = {
        "id": "ch_3Test789",
        "object": "charge",
        "amount": 5000,
        "amount_refunded": 1500,
        "payment_intent": PAYMENT_INTENT_ID,
        "refunded": False,
        "refunds": {
            "object": "list",
            "data": [refund_json(metadata={"checkout_session": SESSION_ID})],
            "has_more": False,
        },
    }
    body = event_body("charge.refunded", charge)

    (event,) = parse(body, {"Stripe-Signature": sign(body)})

    assert (event.provider_id, event.refund_id) == (SESSION_ID, "re_3Test456")
    assert event.refund_state == RefundState.SUCCESS


@pytest.mark.parametrize(
    ("headers", "why"),
    [
        (lambda body: {}, "missing"),
        (lambda body: {"Stripe-Signature": ""}, "empty"),
        (
            lambda body: {"Stripe-Signature": sign(body, secret="whsec_someone_else")},
            "wrong secret",
        ),
        (lambda body: {"Stripe-Signature": sign(body + b" ")}, "another body"),
        (lambda body: {"Stripe-Signature": sign(body, timestamp=int(time.time()) - 3600)}, "old"),
        (lambda body: {"Stripe-Signature": "t=1,v0=abc"}, "no v1 signature"),
        (lambda body: {"Stripe-Signature": "garbage"}, "unreadable"),
    ],
)
def test_a_bad_signature_is_refused(stripe_settings, headers, why):
    body = event_body("checkout.session.completed", paid_session())

    with pytest.raises(WebhookSignatureError):
        parse(body, headers(body))


def test_without_a_webhook_secret_every_notification_is_refused(stripe_settings):
    stripe_settings.STRIPE_WEBHOOK_SECRET = ""
    body = event_body("checkout.session.completed", paid_session())

    with pytest.raises(WebhookSignatureError):
        parse(body, {"Stripe-Signature": sign(body, secret="")})


def test_a_signed_body_that_is_not_an_event_is_refused(stripe_settings):
    body = b"not json {"

    with pytest.raises(WebhookSignatureError):
        parse(body, {"Stripe-Signature": sign(body)})


# --- End to end: the webhook URL and the payments services --------------------------------------


@pytest.fixture
def stripe_service(db):
    return PaymentServiceFactory(provider=Provider.STRIPE)


@pytest.fixture
def submitted(stripe_service, case):
    return PaymentFactory(
        case=case, service=stripe_service, submitted=True, provider_id=SESSION_ID, amount=5000
    )


def deliver(client, body: bytes, signature: str | None = None):
    extra = {} if signature is None else {"HTTP_STRIPE_SIGNATURE": signature}
    return client.post(URL, data=body, content_type="application/json", **extra)


def test_a_completed_checkout_marks_the_payment_paid(client, stripe_settings, submitted):
    body = event_body("checkout.session.completed", paid_session(), event_id="evt_paid")

    response = deliver(client, body, sign(body))

    assert response.status_code == 200
    submitted.refresh_from_db()
    assert submitted.state == PaymentState.SUCCESS
    assert submitted.paid_at is not None
    (change,) = PaymentEvent.objects.filter(payment=submitted)
    assert (change.from_state, change.to_state) == (PaymentState.SUBMITTED, PaymentState.SUCCESS)
    assert change.source == EventSource.WEBHOOK
    assert change.provider_event_id == "evt_paid"


def test_the_same_notification_twice_changes_the_payment_once(
    client, stripe_settings, submitted, state_changes
):
    body = event_body("checkout.session.completed", paid_session(), event_id="evt_paid")

    first = deliver(client, body, sign(body))
    second = deliver(client, body, sign(body))

    assert (first.status_code, second.status_code) == (200, 200)
    assert state_changes == [(submitted.pk, PaymentState.SUBMITTED, PaymentState.SUCCESS)]
    assert PaymentEvent.objects.filter(payment=submitted).count() == 1
    assert WebhookEvent.objects.filter(provider=Provider.STRIPE, event_id="evt_paid").count() == 1


def test_shuffled_notifications_give_exactly_one_change(
    client, stripe_settings, submitted, state_changes
):
    completed = event_body("checkout.session.completed", paid_session(), event_id="evt_a")
    expired = event_body(
        "checkout.session.expired",
        paid_session(status="expired", expires_at=int(time.time()) - 1),
        event_id="evt_b",
    )
    async_ok = event_body(
        "checkout.session.async_payment_succeeded", paid_session(), event_id="evt_c"
    )
    # Completed, completed again, expired after it, another success, completed a third time.
    for body in (completed, completed, expired, async_ok, completed):
        assert deliver(client, body, sign(body)).status_code == 200

    submitted.refresh_from_db()
    assert submitted.state == PaymentState.SUCCESS
    assert state_changes == [(submitted.pk, PaymentState.SUBMITTED, PaymentState.SUCCESS)]
    assert list(
        PaymentEvent.objects.filter(payment=submitted).values_list("from_state", "to_state")
    ) == [(PaymentState.SUBMITTED, PaymentState.SUCCESS)]
    assert WebhookEvent.objects.filter(provider=Provider.STRIPE).count() == 3


@pytest.mark.parametrize(
    "signature",
    [None, "", "t=1,v1=0000", "wrong-secret"],
)
def test_a_bad_or_missing_signature_is_400_and_writes_nothing(
    client, stripe_settings, submitted, signature
):
    body = event_body("checkout.session.completed", paid_session(), event_id="evt_forged")
    if signature == "wrong-secret":
        signature = sign(body, secret="whsec_forger")

    response = deliver(client, body, signature)

    assert response.status_code == 400
    submitted.refresh_from_db()
    assert submitted.state == PaymentState.SUBMITTED
    assert not PaymentEvent.objects.exists()
    assert not WebhookEvent.objects.exists()


def test_a_notification_for_a_payment_not_ours_is_acknowledged_and_ignored(
    client, stripe_settings, submitted
):
    body = event_body("checkout.session.completed", paid_session(id="cs_test_someone_else"))

    response = deliver(client, body, sign(body))

    assert response.status_code == 200
    submitted.refresh_from_db()
    assert submitted.state == PaymentState.SUBMITTED
    assert not WebhookEvent.objects.exists()


def test_a_refund_under_way_is_settled_by_its_notification(
    client, stub_stripe, stripe_service, case
):
    payment = PaymentFactory(
        case=case, service=stripe_service, paid=True, provider_id=SESSION_ID, amount=5000
    )
    stub_stripe.routes[("GET", f"/v1/checkout/sessions/{SESSION_ID}")] = (200, paid_session())
    stub_stripe.routes[("POST", "/v1/refunds")] = (200, refund_json(status="pending"))

    refund = refund_payment(
        payment, amount=1500, reason="Booking cancelled", kind=RefundKind.CANCELLATION
    )
    assert refund.state == RefundState.SUBMITTED
    assert refund.provider_refund_id == "re_3Test456"
    refunded = refund_json(status="succeeded", metadata={"checkout_session": SESSION_ID})
    body = event_body("refund.updated", refunded, event_id="evt_refund_ok")

    for _ in range(2):
        assert deliver(client, body, sign(body)).status_code == 200

    refund = Refund.objects.get(pk=refund.pk)
    assert refund.state == RefundState.SUCCESS
    payment.refresh_from_db()
    assert payment.state == PaymentState.PARTLY_REFUNDED
    assert payment.refunded_amount == 1500
    assert (
        PaymentEvent.objects.filter(payment=payment, to_state=PaymentState.PARTLY_REFUNDED).count()
        == 1
    )


def test_payment_rows_are_untouched_by_a_refused_refund_notification(
    client, stripe_settings, stripe_service, case
):
    payment = PaymentFactory(
        case=case, service=stripe_service, paid=True, provider_id=SESSION_ID, amount=5000
    )
    body = event_body("refund.updated", refund_json(metadata={"checkout_session": SESSION_ID}))

    response = deliver(client, body, sign(body, secret="whsec_forger"))

    assert response.status_code == 400
    assert Payment.objects.get(pk=payment.pk).refunded_amount == 0
    assert not WebhookEvent.objects.exists()
