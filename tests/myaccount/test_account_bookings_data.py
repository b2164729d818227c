"""Data for the My Account bookings and payments tests (no tests here).

Bookings come from the bookings factories (what a hold and a paid payment leave behind);
payments go through `crm.payments.services` and the sandbox provider's own test page, as a
resident's payment does, so refunds later go through the real provider code. No network.
"""

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from crm.bookings.enums import BookingStatus
from crm.payments.services import start_payment, submit_payment
from tests.crm.bookings.factories import BookingFactory, RoundFactory
from tests.crm.bookings.helpers import pay_in_sandbox
from tests.crm.payments.factories import RETURN_URL, PaymentServiceFactory

FRIDGE_LINES = [
    {"label": "Fridge", "quantity": 2, "unit_amount": 2000, "amount": 4000, "kind": "item"},
    {"label": "Sofa", "quantity": 1, "unit_amount": 1000, "amount": 1000, "kind": "item"},
]
BOOKED_ITEMS = [{"label": "Fridge", "quantity": 2}, {"label": "Sofa", "quantity": 1}]
HIRE_LINES = [{"label": "Hire fee", "quantity": 1, "unit_amount": 3000, "amount": 3000}]


def collection_round(**fields):
    """A round taking bookings every day, cancellable up to 24 hours before."""
    return RoundFactory(name="Bulky waste collection", cancellation_cutoff_hours=24, **fields)


def collection(case, resource, *, days_ahead: int = 3, status=BookingStatus.CONFIRMED, **fields):
    """A collection of two fridges and a sofa on the day `days_ahead` from today (London)."""
    fields.setdefault("items", BOOKED_ITEMS)
    return BookingFactory(
        on=resource,
        case=case,
        day=timezone.localdate() + timedelta(days=days_ahead),
        status=status,
        quantity=3,
        address_text="12 Mill Lane, Doorstep",
        **fields,
    )


def collection_starting_in(case, resource, *, hours: float, **fields):
    """A booking that starts `hours` from now (to be inside or outside the cut-off)."""
    starts_at = timezone.now() + timedelta(hours=hours)
    return collection(
        case,
        resource,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=1),
        date=timezone.localtime(starts_at).date(),
        **fields,
    )


def _started(case, *, lines, description: str):
    """Started and sent to the sandbox's page, as the eForm's pay step does."""
    payment = start_payment(
        case=case, service=PaymentServiceFactory(), line_items=lines, description=description
    )
    submit_payment(payment, return_url=RETURN_URL)
    payment.refresh_from_db()
    return payment


def paid_payment(case, *, lines=None, description="Bulky waste collection"):
    """Paid £50.00 (by default) with the sandbox page's Pay button (its signed notification
    goes through `handle_webhook`)."""
    payment = _started(case, lines=lines or FRIDGE_LINES, description=description)
    return pay_in_sandbox(Client(), payment)


def unpaid_payment(case, *, description="Hall hire"):
    """A £30.00 payment the resident was sent to pay and declined."""
    payment = _started(case, lines=HIRE_LINES, description=description)
    return pay_in_sandbox(Client(), payment, action="decline")
