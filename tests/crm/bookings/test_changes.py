"""Cancelling (residents up to the cut-off, with the refund), staff approving and declining,
reminders the day before (once) and deposits returned after the hire (once)."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from crm.bookings.enums import BookingStatus
from crm.bookings.selectors import resident_can_cancel
from crm.bookings.services import (
    approve_booking,
    cancel_booking,
    complete_past_bookings,
    decline_booking,
    send_booking_reminders,
)
from crm.bookings.tasks import refund_deposits_after_hire_task, send_booking_reminders_task
from crm.notifications.enums import EmailKind
from crm.payments.enums import PaymentState, RefundKind
from crm.payments.models import Refund
from tests.crm.bookings.factories import BookingFactory, RoomFactory, RoundFactory
from tests.crm.bookings.helpers import email_of, emails, paid_case_payment
from tests.crm.factories import UserFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def in_days(days):
    return timezone.localdate() + timedelta(days=days)


# --- Cancelling ---------------------------------------------------------------------------------


def test_a_resident_cancels_before_the_cut_off_and_is_refunded_in_full(client, case):
    booking = BookingFactory(case=case, day=in_days(3), confirmed=True)
    payment = paid_case_payment(client, case, amount=3500)
    assert resident_can_cancel(booking)

    cancel_booking(booking, by_resident=True, reason="Changed my mind")

    booking.refresh_from_db()
    payment.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED and booking.cancelled_at is not None
    refund = Refund.objects.get(payment=payment)
    assert refund.kind == RefundKind.CANCELLATION and refund.amount == 3500
    assert payment.state == PaymentState.REFUNDED
    cancelled = email_of(case, EmailKind.BOOKING_CANCELLED)
    assert "£35.00" in cancelled.context["message"]
    assert not resident_can_cancel(booking)


def test_only_what_remains_refundable_is_refunded(client, case):
    booking = BookingFactory(case=case, day=in_days(3), confirmed=True)
    payment = paid_case_payment(client, case, amount=3000)
    from crm.payments.services import refund_payment

    refund_payment(payment, amount=1000, reason="Goodwill", kind=RefundKind.STAFF)

    cancel_booking(booking, by_resident=True)

    assert sorted(Refund.objects.values_list("amount", flat=True)) == [1000, 2000]
    assert "£20.00" in email_of(case, EmailKind.BOOKING_CANCELLED).context["message"]


def test_a_resident_is_refused_after_the_cut_off_with_the_time_it_ended(client, case):
    bulky = RoundFactory(cancellation_cutoff_hours=24)
    booking = BookingFactory(case=case, on=bulky, day=in_days(1), confirmed=True)
    payment = paid_case_payment(client, case)
    assert not resident_can_cancel(booking)

    with pytest.raises(ValidationError) as refused:
        cancel_booking(booking, by_resident=True)

    deadline = datetime.combine(in_days(0), time.min, LONDON)
    message = refused.value.messages[0]
    assert "12:00am" in message and deadline.strftime("%-d %B %Y") in message
    assert refused.value.code == "past_cutoff"
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    assert not Refund.objects.filter(payment=payment).exists()
    assert EmailKind.BOOKING_CANCELLED not in emails(case)


def test_staff_may_cancel_after_the_cut_off(client, case):
    booking = BookingFactory(case=case, day=in_days(1), confirmed=True)
    paid_case_payment(client, case)
    officer = UserFactory()

    cancel_booking(booking, actor=officer, by_resident=False, reason="Vehicle broken down")

    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert booking.cancel_reason == "Vehicle broken down"
    refund = Refund.objects.get()
    assert refund.kind == RefundKind.CANCELLATION and refund.reason == "Vehicle broken down"


def test_cancelling_an_unpaid_hold_refunds_nothing_and_says_so(case):
    booking = BookingFactory(case=case, day=in_days(4), held=True)

    cancel_booking(booking, by_resident=True)

    assert not Refund.objects.exists()
    assert "nothing to refund" in email_of(case, EmailKind.BOOKING_CANCELLED).context["message"]


@pytest.mark.parametrize("trait", ["cancelled", "released"])
def test_a_booking_that_has_ended_cannot_be_cancelled(case, trait):
    booking = BookingFactory(case=case, day=in_days(5), **{trait: True})

    with pytest.raises(ValidationError):
        cancel_booking(booking, by_resident=False)
    assert emails(case) == []


def test_the_cut_off_follows_the_resource():
    hall = RoomFactory(cancellation_cutoff_hours=72)
    soon = BookingFactory(on=hall, day=in_days(2), at=time(10), confirmed=True)
    later = BookingFactory(on=hall, day=in_days(4), at=time(10), confirmed=True)

    assert not resident_can_cancel(soon)
    assert resident_can_cancel(later)


# --- Approving and declining --------------------------------------------------------------------


def test_staff_approve_a_booking_waiting_for_them(case):
    booking = BookingFactory(case=case, on=RoomFactory(), at=time(10), awaiting_approval=True)

    approve_booking(booking, actor=UserFactory())

    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED and booking.confirmed_at is not None
    assert emails(case) == [EmailKind.BOOKING_CONFIRMED]
    with pytest.raises(ValidationError):
        approve_booking(booking, actor=UserFactory())


def test_staff_decline_with_a_reason_and_the_payment_is_refunded(client, case):
    booking = BookingFactory(case=case, on=RoomFactory(), at=time(10), awaiting_approval=True)
    payment = paid_case_payment(client, case, amount=12000)

    decline_booking(booking, actor=UserFactory(), reason="The hall is being repaired")

    booking.refresh_from_db()
    assert booking.status == BookingStatus.DECLINED
    refund = Refund.objects.get(payment=payment)
    assert refund.kind == RefundKind.DECLINED and refund.amount == 12000
    declined = email_of(case, EmailKind.BOOKING_DECLINED)
    assert declined.context["message"] == "The hall is being repaired"


def test_declining_needs_a_reason_and_a_waiting_booking(case):
    waiting = BookingFactory(case=case, on=RoomFactory(), at=time(10), awaiting_approval=True)
    confirmed = BookingFactory(on=RoomFactory(), at=time(11), confirmed=True)

    with pytest.raises(ValidationError):
        decline_booking(waiting, actor=UserFactory(), reason="  ")
    with pytest.raises(ValidationError):
        decline_booking(confirmed, actor=UserFactory(), reason="No")
    waiting.refresh_from_db()
    confirmed.refresh_from_db()
    assert waiting.status == BookingStatus.AWAITING_APPROVAL
    assert confirmed.status == BookingStatus.CONFIRMED


# --- Reminders ----------------------------------------------------------------------------------


def test_reminders_go_once_for_confirmed_bookings_tomorrow():
    tomorrow = BookingFactory(day=in_days(1), confirmed=True)
    later = BookingFactory(day=in_days(2), confirmed=True)
    held = BookingFactory(day=in_days(1), held=True)
    cancelled = BookingFactory(day=in_days(1), cancelled=True)

    assert send_booking_reminders_task.delay().get() == 1
    assert send_booking_reminders() == 0

    assert emails(tomorrow.case) == [EmailKind.BOOKING_REMINDER]
    assert emails(later.case) == emails(held.case) == emails(cancelled.case) == []
    tomorrow.refresh_from_db()
    assert tomorrow.reminder_sent_at is not None


def test_reminders_follow_the_day_given():
    booking = BookingFactory(day=date(2027, 1, 5), confirmed=True)

    assert send_booking_reminders(today=date(2027, 1, 3)) == 0
    assert send_booking_reminders(today=date(2027, 1, 4)) == 1
    assert emails(booking.case) == [EmailKind.BOOKING_REMINDER]


# --- After the hire -----------------------------------------------------------------------------


def deposit_lines(fee=5000, deposit=10000):
    return [
        {"label": "Hall hire", "quantity": 1, "unit_amount": fee, "amount": fee, "kind": "fee"},
        {
            "label": "Deposit",
            "quantity": 1,
            "unit_amount": deposit,
            "amount": deposit,
            "kind": "deposit",
        },
    ]


def test_a_hire_that_has_ended_is_completed_and_its_deposit_refunded_once(client, case):
    hall = RoomFactory()
    booking = BookingFactory(case=case, on=hall, day=in_days(-1), at=time(10), confirmed=True)
    payment = paid_case_payment(client, case, lines=deposit_lines())

    assert refund_deposits_after_hire_task.delay().get() == 1
    assert complete_past_bookings() == 0

    booking.refresh_from_db()
    payment.refresh_from_db()
    assert booking.status == BookingStatus.COMPLETED
    assert booking.deposit_refunded_at is not None
    refund = Refund.objects.get(payment=payment)
    assert refund.kind == RefundKind.DEPOSIT and refund.amount == 10000
    assert payment.state == PaymentState.PARTLY_REFUNDED
    assert EmailKind.REFUND_ISSUED in emails(case)  # worded by payments for deposits


def test_a_hire_still_to_come_keeps_its_deposit(client, case):
    booking = BookingFactory(
        case=case, on=RoomFactory(), day=in_days(2), at=time(10), confirmed=True
    )
    paid_case_payment(client, case, lines=deposit_lines())

    assert complete_past_bookings() == 0
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    assert not Refund.objects.exists()


def test_a_booking_without_a_deposit_is_completed_with_no_refund(client, case):
    booking = BookingFactory(case=case, day=in_days(-2), confirmed=True)
    paid_case_payment(client, case)

    assert complete_past_bookings() == 1
    booking.refresh_from_db()
    assert booking.status == BookingStatus.COMPLETED and booking.deposit_refunded_at is None
    assert not Refund.objects.exists()
