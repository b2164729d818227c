"""The only way to change bookings. Every function is one transaction (a savepoint inside the
caller's), checks the booking's current state under a row lock, writes a timeline note on the
case and queues the resident's email in the outbox.

Never sold twice: `hold_booking` locks the slot's `SlotLock` row (created on first use with
INSERT ... ON CONFLICT DO NOTHING, then SELECT ... FOR UPDATE) and counts what is taken while
holding it, so two residents racing for the last place are served one after the other and the
second is told the slot has gone (`SlotUnavailable`). A payment that arrives after its hold
expired takes the same lock to see whether the place is still there (`receivers.py`).
The daily runs (reminders, completing bookings, deposits) live in `daily.py` and the helpers
these share in `_common.py`; import all of them from here. See docs/bookings.md.
"""

import logging
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from crm.notifications.enums import EmailKind
from crm.payments.enums import RefundKind
from crm.payments.selectors import format_amount, refundable_amount
from crm.payments.services import refund_payment

from ._common import (
    confirm,
    email,
    lock_booking,
    lock_slot,
    note,
    refund_case,
    require_status,
)
from .availability import capacity, clock, london, remaining, resolve_key, slot_quantity
from .daily import (
    DEPOSIT_RETRY_DAYS,
    complete_past_bookings,
    deposit_paid,
    refund_deposit,
    send_booking_reminders,
)
from .enums import ACTIVE_BOOKING_STATUSES, BookingStatus
from .models import Booking
from .selectors import booking_summary, cancellation_deadline

__all__ = [
    "DEPOSIT_RETRY_DAYS",
    "SlotUnavailable",
    "approve_booking",
    "booking_paid",
    "cancel_booking",
    "complete_past_bookings",
    "decline_booking",
    "deposit_paid",
    "hold_booking",
    "hold_minutes",
    "queue_release",
    "refund_deposit",
    "release_expired_holds",
    "release_hold",
    "send_booking_reminders",
]

logger = logging.getLogger(__name__)


class SlotUnavailable(ValidationError):
    """The slot was taken (or is no longer offered) while the resident chose it."""

    def __init__(self, message=None, code="slot_unavailable", params=None):
        super().__init__(
            message or _("That date or time is no longer available. Choose another."),
            code=code,
            params=params,
        )


def hold_minutes() -> int:
    return int(getattr(settings, "DOORSTEP_BOOKING_HOLD_MINUTES", 30))


def queue_release(booking_id: int, eta: datetime) -> bool:
    """Ask a worker to release the hold when it expires. Never raises: if the broker is down
    the hold is released by the `bookings.release_expired_holds` sweep instead."""
    from .tasks import release_hold_task

    try:
        release_hold_task.apply_async(args=[booking_id], eta=eta)
    except Exception as error:
        logger.warning(
            "Could not queue the release of booking %s (%s); the hold sweep will release it",
            booking_id,
            type(error).__name__,
        )
        return False
    return True


def hold_booking(
    *,
    case,
    slot_key: str,
    quantity: int = 1,
    items=(),
    address_text: str = "",
    postcode: str = "",
    paid: bool = True,
) -> Booking:
    """Take a place in a slot for `case`.

    `paid=True`: HELD for DOORSTEP_BOOKING_HOLD_MINUTES while the resident pays (confirmed by
    the payment, see receivers.py; released if it never comes). `paid=False` (free bookings):
    confirmed at once, or waiting for approval. Raises `SlotUnavailable` when the slot is no
    longer offered or has no room for `quantity`, counted under the slot's lock.
    """
    now = timezone.now()
    found = resolve_key(slot_key, now=now)
    if found is None:
        raise SlotUnavailable()
    resource, starts_at, ends_at = found
    if quantity < 1:
        raise ValidationError(_("Choose at least one item."), code="quantity")
    need = slot_quantity(resource, quantity)
    if need > capacity(resource):
        raise SlotUnavailable(
            _("We cannot collect that many items on one day. Choose fewer items."),
            code="too_many_items",
        )
    with transaction.atomic():
        lock_slot(resource, starts_at)
        if remaining(resource, starts_at, ends_at, now=now) < need:
            raise SlotUnavailable()
        booking = Booking.objects.create(
            resource=resource,
            case=case,
            status=BookingStatus.HELD,
            starts_at=starts_at,
            ends_at=ends_at,
            date=timezone.localtime(starts_at, london()).date(),
            quantity=need,
            items=[dict(item) for item in items],
            address_text=address_text[:500],
            postcode=postcode[:10],
            hold_expires_at=now + timedelta(minutes=hold_minutes()) if paid else None,
        )
        if paid:
            note(
                booking,
                _("Booking held while the resident pays (until %(time)s): %(booking)s")
                % {"time": clock(booking.hold_expires_at), "booking": booking_summary(booking)},
            )
            transaction.on_commit(partial(queue_release, booking.pk, booking.hold_expires_at))
        else:
            confirm(booking, now=now)
            note(booking, _("Booking made: %(booking)s") % {"booking": booking_summary(booking)})
    return booking


