"""Reads: amounts as residents read them, who may see which payment, deposits, and the
reconciliation rows finance matches against the provider's report."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.http import Http404

from crm.payments.enums import RefundKind, RefundState
from crm.payments.models import Refund
from crm.payments.selectors import (
    deposit_amount,
    format_amount,
    get_payment,
    get_payment_for_resident,
    payment_for_case,
    payments_for_case,
    payments_for_resident,
    reconciliation_rows,
)
from tests.crm.factories import CaseFactory, CustomerFactory, UserFactory
from tests.crm.payments.factories import PaymentFactory, PaymentServiceFactory


@pytest.mark.parametrize(
    ("pence", "text"),
    [(2500, "£25.00"), (5, "£0.05"), (123456, "£1,234.56"), (-500, "-£5.00"), (0, "£0.00")],
)
def test_format_amount(pence, text):
    assert format_amount(pence) == text


@pytest.mark.django_db
def test_payments_for_case_newest_first(case):
    older = PaymentFactory(case=case, failed=True)
    newer = PaymentFactory(case=case, paid=True)
    PaymentFactory()  # another case's

    assert list(payments_for_case(case)) == [newer, older]
    assert payment_for_case(case) == newer
    assert payment_for_case(CaseFactory()) is None


@pytest.mark.django_db
def test_get_payment_by_reference(case):
    payment = PaymentFactory(case=case)
    assert get_payment(str(payment.uuid)) == payment
    with pytest.raises(Http404):
        get_payment("not-a-uuid")
    with pytest.raises(Http404):
        get_payment("00000000-0000-0000-0000-000000000000")


@pytest.mark.django_db
def test_residents_see_only_payments_on_their_own_cases():
    user = UserFactory(email="ria@example.com")
    mine = PaymentFactory(case=CaseFactory(customer=CustomerFactory(email="ria@example.com")))
    theirs = PaymentFactory(case=CaseFactory(customer=CustomerFactory(email="sam@example.com")))

    assert list(payments_for_resident(user, verified_emails=["ria@example.com"])) == [mine]
    assert get_payment_for_resident(user, mine.uuid, verified_emails=["ria@example.com"]) == mine
    with pytest.raises(Http404):
        get_payment_for_resident(user, theirs.uuid, verified_emails=["ria@example.com"])
    # An address not (or no longer) verified on the account gives nothing.
    assert not payments_for_resident(user, verified_emails=[]).exists()


@pytest.mark.django_db
def test_deposit_amount_is_the_deposit_lines():
    payment = PaymentFactory(
        amount=17500,
        line_items=[
            {
                "label": "Hall hire",
                "quantity": 3,
                "unit_amount": 2500,
                "amount": 7500,
                "kind": "fee",
            },
            {
                "label": "Deposit",
                "quantity": 1,
                "unit_amount": 10000,
                "amount": 10000,
                "kind": "deposit",
            },
        ],
    )
    assert deposit_amount(payment) == 10000
    assert deposit_amount(PaymentFactory()) == 0


@pytest.mark.django_db
def test_reconciliation_rows_for_a_day_in_uk_time():
    service = PaymentServiceFactory(fund_code="F200", cost_code="CC-9")
    # 23:30 UTC on 30 June is 00:30 on 1 July in London (BST).
    paid = PaymentFactory(
        service=service,
        paid=True,
        amount=2500,
        provider_id="sbx_1",
        description="Bulky waste collection",
        paid_at=datetime(2026, 6, 30, 23, 30, tzinfo=UTC),
    )
    PaymentFactory(paid=True, paid_at=datetime(2026, 6, 30, 22, 30, tzinfo=UTC))  # 30 June
    PaymentFactory(submitted=True)  # never paid
    Refund.objects.create(
        payment=paid,
        amount=1000,
        reason="One item not collected",
        kind=RefundKind.STAFF,
        state=RefundState.SUCCESS,
        provider_refund_id="sbx_rfd_1",
        settled_at=datetime(2026, 7, 1, 15, 0, tzinfo=UTC),
    )
    Refund.objects.create(  # still under way: not money moved yet
        payment=paid, amount=500, reason="Pending", kind=RefundKind.STAFF
    )

    rows = reconciliation_rows(date(2026, 7, 1))

    assert rows == [
        {
            "date": date(2026, 7, 1),
            "type": "payment",
            "case_reference": paid.case.reference,
            "payment_reference": str(paid.uuid),
            "provider": "sandbox",
            "provider_reference": "sbx_1",
            "description": "Bulky waste collection",
            "fund_code": "F200",
            "cost_code": "CC-9",
            "amount": Decimal("25.00"),
        },
        {
            "date": date(2026, 7, 1),
            "type": "refund",
            "case_reference": paid.case.reference,
            "payment_reference": str(paid.uuid),
            "provider": "sandbox",
            "provider_reference": "sbx_rfd_1",
            "description": "Bulky waste collection",
            "fund_code": "F200",
            "cost_code": "CC-9",
            "amount": Decimal("-10.00"),
        },
    ]
    assert len(reconciliation_rows(date(2026, 6, 30))) == 1
