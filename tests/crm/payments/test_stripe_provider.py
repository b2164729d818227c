"""Stripe Checkout through the real `stripe` library, with only its HTTP client stubbed.

The stub answers with canned JSON in Stripe's documented shapes and records what the library
sent, so these tests check the requests Stripe would receive and how we read its answers.
"""

import json
import time
from urllib.parse import parse_qs, urlsplit

import pytest
import stripe
from django.core.exceptions import ValidationError
from requests.structures import CaseInsensitiveDict

from crm.payments.enums import PaymentState, Provider, RefundState
from crm.payments.models import Payment, PaymentService
from crm.payments.providers import ProviderError, get_provider
from crm.payments.providers import stripe as stripe_provider
from crm.payments.providers.stripe import StripeProvider
from crm.payments.services import submit_payment, sync_payment
from tests.crm.factories import CaseFactory

SESSION_ID = "cs_test_a1B2c3"
PAYMENT_INTENT_ID = "pi_3Test123"
CHECKOUT_URL = f"https://checkout.stripe.com/c/pay/{SESSION_ID}#fidkdWxOYHwnPyd1blpxYHZxWjA0"


class StubStripeHTTP(stripe.HTTPClient):
    """A `stripe.HTTPClient` answering from `routes` ({(method, path): answer}); an answer is
    (status, body) or a list of them, used in turn, or an exception to raise."""

    name = "stub"

    def __init__(self, routes: dict | None = None):
        super().__init__()
        self.routes = dict(routes or {})
        self.sent: list[dict] = []

    def request(self, method, url, headers, post_data=None, *, _usage=None):
        parts = urlsplit(url)
        form = post_data.decode() if isinstance(post_data, bytes) else post_data
        params = {k: v if len(v) > 1 else v[0] for k, v in parse_qs(form or parts.query).items()}
        self.sent.append(
            {"method": method.upper(), "path": parts.path, "params": params, "headers": headers}
        )
        answer = self.routes.get((method.upper(), parts.path))
        if answer is None:
            return json.dumps(_error(404, "resource_missing", "No such route")), 404, _headers()
        if isinstance(answer, list):
            answer = answer.pop(0) if len(answer) > 1 else answer[0]
        if isinstance(answer, Exception):
            raise answer
        status, body = answer
        return json.dumps(body), status, _headers()

    def request_stream(self, *args, **kwargs):
        raise NotImplementedError

    def close(self):
        pass


def _headers():
    # As the library's own RequestsClient returns them: case-insensitive.
    return CaseInsensitiveDict({"Request-Id": "req_stub123", "Content-Type": "application/json"})


def _error(status, code, message, kind="invalid_request_error"):
    return {"error": {"type": kind, "code": code, "message": message}}


def session_json(**fields) -> dict:
    """A Checkout Session as Stripe documents it (the fields we read, and a few around them)."""
    data = {
        "id": SESSION_ID,
        "object": "checkout.session",
        "amount_total": 5000,
        "currency": "gbp",
        "client_reference_id": None,
        "expires_at": int(time.time()) + 1860,
        "livemode": False,
        "metadata": {},
        "mode": "payment",
        "payment_intent": None,
        "payment_status": "unpaid",
        "status": "open",
        "url": CHECKOUT_URL,
    }
    data.update(fields)
    return data


def refund_json(**fields) -> dict:
    data = {
        "id": "re_3Test456",
        "object": "refund",
        "amount": 1500,
        "charge": "ch_3Test789",
        "currency": "gbp",
        "metadata": {},
        "payment_intent": PAYMENT_INTENT_ID,
        "reason": None,
        "status": "succeeded",
    }
    data.update(fields)
    return data


@pytest.fixture
def stripe_settings(settings):
    settings.STRIPE_SECRET_KEY = "sk_test_doorstep"
    settings.STRIPE_WEBHOOK_SECRET = "whsec_test_doorstep"
    return settings


@pytest.fixture
def stub_stripe(monkeypatch, stripe_settings):
    """Every StripeProvider (also those `get_provider` makes) talks to this stub."""
    stub = StubStripeHTTP()
    monkeypatch.setattr(stripe_provider, "make_http_client", lambda: stub)
    return stub


@pytest.fixture
def stripe_payment(db):
    service = PaymentService.objects.create(
        name="Bulky waste", provider=Provider.STRIPE, fund_code="F100", cost_code="C200"
    )
    return Payment.objects.create(
        case=CaseFactory(),
        service=service,
        provider=Provider.STRIPE,
        amount=5000,
        description="Bulky waste collection",
        line_items=[
            {"label": "Fridge", "quantity": 2, "unit_amount": 2000, "amount": 4000, "kind": "item"},
            {"label": "Sofa", "quantity": 1, "unit_amount": 1000, "amount": 1000, "kind": "item"},
        ],
        state=PaymentState.SUBMITTED,
        provider_id=SESSION_ID,
    )


