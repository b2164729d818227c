"""Refunds in part and in full, with a reason; never more than was paid, even at once."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from crm.notifications.enums import EmailKind
from crm.notifications.models import OutboxMessage
from crm.payments.enums import EventSource, PaymentState, RefundKind, RefundState
from crm.payments.models import Payment, Refund, SandboxCharge
from crm.payments.selectors import refundable_amount
from crm.payments.services import _apply_state, handle_webhook, refund_payment
from tests.crm.factories import UserFactory
from tests.crm.payments.factories import sandbox_payment


def _paid(case, amount=5000):
    payment = sandbox_payment(case=case, amount=amount)
    SandboxCharge.objects.update(state=PaymentState.SUCCESS)
    _apply_state(payment, PaymentState.SUCCESS, source=EventSource.WEBHOOK)
    return payment


@pytest.mark.django_db
def test_a_part_refund_is_recorded_and_emailed(case, state_changes):
    payment = _paid(case)
    officer = UserFactory()

    refund = refund_payment(
        payment,
        amount=1500,
        reason="One item was not collected",
        kind=RefundKind.STAFF,
        actor=officer,
    )

    payment.refresh_from_db()
    assert (refund.state, refund.amount, refund.requested_by) == (
        RefundState.SUCCESS,
        1500,
        officer,
    )
    assert refund.provider_refund_id == f"sbx_rfd_{refund.uuid}"
    assert (payment.state, payment.refunded_amount) == (PaymentState.PARTLY_REFUNDED, 1500)
    assert refundable_amount(payment) == 3500
    event = payment.events.last()
    assert (event.to_state, event.amount, event.source, event.actor) == (
        "partly_refunded",
        1500,
        "staff",
        officer,
    )
    email = OutboxMessage.objects.get(kind=EmailKind.REFUND_ISSUED)
    assert email.context["amount"] == "£15.00"
    assert email.context["message"] == "One item was not collected"
    assert state_changes[-1][1:] == ("success", "partly_refunded")


@pytest.mark.django_db
def test_part_refunds_up_to_the_full_amount(case):
    payment = _paid(case)

    refund_payment(payment, amount=2000, reason="Part", kind=RefundKind.STAFF)
    refund_payment(payment, amount=1000, reason="More", kind=RefundKind.STAFF)
    assert payment.state == PaymentState.PARTLY_REFUNDED
    refund_payment(payment, amount=2000, reason="The rest", kind=RefundKind.STAFF)

    payment.refresh_from_db()
    assert (payment.state, payment.refunded_amount, payment.refundable_amount) == (
        PaymentState.REFUNDED,
        5000,
        0,
    )
    # Every refund is on the history with its amount, the second without a new state.
    assert list(payment.events.exclude(amount=None).values_list("to_state", "amount")) == [
        ("partly_refunded", 2000),
        ("partly_refunded", 1000),
        ("refunded", 2000),
    ]
    assert SandboxCharge.objects.get().refunded_amount == 5000


@pytest.mark.django_db
def test_a_full_refund_in_one_go(case):
    payment = _paid(case)

    refund_payment(payment, amount=5000, reason="Cancelled", kind=RefundKind.CANCELLATION)

    assert payment.state == PaymentState.REFUNDED
    # Bookings words its own email for cancellations.
    assert not OutboxMessage.objects.filter(kind=EmailKind.REFUND_ISSUED).exists()


@pytest.mark.django_db
def test_a_deposit_refund_is_emailed(case):
    payment = _paid(case)
    refund_payment(payment, amount=1000, reason="Hire ended", kind=RefundKind.DEPOSIT)
    assert OutboxMessage.objects.filter(kind=EmailKind.REFUND_ISSUED).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("amount", "reason", "message"),
    [
        (5001, "Too much", "at most £50.00"),
        (0, "Nothing", "more than £0"),
        (-100, "Negative", "more than £0"),
        (1000, "   ", "reason"),
    ],
    ids=["too-much", "zero", "negative", "no-reason"],
)
def test_refunds_refused(case, amount, reason, message):
    payment = _paid(case)

    with pytest.raises(ValidationError, match=message):
        refund_payment(payment, amount=amount, reason=reason, kind=RefundKind.STAFF)

    payment.refresh_from_db()
    assert (payment.state, payment.refunded_amount) == (PaymentState.SUCCESS, 0)
    assert not Refund.objects.exists()
    assert SandboxCharge.objects.get().refunded_amount == 0


@pytest.mark.django_db
@pytest.mark.parametrize("state", [PaymentState.SUBMITTED, PaymentState.FAILED])
def test_an_unpaid_payment_cannot_be_refunded(case, state):
    payment = sandbox_payment(case=case)
    _apply_state(payment, state, source=EventSource.WEBHOOK)

    with pytest.raises(ValidationError, match="Only a paid payment"):
        refund_payment(payment, amount=100, reason="Why not", kind=RefundKind.STAFF)
    assert not Refund.objects.exists()


@pytest.mark.django_db
def test_a_second_refund_cannot_exceed_what_is_left(case):
    payment = _paid(case)
    refund_payment(payment, amount=4000, reason="Most", kind=RefundKind.STAFF)

    with pytest.raises(ValidationError, match="at most £10.00"):
        refund_payment(payment, amount=1500, reason="Too much", kind=RefundKind.STAFF)
    assert Refund.objects.count() == 1


@pytest.mark.django_db
def test_a_refund_under_way_counts_against_what_is_left(case, monkeypatch):
    """A provider that settles refunds later (GOV.UK Pay): the pending amount is not refundable
    again, and the notification settles it once."""
    from crm.payments.providers import ProviderRefund
    from crm.payments.providers.sandbox import SandboxProvider

    payment = _paid(case)
    monkeypatch.setattr(
        SandboxProvider,
        "refund",
        lambda self, payment, *, amount, refund_uuid: ProviderRefund(
            refund_id=f"later_{refund_uuid}", state=RefundState.SUBMITTED
        ),
    )
    refund = refund_payment(payment, amount=3000, reason="Part", kind=RefundKind.STAFF)
    assert (refund.state, Payment.objects.get().state) == (
        RefundState.SUBMITTED,
        PaymentState.SUCCESS,
    )
    with pytest.raises(ValidationError, match="at most £20.00"):
        refund_payment(payment, amount=2500, reason="Too much", kind=RefundKind.STAFF)

    from crm.payments.services import _settle_refund

    assert _settle_refund(refund, RefundState.SUCCESS, source=EventSource.WEBHOOK)
    assert not _settle_refund(refund, RefundState.SUCCESS, source=EventSource.WEBHOOK)
    payment.refresh_from_db()
    assert (payment.state, payment.refunded_amount) == (PaymentState.PARTLY_REFUNDED, 3000)


@pytest.mark.django_db
def test_a_refund_notification_for_no_refund_of_ours_changes_nothing(case, sandbox_notice):
    payment = _paid(case)
    # A payment notification repeated after the refund cannot move the state back.
    refund_payment(payment, amount=5000, reason="All", kind=RefundKind.STAFF)
    assert handle_webhook("sandbox", *sandbox_notice(payment, PaymentState.SUCCESS)) == 0
    assert Payment.objects.get().state == PaymentState.REFUNDED


@pytest.mark.django_db(transaction=True)
def test_concurrent_refunds_never_exceed_the_amount(case):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    payment = _paid(case, amount=5000)
    barrier = threading.Barrier(6)
    outcomes = []

    def refund():
        try:
            barrier.wait()
            refund_payment(
                Payment.objects.get(pk=payment.pk),
                amount=2000,
                reason="Racing",
                kind=RefundKind.STAFF,
            )
            outcomes.append("refunded")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=refund) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    payment.refresh_from_db()
    assert sorted(outcomes) == ["refunded", "refunded"] + ["refused"] * 4
    assert payment.refunded_amount == 4000
    assert sum(Refund.objects.values_list("amount", flat=True)) == 4000
    assert SandboxCharge.objects.get().refunded_amount == 4000
