"""The "Bookings" section of a staff case page (through `CASE_PANELS_HOOK`): each booking with
its resource, date and time, items, address, status and hold expiry, and the buttons staff
use on it: Approve and Decline (with a reason) while it waits for approval, Cancel (with a
reason) while it is held, waiting or confirmed."""

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from crm.bookings.enums import ACTIVE_BOOKING_STATUSES, BookingStatus
from crm.bookings.selectors import booking_label, bookings_for_case

from .forms import ApproveForm, CancelForm, DeclineForm

FORMS = {"approve": ApproveForm, "decline": DeclineForm, "cancel": CancelForm}


def form_key(action: str, booking) -> str:
    """The booking's form's name in the re-rendered case page's `panel_errors`, and its prefix."""
    return f"booking-{action}-{booking.pk}"


def items_text(booking) -> str:
    parts = []
    for item in booking.items or []:
        if isinstance(item, dict) and item.get("label"):
            parts.append(f"{item.get('quantity', 1)} x {item['label']}")
    return ", ".join(parts)


def bookings_panel(request, case, errors: dict) -> SafeString | str:
    bookings = list(bookings_for_case(case))
    if not bookings:
        return ""
    rows = []
    for booking in bookings:
        awaiting = booking.status == BookingStatus.AWAITING_APPROVAL
        can_cancel = booking.status in ACTIVE_BOOKING_STATUSES
        shown = {"approve": awaiting, "decline": awaiting, "cancel": can_cancel}
        forms = {
            action: errors.get(form_key(action, booking))
            or form_class(prefix=form_key(action, booking))
            for action, form_class in FORMS.items()
        }
        rows.append(
            {
                "booking": booking,
                "label": booking_label(booking),
                "items": items_text(booking),
                "is_held": booking.status == BookingStatus.HELD,
                "can_approve": awaiting,
                "can_cancel": can_cancel,
                # A refusal for a form no longer shown (the booking moved on meanwhile).
                "errors": [
                    message
                    for action, form in forms.items()
                    if not shown[action] and form.is_bound
                    for message in form.non_field_errors()
                ],
                **{f"{action}_form": form for action, form in forms.items()},
            }
        )
    return render_to_string(
        "bookings/admin/case_panel.html", {"case": case, "rows": rows}, request=request
    )