def test_get_provider_gives_the_stripe_provider():
    provider = get_provider(Provider.STRIPE)
    assert isinstance(provider, StripeProvider)
    assert provider.name == "stripe"


def test_create_payment_opens_a_checkout_session_for_each_line(stub_stripe, stripe_payment):
    stub_stripe.routes[("POST", "/v1/checkout/sessions")] = (200, session_json())
    before = int(time.time())

    created = StripeProvider().create_payment(
        stripe_payment, return_url="https://doorstep.example/forms/bulky/pay/return/?step=pay"
    )

    assert created.provider_id == SESSION_ID
    assert created.next_url == CHECKOUT_URL
    (sent,) = stub_stripe.sent
    assert sent["method"] == "POST"
    assert sent["path"] == "/v1/checkout/sessions"
    assert sent["headers"]["Authorization"] == "Bearer sk_test_doorstep"
    p = sent["params"]
    assert p["mode"] == "payment"
    assert p["line_items[0][quantity]"] == "2"
    assert p["line_items[0][price_data][currency]"] == "gbp"
    assert p["line_items[0][price_data][unit_amount]"] == "2000"
    assert p["line_items[0][price_data][product_data][name]"] == "Fridge"
    assert p["line_items[1][quantity]"] == "1"
    assert p["line_items[1][price_data][unit_amount]"] == "1000"
    assert p["line_items[1][price_data][product_data][name]"] == "Sofa"
    assert "line_items[2][quantity]" not in p
    assert p["success_url"] == "https://doorstep.example/forms/bulky/pay/return/?step=pay"
    cancel = urlsplit(p["cancel_url"])
    assert cancel.path == "/forms/bulky/pay/return/"
    assert parse_qs(cancel.query) == {"step": ["pay"], "cancelled": ["1"]}
    assert p["client_reference_id"] == str(stripe_payment.uuid)
    assert p["metadata[payment_uuid]"] == str(stripe_payment.uuid)
    assert p["metadata[case_reference]"] == stripe_payment.case.reference
    assert p["payment_intent_data[metadata][payment_uuid]"] == str(stripe_payment.uuid)
    assert int(p["expires_at"]) >= before + 30 * 60
    assert int(p["expires_at"]) <= before + 24 * 60 * 60


def test_create_payment_charges_the_amount_when_the_lines_do_not_add_up(
    stub_stripe, stripe_payment
):
    stripe_payment.amount = 4500
    stub_stripe.routes[("POST", "/v1/checkout/sessions")] = (200, session_json())

    StripeProvider().create_payment(stripe_payment, return_url="https://doorstep.example/r/")

    p = stub_stripe.sent[0]["params"]
    assert p["line_items[0][quantity]"] == "1"
    assert p["line_items[0][price_data][unit_amount]"] == "4500"
    assert p["line_items[0][price_data][product_data][name]"] == "Bulky waste collection"
    assert "line_items[1][quantity]" not in p


def test_create_payment_leaves_out_items_not_chosen(stub_stripe, stripe_payment):
    stripe_payment.line_items = [
        {"label": "Fridge", "quantity": 0, "unit_amount": 2000, "amount": 0, "kind": "item"},
        {"label": "Sofa", "quantity": 5, "unit_amount": 1000, "amount": 5000, "kind": "item"},
    ]
    stub_stripe.routes[("POST", "/v1/checkout/sessions")] = (200, session_json())

    StripeProvider().create_payment(stripe_payment, return_url="https://doorstep.example/r/")

    p = stub_stripe.sent[0]["params"]
    assert p["line_items[0][price_data][product_data][name]"] == "Sofa"
    assert p["line_items[0][quantity]"] == "5"
    assert "line_items[1][quantity]" not in p


@pytest.mark.parametrize(
    ("fields", "state"),
    [
        ({"status": "complete", "payment_status": "paid"}, PaymentState.SUCCESS),
        (
            {"status": "expired", "payment_status": "unpaid", "expires_at": int(time.time()) - 5},
            PaymentState.EXPIRED,
        ),
        # Expired long before its time: closed by cancel_payment (the resident cancelled).
        ({"status": "expired", "payment_status": "unpaid"}, PaymentState.CANCELLED),
        ({"status": "open", "payment_status": "unpaid"}, PaymentState.SUBMITTED),
        # A delayed payment method still being processed after checkout.
        ({"status": "complete", "payment_status": "unpaid"}, PaymentState.SUBMITTED),
    ],
)
def test_fetch_status_reads_the_session(stub_stripe, stripe_payment, fields, state):
    stub_stripe.routes[("GET", f"/v1/checkout/sessions/{SESSION_ID}")] = (
        200,
        session_json(**fields),
    )

    status = StripeProvider().fetch_status(stripe_payment)

    assert status.state == state
    (sent,) = stub_stripe.sent
    assert sent["method"] == "GET"
    assert sent["params"]["expand[0]"] == "payment_intent.latest_charge"


