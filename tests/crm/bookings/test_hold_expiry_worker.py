"""End to end with a real broker: the release task each hold queues for its expiry is picked up
from Redis by a Celery worker, which frees the place and tells the resident (see
tests/celery_worker.py; runs when REDIS_URL is set, as in CI)."""

import threading
import time

import pytest
from django.db import transaction

import crm.bookings.tasks  # noqa: F401 - registers the tasks with every Celery app
import crm.notifications.tasks  # noqa: F401
from crm.bookings.enums import BookingStatus
from crm.bookings.models import Booking
from crm.bookings.selectors import available_slots, slot_for_key
from crm.bookings.services import hold_booking
from crm.notifications.enums import EmailKind
from crm.notifications.models import OutboxMessage
from tests.celery_worker import WAIT_SECONDS, needs_redis
from tests.crm.bookings.factories import RoundFactory
from tests.crm.factories import CaseFactory, CustomerFactory

pytestmark = needs_redis


def _wait_for_status(booking_id: int, status: str) -> Booking:
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        booking = Booking.objects.get(pk=booking_id)
        if booking.status == status or time.monotonic() > deadline:
            return booking
        time.sleep(0.1)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_releases_an_unpaid_hold_when_it_expires(
    redis_worker, task_threads, settings
):
    # A hold of no minutes: its release task is due as soon as the hold is committed.
    settings.DOORSTEP_BOOKING_HOLD_MINUTES = 0
    bulky = RoundFactory(daily_capacity=1)
    slot = available_slots(bulky).slots[0]
    case = CaseFactory(customer=CustomerFactory(name="Ria Resident", email="ria@example.com"))
    with transaction.atomic():
        booking = hold_booking(case=case, slot_key=slot.key)
    assert booking.status == BookingStatus.HELD

    released = _wait_for_status(booking.pk, BookingStatus.RELEASED)

    assert released.status == BookingStatus.RELEASED, f"not released within {WAIT_SECONDS}s"
    assert slot_for_key(slot.key).remaining == 1  # the place is free again
    assert OutboxMessage.objects.filter(case=case, kind=EmailKind.BOOKING_RELEASED).count() == 1
    assert task_threads and threading.current_thread() not in task_threads
