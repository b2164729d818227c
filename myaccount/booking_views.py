"""My Account bookings: the resident's upcoming and past bookings, and cancelling one.

Which bookings a resident may see or cancel is decided by `crm.bookings.selectors` (anyone
else's booking is a 404) and whether they may still cancel online by `resident_can_cancel`;
the cancellation itself, with its refund and email, is `crm.bookings.services.cancel_booking`.
These views only arrange what the resident sees.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from crm.bookings.enums import ACTIVE_BOOKING_STATUSES, BookingStatus
from crm.bookings.selectors import (
    booking_label,
    bookings_for_case,
    bookings_for_resident,
    cancellation_deadline,
    get_booking_for_resident,
    resident_can_cancel,
)
from crm.bookings.services import cancel_booking
from crm.payments.enums import PAID_STATES, RefundState
from crm.payments.selectors import format_amount, payments_for_case, refundable_amount

from .accounts import verified_emails

# Upcoming bookings shown on the dashboard before "View all your bookings".
DASHBOARD_BOOKINGS = 5


@dataclass(frozen=True)
class BookingRow:
    """One booking as the resident sees it."""

    booking: object  # crm.bookings Booking
    label: str
    status_label: str
    items: list[str] = field(default_factory=list)
    can_cancel: bool = False
    # Still going ahead, but too close to its start to cancel online.
    past_cutoff: bool = False
    # The last moment it may be cancelled online (the resource's cut-off before it starts).
    cancel_until: datetime | None = None

    @property
    def uuid(self):
        return self.booking.uuid

    @property
    def case(self):
        return self.booking.case

    @property
    def resource_name(self) -> str:
        return self.booking.resource.name

    @property
    def status(self) -> str:
        return self.booking.status

    @property
    def cancel_url(self) -> str:
        return reverse("myaccount:cancel_booking", args=[self.booking.uuid])


def item_lines(booking) -> list[str]:
    """'2 x Fridge' for each item the resident booked (collections; halls have none)."""
    lines = []
    for item in booking.items or []:
        label = str(item.get("label", "")).strip()
        if label:
            quantity = item.get("quantity", 1)
            lines.append(_("%(quantity)s x %(label)s") % {"quantity": quantity, "label": label})
    return lines


def booking_row(booking, *, now: datetime | None = None) -> BookingRow:
    can_cancel = resident_can_cancel(booking, now=now)
    return BookingRow(
        booking=booking,
        label=booking_label(booking),
        status_label=BookingStatus(booking.status).label,
        items=item_lines(booking),
        can_cancel=can_cancel,
        past_cutoff=booking.status in ACTIVE_BOOKING_STATUSES and not can_cancel,
        cancel_until=cancellation_deadline(booking),
    )


def is_upcoming(booking, now: datetime) -> bool:
    """Still going ahead and not yet over (cancelled, declined or lapsed ones are past)."""
    return booking.status in ACTIVE_BOOKING_STATUSES and booking.ends_at > now


def split_bookings(bookings, *, now: datetime | None = None):
    """(upcoming soonest first, past and cancelled most recent first), as BookingRows."""
    now = now or timezone.now()
    upcoming, past = [], []
    for booking in bookings:
        row = booking_row(booking, now=now)
        (upcoming if is_upcoming(booking, now) else past).append(row)
    upcoming.sort(key=lambda row: row.booking.starts_at)
    past.sort(key=lambda row: row.booking.starts_at, reverse=True)
    return upcoming, past


def resident_bookings(user):
    return bookings_for_resident(user, verified_emails=verified_emails(user))


def upcoming_bookings_for_dashboard(user) -> tuple[list[BookingRow], bool]:
    """The first upcoming bookings, and whether the resident has any booking at all."""
    bookings = list(resident_bookings(user))
    upcoming, _past = split_bookings(bookings)
    return upcoming[:DASHBOARD_BOOKINGS], bool(bookings)


def case_bookings(case) -> list[BookingRow]:
    """A case's bookings for its My Account page, in date order."""
    now = timezone.now()
    return [booking_row(booking, now=now) for booking in bookings_for_case(case)]


def refund_on_cancel(case) -> int:
    """What cancelling would give back: what remains refundable on the case's paid payments
    (the amount `cancel_booking` refunds)."""
    return sum(
        refundable_amount(payment)
        for payment in payments_for_case(case)
        if payment.state in PAID_STATES
    )


def refund_ids(case) -> set[int]:
    return {refund.pk for payment in payments_for_case(case) for refund in payment.refunds.all()}


def refunded_since(case, before: set[int]) -> int:
    """The total of the refunds made on the case's payments since `before` was taken."""
    return sum(
        refund.amount
        for payment in payments_for_case(case)
        for refund in payment.refunds.all()
        if refund.pk not in before and refund.state != RefundState.FAILED
    )


@never_cache
@login_required
@require_GET
def bookings(request):
    upcoming, past = split_bookings(resident_bookings(request.user))
    return TemplateResponse(
        request, "myaccount/bookings.html", {"upcoming": upcoming, "past": past}
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def cancel_booking_view(request, booking_uuid):
    booking = get_booking_for_resident(
        request.user, booking_uuid, verified_emails=verified_emails(request.user)
    )
    errors = []
    if request.method == "POST":
        before = refund_ids(booking.case)
        try:
            with transaction.atomic():
                cancel_booking(booking, by_resident=True, actor=request.user)
        except ValidationError as error:
            booking.refresh_from_db()
            errors = [{"href": "#booking-summary", "text": text} for text in error.messages]
        else:
            refunded = refunded_since(booking.case, before)
            if refunded:
                message = _(
                    "Booking cancelled. We will refund %(amount)s to the card you paid with."
                ) % {"amount": format_amount(refunded)}
            else:
                message = _("Booking cancelled.")
            messages.success(request, message)
            return redirect("myaccount:bookings")
    return TemplateResponse(
        request,
        "myaccount/booking_cancel.html",
        {
            "row": booking_row(booking),
            "refund": refund_on_cancel(booking.case),
            "errors": errors,
        },
        status=400 if errors else 200,
    )
