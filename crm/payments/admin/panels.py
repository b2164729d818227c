"""The "Payments" section of a staff case page (through `CASE_PANELS_HOOK`): each payment with
its amount, what it paid for, provider and provider's reference, state, its full state history
and its refunds, and a Refund form (amount in pounds, the refundable amount by default, and a
reason) while something is left to refund."""

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from crm.payments.selectors import (
    format_amount,
    payments_for_case,
    refundable_amount,
    to_pounds,
)

from .forms import RefundForm


def form_key(payment) -> str:
    """The refund form's name in the re-rendered case page's `panel_errors`, and its prefix."""
    return f"payment-refund-{payment.pk}"


def payments_panel(request, case, errors: dict) -> SafeString | str:
    payments = list(
        payments_for_case(case).prefetch_related("events__actor", "refunds__requested_by")
    )
    if not payments:
        return ""
    rows = []
    for payment in payments:
        refundable = refundable_amount(payment)  # less refunds still under way
        rows.append(
            {
                "payment": payment,
                "amount": format_amount(payment.amount),
                "refunded": format_amount(payment.refunded_amount),
                "refundable": format_amount(refundable),
                "can_refund": refundable > 0 or form_key(payment) in errors,
                "lines": [
                    {**line, "amount_text": format_amount(int(line.get("amount") or 0))}
                    for line in payment.line_items or []
                    if isinstance(line, dict)
                ],
                "events": [
                    {
                        "event": event,
                        "amount_text": format_amount(event.amount)
                        if event.amount is not None
                        else "",
                    }
                    for event in payment.events.all()
                ],
                "refunds": [
                    {"refund": refund, "amount_text": format_amount(refund.amount)}
                    for refund in payment.refunds.all()
                ],
                "refund_form": errors.get(form_key(payment))
                or RefundForm(prefix=form_key(payment), initial={"amount": to_pounds(refundable)}),
            }
        )
    return render_to_string(
        "payments/admin/case_panel.html", {"case": case, "rows": rows}, request=request
    )
