"""GOV.UK Pay behind `PaymentProvider`, through its public REST API (docs.payments.service.gov.uk).

The resident pays on GOV.UK Pay's page (card details never reach us); its `payment_id` is the
payment's `provider_id`. Calls go through the `requests.Session` that `make_session()` returns, so
tests mount a stub transport adapter on it and check the very requests we send.

Quirks worth knowing (see docs/payment-providers.md):
- The API reports a finished unpaid payment as `failed` with a code (P0010 declined, P0020
  expired, P0030 cancelled by the user), `cancelled` (P0040, by us) or `error` (P0050). Webhook
  messages carry the payment from GOV.UK Pay's ledger, which can use its own names `declined`
  and `timedout`; the code decides where there is one.
- There is no idempotency key: a refund is guarded by `refund_amount_available`, which must match
  what GOV.UK Pay says is refundable, so a retried refund is refused rather than paid twice.
- Webhook messages about refunds (`card_payment_refunded`) carry the payment, not the refund: its
  `refund_summary.amount_submitted` is the total refunded so far.
"""

import contextlib
import hashlib
import hmac
import json

import requests
from django.conf import settings

from ..enums import PaymentState, Provider, RefundState
from .base import (
    ProviderError,
    ProviderEvent,
    ProviderPayment,
    ProviderRefund,
    ProviderStatus,
    WebhookSignatureError,
)

# (connect, read) seconds
TIMEOUT = (5, 20)
SIGNATURE_HEADER = "Pay-Signature"

EXPIRED_CODES = frozenset({"P0020"})
CANCELLED_CODES = frozenset({"P0030", "P0040"})
UNFINISHED = frozenset({"created", "started", "submitted", "capturable"})
REFUND_STATES = {
    "submitted": RefundState.SUBMITTED,
    "success": RefundState.SUCCESS,
    "error": RefundState.FAILED,
}
# What each webhook event type says, when the payment it carries does not say more.
EVENT_STATES = {
    "card_payment_succeeded": PaymentState.SUCCESS,
    "card_payment_captured": PaymentState.SUCCESS,
    "card_payment_failed": PaymentState.FAILED,
    "card_payment_expired": PaymentState.EXPIRED,
    "card_payment_cancelled": PaymentState.CANCELLED,
}
REFUND_EVENT = "card_payment_refunded"


def make_session() -> requests.Session:
    """The HTTP session GOV.UK Pay is called through (tests mount a stub adapter on it)."""
    return requests.Session()


def _payment_state(state: dict) -> tuple[PaymentState, str, str]:
    """GOV.UK Pay's `state` object as (our state, failure code, failure message)."""
    status = state.get("status") or ""
    code = (state.get("code") or "")[:50]
    message = (state.get("message") or "")[:255]
    if status == "success":
        return PaymentState.SUCCESS, "", ""
    if status in UNFINISHED and not state.get("finished"):
        return PaymentState.SUBMITTED, "", ""
    if code in EXPIRED_CODES or status == "timedout":
        return PaymentState.EXPIRED, code, message
    if code in CANCELLED_CODES or status == "cancelled":
        return PaymentState.CANCELLED, code, message
    if status in ("failed", "declined", "error") or state.get("finished"):
        return PaymentState.FAILED, code, message
    return PaymentState.SUBMITTED, "", ""


def _refunded(resource: dict) -> int | None:
    summary = resource.get("refund_summary") or {}
    submitted = summary.get("amount_submitted")
    return int(submitted) if submitted is not None else None


def _header(headers, name: str) -> str | None:
    """A header from `request.headers`, a plain dict in any case, or `request.META`."""
    value = headers.get(name)
    if value is None:
        value = headers.get("HTTP_" + name.upper().replace("-", "_"))
    if value is None:
        wanted = name.lower()
        value = next((v for k, v in headers.items() if str(k).lower() == wanted), None)
    return value


