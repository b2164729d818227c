"""Data for the My Account bookings and payments tests (no tests here).

A collection round and bookings on it are made directly (what a hold and a paid payment leave
behind); payments go through `crm.payments.services` and the sandbox provider's own test page,
as a resident's payment does, so refunds later go through the real provider code. No network.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.test import Client
from django.utils import timezone

from crm.bookings.enums import BookingStatus, ResourceKind
from crm.bookings.models import BookableResource, Booking
from crm.payments.enums import Provider
from crm.payments.models import PaymentService
from crm.payments.services import start_payment, submit_payment

LONDON = ZoneInfo("Europe/London")
RETURN_URL = "http://localhost:8000/forms/bulky-waste/pay/return/"
FRIDGE_LINES = [
    {"label": "Fridge", "quantity": 2, "unit_amount": 2000, "amount": 4000, "kind": "item"},
    {"label": "Sofa", "quantity": 1, "unit_amount": 1000, "amount": 1000, "kind": "item"},
]


def collection_round(**fields) -> BookableResource:
    values = {
        "name": "Bulky waste collection",
        "slug": "bulky-waste-north",
        "kind": ResourceKind.COLLECTION_ROUND,
        "weekdays": "0,1,2,3,4,5,6",
        "daily_capacity": 10,
        "postcode_sectors": "DS1 4",
        "cancellation_cutoff_hours": 24,
    }
    values.update(fields)
    return BookableResource.objects.create(**values)


def collection(case, resource, *, days_ahead: int = 3, status=BookingStatus.CONFIRMED, **fields):
    """A collection on the day `days_ahead` from today (London), all day."""
    day = timezone.localdate() + timedelta(days=days_ahead)
    starts_at = datetime.combine(day, time.min, tzinfo=LONDON)
    values = {
        "resource": resource,
        "case": case,
        "status": status,
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(days=1),
        "date": day,
        "quantity": 3,
        "items": [{"label": "Fridge", "quantity": 2}, {"label": "Sofa", "quantity": 1}],
        "address_text": "12 Mill Lane, Doorstep",
        "postcode": "DS1 4AB",
    }
    values.update(fields)
    return Booking.objects.create(**values)


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


def payment_service() -> PaymentService:
    return PaymentService.objects.create(
        name="Bulky waste collections", provider=Provider.SANDBOX, fund_code="F1", cost_code="C1"
    )


def paid_payment(case, *, lines=None, description="Bulky waste collection", service=None):
    """A payment started and sent to the sandbox by the services, then paid with the sandbox
    page's Pay button (its signed notification goes through `handle_webhook`)."""
    payment = start_payment(
        case=case,
        service=service or payment_service(),
        line_items=lines or FRIDGE_LINES,
        description=description,
    )
    submit_payment(payment, return_url=RETURN_URL)
    payment.refresh_from_db()
    response = Client().post(f"/payments/sandbox/{payment.provider_id}/", {"action": "pay"})
    assert response.status_code == 302, response
    payment.refresh_from_db()
    return payment


def unpaid_payment(case, *, description="Hall hire", service=None):
    """A payment the resident was sent to pay and declined."""
    payment = start_payment(
        case=case,
        service=service or payment_service(),
        line_items=[{"label": "Hire fee", "quantity": 1, "unit_amount": 3000, "amount": 3000}],
        description=description,
    )
    submit_payment(payment, return_url=RETURN_URL)
    payment.refresh_from_db()
    response = Client().post(f"/payments/sandbox/{payment.provider_id}/", {"action": "decline"})
    assert response.status_code == 302, response
    payment.refresh_from_db()
    return payment
