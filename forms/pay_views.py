"""The pay step, after a form with something to pay has been sent (its case opened with the
booking held and the payment pending):

/forms/<slug>/pay/           what is paid (lines, total, booking, reference) and a "Pay" button,
                             which sends the resident to the provider's page
/forms/<slug>/pay/return/    where the provider sends them back: the payment is checked with the
                             provider; paid -> confirmation, else back to the pay page with why

The session's completed-run record (wizard_pages.mark_completed) names the payment, so only the
browser that sent the form sees its pay page. A declined, cancelled or expired payment is tried
again as a new payment (`retry_payment`) on the same case: nothing is sent or booked twice.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from crm.bookings.enums import BookingStatus
from crm.bookings.selectors import booking_label, bookings_for_case
from crm.payments.enums import PAID_STATES, PaymentState
from crm.payments.selectors import format_amount, get_payment
from crm.payments.services import retry_payment, submit_payment, sync_payment

from .payment import line_rows
from .selectors import get_live_form
from .wizard_pages import set_completed_payment, was_completed


def _failure_messages() -> dict[str, str]:
    return {
        PaymentState.FAILED: _(
            "Your payment was declined. No money has been taken. Check your card details and "
            "try again."
        ),
        PaymentState.CANCELLED: _("You cancelled the payment. No money has been taken."),
        PaymentState.EXPIRED: _(
            "Your payment timed out before it was finished. No money has been taken. Try again."
        ),
    }


def _sent_payment(request, slug):
    """(eform, completed record, payment), or a redirect for a form with nothing to pay here."""
    eform = get_live_form(slug)
    completed = was_completed(request, slug)
    if not completed:
        return eform, None, redirect(eform.get_absolute_url())
    if not completed.get("payment"):
        return eform, None, redirect("eforms:confirmation", slug=slug)
    return eform, completed, get_payment(completed["payment"])


@never_cache
@require_http_methods(["GET", "POST"])
def pay(request, slug):
    eform, completed, payment = _sent_payment(request, slug)
    if completed is None:
        return payment  # the redirect
    if payment.state in PAID_STATES:
        return redirect("eforms:confirmation", slug=slug)
    if request.method == "POST":
        return _start(request, eform, payment)
    return _pay_page(request, eform, completed, payment)


def _start(request, eform, payment):
    """The "Pay" button: a new attempt if the last one failed, then off to the provider."""
    try:
        if payment.state not in (PaymentState.CREATED, PaymentState.SUBMITTED):
            payment = retry_payment(payment)
            set_completed_payment(request, eform.slug, payment)
        return_url = request.build_absolute_uri(reverse("eforms:pay_return", args=[eform.slug]))
        next_url = submit_payment(payment, return_url=return_url)
    except ValidationError as error:
        if getattr(error, "code", "") == "already_paid":
            return redirect("eforms:confirmation", slug=eform.slug)
        completed = was_completed(request, eform.slug)
        return _pay_page(request, eform, completed, payment, error=" ".join(error.messages))
    return redirect(next_url)


def _pay_page(request, eform, completed, payment, *, error: str = ""):
    status = 400 if error else 200
    error = error or _failure_messages().get(payment.state, "")
    bookings = bookings_for_case(payment.case)
    booking = bookings[0] if bookings else None
    released = booking is not None and booking.status == BookingStatus.RELEASED
    total = format_amount(payment.amount)
    return TemplateResponse(
        request,
        "eforms/pay.html",
        {
            "eform": eform,
            "page_title": _("Pay for your booking") if booking else _("Pay for your form"),
            "reference": completed["reference"],
            "booking": booking_label(booking) if booking is not None else "",
            "released": released,
            "waiting": payment.state == PaymentState.SUBMITTED and "returned" in request.GET,
            "rows": line_rows(payment.line_items),
            "total": total,
            "error": error,
            "errors": [{"href": "#pay", "text": error}] if error else [],
        },
        status=status,
    )


@never_cache
def pay_return(request, slug):
    """Back from the provider's page (by its return or its cancel link)."""
    eform, completed, payment = _sent_payment(request, slug)
    if completed is None:
        return payment
    payment = sync_payment(payment, cancelled=request.GET.get("cancelled") == "1")
    if payment.state in PAID_STATES:
        return redirect("eforms:confirmation", slug=slug)
    if payment.state == PaymentState.SUBMITTED:
        return redirect(reverse("eforms:pay", args=[slug]) + "?returned=1")
    return redirect("eforms:pay", slug=slug)