class GovukPayProvider:
    name = Provider.GOVUK_PAY.value

    def __init__(self, *, session: requests.Session | None = None):
        self._session = session

    def _request(self, method: str, path: str, action: str, *, body: dict | None = None) -> dict:
        """One API call. Errors become `ProviderError` naming the action, HTTP status and
        GOV.UK Pay's error code: never its description, which can echo what was sent."""
        url = settings.GOVUK_PAY_API_URL.rstrip("/") + path
        headers = {
            "Authorization": f"Bearer {settings.GOVUK_PAY_API_KEY}",
            "Accept": "application/json",
        }
        session = self._session or make_session()
        try:
            response = session.request(method, url, headers=headers, json=body, timeout=TIMEOUT)
        except requests.RequestException as exc:
            raise ProviderError(f"GOV.UK Pay {action} failed: {type(exc).__name__}") from None
        finally:
            if self._session is None:
                session.close()
        if response.status_code >= 300:
            code = ""
            with contextlib.suppress(ValueError, AttributeError):
                code = str(response.json().get("code") or "")
            detail = f"HTTP {response.status_code}" + (f", code {code}" if code else "")
            raise ProviderError(f"GOV.UK Pay {action} failed: {detail}")
        if response.status_code == 204 or not response.content:
            return {}
        try:
            data = response.json()
        except ValueError:
            raise ProviderError(f"GOV.UK Pay {action} failed: the response is not JSON") from None
        if not isinstance(data, dict):
            raise ProviderError(f"GOV.UK Pay {action} failed: unexpected response")
        return data

    def create_payment(self, payment, *, return_url: str) -> ProviderPayment:
        body = {
            "amount": payment.amount,
            "reference": payment.case.reference,
            "description": payment.description[:255],
            "return_url": return_url,
            "language": "en",
            "metadata": {"payment_uuid": str(payment.uuid)},
        }
        data = self._request("POST", "/v1/payments", "create payment", body=body)
        next_url = ((data.get("_links") or {}).get("next_url") or {}).get("href")
        if not data.get("payment_id") or not next_url:
            raise ProviderError("GOV.UK Pay create payment: no payment_id or next_url")
        return ProviderPayment(provider_id=data["payment_id"], next_url=next_url)

    def _get_payment(self, payment) -> dict:
        return self._request("GET", f"/v1/payments/{payment.provider_id}", "get payment")

    def fetch_status(self, payment) -> ProviderStatus:
        data = self._get_payment(payment)
        state, code, message = _payment_state(data.get("state") or {})
        return ProviderStatus(
            state=state, failure_code=code, failure_message=message, refunded_amount=_refunded(data)
        )

    def cancel_payment(self, payment) -> None:
        try:
            self._request("POST", f"/v1/payments/{payment.provider_id}/cancel", "cancel payment")
        except ProviderError:
            # GOV.UK Pay refuses to cancel a finished payment: then there is nothing to close.
            if not (self._get_payment(payment).get("state") or {}).get("finished"):
                raise
        return None

    def refund(self, payment, *, amount: int, refund_uuid: str) -> ProviderRefund:
        summary = self._get_payment(payment).get("refund_summary") or {}
        available = summary.get("amount_available")
        if summary.get("status") != "available" or available is None or amount > available:
            raise ProviderError(
                f"GOV.UK Pay refund refused: refund status {summary.get('status') or 'unknown'}"
            )
        data = self._request(
            "POST",
            f"/v1/payments/{payment.provider_id}/refunds",
            "create refund",
            body={"amount": amount, "refund_amount_available": available},
        )
        if not data.get("refund_id"):
            raise ProviderError("GOV.UK Pay create refund: no refund_id in the response")
        return ProviderRefund(
            refund_id=data["refund_id"],
            state=REFUND_STATES.get(data.get("status"), RefundState.SUBMITTED),
        )

    def parse_webhook(self, body: bytes, headers) -> list[ProviderEvent]:
        signature = _header(headers, SIGNATURE_HEADER)
        if not signature:
            raise WebhookSignatureError("GOV.UK Pay notification without a Pay-Signature header")
        secret = settings.GOVUK_PAY_WEBHOOK_SECRET
        if not secret:
            raise WebhookSignatureError("GOVUK_PAY_WEBHOOK_SECRET is not set")
        expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected.encode(), signature.strip().lower().encode()):
            raise WebhookSignatureError("GOV.UK Pay notification with a wrong signature")
        try:
            message = json.loads(body)
        except ValueError:
            raise WebhookSignatureError("GOV.UK Pay notification that is not JSON") from None
        if not isinstance(message, dict):
            raise WebhookSignatureError("GOV.UK Pay notification that is not a message")

        event_id = message.get("webhook_message_id") or ""
        event_type = message.get("event_type") or ""
        resource = message.get("resource") if isinstance(message.get("resource"), dict) else {}
        payment_id = message.get("resource_id") or resource.get("payment_id") or ""
        if not event_id or not payment_id or message.get("resource_type", "payment") != "payment":
            return []
        if event_type == REFUND_EVENT:
            refunded = _refunded(resource)
            return [
                ProviderEvent(
                    event_id=event_id,
                    event_type=event_type,
                    provider_id=payment_id,
                    refund_state=RefundState.SUCCESS,
                    extra={"refunded_amount": refunded} if refunded is not None else {},
                )
            ]
        if event_type not in EVENT_STATES:
            return []
        state, code, text = EVENT_STATES[event_type], "", ""
        if state != PaymentState.SUCCESS and resource.get("state"):
            # The payment says why it did not succeed (declined, expired, cancelled).
            reported, code, text = _payment_state(resource["state"])
            if reported not in (PaymentState.SUBMITTED, PaymentState.SUCCESS):
                state = reported
        return [
            ProviderEvent(
                event_id=event_id,
                event_type=event_type,
                provider_id=payment_id,
                state=state,
                failure_code=code,
                failure_message=text,
                extra={"refunded_amount": r} if (r := _refunded(resource)) is not None else {},
            )
        ]
