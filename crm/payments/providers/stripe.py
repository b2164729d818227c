"""Stripe Checkout behind `PaymentProvider`, through the official `stripe` library.

The resident pays on a Checkout Session's page (card details never reach us); the session's id is
the payment's `provider_id`. Every call goes through a `stripe.StripeClient` whose HTTP client
comes from `make_http_client()`, so tests replace only the transport and the library's own request
building, response parsing and error mapping run as they do in production.

Refunds are matched back to their payment by metadata: the session puts the payment's uuid on the
PaymentIntent, and each refund we create carries the session id. A refund made in the Stripe
dashboard (no metadata of ours) is matched by looking up the session of its PaymentIntent.
"""

import functools
import time
from contextlib import contextmanager
from datetime import timedelta
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import stripe
from django.conf import settings
from django.utils import timezone

from ..enums import PaymentState, Provider, RefundState
from .base import (
    ProviderError,
    ProviderEvent,
    ProviderPayment,
    ProviderRefund,
    ProviderStatus,
    WebhookSignatureError,
)

TIMEOUT_SECONDS = 20
# The library retries connection errors, 409s and 5xx with its own idempotency keys.
NETWORK_RETRIES = 2
# Stripe accepts expires_at between 30 minutes and 24 hours ahead; one minute's margin for the trip.
MIN_SESSION_MINUTES = 31
MAX_SESSION_MINUTES = 24 * 60
# A session expired this long before its expires_at was closed by us, not by the clock.
EARLY_EXPIRY_MARGIN_SECONDS = 60

SIGNATURE_HEADER = "Stripe-Signature"

REFUND_STATES = {
    "pending": RefundState.SUBMITTED,
    "requires_action": RefundState.SUBMITTED,
    "succeeded": RefundState.SUCCESS,
    "failed": RefundState.FAILED,
    "canceled": RefundState.FAILED,
}
SESSION_EVENT_STATES = {
    "checkout.session.async_payment_succeeded": PaymentState.SUCCESS,
    "checkout.session.async_payment_failed": PaymentState.FAILED,
    "checkout.session.expired": PaymentState.EXPIRED,
}
REFUND_EVENTS = frozenset({"refund.created", "refund.updated", "refund.failed"})


@functools.cache
def make_http_client() -> stripe.HTTPClient:
    """The transport the Stripe library talks through, one per process so connections are
    reused (it keeps a `requests` session per thread). Tests replace this with a stub."""
    return stripe.RequestsClient(timeout=TIMEOUT_SECONDS)


@contextmanager
def _stripe_errors(action: str):
    """Turn the library's errors into `ProviderError`, keeping only what is safe to log: the
    error's class, HTTP status, Stripe's error code and request id (which finds it in the
    dashboard), never its message, which can echo what was sent."""
    try:
        yield
    except stripe.StripeError as exc:
        details = [type(exc).__name__]
        if exc.http_status:
            details.append(f"HTTP {exc.http_status}")
        if exc.code:
            details.append(f"code {exc.code}")
        if exc.request_id:
            details.append(f"request {exc.request_id}")
        raise ProviderError(f"Stripe {action} failed: {', '.join(details)}") from None


def _with_query(url: str, **params: str) -> str:
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in params]
    query.extend(params.items())
    return urlunsplit(parts._replace(query=urlencode(query)))


def _id(value) -> str:
    """An expandable field: an id, an expanded object (dict) or nothing."""
    if isinstance(value, dict):
        return value.get("id") or ""
    return value or ""


def _header(headers, name: str) -> str | None:
    """A header from `request.headers`, a plain dict in any case, or `request.META`."""
    value = headers.get(name)
    if value is None:
        value = headers.get("HTTP_" + name.upper().replace("-", "_"))
    if value is None:
        wanted = name.lower()
        value = next((v for k, v in headers.items() if str(k).lower() == wanted), None)
    return value


