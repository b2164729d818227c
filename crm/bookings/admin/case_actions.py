"""Approve, decline and cancel a booking from its case page (POST only).

Each request fetches the case through `get_case_for_staff` (a 404 for staff who may not see
it) and the booking among that case's bookings (a 404 for any other), then calls one service.
A `ValidationError` re-renders the case page with the message next to the booking's form.
"""

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from crm.bookings.services import approve_booking, cancel_booking, decline_booking
from crm.cases.admin.case_views import CasePanelActionView

from ..models import Booking
from .forms import ApproveForm, CancelForm, DeclineForm
from .panels import form_key


class BookingActionView(CasePanelActionView):
    action = ""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        booking = (
            Booking.objects.select_related("resource")
            .filter(case=self.case, uuid=kwargs["booking_uuid"])
            .first()
        )
        if booking is None:
            raise Http404
        self.booking = booking
        self.panel_form_key = form_key(self.action, booking)


class ApproveBookingView(BookingActionView):
    action = "approve"
    form_class = ApproveForm
    success_message = _("The booking has been approved. The resident has been emailed.")

    def perform(self, form):
        approve_booking(self.booking, actor=self.request.user)


class DeclineBookingView(BookingActionView):
    action = "decline"
    form_class = DeclineForm
    success_message = _(
        "The booking has been declined and what was paid refunded. The resident has been emailed."
    )

    def perform(self, form):
        decline_booking(self.booking, actor=self.request.user, reason=form.cleaned_data["reason"])


class CancelBookingView(BookingActionView):
    action = "cancel"
    form_class = CancelForm
    success_message = _("The booking has been cancelled. The resident has been emailed.")

    def perform(self, form):
        cancel_booking(
            self.booking,
            actor=self.request.user,
            by_resident=False,
            reason=form.cleaned_data["reason"],
        )
