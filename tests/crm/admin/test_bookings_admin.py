"""Bookings on the staff case page: what staff see of each booking, and Approve, Decline and
Cancel (each refused for staff who may not see the case, and shown again with the service's or
the form's message when refused)."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from crm.bookings.enums import BookingStatus, ResourceKind
from crm.bookings.models import BookableResource, Booking
from crm.payments.enums import PaymentState, Provider, RefundKind
from crm.payments.models import Payment, PaymentService, Refund, SandboxCharge
from tests.crm.factories import CaseFactory, UserFactory

LONDON = ZoneInfo("Europe/London")


def make_round(team=None, **kwargs) -> BookableResource:
    fields = {
        "name": "North round",
        "slug": "north-round",
        "kind": ResourceKind.COLLECTION_ROUND,
        "weekdays": "0,1,2,3,4,5,6",
        "daily_capacity": 10,
        "postcode_sectors": "DS1 4",
        "team": team,
    }
    fields.update(kwargs)
    return BookableResource.objects.create(**fields)


def make_hall(team=None, **kwargs) -> BookableResource:
    fields = {
        "name": "Village hall",
        "slug": "village-hall",
        "kind": ResourceKind.ROOM,
        "weekdays": "0,1,2,3,4,5,6",
        "opens_at": time(9),
        "closes_at": time(17),
        "slot_minutes": 60,
        "requires_approval": True,
        "team": team,
    }
    fields.update(kwargs)
    return BookableResource.objects.create(**fields)


def make_booking(resource, case, *, day=None, at=None, status=BookingStatus.CONFIRMED, **kwargs):
    day = day or timezone.localdate() + timedelta(days=3)
    starts_at = datetime.combine(day, at or time.min, tzinfo=LONDON)
    ends_at = (
        starts_at + timedelta(minutes=resource.slot_minutes)
        if resource.is_timed
        else starts_at + timedelta(days=1)
    )
    fields = {
        "resource": resource,
        "case": case,
        "status": status,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "date": day,
        "quantity": 1,
        "items": [{"label": "Fridge", "quantity": 1}],
        "address_text": "1 High Street, Doorstep",
        "postcode": "DS1 4AB",
    }
    fields.update(kwargs)
    return Booking.objects.create(**fields)


def paid_sandbox_payment(case, amount=5000) -> Payment:
    """A paid payment the sandbox provider knows about (so a refund goes through it)."""
    service = PaymentService.objects.create(
        name="Hall hire", provider=Provider.SANDBOX, fund_code="F200", cost_code="CC-300"
    )
    provider_id = f"sbx_test_{case.pk}_{Payment.objects.count()}"
    SandboxCharge.objects.create(
        provider_id=provider_id,
        amount=amount,
        description="Hall hire",
        state=PaymentState.SUCCESS,
        return_url="/",
    )
    return Payment.objects.create(
        case=case,
        service=service,
        provider=Provider.SANDBOX,
        fund_code="F200",
        cost_code="CC-300",
        amount=amount,
        description="Hall hire",
        line_items=[
            {"label": "Hire", "quantity": 1, "unit_amount": amount, "amount": amount, "kind": "fee"}
        ],
        state=PaymentState.SUCCESS,
        provider_id=provider_id,
        paid_at=timezone.now(),
    )


def action_url(booking, action: str) -> str:
    return f"/admin/bookings/case/{booking.case.uuid}/{booking.uuid}/{action}/"


def messages_of(response) -> list[str]:
    return [str(message).strip() for message in response.context["messages"]]


@pytest.fixture
def case(type_a):
    return CaseFactory(case_type=type_a)


@pytest.fixture
def hall(team_a):
    return make_hall(team_a)


@pytest.fixture
def waiting(hall, case):
    return make_booking(hall, case, at=time(10), status=BookingStatus.AWAITING_APPROVAL)


# --- The case page ------------------------------------------------------------------------------


def test_case_page_shows_each_booking_with_its_buttons(client_a, waiting):
    html = client_a.get(f"/admin/cases/{waiting.case.uuid}/").content.decode()

    assert 'id="case-bookings-heading"' in html
    assert "Village hall" in html
    assert "10:00am to 11:00am" in html or "10am to 11am" in html
    assert "Waiting for approval" in html
    assert "1 High Street, Doorstep" in html and "DS1 4AB" in html
    assert "Approve booking" in html and "Decline booking" in html and "Cancel booking" in html


def test_a_held_booking_shows_when_its_hold_expires_and_no_approve_button(client_a, case):
    booking = make_booking(
        make_round(),
        case,
        status=BookingStatus.HELD,
        hold_expires_at=timezone.now() + timedelta(minutes=20),
        quantity=3,
        items=[{"label": "Sofa", "quantity": 2}, {"label": "Fridge", "quantity": 1}],
    )

    html = client_a.get(f"/admin/cases/{case.uuid}/").content.decode()

    assert "Hold expires" in html
    assert "2 x Sofa, 1 x Fridge" in html
    assert "Approve booking" not in html
    assert action_url(booking, "cancel") in html


def test_case_without_bookings_has_no_bookings_section(client_a, case):
    html = client_a.get(f"/admin/cases/{case.uuid}/").content.decode()

    assert 'id="case-bookings-heading"' not in html


# --- Approve ------------------------------------------------------------------------------------


def test_staff_approve_a_waiting_booking(client_a, waiting):
    response = client_a.post(action_url(waiting, "approve"), follow=True)

    assert response.redirect_chain[-1][0] == f"/admin/cases/{waiting.case.uuid}/"
    assert "The booking has been approved. The resident has been emailed." in messages_of(response)
    waiting.refresh_from_db()
    assert waiting.status == BookingStatus.CONFIRMED


def test_approving_a_booking_no_longer_waiting_shows_the_services_message(client_a, hall, case):
    booking = make_booking(hall, case, at=time(10), status=BookingStatus.CANCELLED)

    response = client_a.post(action_url(booking, "approve"))

    assert response.status_code == 200
    assert "Only a booking waiting for approval can be approved." in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED


def test_staff_of_another_team_cannot_approve(client, staff_b, team_b, waiting):
    client.force_login(staff_b)

    response = client.post(action_url(waiting, "approve"))

    assert response.status_code == 404
    waiting.refresh_from_db()
    assert waiting.status == BookingStatus.AWAITING_APPROVAL


def test_a_resident_without_admin_access_cannot_approve(client, waiting):
    client.force_login(UserFactory())

    response = client.post(action_url(waiting, "approve"))

    assert response.status_code in (302, 403)
    waiting.refresh_from_db()
    assert waiting.status == BookingStatus.AWAITING_APPROVAL


def test_a_booking_of_another_case_is_not_found(client_a, waiting, type_a):
    other_case = CaseFactory(case_type=type_a)

    response = client_a.post(f"/admin/bookings/case/{other_case.uuid}/{waiting.uuid}/approve/")

    assert response.status_code == 404
    waiting.refresh_from_db()
    assert waiting.status == BookingStatus.AWAITING_APPROVAL


def test_actions_are_post_only(client_a, waiting):
    assert client_a.get(action_url(waiting, "approve")).status_code == 405
    waiting.refresh_from_db()
    assert waiting.status == BookingStatus.AWAITING_APPROVAL


# --- Decline ------------------------------------------------------------------------------------


def test_decline_without_a_reason_is_refused_on_the_case_page(client_a, waiting):
    response = client_a.post(
        action_url(waiting, "decline"), {f"booking-decline-{waiting.pk}-reason": " "}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter why the booking is declined." in html
    assert 'id="case-bookings-heading"' in html
    waiting.refresh_from_db()
    assert waiting.status == BookingStatus.AWAITING_APPROVAL


def test_decline_with_a_reason_refunds_what_was_paid(client_a, waiting):
    payment = paid_sandbox_payment(waiting.case, amount=5000)

    response = client_a.post(
        action_url(waiting, "decline"),
        {f"booking-decline-{waiting.pk}-reason": "The hall is closed for repairs"},
    )

    assert response.status_code == 302
    waiting.refresh_from_db()
    assert (waiting.status, waiting.cancel_reason) == (
        BookingStatus.DECLINED,
        "The hall is closed for repairs",
    )
    refund = Refund.objects.get(payment=payment)
    assert (refund.amount, refund.kind) == (5000, RefundKind.DECLINED)


# --- Cancel -------------------------------------------------------------------------------------


def test_staff_cancel_a_confirmed_booking_with_a_reason(client_a, hall, case):
    booking = make_booking(hall, case, at=time(14))

    response = client_a.post(
        action_url(booking, "cancel"), {f"booking-cancel-{booking.pk}-reason": "Double booked"}
    )

    assert response.status_code == 302
    booking.refresh_from_db()
    assert (booking.status, booking.cancel_reason) == (BookingStatus.CANCELLED, "Double booked")


def test_cancel_without_a_reason_is_refused_and_the_booking_kept(client_a, hall, case):
    booking = make_booking(hall, case, at=time(14))

    response = client_a.post(action_url(booking, "cancel"), {})

    assert response.status_code == 200
    assert "Enter the reason for cancelling the booking" in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED


def test_staff_of_another_team_cannot_cancel(client, staff_b, team_b, hall, case):
    booking = make_booking(hall, case, at=time(14))
    client.force_login(staff_b)

    response = client.post(
        action_url(booking, "cancel"), {f"booking-cancel-{booking.pk}-reason": "Not mine"}
    )

    assert response.status_code == 404
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
