"""The sweep: payments whose resident never came back are asked about; payments never sent to
a payment page expire; a provider that cannot be reached is left for next time."""

import logging
from datetime import timedelta

import pytest
from django.utils import timezone

from crm.payments.enums import PaymentState, RefundState
from crm.payments.models import Payment, Refund, SandboxCharge
from crm.payments.providers import ProviderError, ProviderStatus
from crm.payments.providers.sandbox import SandboxProvider
from crm.payments.tasks import sweep_unfinished_payments_task
from tests.crm.payments.factories import PaymentFactory, sandbox_payment

pytestmark = pytest.mark.django_db


def _age(payment, minutes):
    at = timezone.now() - timedelta(minutes=minutes)
    Payment.objects.filter(pk=payment.pk).update(created_at=at, submitted_at=at)


def test_a_payment_paid_with_no_news_is_found_by_the_sweep(case):
    payment = sandbox_payment(case=case)
    _age(payment, 20)
    SandboxCharge.objects.update(state=PaymentState.SUCCESS)

    assert sweep_unfinished_payments_task.delay().get() == 1

    payment.refresh_from_db()
    assert payment.state == PaymentState.SUCCESS
    assert payment.events.get(to_state=PaymentState.SUCCESS).source == "poll"


def test_a_recent_payment_is_left_alone(case):
    payment = sandbox_payment(case=case)
    _age(payment, 5)
    SandboxCharge.objects.update(state=PaymentState.SUCCESS)

    assert sweep_unfinished_payments_task.delay().get() == 0
    assert Payment.objects.get(pk=payment.pk).state == PaymentState.SUBMITTED


def test_an_abandoned_sandbox_page_expires(case):
    payment = sandbox_payment(case=case)
    _age(payment, 100)
    SandboxCharge.objects.update(created_at=timezone.now() - timedelta(minutes=100))

    sweep_unfinished_payments_task.delay()

    assert Payment.objects.get(pk=payment.pk).state == PaymentState.EXPIRED


def test_a_payment_never_sent_expires_after_a_day(db):
    old = PaymentFactory()
    new = PaymentFactory()
    Payment.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=1, hours=1))

    assert sweep_unfinished_payments_task.delay().get() == 1

    assert Payment.objects.get(pk=old.pk).state == PaymentState.EXPIRED
    assert Payment.objects.get(pk=new.pk).state == PaymentState.CREATED


def test_an_unreachable_provider_is_logged_and_tried_again(case, monkeypatch, caplog):
    payment = sandbox_payment(case=case)
    _age(payment, 20)

    def down(self, payment):
        raise ProviderError("Connection refused to sandbox.example")

    monkeypatch.setattr(SandboxProvider, "fetch_status", down)
    with caplog.at_level(logging.WARNING, logger="crm.payments.services"):
        assert sweep_unfinished_payments_task.delay().get() == 0

    assert Payment.objects.get(pk=payment.pk).state == PaymentState.SUBMITTED
    assert "ProviderError" in caplog.text
    assert "sandbox.example" not in caplog.text

    monkeypatch.undo()
    SandboxCharge.objects.update(state=PaymentState.CANCELLED)
    assert sweep_unfinished_payments_task.delay().get() == 1
    assert Payment.objects.get(pk=payment.pk).state == PaymentState.CANCELLED


def test_a_refund_under_way_is_settled_from_the_reported_total(case, monkeypatch):
    payment = PaymentFactory(case=case, paid=True, amount=5000)
    refund = Refund.objects.create(payment=payment, amount=2000, reason="Part", kind="staff")
    Refund.objects.filter(pk=refund.pk).update(created_at=timezone.now() - timedelta(minutes=20))
    monkeypatch.setattr(
        SandboxProvider,
        "fetch_status",
        lambda self, payment: ProviderStatus(
            state=PaymentState.PARTLY_REFUNDED, refunded_amount=2000
        ),
    )

    assert sweep_unfinished_payments_task.delay().get() == 1

    refund.refresh_from_db()
    payment.refresh_from_db()
    assert refund.state == RefundState.SUCCESS
    assert (payment.state, payment.refunded_amount) == (PaymentState.PARTLY_REFUNDED, 2000)
