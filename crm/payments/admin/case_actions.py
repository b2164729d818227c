"""Refund a payment from its case page (POST only): the case through `get_case_for_staff` (a
404 for staff who may not see it), the payment among that case's payments (a 404 for any
other), then `refund_payment(kind=STAFF)`; its refusal (not paid, nothing or too much to
refund, no reason) is shown next to the refund form on the re-rendered case page."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from crm.cases.admin.case_views import CasePanelActionView
from crm.payments.enums import RefundKind, RefundState
from crm.payments.selectors import format_amount
from crm.payments.services import refund_payment

from ..models import Payment
from .forms import RefundForm
from .panels import form_key


class RefundView(CasePanelActionView):
    form_class = RefundForm

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        payment = Payment.objects.filter(case=self.case, uuid=kwargs["payment_uuid"]).first()
        if payment is None:
            raise Http404
        self.payment = payment
        self.panel_form_key = form_key(payment)

    def perform(self, form):
        self.refund = refund_payment(
            self.payment,
            amount=form.amount_in_pence(),
            reason=form.cleaned_data["reason"],
            kind=RefundKind.STAFF,
            actor=self.request.user,
        )

    @property
    def success_message(self):
        amount = format_amount(self.refund.amount)
        if self.refund.state == RefundState.SUCCESS:
            return _("%(amount)s has been refunded. The resident has been emailed.") % {
                "amount": amount
            }
        # Stripe and GOV.UK Pay may take a while: their notification settles the refund.
        return _(
            "A refund of %(amount)s has been asked of the payment provider. The resident has "
            "been emailed. The state history shows when it is made."
        ) % {"amount": amount}
