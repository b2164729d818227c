"""Starting, sending and following a payment: states only move forward, each change is on the
history once, with one signal and (when paid) one receipt email."""

import pytest
from django.core.exceptions import ValidationError

from crm.notifications.enums import EmailKind
from crm.notifications.models import OutboxMessage
from crm.payments.enums import EventSource, PaymentState
from crm.payments.models import Payment, PaymentEvent, SandboxCharge
from crm.payments.services import (
    _apply_state,
    retry_payment,
    start_payment,
    submit_payment,
    sync_payment,
)
from tests.crm.payments.factories import RETURN_URL, PaymentServiceFactory, fee_lines

pytestmark = pytest.mark.django_db


def _lines():
    return [
        {"label": "Fridge", "quantity": 2, "unit_amount": 2500, "amount": 5000, "kind": "item"},
        {"label": "Sofa", "quantity": 1, "unit_amount": 1500, "amount": 1500, "kind": "item"},
    ]


def test_start_payment_adds_up_the_lines_and_copies_the_service_codes(case, service):
    payment = start_payment(
        case=case, service=service, line_items=_lines(), description="Bulky waste collection"
    )

    assert payment.state == PaymentState.CREATED
    assert payment.amount == 6500
    assert (payment.provider, payment.fund_code, payment.cost_code) == (
        "sandbox",
        "F100",
        "CC-2040",
    )
    assert [(e.from_state, e.to_state) for e in payment.events.all()] == [("", "created")]


def test_start_payment_refuses_a_service_not_taking_payments(case):
    service = PaymentServiceFactory(active=False)

    with pytest.raises(ValidationError, match="not taking payments"):
        start_payment(case=case, service=service, line_items=fee_lines(), description="Fee")
    assert not Payment.objects.exists()


def test_start_payment_refuses_nothing_to_pay(case, service):
    with pytest.raises(ValidationError, match="nothing to pay"):
        start_payment(case=case, service=service, line_items=fee_lines(0), description="Fee")
    assert not Payment.objects.exists()


def test_submit_sends_the_resident_to_the_sandbox_page(case, service):
    payment = start_payment(case=case, service=service, line_items=fee_lines(), description="Fee")

    url = submit_payment(payment, return_url=RETURN_URL)

    charge = SandboxCharge.objects.get()
    assert url == f"http://testserver/payments/sandbox/{charge.provider_id}/"
    payment.refresh_from_db()
    assert payment.state == PaymentState.SUBMITTED
    assert payment.provider_id == charge.provider_id
    assert (charge.amount, charge.return_url) == (2500, RETURN_URL)


def test_submitting_twice_gives_the_same_page_and_one_charge(case, service):
    payment = start_payment(case=case, service=service, line_items=fee_lines(), description="Fee")

    first = submit_payment(payment, return_url=RETURN_URL)
    second = submit_payment(Payment.objects.get(pk=payment.pk), return_url=RETURN_URL)

    assert first == second
    assert SandboxCharge.objects.count() == 1
    assert payment.events.filter(to_state=PaymentState.SUBMITTED).count() == 1


def test_the_sandbox_is_refused_when_switched_off(case, service, settings):
    settings.DOORSTEP_PAYMENTS_SANDBOX = False
    payment = start_payment(case=case, service=service, line_items=fee_lines(), description="Fee")

    with pytest.raises(ValidationError, match="Your answers have been kept"):
        submit_payment(payment, return_url=RETURN_URL)

    payment.refresh_from_db()
    assert payment.state == PaymentState.CREATED
    assert not SandboxCharge.objects.exists()


def test_a_finished_payment_is_not_sent_again(case, service):
    payment = start_payment(case=case, service=service, line_items=fee_lines(), description="Fee")
    _apply_state(payment, PaymentState.EXPIRED, source=EventSource.SYSTEM)

    with pytest.raises(ValidationError, match="already finished"):
        submit_payment(payment, return_url=RETURN_URL)


