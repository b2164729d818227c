"""What every payment provider does, in our terms (states from `PaymentState`, pence).

A provider turns our calls into its API's and its notifications into `ProviderEvent`s. It never
writes to the database: `crm.payments.services` applies what it returns, through one state
machine, whichever provider and whichever path (return, status check, webhook) it came by.
"""

from dataclasses import dataclass, field
from typing import Protocol

from ..enums import PaymentState, RefundState


class ProviderError(Exception):
    """The provider could not be reached or refused the request. The message is safe to log
    (no card or personal data) and is not shown to residents."""


class WebhookSignatureError(Exception):
    """A notification whose signature is missing or wrong: answered with 400, nothing written."""


@dataclass(frozen=True)
class ProviderPayment:
    provider_id: str  # Stripe: the Checkout Session id; GOV.UK Pay: payment_id
    next_url: str  # where the resident pays


@dataclass(frozen=True)
class ProviderStatus:
    state: PaymentState
    failure_code: str = ""
    failure_message: str = ""
    # Total refunded so far, where the provider reports it (pence), else None.
    refunded_amount: int | None = None


@dataclass(frozen=True)
class ProviderRefund:
    refund_id: str
    state: RefundState


@dataclass(frozen=True)
class ProviderEvent:
    """One notification, as far as it concerns a payment (or a refund of one)."""

    event_id: str  # unique per provider: applied once
    event_type: str  # the provider's own name for it, for the record
    provider_id: str  # the payment's provider_id
    state: PaymentState | None = None  # the state it reports, if any
    failure_code: str = ""
    failure_message: str = ""
    refund_id: str = ""  # for refund notifications
    refund_state: RefundState | None = None
    refund_amount: int | None = None
    extra: dict = field(default_factory=dict)


class PaymentProvider(Protocol):
    name: str

    def create_payment(self, payment, *, return_url: str) -> ProviderPayment:
        """Start a payment for `payment` (amount, description, line_items, uuid) and say where
        the resident pays. The provider sends them back to `return_url` whatever happens."""

    def fetch_status(self, payment) -> ProviderStatus:
        """The payment's state now, asked of the provider (on return, and by the sweep)."""

    def cancel_payment(self, payment) -> None:
        """The resident came back without paying (a "Cancel" or "Back" on the provider's page):
        close the provider's payment so it can no longer be paid. Safe to call twice."""

    def refund(self, payment, *, amount: int, refund_uuid: str) -> ProviderRefund:
        """Refund `amount` pence of a successful payment. `refund_uuid` makes a retry safe
        (an idempotency key where the provider takes one)."""

    def parse_webhook(self, body: bytes, headers) -> list[ProviderEvent]:
        """Verify the notification's signature (raise `WebhookSignatureError` if it is missing
        or wrong) and return what it says about payments; [] for events we do not use."""
