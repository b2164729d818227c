"""Residents racing for the last place, on PostgreSQL with one connection per thread: exactly
one gets it, the others are told it has gone and are then shown the next dates."""

import threading

import pytest
from django.db import connection, transaction

from crm.bookings.enums import BookingStatus
from crm.bookings.models import Booking
from crm.bookings.selectors import available_slots, slot_for_key
from crm.bookings.services import SlotUnavailable, hold_booking

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row locks (PostgreSQL)"),
]


def race(cases, slot_key, *, quantity=1):
    """Each case tries to hold the slot at once (a barrier lines them up); returns what each
    got: a booking, `SlotUnavailable` or another error."""
    barrier = threading.Barrier(len(cases))
    results = []

    def attempt(case):
        try:
            barrier.wait(timeout=10)
            with transaction.atomic():
                results.append(hold_booking(case=case, slot_key=slot_key, quantity=quantity))
        except Exception as error:  # reported by the test
            results.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(case,)) for case in cases]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_residents_racing_for_the_last_item_place_get_one_hold_and_then_the_next_dates():
    from tests.crm.bookings.factories import BookingFactory, RoundFactory
    from tests.crm.factories import CaseFactory

    bulky = RoundFactory(daily_capacity=5)
    slot = available_slots(bulky, limit=1).slots[0]
    BookingFactory(on=bulky, day=slot.starts_at.date(), confirmed=True, quantity=4)
    cases = [CaseFactory() for _ in range(8)]

    results = race(cases, slot.key)

    held = [result for result in results if isinstance(result, Booking)]
    refused = [result for result in results if isinstance(result, SlotUnavailable)]
    assert len(held) == 1 and len(refused) == 7 and len(results) == 8
    assert held[0].status == BookingStatus.HELD
    assert Booking.objects.filter(resource=bulky, status=BookingStatus.HELD).count() == 1
    assert slot_for_key(slot.key) is None
    next_dates = available_slots(bulky, limit=3).slots
    assert next_dates[0].starts_at > slot.starts_at
    assert slot.key not in {later.key for later in next_dates}


def test_racing_for_a_hall_hour_books_it_once():
    from tests.crm.bookings.factories import RoomFactory
    from tests.crm.factories import CaseFactory

    hall = RoomFactory()
    slot = available_slots(hall, limit=1).slots[0]

    results = race([CaseFactory() for _ in range(6)], slot.key)

    assert sum(isinstance(result, Booking) for result in results) == 1
    assert sum(isinstance(result, SlotUnavailable) for result in results) == 5
    assert available_slots(hall, limit=1).slots[0].starts_at != slot.starts_at


def test_racing_item_holds_never_exceed_the_days_capacity():
    from tests.crm.bookings.factories import RoundFactory
    from tests.crm.factories import CaseFactory

    bulky = RoundFactory(daily_capacity=7)
    slot = available_slots(bulky, limit=1).slots[0]

    results = race([CaseFactory() for _ in range(10)], slot.key, quantity=2)

    held = [result for result in results if isinstance(result, Booking)]
    assert len(held) == 3  # 3 x 2 items of 7; the fourth would need 8
    assert all(isinstance(result, (Booking, SlotUnavailable)) for result in results)
    assert slot_for_key(slot.key).remaining == 1
