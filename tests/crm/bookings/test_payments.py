"""A booking follows its case's payment: paid in time -> confirmed (or waiting for approval);
paid after the hold expired -> honoured if the place is still free, refunded in full and the
resident told if it is not. Payments go through the real sandbox provider and its page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from crm.bookings.enums import BookingStatus
from crm.bookings.models import Booking
from crm.bookings.selectors import available_slots, slot_for_key
from crm.bookings.services import hold_booking, release_expired_holds
from crm.notifications.enums import EmailKind
from crm.payments.enums import PaymentState, RefundKind
from crm.payments.models import Refund
from tests.crm.bookings.factories import BookingFactory, RoomFactory, RoundFactory
from tests.crm.bookings.helpers import email_of, emails, pay_in_sandbox
from tests.crm.factories import CaseFactory
from tests.crm.payments.factories import sandbox_payment

pytestmark = pytest.mark.django_db


def held(case, resource, quantity=1):
    slot = available_slots(resource, quantity=quantity, limit=1).slots[0]
    return hold_booking(case=case, slot_key=slot.key, quantity=quantity), slot


def expire(booking):
    Booking.objects.filter(pk=booking.pk).update(
        hold_expires_at=timezone.now() - timedelta(minutes=1)
    )


def test_paying_in_time_confirms_the_booking_and_emails_the_resident(client, case):
    booking, slot = held(case, RoundFactory())
    payment = sandbox_payment(case=case)

    pay_in_sandbox(client, payment)

    booking.refresh_from_db()
    assert payment.state == PaymentState.SUCCESS
    assert booking.status == BookingStatus.CONFIRMED
    assert booking.confirmed_at is not None and booking.hold_expires_at is None
    assert EmailKind.BOOKING_CONFIRMED in emails(case)
    assert slot.label in email_of(case, EmailKind.BOOKING_CONFIRMED).context["booking"]


def test_a_hall_paid_in_time_waits_for_approval(client, case):
    booking, _slot = held(case, RoomFactory(requires_approval=True))

    pay_in_sandbox(client, sandbox_payment(case=case))

    booking.refresh_from_db()
    assert booking.status == BookingStatus.AWAITING_APPROVAL
    assert EmailKind.BOOKING_AWAITING_APPROVAL in emails(case)


def test_a_declined_card_leaves_the_hold_as_it_was(client, case):
    booking, _slot = held(case, RoundFactory())

    payment = pay_in_sandbox(client, sandbox_payment(case=case), action="decline")

    booking.refresh_from_db()
    assert payment.state == PaymentState.FAILED
    assert booking.status == BookingStatus.HELD
    assert EmailKind.BOOKING_CONFIRMED not in emails(case)


def test_a_late_payment_is_honoured_when_the_place_is_still_free(client, case):
    bulky = RoundFactory(daily_capacity=5)
    booking, slot = held(case, bulky, quantity=2)
    payment = sandbox_payment(case=case)
    expire(booking)
    assert release_expired_holds() == 1

    pay_in_sandbox(client, payment)

    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    assert slot_for_key(slot.key).remaining == 3
    assert emails(case) == [
        EmailKind.BOOKING_RELEASED,
        EmailKind.BOOKING_CONFIRMED,
        EmailKind.PAYMENT_RECEIVED,
    ]
    assert not Refund.objects.exists()


def test_a_late_payment_is_refunded_in_full_when_the_place_has_gone(client, case):
    bulky = RoundFactory(daily_capacity=2)
    booking, slot = held(case, bulky, quantity=2)
    payment = sandbox_payment(case=case, amount=4000)
    expire(booking)
    release_expired_holds()
    someone_else = CaseFactory()
    hold_booking(case=someone_else, slot_key=slot.key, quantity=1)

    pay_in_sandbox(client, payment)

    booking.refresh_from_db()
    payment.refresh_from_db()
    assert booking.status == BookingStatus.RELEASED
    refund = Refund.objects.get(payment=payment)
    assert refund.kind == RefundKind.LATE_PAYMENT and refund.amount == 4000
    assert payment.state == PaymentState.REFUNDED and payment.refunded_amount == 4000
    assert EmailKind.LATE_PAYMENT_REFUNDED in emails(case)
    assert email_of(case, EmailKind.LATE_PAYMENT_REFUNDED).context["amount"] == "£40.00"
    assert EmailKind.BOOKING_CONFIRMED not in emails(case)
    assert slot_for_key(slot.key).remaining == 1  # the other resident keeps their place


def test_a_payment_after_expiry_but_before_the_sweep_is_checked_under_the_lock(client, case):
    bulky = RoundFactory(daily_capacity=1)
    booking, slot = held(case, bulky)
    payment = sandbox_payment(case=case)
    expire(booking)  # not swept: still HELD, but its place no longer counts
    hold_booking(case=CaseFactory(), slot_key=slot.key)

    pay_in_sandbox(client, payment)

    booking.refresh_from_db()
    assert booking.status == BookingStatus.RELEASED
    assert Refund.objects.get(payment=payment).kind == RefundKind.LATE_PAYMENT
    assert EmailKind.LATE_PAYMENT_REFUNDED in emails(case)


def test_a_payment_made_after_the_booking_was_cancelled_is_refunded(client, case):
    booking = BookingFactory(case=case, cancelled=True)
    payment = sandbox_payment(case=case)

    pay_in_sandbox(client, payment)

    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert Refund.objects.get(payment=payment).amount == payment.amount


def test_a_payment_on_a_case_without_a_booking_changes_no_booking(client, case):
    other = BookingFactory(held=True)

    payment = pay_in_sandbox(client, sandbox_payment(case=case))

    assert payment.state == PaymentState.SUCCESS
    other.refresh_from_db()
    assert other.status == BookingStatus.HELD
    assert not Refund.objects.exists()


def test_a_payment_arriving_after_the_booked_day_has_passed_is_refunded(client, case):
    yesterday = timezone.localdate() - timedelta(days=1)
    booking = BookingFactory(case=case, on=RoundFactory(), day=yesterday, released=True)
    payment = sandbox_payment(case=case)

    pay_in_sandbox(client, payment)

    booking.refresh_from_db()
    assert booking.status == BookingStatus.RELEASED
    assert Refund.objects.get(payment=payment).kind == RefundKind.LATE_PAYMENT
    assert EmailKind.LATE_PAYMENT_REFUNDED in emails(case)
