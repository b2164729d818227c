"""My Account payments: every payment the resident has made or started, and a receipt for each.

Which payments a resident may see is decided by `crm.payments.selectors` (anyone else's payment
is a 404, whether or not it exists). Card details never reach us, so a receipt shows only what
was paid for, when, and the references the council and the provider know it by.
"""

from django.contrib.auth.decorators import login_required
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from crm.payments.enums import PAID_STATES, PaymentState, RefundState
from crm.payments.selectors import (
    get_payment_for_resident,
    payments_for_case,
    payments_for_resident,
)

from .accounts import verified_emails


def with_display(payment):
    """The payment with what its templates show: state label, whether money was taken, the
    refunds (oldest first) and what they add up to."""
    payment.state_label = PaymentState(payment.state).label
    payment.is_paid = payment.state in PAID_STATES
    payment.refund_list = [
        {
            "refund": refund,
            "state_label": RefundState(refund.state).label,
            "is_done": refund.state == RefundState.SUCCESS,
            "is_failed": refund.state == RefundState.FAILED,
        }
        for refund in sorted(payment.refunds.all(), key=lambda r: (r.created_at, r.pk))
    ]
    payment.refunds_total = sum(
        item["refund"].amount for item in payment.refund_list if not item["is_failed"]
    )
    return payment


def case_payments(case) -> list:
    """A case's payments for its My Account page, newest first."""
    return [with_display(payment) for payment in payments_for_case(case)]


@never_cache
@login_required
@require_GET
def payments(request):
    found = payments_for_resident(request.user, verified_emails=verified_emails(request.user))
    return TemplateResponse(
        request,
        "myaccount/payments.html",
        {"payments": [with_display(payment) for payment in found]},
    )


@never_cache
@login_required
@require_GET
def payment_receipt(request, payment_uuid):
    payment = get_payment_for_resident(
        request.user, payment_uuid, verified_emails=verified_emails(request.user)
    )
    return TemplateResponse(
        request,
        "myaccount/payment_receipt.html",
        {"payment": with_display(payment), "lines": payment.line_items or []},
    )
