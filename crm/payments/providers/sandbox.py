"""The sandbox provider: test payments, no money taken (the default for `make run`).

It plays the part of a real provider with its own records (`SandboxCharge`) and its own payment
page (`/payments/sandbox/<provider_id>/`, crm/payments/views.py). That page sends a signed
notification through `services.handle_webhook`, exactly as Stripe's or GOV.UK Pay's servers do,
so the sandbox exercises the same state machine and webhook code as the real providers.
Refused unless `settings.DOORSTEP_PAYMENTS_SANDBOX` is on (off by default in production).
"""

import json
import secrets
import uuid
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from ..enums import PaymentState, RefundState
from .base import (
    ProviderError,
    ProviderEvent,
    ProviderPayment,
    ProviderRefund,
    ProviderStatus,
    WebhookSignatureError,
)

SIGNATURE_HEADER = "X-Sandbox-Signature"
_SIGNATURE_SALT = "crm.payments.sandbox.webhook"
# Like GOV.UK Pay's payment pages, a sandbox payment not finished within this time expires.
CHARGE_EXPIRES_AFTER = timedelta(minutes=90)
# What the page's "Decline" reports, in the words GOV.UK Pay uses for a declined card.
DECLINE_CODE = "P0010"
DECLINE_MESSAGE = "Payment method rejected"

_OPEN = (PaymentState.CREATED, PaymentState.SUBMITTED)


def sign(body: bytes) -> str:
    """The signature of a notification body: HMAC-SHA256 with a key derived from SECRET_KEY."""
    return salted_hmac(_SIGNATURE_SALT, body, algorithm="sha256").hexdigest()


def notification(
    charge, *, failure_code: str = "", failure_message: str = ""
) -> tuple[bytes, dict]:
    """The body and headers of the notification the sandbox sends when a charge finishes (the
    sandbox page posts it to `handle_webhook`; tests post it to the webhook code too)."""
    body = json.dumps(
        {
            "id": f"sbx_evt_{uuid.uuid4().hex}",
            "type": f"payment.{charge.state}",
            "payment_id": charge.provider_id,
            "state": charge.state,
            "failure_code": failure_code,
            "failure_message": failure_message,
        }
    ).encode()
    return body, {SIGNATURE_HEADER: sign(body)}


def _header(headers, name: str) -> str:
    value = headers.get(name)
    if value is None:
        wanted = name.lower()
        value = next((v for k, v in headers.items() if k.lower() == wanted), None)
    return value or ""


def _base_url(return_url: str = "") -> str:
    """Where the sandbox page is: the site the resident is on (the origin of the return address
    our pay step built from their request), else the site's base URL, as crm.cases.links."""
    parts = urlsplit(return_url)
    if parts.scheme in ("http", "https") and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}"
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def charge_expired(charge, *, now=None) -> bool:
    """An unfinished charge past its time: it can no longer be paid."""
    now = now or timezone.now()
    return charge.state in _OPEN and charge.created_at < now - CHARGE_EXPIRES_AFTER


class SandboxProvider:
    name = "sandbox"

    def _charge(self, payment):
        from ..models import SandboxCharge

        try:
            return SandboxCharge.objects.get(provider_id=payment.provider_id)
        except SandboxCharge.DoesNotExist:
            raise ProviderError("No such sandbox charge") from None

    def create_payment(self, payment, *, return_url: str) -> ProviderPayment:
        from ..models import SandboxCharge

        if not settings.DOORSTEP_PAYMENTS_SANDBOX:
            raise ProviderError("The sandbox is switched off (DOORSTEP_PAYMENTS_SANDBOX)")
        charge = SandboxCharge.objects.create(
            provider_id=f"sbx_{secrets.token_hex(12)}",
            amount=payment.amount,
            description=payment.description,
            state=PaymentState.SUBMITTED,
            return_url=return_url,
        )
        path = reverse("payments:sandbox", kwargs={"provider_id": charge.provider_id})
        return ProviderPayment(
            provider_id=charge.provider_id, next_url=f"{_base_url(return_url)}{path}"
        )

    def fetch_status(self, payment) -> ProviderStatus:
        charge = self._charge(payment)
        if charge_expired(charge):
            charge.state = PaymentState.EXPIRED
            charge.save(update_fields=["state"])
        if charge.state == PaymentState.FAILED:
            return ProviderStatus(
                state=PaymentState.FAILED,
                failure_code=DECLINE_CODE,
                failure_message=DECLINE_MESSAGE,
                refunded_amount=charge.refunded_amount,
            )
        return ProviderStatus(
            state=PaymentState(charge.state), refunded_amount=charge.refunded_amount
        )

    def cancel_payment(self, payment) -> None:
        charge = self._charge(payment)
        if charge.state in _OPEN:
            charge.state = PaymentState.CANCELLED
            charge.save(update_fields=["state"])

    def refund(self, payment, *, amount: int, refund_uuid: str) -> ProviderRefund:
        from ..models import SandboxCharge

        charge = SandboxCharge.objects.select_for_update().get(pk=self._charge(payment).pk)
        if charge.state not in (
            PaymentState.SUCCESS,
            PaymentState.PARTLY_REFUNDED,
        ) or amount > (charge.amount - charge.refunded_amount):
            raise ProviderError("The sandbox cannot refund that amount")
        charge.refunded_amount += amount
        charge.state = (
            PaymentState.REFUNDED
            if charge.refunded_amount >= charge.amount
            else PaymentState.PARTLY_REFUNDED
        )
        charge.save(update_fields=["refunded_amount", "state"])
        return ProviderRefund(refund_id=f"sbx_rfd_{refund_uuid}", state=RefundState.SUCCESS)

    def parse_webhook(self, body: bytes, headers) -> list[ProviderEvent]:
        signature = _header(headers, SIGNATURE_HEADER)
        if not signature or not constant_time_compare(signature, sign(body)):
            raise WebhookSignatureError("Missing or wrong sandbox signature")
        try:
            data = json.loads(body)
            state = PaymentState(data["state"])
            return [
                ProviderEvent(
                    event_id=str(data["id"]),
                    event_type=str(data.get("type", "")),
                    provider_id=str(data["payment_id"]),
                    state=state,
                    failure_code=str(data.get("failure_code", "")),
                    failure_message=str(data.get("failure_message", "")),
                )
            ]
        except (ValueError, KeyError, TypeError):
            raise WebhookSignatureError("Signed sandbox notification we cannot read") from None
