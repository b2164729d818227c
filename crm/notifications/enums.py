"""Kinds of email we send and the life of an outbox message."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailKind(models.TextChoices):
    CASE_OPENED = "case_opened", _("Request received (to the resident)")
    CASE_UPDATED = "case_updated", _("Request updated (to the resident)")
    RESIDENT_MESSAGE = "resident_message", _("Message from a resident (to the team)")
    TRACKING_CODE = "tracking_code", _("One-time code to see a request's details (to the resident)")
    BOOKING_CONFIRMED = "booking_confirmed", _("Booking confirmed (to the resident)")
    BOOKING_AWAITING_APPROVAL = (
        "booking_awaiting_approval",
        _("Booking paid, waiting for approval (to the resident)"),
    )
    BOOKING_DECLINED = "booking_declined", _("Booking declined and refunded (to the resident)")
    BOOKING_CANCELLED = "booking_cancelled", _("Booking cancelled (to the resident)")
    BOOKING_RELEASED = (
        "booking_released",
        _("Booking not paid in time and released (to the resident)"),
    )
    BOOKING_REMINDER = "booking_reminder", _("Reminder the day before a booking (to the resident)")
    PAYMENT_RECEIVED = "payment_received", _("Payment receipt (to the resident)")
    LATE_PAYMENT_REFUNDED = (
        "late_payment_refunded",
        _("Paid after the hold expired with no place left: refunded (to the resident)"),
    )
    REFUND_ISSUED = "refund_issued", _("Refund issued (to the resident)")
    CLOSURE_SURVEY = (
        "closure_survey",
        _("Closure survey, sent once when a request is closed (to the resident)"),
    )
    TEAM_DIGEST = (
        "team_digest",
        _("Daily digest of a team's cases due soon and overdue (to each team lead)"),
    )


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to send")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


# Statuses a worker may still pick up (SENDING only once its lease has run out).
UNSENT_STATUSES: frozenset[str] = frozenset({OutboxStatus.PENDING, OutboxStatus.SENDING})
