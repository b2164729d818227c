"""Fixtures for the bookings tests: a resident's case and a sandbox payment service."""

import pytest

from tests.crm.factories import CaseFactory, CustomerFactory
from tests.crm.payments.factories import PaymentServiceFactory


@pytest.fixture
def case(db):
    return CaseFactory(customer=CustomerFactory(name="Ria Resident", email="ria@example.com"))


@pytest.fixture
def payment_service(db):
    return PaymentServiceFactory(name="Bulky waste collections")
