"""What the booking services share: timeline notes, resident emails, the slot and booking row
locks, confirming, and refunding what a case paid (private to crm.bookings)."""

from datetime import datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError

from crm.cases.enums import EventKind
from crm.cases.services import email_resident
from crm.cases.services._common import record_event
from crm.notifications.enums import EmailKind
from crm.payments.enums import PAID_STATES
from crm.payments.models import Payment
from crm.payments.selectors import refundable_amount
from crm.payments.services import refund_payment

from .enums import BookingStatus
from .models import BookableResource, Booking, SlotLock
from .selectors import booking_summary


def note(booking: Booking, text: str, *, actor: AbstractBaseUser | None = None) -> None:
    """A line on the case's staff timeline (booking changes are not public updates: the resident
    sees the booking itself in My Account and is emailed)."""
    record_event(
        booking.case,
        kind=EventKind.INTERNAL_NOTE,
        is_public=False,
        actor=actor,
        message=text,
        data={"booking": str(booking.uuid), "booking_status": booking.status},
    )


def email(booking: Booking, kind: EmailKind, *, message: str = "", **extra: str) -> None:
    email_resident(
        booking.case, kind, message=message, extra={"booking": booking_summary(booking), **extra}
    )


def lock_slot(resource: BookableResource, starts_at: datetime) -> None:
    """Take the slot's lock row for the rest of the transaction (created on first use)."""
    SlotLock.objects.bulk_create(
        [SlotLock(resource=resource, starts_at=starts_at)], ignore_conflicts=True
    )
    SlotLock.objects.select_for_update().filter(resource=resource, starts_at=starts_at).get()


def lock_booking(booking: Booking) -> Booking:
    """The booking's current row, locked for this transaction."""
    return Booking.objects.select_for_update().select_related("resource", "case").get(pk=booking.pk)


def confirm(booking: Booking, *, now: datetime) -> Booking:
    """Paid (or free): confirmed, or waiting for staff where the resource needs approval."""
    if booking.resource.requires_approval:
        booking.status = BookingStatus.AWAITING_APPROVAL
        kind = EmailKind.BOOKING_AWAITING_APPROVAL
    else:
        booking.status = BookingStatus.CONFIRMED
        booking.confirmed_at = now
        kind = EmailKind.BOOKING_CONFIRMED
    booking.hold_expires_at = None
    booking.save(update_fields=["status", "confirmed_at", "hold_expires_at", "updated_at"])
    email(booking, kind)
    return booking


def paid_payments(case):

    return Payment.objects.filter(case=case, state__in=list(PAID_STATES), paid_at__isnull=False)


def refund_case(booking: Booking, *, kind: str, reason: str, actor=None) -> int:
    """Refund in full what remains refundable on the case's paid payments; the total."""
    total = 0
    for payment in paid_payments(booking.case).order_by("pk"):
        amount = refundable_amount(payment)
        if amount > 0:
            refund_payment(payment, amount=amount, reason=reason, kind=kind, actor=actor)
            total += amount
    return total


def require_status(booking: Booking, allowed, message: str) -> None:
    if booking.status not in allowed:
        raise ValidationError(message, code="wrong_status")
