"""Payments on the staff case page: each payment with its state history and refunds, and the
Refund form (refused for staff who may not see the case, and for bad amounts, too much or no
reason, with the message next to the form and what was typed kept)."""

import pytest
from django.test import Client

from crm.payments.enums import PaymentState, RefundKind, RefundState
from crm.payments.models import Refund
from crm.payments.providers import ProviderRefund
from crm.payments.providers.sandbox import SandboxProvider
from tests.crm.bookings.helpers import paid_case_payment
from tests.crm.factories import CaseFactory, UserFactory
from tests.crm.payments.factories import PaymentFactory


@pytest.fixture
def case(type_a):
    return CaseFactory(case_type=type_a)


@pytest.fixture
def paid(case):
    """£25.00 paid in the sandbox (created, sent to the page, paid)."""
    return paid_case_payment(Client(), case, amount=2500)


def refund_url(payment) -> str:
    return f"/admin/payments/case/{payment.case.uuid}/{payment.uuid}/refund/"


def refund_data(payment, amount: str, reason: str = "Collection missed") -> dict:
    prefix = f"payment-refund-{payment.pk}"
    return {f"{prefix}-amount": amount, f"{prefix}-reason": reason}


def messages_of(response) -> list[str]:
    return [str(message).strip() for message in response.context["messages"]]


# --- The case page ------------------------------------------------------------------------------


def test_case_page_shows_the_payment_its_history_and_a_refund_form(client_a, paid):
    html = client_a.get(f"/admin/cases/{paid.case.uuid}/").content.decode()

    assert 'id="case-payments-heading"' in html
    assert "£25.00" in html
    assert paid.provider_id in html
    assert "Collection fee" in html  # the line paid for
    # The full state history, from created to paid.
    assert "Created" in html and "Sent to the payment page" in html and "Paid" in html
    # The refund form, defaulting to what can be refunded.
    assert refund_url(paid) in html
    assert 'value="25.00"' in html


def test_an_unpaid_payment_has_no_refund_form(client_a, case):
    payment = PaymentFactory(case=case, failed=True)

    html = client_a.get(f"/admin/cases/{case.uuid}/").content.decode()

    assert "Declined or failed" in html
    assert refund_url(payment) not in html


def test_case_without_payments_has_no_payments_section(client_a, case):
    html = client_a.get(f"/admin/cases/{case.uuid}/").content.decode()

    assert 'id="case-payments-heading"' not in html


# --- Refund -------------------------------------------------------------------------------------


def test_staff_refund_part_of_a_payment(client_a, staff_a, paid):
    response = client_a.post(refund_url(paid), refund_data(paid, "10.50"), follow=True)

    assert response.redirect_chain[-1][0] == f"/admin/cases/{paid.case.uuid}/"
    assert "£10.50 has been refunded. The resident has been emailed." in messages_of(response)
    refund = Refund.objects.get(payment=paid)
    assert (refund.amount, refund.kind, refund.reason, refund.requested_by) == (
        1050,
        RefundKind.STAFF,
        "Collection missed",
        staff_a,
    )
    paid.refresh_from_db()
    assert paid.state == PaymentState.PARTLY_REFUNDED
    html = response.content.decode()
    assert "Refunded in part" in html
    assert 'value="14.50"' in html  # what is left to refund


def test_refund_more_than_was_paid_is_refused_with_the_services_message(client_a, paid):
    response = client_a.post(refund_url(paid), refund_data(paid, "30.00"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "You can refund at most £25.00." in html
    assert 'value="30.00"' in html  # what was typed is kept
    assert not Refund.objects.exists()


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("ten pounds", "Enter the amount in pounds and pence, for example 12.50"),
        ("1.234", "Enter the amount in pounds and pence, for example 12.50"),
        ("", "Enter the amount to refund"),
        ("0", "Enter an amount to refund of more than £0."),
        ("-5", "Enter an amount to refund of more than £0."),
    ],
)
def test_a_bad_refund_amount_is_refused(client_a, paid, amount, message):
    response = client_a.post(refund_url(paid), refund_data(paid, amount))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Refund.objects.exists()


def test_a_refund_without_a_reason_is_refused(client_a, paid):
    response = client_a.post(refund_url(paid), refund_data(paid, "5.00", reason="  "))

    assert response.status_code == 200
    assert "Enter the reason for the refund." in response.content.decode()
    assert not Refund.objects.exists()


def test_an_unpaid_payment_cannot_be_refunded(client_a, case):
    payment = PaymentFactory(case=case, submitted=True)

    response = client_a.post(refund_url(payment), refund_data(payment, "5.00"))

    assert response.status_code == 200
    assert "Only a paid payment can be refunded." in response.content.decode()
    assert not Refund.objects.exists()


def test_staff_of_another_team_cannot_refund(client, staff_b, team_b, paid):
    client.force_login(staff_b)

    response = client.post(refund_url(paid), refund_data(paid, "5.00"))

    assert response.status_code == 404
    assert not Refund.objects.exists()


def test_a_resident_cannot_refund(client, paid):
    client.force_login(UserFactory())

    response = client.post(refund_url(paid), refund_data(paid, "5.00"))

    assert response.status_code in (302, 403)
    assert not Refund.objects.exists()


def test_a_payment_of_another_case_is_not_found(client_a, paid, type_a):
    other = CaseFactory(case_type=type_a)

    response = client_a.post(
        f"/admin/payments/case/{other.uuid}/{paid.uuid}/refund/", refund_data(paid, "5.00")
    )

    assert response.status_code == 404
    assert not Refund.objects.exists()


def test_refund_is_post_only(client_a, paid):
    assert client_a.get(refund_url(paid)).status_code == 405


def test_a_refund_the_provider_has_yet_to_make_says_so(client_a, paid, monkeypatch):
    """Stripe and GOV.UK Pay may answer "submitted": their notification settles it later."""

    def refund_later(self, payment, *, amount, refund_uuid):
        return ProviderRefund(refund_id=f"re_{refund_uuid}", state=RefundState.SUBMITTED)

    monkeypatch.setattr(SandboxProvider, "refund", refund_later)

    response = client_a.post(refund_url(paid), refund_data(paid, "25.00"), follow=True)

    assert (
        "A refund of £25.00 has been asked of the payment provider. The resident has been "
        "emailed. The state history shows when it is made."
    ) in messages_of(response)
    assert Refund.objects.get(payment=paid).state == RefundState.SUBMITTED
    # Nothing more can be refunded while it is under way.
    assert refund_url(paid) not in response.content.decode()