def test_states_only_move_forward(case, service, state_changes):
    payment = start_payment(case=case, service=service, line_items=fee_lines(), description="Fee")
    submit_payment(payment, return_url=RETURN_URL)
    assert _apply_state(payment, PaymentState.SUCCESS, source=EventSource.WEBHOOK)

    # Late and repeated reports: a "submitted", a "failed", another "success".
    assert not _apply_state(payment, PaymentState.SUBMITTED, source=EventSource.WEBHOOK)
    assert not _apply_state(payment, PaymentState.FAILED, source=EventSource.POLL)
    assert not _apply_state(payment, PaymentState.SUCCESS, source=EventSource.RETURN)

    payment.refresh_from_db()
    assert payment.state == PaymentState.SUCCESS
    assert payment.paid_at is not None
    assert list(payment.events.values_list("to_state", flat=True)) == [
        "created",
        "submitted",
        "success",
    ]
    assert [change[1:] for change in state_changes] == [
        ("created", "submitted"),
        ("submitted", "success"),
    ]


def test_a_declined_payment_can_still_succeed_but_not_be_cancelled(case, service):
    payment = start_payment(case=case, service=service, line_items=fee_lines(), description="Fee")
    _apply_state(
        payment,
        PaymentState.FAILED,
        source=EventSource.WEBHOOK,
        failure_code="P0010",
        failure_message="Payment method rejected",
    )
    assert not _apply_state(payment, PaymentState.CANCELLED, source=EventSource.RETURN)
    assert payment.failure_code == "P0010"
    assert _apply_state(payment, PaymentState.SUCCESS, source=EventSource.WEBHOOK)
    assert payment.state == PaymentState.SUCCESS


def test_a_receipt_is_queued_once_when_paid(case, service):
    payment = start_payment(case=case, service=service, line_items=_lines(), description="Fee")
    submit_payment(payment, return_url=RETURN_URL)

    _apply_state(payment, PaymentState.SUCCESS, source=EventSource.RETURN)
    _apply_state(payment, PaymentState.SUCCESS, source=EventSource.WEBHOOK)

    receipt = OutboxMessage.objects.get(kind=EmailKind.PAYMENT_RECEIVED)
    assert receipt.recipient == "ria@example.com"
    assert receipt.context["amount"] == "£65.00"
    assert receipt.context["description"] == "Fee"


def test_no_receipt_for_a_declined_payment(case, service):
    payment = start_payment(case=case, service=service, line_items=fee_lines(), description="Fee")
    _apply_state(payment, PaymentState.FAILED, source=EventSource.WEBHOOK)
    assert not OutboxMessage.objects.filter(kind=EmailKind.PAYMENT_RECEIVED).exists()


def test_sync_on_return_records_what_the_sandbox_says(case, service):
    payment = start_payment(case=case, service=service, line_items=fee_lines(), description="Fee")
    submit_payment(payment, return_url=RETURN_URL)
    SandboxCharge.objects.update(state=PaymentState.SUCCESS)

    sync_payment(payment)

    assert payment.state == PaymentState.SUCCESS
    event = payment.events.get(to_state=PaymentState.SUCCESS)
    assert event.source == EventSource.RETURN


def test_sync_with_the_cancel_link_closes_the_charge(case, service):
    payment = start_payment(case=case, service=service, line_items=fee_lines(), description="Fee")
    submit_payment(payment, return_url=RETURN_URL)

    sync_payment(payment, cancelled=True)

    assert payment.state == PaymentState.CANCELLED
    assert SandboxCharge.objects.get().state == PaymentState.CANCELLED


def test_sync_with_the_cancel_link_keeps_a_payment_made_after_all(case, service):
    payment = start_payment(case=case, service=service, line_items=fee_lines(), description="Fee")
    submit_payment(payment, return_url=RETURN_URL)
    SandboxCharge.objects.update(state=PaymentState.SUCCESS)

    sync_payment(payment, cancelled=True)

    assert payment.state == PaymentState.SUCCESS


def test_retry_after_a_decline_makes_a_new_payment(case, service):
    payment = start_payment(case=case, service=service, line_items=_lines(), description="Fee")
    submit_payment(payment, return_url=RETURN_URL)
    _apply_state(payment, PaymentState.FAILED, source=EventSource.WEBHOOK)

    again = retry_payment(payment)

    assert again.pk != payment.pk
    assert again.state == PaymentState.CREATED
    assert (again.case, again.service, again.amount) == (case, service, 6500)
    assert again.line_items == payment.line_items


