"""Payment providers and the life of a payment (the states GOV.UK Pay and Stripe share)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Provider(models.TextChoices):
    SANDBOX = "sandbox", _("Sandbox (test payments, no money taken)")
    STRIPE = "stripe", _("Stripe")
    GOVUK_PAY = "govuk_pay", _("GOV.UK Pay")


class PaymentState(models.TextChoices):
    CREATED = "created", _("Created")
    SUBMITTED = "submitted", _("Sent to the payment page")
    SUCCESS = "success", _("Paid")
    FAILED = "failed", _("Declined or failed")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Expired")
    PARTLY_REFUNDED = "partly_refunded", _("Refunded in part")
    REFUNDED = "refunded", _("Refunded in full")


# A payment's state only moves forward along this order; an event that would move it back (a
# late "started" after "success", delivered out of order) changes nothing.
STATE_RANK: dict[str, int] = {
    PaymentState.CREATED: 0,
    PaymentState.SUBMITTED: 1,
    PaymentState.FAILED: 2,
    PaymentState.CANCELLED: 2,
    PaymentState.EXPIRED: 2,
    PaymentState.SUCCESS: 3,
    PaymentState.PARTLY_REFUNDED: 4,
    PaymentState.REFUNDED: 5,
}
# Money was taken (and some may have been given back).
PAID_STATES: frozenset[str] = frozenset(
    {PaymentState.SUCCESS, PaymentState.PARTLY_REFUNDED, PaymentState.REFUNDED}
)
# The resident may try again with a new payment.
UNPAID_FINAL_STATES: frozenset[str] = frozenset(
    {PaymentState.FAILED, PaymentState.CANCELLED, PaymentState.EXPIRED}
)


class LineKind(models.TextChoices):
    FEE = "fee", _("Fee")
    ITEM = "item", _("Item")
    DEPOSIT = "deposit", _("Deposit")


class RefundKind(models.TextChoices):
    STAFF = "staff", _("Refunded by staff")
    CANCELLATION = "cancellation", _("Booking cancelled")
    LATE_PAYMENT = "late_payment", _("Paid after the hold expired, with no place left")
    DECLINED = "declined", _("Booking declined")
    DEPOSIT = "deposit", _("Deposit returned")


class RefundState(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    SUCCESS = "success", _("Refunded")
    FAILED = "failed", _("Failed")


class EventSource(models.TextChoices):
    WEBHOOK = "webhook", _("Provider notification")
    RETURN = "return", _("Resident returned from the payment page")
    POLL = "poll", _("Status check")
    STAFF = "staff", _("Staff")
    SYSTEM = "system", _("Doorstep")
