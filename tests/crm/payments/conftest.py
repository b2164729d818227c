"""Fixtures for the payments tests: a case with a resident, a sandbox payment service, and a
recorder of `payment_state_changed`."""

import pytest

from crm.payments.models import SandboxCharge
from crm.payments.providers.sandbox import notification
from crm.payments.signals import payment_state_changed
from tests.crm.factories import CaseFactory, CustomerFactory
from tests.crm.payments.factories import PaymentServiceFactory


@pytest.fixture
def case(db):
    return CaseFactory(customer=CustomerFactory(email="ria@example.com", verified=True))


@pytest.fixture
def service(db):
    return PaymentServiceFactory(name="Bulky waste", fund_code="F100", cost_code="CC-2040")


@pytest.fixture
def state_changes():
    """Every `payment_state_changed` sent during the test, as (payment pk, from, to)."""
    seen = []

    def receiver(sender, payment, from_state, to_state, **kwargs):
        seen.append((payment.pk, from_state, to_state))

    payment_state_changed.connect(receiver, weak=False, dispatch_uid="test-state-changes")
    yield seen
    payment_state_changed.disconnect(dispatch_uid="test-state-changes")


@pytest.fixture
def sandbox_notice():
    """The signed notification the sandbox sends for a payment reaching `state`: (body,
    headers), ready for `handle_webhook("sandbox", body, headers)`."""

    def make(payment, state, **failure):
        charge = SandboxCharge(provider_id=payment.provider_id, state=state)
        return notification(charge, **failure)

    return make
