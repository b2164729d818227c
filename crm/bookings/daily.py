"""The daily booking runs (beat, see crm/bookings/tasks.py): reminders the day before, and
completing bookings that have ended with their deposits refunded once. Re-exported by
crm.bookings.services, which is where other code finds them."""

import logging
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from crm.notifications.enums import EmailKind
from crm.payments.enums import RefundKind
from crm.payments.selectors import deposit_amount, format_amount, refundable_amount
from crm.payments.services import refund_payment

from ._common import email, note, paid_payments
from .availability import london
from .enums import BookingStatus
from .models import Booking
from .selectors import booking_summary

logger = logging.getLogger(__name__)

# How far back the daily deposit run looks for completed hires whose deposit is still owed (a
# refund the provider refused is tried again the next day, for this long).
DEPOSIT_RETRY_DAYS = 14


def send_booking_reminders(*, today: date | None = None) -> int:
    """Email the resident of each confirmed booking on tomorrow's date, once."""
    today = today or timezone.localdate(timezone.now(), london())
    tomorrow = today + timedelta(days=1)
    candidates = Booking.objects.filter(
        status=BookingStatus.CONFIRMED, date=tomorrow, reminder_sent_at__isnull=True
    ).values_list("pk", flat=True)
    sent = 0
    for booking_id in list(candidates):
        with transaction.atomic():
            booking = (
                Booking.objects.select_for_update(skip_locked=True)
                .select_related("resource", "case")
                .filter(
                    pk=booking_id, status=BookingStatus.CONFIRMED, reminder_sent_at__isnull=True
                )
                .first()
            )
            if booking is None:
                continue
            booking.reminder_sent_at = timezone.now()
            booking.save(update_fields=["reminder_sent_at", "updated_at"])
            email(booking, EmailKind.BOOKING_REMINDER)
            sent += 1
    return sent


def deposit_paid(payment) -> int:
    """The deposit lines of a payment, in pence (at most what is left of it to refund)."""
    return max(0, min(deposit_amount(payment), refundable_amount(payment)))


def complete_past_bookings(*, now: datetime | None = None) -> int:
    """Daily: confirmed bookings that have ended become COMPLETED, and a hall's deposit is
    refunded, once (`deposit_refunded_at`). Returns how many bookings were completed. A deposit
    refund the provider refuses is tried again the next days (DEPOSIT_RETRY_DAYS)."""
    now = now or timezone.now()
    ended = list(
        Booking.objects.filter(status=BookingStatus.CONFIRMED, ends_at__lte=now).values_list(
            "pk", flat=True
        )
    )
    completed = 0
    for booking_id in ended:
        with transaction.atomic():
            booking = (
                Booking.objects.select_for_update(skip_locked=True)
                .select_related("resource", "case")
                .filter(pk=booking_id, status=BookingStatus.CONFIRMED)
                .first()
            )
            if booking is None:
                continue
            booking.status = BookingStatus.COMPLETED
            booking.save(update_fields=["status", "updated_at"])
            completed += 1
    owed = Booking.objects.filter(
        status=BookingStatus.COMPLETED,
        deposit_refunded_at__isnull=True,
        ends_at__lte=now,
        ends_at__gt=now - timedelta(days=DEPOSIT_RETRY_DAYS),
    ).values_list("pk", flat=True)
    for booking_id in list(owed):
        refund_deposit(booking_id, now=now)
    return completed


def refund_deposit(booking_id: int, *, now: datetime | None = None) -> int:
    """Refund a completed booking's deposit once; the amount refunded (0 if none is owed)."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            booking = (
                Booking.objects.select_for_update(skip_locked=True)
                .select_related("resource", "case")
                .filter(
                    pk=booking_id,
                    status=BookingStatus.COMPLETED,
                    deposit_refunded_at__isnull=True,
                )
                .first()
            )
            if booking is None:
                return 0
            total = 0
            for payment in paid_payments(booking.case).order_by("pk"):
                amount = deposit_paid(payment)
                if amount > 0:
                    refund_payment(
                        payment,
                        amount=amount,
                        reason=_("Deposit returned after the hire"),
                        kind=RefundKind.DEPOSIT,
                    )
                    total += amount
            if not total:
                return 0
            booking.deposit_refunded_at = now
            booking.save(update_fields=["deposit_refunded_at", "updated_at"])
            note(
                booking,
                _("Deposit of %(amount)s refunded after the hire: %(booking)s")
                % {"amount": format_amount(total), "booking": booking_summary(booking)},
            )
            return total
    except Exception as error:  # tried again tomorrow
        logger.warning(
            "Deposit refund for booking %s failed (%s)", booking_id, type(error).__name__
        )
        return 0