class StripeProvider:
    name = Provider.STRIPE.value

    def __init__(self, *, http_client: stripe.HTTPClient | None = None):
        self._http_client = http_client

    def _client(self) -> stripe.StripeClient:
        if not settings.STRIPE_SECRET_KEY:
            raise ProviderError("STRIPE_SECRET_KEY is not set")
        return stripe.StripeClient(
            settings.STRIPE_SECRET_KEY,
            http_client=self._http_client or make_http_client(),
            max_network_retries=NETWORK_RETRIES,
        )

    # Payments ------------------------------------------------------------------------------

    def create_payment(self, payment, *, return_url: str) -> ProviderPayment:
        ours = {"payment_uuid": str(payment.uuid), "case_reference": payment.case.reference}
        hold = getattr(settings, "DOORSTEP_BOOKING_HOLD_MINUTES", 0) or 0
        minutes = min(max(MIN_SESSION_MINUTES, hold), MAX_SESSION_MINUTES)
        params = {
            "mode": "payment",
            "currency": payment.currency.lower(),
            "line_items": self._line_items(payment),
            "success_url": return_url,
            "cancel_url": _with_query(return_url, cancelled="1"),
            "client_reference_id": str(payment.uuid),
            "metadata": ours,
            "payment_intent_data": {"description": payment.description, "metadata": ours},
            "expires_at": int((timezone.now() + timedelta(minutes=minutes)).timestamp()),
            "locale": "en-GB",
        }
        with _stripe_errors("create checkout session"):
            session = self._client().v1.checkout.sessions.create(params).to_dict()
        if not session.get("id") or not session.get("url"):
            raise ProviderError("Stripe create checkout session: no id or url in the response")
        return ProviderPayment(provider_id=session["id"], next_url=session["url"])

    def _line_items(self, payment) -> list[dict]:
        """One Checkout line per line item bought; if the lines do not add up to the amount (they
        always should), one line for the whole amount, so the resident is never charged
        anything but `payment.amount`."""
        currency = payment.currency.lower()
        # "0 x Fridge" is an answer, not something to buy: Checkout wants a quantity of 1 or more.
        lines = [line for line in payment.line_items or [] if int(line["quantity"]) > 0]
        total = sum(int(line["quantity"]) * int(line["unit_amount"]) for line in lines)
        if not lines or total != payment.amount:
            lines = [{"label": payment.description, "quantity": 1, "unit_amount": payment.amount}]
        return [
            {
                "quantity": int(line["quantity"]),
                "price_data": {
                    "currency": currency,
                    "unit_amount": int(line["unit_amount"]),
                    "product_data": {"name": line["label"]},
                },
            }
            for line in lines
        ]

    def fetch_status(self, payment) -> ProviderStatus:
        with _stripe_errors("retrieve checkout session"):
            session = (
                self._client()
                .v1.checkout.sessions.retrieve(
                    payment.provider_id, {"expand": ["payment_intent.latest_charge"]}
                )
                .to_dict()
            )
        return _session_status(session)

    def cancel_payment(self, payment) -> None:
        client = self._client()
        try:
            with _stripe_errors("expire checkout session"):
                client.v1.checkout.sessions.expire(payment.provider_id)
        except ProviderError:
            # Already expired or complete: Stripe refuses, and there is nothing left to close.
            with _stripe_errors("retrieve checkout session"):
                session = client.v1.checkout.sessions.retrieve(payment.provider_id).to_dict()
            if session.get("status") == "open":
                raise
        return None

    def refund(self, payment, *, amount: int, refund_uuid: str) -> ProviderRefund:
        client = self._client()
        with _stripe_errors("retrieve checkout session"):
            session = client.v1.checkout.sessions.retrieve(payment.provider_id).to_dict()
        payment_intent = _id(session.get("payment_intent"))
        if not payment_intent:
            raise ProviderError("Stripe refund: the checkout session has no payment to refund")
        params = {
            "payment_intent": payment_intent,
            "amount": amount,
            "metadata": {
                "payment_uuid": str(payment.uuid),
                "checkout_session": payment.provider_id,
                "refund_uuid": str(refund_uuid),
            },
        }
        with _stripe_errors("create refund"):
            refund = client.v1.refunds.create(
                params, {"idempotency_key": str(refund_uuid)}
            ).to_dict()
        return ProviderRefund(
            refund_id=refund["id"],
            state=REFUND_STATES.get(refund.get("status"), RefundState.SUBMITTED),
        )

    # Notifications --------------------------------------------------------------------------

    def parse_webhook(self, body: bytes, headers) -> list[ProviderEvent]:
        signature = _header(headers, SIGNATURE_HEADER)
        if not signature:
            raise WebhookSignatureError("Stripe notification without a Stripe-Signature header")
        try:
            event = stripe.Webhook.construct_event(
                body, signature, settings.STRIPE_WEBHOOK_SECRET
            ).to_dict()
        except stripe.SignatureVerificationError:
            raise WebhookSignatureError("Stripe notification with a wrong signature") from None
        except (ValueError, TypeError, AttributeError, KeyError):
            # Signed but not a JSON event (UnicodeDecodeError and JSONDecodeError included).
            raise WebhookSignatureError("Stripe notification that is not an event") from None

        event_id, event_type = event.get("id") or "", event.get("type") or ""
        obj = (event.get("data") or {}).get("object") or {}
        if not event_id or not isinstance(obj, dict):
            return []
        if event_type == "checkout.session.completed":
            if obj.get("payment_status") not in ("paid", "no_payment_required"):
                return []  # a delayed payment method: async_payment_* follows
            return [self._event(event_id, event_type, obj["id"], PaymentState.SUCCESS)]
        if event_type in SESSION_EVENT_STATES:
            state = SESSION_EVENT_STATES[event_type]
            if state == PaymentState.EXPIRED:
                state = _expired_state(obj)
            failure = {}
            if state == PaymentState.FAILED:
                failure = {
                    "failure_code": "async_payment_failed",
                    "failure_message": "The payment failed after checkout",
                }
            return [self._event(event_id, event_type, obj["id"], state, **failure)]
        if event_type in REFUND_EVENTS:
            return self._refund_events(event_id, event_type, obj, obj)
        if event_type == "charge.refunded":
            refunds = (obj.get("refunds") or {}).get("data") or []
            if not refunds:
                # Charges no longer list their refunds (API 2022-11-15 on): refund.* says it.
                return []
            return self._refund_events(event_id, event_type, refunds[0], obj)
        return []

    def _event(self, event_id, event_type, provider_id, state, **fields) -> ProviderEvent:
        return ProviderEvent(
            event_id=event_id,
            event_type=event_type,
            provider_id=provider_id,
            state=state,
            **fields,
        )

    def _refund_events(self, event_id, event_type, refund: dict, source: dict) -> list:
        payment_intent = _id(refund.get("payment_intent")) or _id(source.get("payment_intent"))
        session_id = (refund.get("metadata") or {}).get("checkout_session") or ""
        if not session_id:
            session_id = self._session_for_payment_intent(payment_intent)
        if not session_id:
            return []  # not a payment of ours
        return [
            ProviderEvent(
                event_id=event_id,
                event_type=event_type,
                provider_id=session_id,
                refund_id=refund.get("id") or "",
                refund_state=REFUND_STATES.get(refund.get("status"), RefundState.SUBMITTED),
                refund_amount=refund.get("amount"),
                extra={"payment_intent": payment_intent},
            )
        ]

    def _session_for_payment_intent(self, payment_intent: str) -> str:
        if not payment_intent:
            return ""
        with _stripe_errors("list checkout sessions"):
            sessions = self._client().v1.checkout.sessions.list(
                {"payment_intent": payment_intent, "limit": 1}
            )
        found = sessions.to_dict().get("data") or []
        return found[0]["id"] if found else ""