def test_fetch_status_reports_what_was_refunded_on_the_charge(stub_stripe, stripe_payment):
    intent = {
        "id": PAYMENT_INTENT_ID,
        "object": "payment_intent",
        "status": "succeeded",
        "latest_charge": {"id": "ch_3Test789", "object": "charge", "amount_refunded": 1500},
    }
    stub_stripe.routes[("GET", f"/v1/checkout/sessions/{SESSION_ID}")] = (
        200,
        session_json(status="complete", payment_status="paid", payment_intent=intent),
    )

    status = StripeProvider().fetch_status(stripe_payment)

    assert status.state == PaymentState.SUCCESS
    assert status.refunded_amount == 1500


def test_fetch_status_reports_a_delayed_payment_that_failed(stub_stripe, stripe_payment):
    intent = {
        "id": PAYMENT_INTENT_ID,
        "object": "payment_intent",
        "status": "requires_payment_method",
        "last_payment_error": {"type": "card_error", "code": "card_declined"},
        "latest_charge": None,
    }
    stub_stripe.routes[("GET", f"/v1/checkout/sessions/{SESSION_ID}")] = (
        200,
        session_json(status="complete", payment_status="unpaid", payment_intent=intent),
    )

    status = StripeProvider().fetch_status(stripe_payment)

    assert status.state == PaymentState.FAILED
    assert status.failure_code == "card_declined"


def test_cancel_payment_expires_the_open_session(stub_stripe, stripe_payment):
    stub_stripe.routes[("POST", f"/v1/checkout/sessions/{SESSION_ID}/expire")] = (
        200,
        session_json(status="expired"),
    )

    StripeProvider().cancel_payment(stripe_payment)

    assert [(s["method"], s["path"]) for s in stub_stripe.sent] == [
        ("POST", f"/v1/checkout/sessions/{SESSION_ID}/expire")
    ]


@pytest.mark.parametrize("status", ["expired", "complete"])
def test_cancel_payment_twice_is_harmless(stub_stripe, stripe_payment, status):
    stub_stripe.routes[("POST", f"/v1/checkout/sessions/{SESSION_ID}/expire")] = (
        400,
        _error(400, None, "Only Checkout Sessions with a status of 'open' can be expired."),
    )
    stub_stripe.routes[("GET", f"/v1/checkout/sessions/{SESSION_ID}")] = (
        200,
        session_json(status=status, payment_status="paid" if status == "complete" else "unpaid"),
    )

    StripeProvider().cancel_payment(stripe_payment)  # no error


def test_cancel_payment_refused_on_an_open_session_is_an_error(stub_stripe, stripe_payment):
    stub_stripe.routes[("POST", f"/v1/checkout/sessions/{SESSION_ID}/expire")] = (
        400,
        _error(400, "parameter_invalid", "Something else went wrong"),
    )
    stub_stripe.routes[("GET", f"/v1/checkout/sessions/{SESSION_ID}")] = (200, session_json())

    with pytest.raises(ProviderError):
        StripeProvider().cancel_payment(stripe_payment)


@pytest.mark.parametrize(
    ("stripe_status", "state"),
    [
        ("succeeded", RefundState.SUCCESS),
        ("pending", RefundState.SUBMITTED),
        ("requires_action", RefundState.SUBMITTED),
        ("failed", RefundState.FAILED),
        ("canceled", RefundState.FAILED),
    ],
)
def test_refund_refunds_the_sessions_payment_intent_once(
    stub_stripe, stripe_payment, stripe_status, state
):
    stub_stripe.routes[("GET", f"/v1/checkout/sessions/{SESSION_ID}")] = (
        200,
        session_json(status="complete", payment_status="paid", payment_intent=PAYMENT_INTENT_ID),
    )
    stub_stripe.routes[("POST", "/v1/refunds")] = (200, refund_json(status=stripe_status))
    refund_uuid = "8f14e45f-ceea-467f-a8f5-5c3c5b3c8a11"

    refund = StripeProvider().refund(stripe_payment, amount=1500, refund_uuid=refund_uuid)

    assert refund.refund_id == "re_3Test456"
    assert refund.state == state
    sent = stub_stripe.sent[-1]
    assert (sent["method"], sent["path"]) == ("POST", "/v1/refunds")
    assert sent["params"]["payment_intent"] == PAYMENT_INTENT_ID
    assert sent["params"]["amount"] == "1500"
    assert sent["params"]["metadata[checkout_session]"] == SESSION_ID
    assert sent["params"]["metadata[payment_uuid]"] == str(stripe_payment.uuid)
    assert sent["headers"]["Idempotency-Key"] == refund_uuid


