"""Reads of payments: for the case page, My Account (access decided here, per payment) and the
finance team's reconciliation export."""

import uuid
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from crm.cases.selectors import cases_for_resident

from .enums import LineKind, RefundState
from .models import Payment, Refund

# Finance's day runs on UK time whatever the server's zone.
FINANCE_TIME_ZONE = ZoneInfo("Europe/London")

# The reconciliation export's columns, in order: (key in each row, heading).
RECONCILIATION_COLUMNS: list[tuple[str, str]] = [
    ("date", _("Date")),
    ("type", _("Type")),
    ("case_reference", _("Case reference")),
    ("payment_reference", _("Payment reference")),
    ("provider", _("Provider")),
    ("provider_reference", _("Provider reference")),
    ("description", _("Description")),
    ("fund_code", _("Fund code")),
    ("cost_code", _("Cost code")),
    ("amount", _("Amount (£)")),
]


def format_amount(pence: int) -> str:
    """Pence as residents read money: 2500 -> "£25.00", 123456 -> "£1,234.56", -500 -> "-£5.00"."""
    sign = "-" if pence < 0 else ""
    pounds, pennies = divmod(abs(int(pence)), 100)
    return f"{sign}£{pounds:,}.{pennies:02d}"


def _as_uuid(value) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        raise Http404 from None


def _with_history(payments: QuerySet) -> QuerySet:
    return payments.select_related("case", "case__case_type", "service").prefetch_related(
        "events", "refunds"
    )


def payments_for_case(case) -> QuerySet[Payment]:
    """The case's payments, newest first, with their state history and refunds."""
    return _with_history(Payment.objects.filter(case=case)).order_by("-created_at", "-pk")


def payment_for_case(case) -> Payment | None:
    """The case's latest payment (the one a resident is paying or has paid), or None."""
    return Payment.objects.filter(case=case).order_by("-created_at", "-pk").first()


def get_payment(payment_uuid: uuid.UUID | str) -> Payment:
    """A payment by its public reference (staff screens check access to its case), or Http404."""
    payment = _with_history(Payment.objects.filter(uuid=_as_uuid(payment_uuid))).first()
    if payment is None:
        raise Http404
    return payment


def payments_for_resident(
    user: AbstractBaseUser | None, *, verified_emails: Iterable[str] = ()
) -> QuerySet[Payment]:
    """Payments on the cases the resident may see (`cases_for_resident`), newest first."""
    cases = cases_for_resident(user, verified_emails=verified_emails)
    return _with_history(Payment.objects.filter(case__in=cases.values("pk"))).order_by(
        "-created_at", "-pk"
    )


def get_payment_for_resident(
    user: AbstractBaseUser | None,
    payment_uuid: uuid.UUID | str,
    *,
    verified_emails: Iterable[str] = (),
) -> Payment:
    """The resident's own payment (for a receipt); Http404 for anyone else's."""
    payment = (
        payments_for_resident(user, verified_emails=verified_emails)
        .filter(uuid=_as_uuid(payment_uuid))
        .prefetch_related("events", "refunds")
        .first()
    )
    if payment is None:
        raise Http404
    return payment


def deposit_amount(payment: Payment) -> int:
    """Pence of the payment that is a deposit (returned after a hire)."""
    return sum(
        int(line.get("amount", 0))
        for line in payment.line_items
        if line.get("kind") == LineKind.DEPOSIT
    )


def pending_refund_amount(payment: Payment) -> int:
    """Pence of refunds asked of the provider and not yet settled (not yet in
    `refunded_amount`, but no longer refundable). Uses the payment's prefetched refunds when
    it has them (a list of payments costs no query each); a payment is refunded a few times
    at most."""
    return sum(
        refund.amount for refund in payment.refunds.all() if refund.state == RefundState.SUBMITTED
    )


def refundable_amount(payment: Payment) -> int:
    """Pence that may still be refunded: paid, less refunds made or under way."""
    return max(payment.refundable_amount - pending_refund_amount(payment), 0)


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time.min, tzinfo=FINANCE_TIME_ZONE)
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=FINANCE_TIME_ZONE)
    return start, end


def to_pounds(pence: int) -> Decimal:
    """Pence as a Decimal of pounds, for CSV cells and form fields: 2500 -> Decimal("25.00")."""
    return (Decimal(pence) / 100).quantize(Decimal("0.01"))


def reconciliation_rows(day: date) -> list[dict]:
    """Payments taken and refunds made on `day` (UK time), for finance to match against the
    provider's settlement report: one row each, keyed as `RECONCILIATION_COLUMNS`, amounts in
    pounds (refunds negative). A refund counts on the day the provider confirmed it."""
    start, end = _day_bounds(day)
    rows = []
    payments = (
        Payment.objects.filter(paid_at__gte=start, paid_at__lt=end)
        .select_related("case")
        .order_by("paid_at", "pk")
    )
    for payment in payments:
        rows.append(
            {
                "date": payment.paid_at.astimezone(FINANCE_TIME_ZONE).date(),
                "type": "payment",
                "case_reference": payment.case.reference,
                "payment_reference": str(payment.uuid),
                "provider": payment.provider,
                "provider_reference": payment.provider_id,
                "description": payment.description,
                "fund_code": payment.fund_code,
                "cost_code": payment.cost_code,
                "amount": to_pounds(payment.amount),
                "_at": payment.paid_at,
            }
        )
    refunds = (
        Refund.objects.filter(state=RefundState.SUCCESS, settled_at__gte=start, settled_at__lt=end)
        .select_related("payment", "payment__case")
        .order_by("settled_at", "pk")
    )
    for refund in refunds:
        payment = refund.payment
        rows.append(
            {
                "date": refund.settled_at.astimezone(FINANCE_TIME_ZONE).date(),
                "type": "refund",
                "case_reference": payment.case.reference,
                "payment_reference": str(payment.uuid),
                "provider": payment.provider,
                "provider_reference": refund.provider_refund_id,
                "description": payment.description,
                "fund_code": payment.fund_code,
                "cost_code": payment.cost_code,
                "amount": -to_pounds(refund.amount),
                "_at": refund.settled_at,
            }
        )
    rows.sort(key=lambda row: row["_at"])
    for row in rows:
        del row["_at"]
    return rows