def _expired_state(session: dict) -> PaymentState:
    """An expired session: EXPIRED when its time ran out, CANCELLED when it was closed before
    then (Stripe's only way to close a session is to expire it, which `cancel_payment` does when
    the resident comes back by the cancel link)."""
    expires_at = session.get("expires_at")
    if expires_at and expires_at > time.time() + EARLY_EXPIRY_MARGIN_SECONDS:
        return PaymentState.CANCELLED
    return PaymentState.EXPIRED


def _session_status(session: dict) -> ProviderStatus:
    """A Checkout Session (with its PaymentIntent and latest charge expanded) in our terms."""
    status, paid = session.get("status"), session.get("payment_status")
    intent = (
        session.get("payment_intent") if isinstance(session.get("payment_intent"), dict) else {}
    )
    charge = intent.get("latest_charge") if isinstance(intent.get("latest_charge"), dict) else {}
    refunded = charge.get("amount_refunded") if charge else None
    if paid in ("paid", "no_payment_required"):
        return ProviderStatus(PaymentState.SUCCESS, refunded_amount=refunded)
    if status == "expired":
        return ProviderStatus(_expired_state(session))
    error = intent.get("last_payment_error") or {}
    if status == "complete" and error and intent.get("status") == "requires_payment_method":
        # A delayed payment method that failed after checkout.
        return ProviderStatus(
            PaymentState.FAILED,
            failure_code=(error.get("decline_code") or error.get("code") or "")[:50],
            failure_message="The payment failed after checkout",
        )
    return ProviderStatus(PaymentState.SUBMITTED)