def test_retry_closes_a_payment_still_open_at_the_provider(case, service):
    payment = start_payment(case=case, service=service, line_items=fee_lines(), description="Fee")
    submit_payment(payment, return_url=RETURN_URL)

    retry_payment(payment)

    assert Payment.objects.get(pk=payment.pk).state == PaymentState.CANCELLED
    assert SandboxCharge.objects.get().state == PaymentState.CANCELLED


def test_retry_is_refused_once_paid(case, service):
    payment = start_payment(case=case, service=service, line_items=fee_lines(), description="Fee")
    submit_payment(payment, return_url=RETURN_URL)
    _apply_state(payment, PaymentState.SUCCESS, source=EventSource.WEBHOOK)

    with pytest.raises(ValidationError, match="already been paid"):
        retry_payment(payment)
    assert Payment.objects.count() == 1


def test_each_change_is_recorded_with_its_source_and_event_id(case, service):
    payment = start_payment(case=case, service=service, line_items=fee_lines(), description="Fee")
    _apply_state(payment, PaymentState.SUCCESS, source=EventSource.WEBHOOK, event_id="evt_1")
    event = PaymentEvent.objects.get(to_state=PaymentState.SUCCESS)
    assert (event.from_state, event.source, event.provider_event_id) == (
        "created",
        "webhook",
        "evt_1",
    )


def test_a_receiver_that_refunds_on_success_leaves_the_caller_up_to_date(case, service):
    """As bookings does for a payment that came after its hold expired with no place left."""
    from crm.payments.enums import RefundKind
    from crm.payments.services import refund_payment
    from crm.payments.signals import payment_state_changed

    def refund_late_payment(sender, payment, from_state, to_state, **kwargs):
        if to_state == PaymentState.SUCCESS:
            refund_payment(
                payment, amount=payment.amount, reason="Late", kind=RefundKind.LATE_PAYMENT
            )

    payment = start_payment(case=case, service=service, line_items=fee_lines(), description="Fee")
    submit_payment(payment, return_url=RETURN_URL)
    SandboxCharge.objects.update(state=PaymentState.SUCCESS)
    payment_state_changed.connect(refund_late_payment, weak=False, dispatch_uid="test-late")
    try:
        _apply_state(payment, PaymentState.SUCCESS, source=EventSource.WEBHOOK)
    finally:
        payment_state_changed.disconnect(dispatch_uid="test-late")

    assert (payment.state, payment.refunded_amount) == (PaymentState.REFUNDED, 2500)
    assert list(payment.events.values_list("to_state", flat=True)) == [
        "created",
        "submitted",
        "success",
        "refunded",
    ]


def test_retry_is_refused_while_the_open_payment_cannot_be_closed(case, service, monkeypatch):
    from crm.payments.providers import ProviderError
    from crm.payments.providers.sandbox import SandboxProvider

    payment = start_payment(case=case, service=service, line_items=fee_lines(), description="Fee")
    submit_payment(payment, return_url=RETURN_URL)

    def down(self, payment):
        raise ProviderError("down")

    monkeypatch.setattr(SandboxProvider, "cancel_payment", down)
    monkeypatch.setattr(SandboxProvider, "fetch_status", down)

    with pytest.raises(ValidationError, match="not available at the moment"):
        retry_payment(payment)
    assert Payment.objects.count() == 1


@pytest.mark.parametrize(
    ("return_url", "page"),
    [
        ("https://council.example/forms/fee/pay/return/", "https://council.example"),
        ("/forms/fee/pay/return/", "http://testserver"),
    ],
    ids=["resident's-site", "base-url"],
)
def test_the_sandbox_page_is_on_the_site_the_resident_is_on(case, service, return_url, page):
    payment = start_payment(case=case, service=service, line_items=fee_lines(), description="Fee")

    url = submit_payment(payment, return_url=return_url)

    assert url == f"{page}/payments/sandbox/{payment.provider_id}/"