def test_refund_of_a_session_never_paid_is_refused(stub_stripe, stripe_payment):
    stub_stripe.routes[("GET", f"/v1/checkout/sessions/{SESSION_ID}")] = (200, session_json())

    with pytest.raises(ProviderError):
        StripeProvider().refund(stripe_payment, amount=1500, refund_uuid="r-1")

    assert all(s["path"] != "/v1/refunds" for s in stub_stripe.sent)


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (401, _error(401, None, "Invalid API Key provided: sk_test_****", "invalid_request_error")),
        (402, _error(402, "card_declined", "resident@example.com was declined", "card_error")),
        (400, _error(400, "amount_too_large", "Refund of 12 Mill Lane too large")),
        (429, _error(429, "rate_limit", "Too many requests", "rate_limit_error")),
    ],
)
def test_stripe_errors_become_provider_errors_safe_to_log(
    stub_stripe, stripe_payment, status, body
):
    stub_stripe.routes[("POST", "/v1/checkout/sessions")] = (status, body)

    with pytest.raises(ProviderError) as caught:
        StripeProvider().create_payment(stripe_payment, return_url="https://doorstep.example/r/")

    message = str(caught.value)
    assert f"HTTP {status}" in message
    assert "req_stub123" in message
    assert body["error"]["message"] not in message
    assert "example.com" not in message
    assert "Mill Lane" not in message
    assert caught.value.__cause__ is None
    assert caught.value.__suppress_context__


def test_a_network_failure_is_a_provider_error(stub_stripe, stripe_payment):
    stub_stripe.routes[("GET", f"/v1/checkout/sessions/{SESSION_ID}")] = stripe.APIConnectionError(
        "Network error talking to Stripe", should_retry=False
    )

    with pytest.raises(ProviderError, match="APIConnectionError"):
        StripeProvider().fetch_status(stripe_payment)


def test_without_a_secret_key_nothing_is_sent(stub_stripe, stripe_payment, settings):
    settings.STRIPE_SECRET_KEY = ""

    with pytest.raises(ProviderError):
        StripeProvider().fetch_status(stripe_payment)

    assert stub_stripe.sent == []


# --- Through the payments services --------------------------------------------------------------


def test_submit_payment_sends_the_resident_to_stripe_checkout(stub_stripe, stripe_payment):
    stripe_payment.state = PaymentState.CREATED
    stripe_payment.provider_id = ""
    stripe_payment.save()
    stub_stripe.routes[("POST", "/v1/checkout/sessions")] = (200, session_json())

    next_url = submit_payment(stripe_payment, return_url="https://doorstep.example/r/")

    assert next_url == CHECKOUT_URL
    stripe_payment.refresh_from_db()
    assert stripe_payment.state == PaymentState.SUBMITTED
    assert stripe_payment.provider_id == SESSION_ID


def test_stripe_down_keeps_the_payment_ready_to_try_again(stub_stripe, stripe_payment):
    stripe_payment.state = PaymentState.CREATED
    stripe_payment.provider_id = ""
    stripe_payment.save()
    stub_stripe.routes[("POST", "/v1/checkout/sessions")] = stripe.APIConnectionError(
        "Network error", should_retry=False
    )

    with pytest.raises(ValidationError, match="not available at the moment"):
        submit_payment(stripe_payment, return_url="https://doorstep.example/r/")

    stripe_payment.refresh_from_db()
    assert stripe_payment.state == PaymentState.CREATED


def test_coming_back_by_the_cancel_link_expires_the_session(stub_stripe, stripe_payment):
    stub_stripe.routes[("POST", f"/v1/checkout/sessions/{SESSION_ID}/expire")] = (
        200,
        session_json(status="expired"),
    )
    stub_stripe.routes[("GET", f"/v1/checkout/sessions/{SESSION_ID}")] = (
        200,
        session_json(status="expired"),
    )

    sync_payment(stripe_payment, cancelled=True)

    assert stripe_payment.state == PaymentState.CANCELLED
    assert ("POST", f"/v1/checkout/sessions/{SESSION_ID}/expire") in [
        (s["method"], s["path"]) for s in stub_stripe.sent
    ]


def test_coming_back_paid_is_recorded_as_paid(stub_stripe, stripe_payment):
    stub_stripe.routes[("GET", f"/v1/checkout/sessions/{SESSION_ID}")] = (
        200,
        session_json(status="complete", payment_status="paid", payment_intent=PAYMENT_INTENT_ID),
    )

    sync_payment(stripe_payment)

    stripe_payment.refresh_from_db()
    assert stripe_payment.state == PaymentState.SUCCESS
