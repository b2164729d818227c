"""What a resident pays for a form: the form's fee, the items of its priced items questions and
its deposit, as the payment's lines (pence, the shape `crm.payments.services.start_payment`
takes). A form pays only through its payment service; with none, or nothing to pay, it is free.
"""

from django.utils.translation import gettext as _

from crm.payments.enums import LineKind
from crm.payments.selectors import format_amount

from .questions import PricedItemsQuestion
from .questions.booking import to_pence


def payment_lines(eform, answered) -> list[dict]:
    """`answered` yields (question, cleaned answers of its step) for the steps shown."""
    lines = []
    fee = to_pence(eform.fee)
    if fee > 0:
        lines.append(_line(eform.fee_label or _("Fee"), 1, fee, LineKind.FEE))
    for question, cleaned in answered:
        if isinstance(question, PricedItemsQuestion):
            for item in question.chosen(cleaned):
                lines.append(
                    _line(item["label"], item["quantity"], item["unit_amount"], LineKind.ITEM)
                )
    deposit = to_pence(eform.deposit)
    if deposit > 0:
        label = _("Deposit (returned after your booking)")
        lines.append(_line(label, 1, deposit, LineKind.DEPOSIT))
    return lines


def _line(label: str, quantity: int, unit_amount: int, kind: LineKind) -> dict:
    return {
        "label": str(label),
        "quantity": quantity,
        "unit_amount": unit_amount,
        "amount": quantity * unit_amount,
        "kind": str(kind),
    }


def total(lines: list[dict]) -> int:
    return sum(line["amount"] for line in lines)


def payment_due(eform, lines: list[dict]) -> bool:
    return eform.payment_service_id is not None and total(lines) > 0


def line_rows(lines: list[dict]) -> list[dict]:
    """The lines as a page shows them: "2 x Fridge" and "£50.00"."""
    return [{"label": _row_label(line), "amount": format_amount(line["amount"])} for line in lines]


def _row_label(line: dict) -> str:
    if line["quantity"] == 1 and line["kind"] != LineKind.ITEM:
        return line["label"]
    return _("%(quantity)d x %(item)s") % {"quantity": line["quantity"], "item": line["label"]}