# --- Holds that were not paid in time -----------------------------------------------------------


def release_hold(booking_id: int, *, now: datetime | None = None) -> bool:
    """Release one HELD booking whose hold has expired (and email the resident). False if it
    was paid, cancelled or released already, or its hold has not expired yet: safe to run any
    number of times, and early (an eager or early task does nothing)."""
    now = now or timezone.now()
    with transaction.atomic():
        booking = (
            Booking.objects.select_for_update(skip_locked=True)
            .select_related("resource", "case")
            .filter(pk=booking_id, status=BookingStatus.HELD, hold_expires_at__lte=now)
            .first()
        )
        if booking is None:
            return False
        booking.status = BookingStatus.RELEASED
        booking.save(update_fields=["status", "updated_at"])
        note(
            booking,
            _("Booking released: not paid in time: %(booking)s")
            % {"booking": booking_summary(booking)},
        )
        email(booking, EmailKind.BOOKING_RELEASED)
    return True


def release_expired_holds(*, now: datetime | None = None) -> int:
    """The sweep (every minute): release every hold past its time whose own task did not."""
    now = now or timezone.now()
    expired = Booking.objects.filter(
        status=BookingStatus.HELD, hold_expires_at__lte=now
    ).values_list("pk", flat=True)
    return sum(release_hold(booking_id, now=now) for booking_id in list(expired[:1000]))


# --- Payments (called by receivers.py) ----------------------------------------------------------


def booking_paid(payment) -> Booking | None:
    """A payment on the booking's case succeeded: confirm its held booking, or, when the hold
    had expired, honour it if the place is still free and refund the payment in full if not.
    None if the case has no booking waiting for a payment."""
    now = timezone.now()
    waiting = (
        Booking.objects.filter(
            case_id=payment.case_id,
            status__in=[BookingStatus.HELD, BookingStatus.RELEASED, BookingStatus.CANCELLED],
        )
        .order_by("-created_at", "-pk")
        .first()
    )
    if waiting is None:
        return None
    if waiting.status == BookingStatus.CANCELLED:
        # Cancelled while the resident was still on the payment page: nothing to pay for.
        _refund_late_payment(waiting, payment)
        return waiting
    with transaction.atomic():
        booking = lock_booking(waiting)
        if booking.status == BookingStatus.HELD and booking.hold_expires_at > now:
            confirm(booking, now=now)
            note(booking, _("Booking paid: %(booking)s") % {"booking": booking_summary(booking)})
            return booking
        if booking.status not in (BookingStatus.HELD, BookingStatus.RELEASED):
            return None
        # Paid after the hold expired: the place may have gone to someone else meanwhile.
        lock_slot(booking.resource, booking.starts_at)
        left = remaining(
            booking.resource,
            booking.starts_at,
            booking.ends_at,
            now=now,
            exclude_booking_id=booking.pk,
        )
        if left >= booking.quantity and booking.ends_at > now:
            confirm(booking, now=now)
            note(
                booking,
                _(
                    "Paid after the hold expired; the place was still free, so it is booked: "
                    "%(booking)s"
                )
                % {"booking": booking_summary(booking)},
            )
            return booking
        if booking.status == BookingStatus.HELD:
            booking.status = BookingStatus.RELEASED
            booking.save(update_fields=["status", "updated_at"])
    _refund_late_payment(booking, payment)
    return booking


def _refund_late_payment(booking: Booking, payment) -> None:
    """Refund a payment that came too late for its place, and tell the resident. A provider
    failure must not undo the payment itself: it is noted for staff to refund by hand."""
    amount = refundable_amount(payment)
    if amount <= 0:
        return
    try:
        with transaction.atomic():
            refund_payment(
                payment,
                amount=amount,
                reason=_("Paid after the booking's hold expired, with no place left"),
                kind=RefundKind.LATE_PAYMENT,
            )
    except Exception as error:  # the payment stands; staff refund from the case page
        logger.warning(
            "Automatic refund of late payment %s failed (%s)", payment.pk, type(error).__name__
        )
        note(
            booking,
            _(
                "Paid after the hold expired with no place left, but the automatic refund of "
                "%(amount)s failed: refund it from the case page."
            )
            % {"amount": format_amount(amount)},
        )
        return
    note(
        booking,
        _("Paid after the hold expired with no place left: %(amount)s refunded automatically")
        % {"amount": format_amount(amount)},
    )
    email(booking, EmailKind.LATE_PAYMENT_REFUNDED, amount=format_amount(amount))


# --- Residents and staff ------------------------------------------------------------------------


def cancel_booking(
    booking: Booking,
    *,
    actor: AbstractBaseUser | None = None,
    by_resident: bool,
    reason: str = "",
) -> Booking:
    """Cancel a held, waiting or confirmed booking and refund in full what the case paid.
    Residents may cancel only up to the resource's cut-off before the booking starts (staff at
    any time). Access is the caller's check (`get_booking_for_resident` or the staff admin)."""
    now = timezone.now()
    with transaction.atomic():
        booking = lock_booking(booking)
        require_status(
            booking, ACTIVE_BOOKING_STATUSES, _("This booking has already been cancelled or ended.")
        )
        deadline = cancellation_deadline(booking)
        if by_resident and now >= deadline:
            local = timezone.localtime(deadline, london())
            raise ValidationError(
                _(
                    "You could cancel this booking online until %(time)s on %(day)s. Contact us "
                    "if you still need to cancel."
                )
                % {"time": clock(local), "day": date_format(local.date(), "l j F Y")},
                code="past_cutoff",
            )
        booking.status = BookingStatus.CANCELLED
        booking.cancelled_at = now
        booking.cancel_reason = (reason or "").strip()[:300]
        booking.hold_expires_at = None
        booking.save(
            update_fields=[
                "status",
                "cancelled_at",
                "cancel_reason",
                "hold_expires_at",
                "updated_at",
            ]
        )
        refund_reason = booking.cancel_reason or (
            _("Cancelled by the resident") if by_resident else _("Cancelled by the council")
        )
        refunded = refund_case(
            booking, kind=RefundKind.CANCELLATION, reason=refund_reason, actor=actor
        )
        who = _("the resident") if by_resident else _("staff")
        note(
            booking,
            _("Booking cancelled by %(who)s: %(booking)s. Refunded: %(amount)s")
            % {"who": who, "booking": booking_summary(booking), "amount": format_amount(refunded)},
            actor=actor,
        )
        message = (
            _(
                "We have refunded %(amount)s to the card you paid with. It can take up to 5 "
                "working days to reach your account."
            )
            % {"amount": format_amount(refunded)}
            if refunded
            else _("No payment was taken, so there is nothing to refund.")
        )
        email(booking, EmailKind.BOOKING_CANCELLED, message=message, amount=format_amount(refunded))
    return booking


def approve_booking(booking: Booking, *, actor: AbstractBaseUser) -> Booking:
    """Staff approve a paid booking that was waiting for them (halls): confirmed, emailed."""
    now = timezone.now()
    with transaction.atomic():
        booking = lock_booking(booking)
        require_status(
            booking,
            {BookingStatus.AWAITING_APPROVAL},
            _("Only a booking waiting for approval can be approved."),
        )
        booking.status = BookingStatus.CONFIRMED
        booking.confirmed_at = now
        booking.save(update_fields=["status", "confirmed_at", "updated_at"])
        note(
            booking,
            _("Booking approved: %(booking)s") % {"booking": booking_summary(booking)},
            actor=actor,
        )
        email(booking, EmailKind.BOOKING_CONFIRMED)
    return booking


def decline_booking(booking: Booking, *, actor: AbstractBaseUser, reason: str) -> Booking:
    """Staff decline a booking waiting for approval: refunded in full, the resident told why."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Enter why the booking is declined."), code="required")
    now = timezone.now()
    with transaction.atomic():
        booking = lock_booking(booking)
        require_status(
            booking,
            {BookingStatus.AWAITING_APPROVAL},
            _("Only a booking waiting for approval can be declined."),
        )
        booking.status = BookingStatus.DECLINED
        booking.cancelled_at = now
        booking.cancel_reason = reason[:300]
        booking.save(update_fields=["status", "cancelled_at", "cancel_reason", "updated_at"])
        refunded = refund_case(booking, kind=RefundKind.DECLINED, reason=reason[:300], actor=actor)
        note(
            booking,
            _("Booking declined: %(booking)s. Refunded: %(amount)s")
            % {"booking": booking_summary(booking), "amount": format_amount(refunded)},
            actor=actor,
        )
        email(booking, EmailKind.BOOKING_DECLINED, message=reason, amount=format_amount(refunded))
    return booking
