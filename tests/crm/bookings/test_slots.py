"""The slots a resident may choose: weekdays, blackouts, lead time, horizon, capacity and
paging, for collection rounds, halls and a pool of inspection officers."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from crm.bookings.selectors import (
    available_slots,
    booking_label,
    resources_for,
    round_for_postcode,
    slot_for_key,
)
from tests.crm.bookings.factories import (
    BlackoutFactory,
    BookingFactory,
    OfficerFactory,
    RoomFactory,
    RoundFactory,
)

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
# A fixed "now": Tuesday 1 December 2026, 10:00 in London.
NOW = datetime(2026, 12, 1, 10, 0, tzinfo=LONDON)
TODAY = NOW.date()


def days_of(page):
    return [timezone.localtime(slot.starts_at, LONDON).date() for slot in page.slots]


def test_a_round_offers_one_slot_a_day_from_the_lead_time_with_its_capacity():
    bulky = RoundFactory(lead_time_days=2, daily_capacity=12)

    page = available_slots(bulky, now=NOW, limit=5)

    assert days_of(page) == [TODAY + timedelta(days=n) for n in range(2, 7)]
    first = page.slots[0]
    assert first.remaining == 12
    assert first.label == "Thursday 3 December 2026"
    assert first.starts_at == datetime(2026, 12, 3, tzinfo=LONDON)
    assert first.ends_at == datetime(2026, 12, 4, tzinfo=LONDON)
    assert first.key == f"{bulky.slug}@2026-12-03T00:00:00+00:00"
    assert page.next_start == TODAY + timedelta(days=7)


def test_only_the_rounds_weekdays_are_offered_and_blackouts_are_skipped():
    bulky = RoundFactory(weekdays="1,3")  # Tuesdays and Thursdays
    BlackoutFactory(resource=bulky, start_date=date(2026, 12, 8), end_date=date(2026, 12, 10))

    page = available_slots(bulky, now=NOW, limit=3)

    assert days_of(page) == [date(2026, 12, 3), date(2026, 12, 15), date(2026, 12, 17)]
    assert all(day.weekday() in (1, 3) for day in days_of(page))


def test_the_horizon_ends_the_slots_and_the_paging():
    bulky = RoundFactory(lead_time_days=1, horizon_days=4)

    page = available_slots(bulky, now=NOW, limit=10)

    assert days_of(page) == [TODAY + timedelta(days=n) for n in range(1, 5)]
    assert page.next_start is None
    assert available_slots(bulky, now=NOW, start=TODAY + timedelta(days=30)).slots == []


def test_later_dates_continue_where_the_page_stopped():
    bulky = RoundFactory()

    first = available_slots(bulky, now=NOW, limit=3)
    later = available_slots(bulky, now=NOW, limit=3, start=first.next_start)

    assert days_of(later)[0] == days_of(first)[-1] + timedelta(days=1)
    assert later.start == first.next_start


def test_a_start_before_the_lead_time_is_moved_to_it():
    bulky = RoundFactory(lead_time_days=3)

    page = available_slots(bulky, now=NOW, start=TODAY)

    assert days_of(page)[0] == TODAY + timedelta(days=3)


def test_capacity_counts_confirmed_waiting_and_unexpired_held_items_only():
    bulky = RoundFactory(daily_capacity=10)
    # Holds expire against the real clock, so the day is tomorrow by it too (not TODAY's).
    day = timezone.localdate() + timedelta(days=1)
    BookingFactory(on=bulky, day=day, confirmed=True, quantity=3)
    BookingFactory(on=bulky, day=day, awaiting_approval=True, quantity=2)
    BookingFactory(on=bulky, day=day, held=True, quantity=1)
    BookingFactory(on=bulky, day=day, expired=True, quantity=4)  # hold ran out: free again
    BookingFactory(on=bulky, day=day, cancelled=True, quantity=4)
    BookingFactory(on=bulky, day=day, released=True, quantity=4)

    slot = available_slots(bulky, now=timezone.now(), start=day, limit=1).slots[0]

    assert slot.remaining == 10 - 3 - 2 - 1


def test_a_day_without_room_for_the_items_is_skipped():
    bulky = RoundFactory(daily_capacity=5)
    full_day = TODAY + timedelta(days=1)
    BookingFactory(on=bulky, day=full_day, confirmed=True, quantity=4)

    assert days_of(available_slots(bulky, now=NOW, quantity=1, limit=1)) == [full_day]
    assert days_of(available_slots(bulky, now=NOW, quantity=2, limit=1)) == [
        full_day + timedelta(days=1)
    ]
    assert available_slots(bulky, now=NOW, quantity=6).slots == []


def test_a_page_costs_the_same_few_queries_whatever_its_length():
    bulky = RoundFactory()
    for n in range(1, 20):
        BookingFactory(on=bulky, day=TODAY + timedelta(days=n), confirmed=True)

    with CaptureQueriesContext(connection) as short:
        available_slots(bulky, now=NOW, limit=2)
    with CaptureQueriesContext(connection) as long:
        available_slots(bulky, now=NOW, limit=30)

    assert len(short) == len(long) == 2  # blackouts, then what is taken over the page


def test_a_hall_offers_its_hours_in_slots_and_a_booked_hour_is_gone():
    hall = RoomFactory(opens_at=time(9), closes_at=time(12), slot_minutes=60, weekdays="3")
    thursday = date(2026, 12, 3)
    BookingFactory(on=hall, day=thursday, at=time(10), confirmed=True)

    page = available_slots(hall, now=NOW, limit=2)

    assert [slot.label for slot in page.slots] == [
        "Thursday 3 December 2026, 9:00am to 10:00am",
        "Thursday 3 December 2026, 11:00am to 12:00pm",
    ]
    assert all(slot.remaining == 1 for slot in page.slots)
    assert page.next_start == date(2026, 12, 10)


def test_a_page_of_times_holds_whole_days():
    hall = RoomFactory(opens_at=time(9), closes_at=time(17), slot_minutes=60)

    page = available_slots(hall, now=NOW, limit=10)

    assert len(page.slots) == 16  # 8 an hour each day: the second day is not cut short
    assert len(set(days_of(page))) == 2


def test_a_pool_of_officers_offers_each_time_once_by_the_first_free():
    first, second = OfficerFactory(weekdays="3"), OfficerFactory(weekdays="3")
    thursday = date(2026, 12, 3)
    BookingFactory(on=first, day=thursday, at=time(9), confirmed=True)
    BookingFactory(on=first, day=thursday, at=time(10), confirmed=True)
    BookingFactory(on=second, day=thursday, at=time(10), confirmed=True)

    page = available_slots([first, second], now=NOW, limit=1)

    assert [(slot.resource_slug, slot.label) for slot in page.slots] == [
        (second.slug, "Thursday 3 December 2026, 9:00am to 10:00am"),
        (first.slug, "Thursday 3 December 2026, 11:00am to 12:00pm"),
    ]


def test_inactive_resources_offer_nothing():
    assert available_slots(RoundFactory(active=False), now=NOW).slots == []


def test_slot_for_key_finds_an_offered_slot_and_refuses_others():
    bulky = RoundFactory(daily_capacity=2, weekdays="0,1,2,3,4")
    slot = available_slots(bulky, limit=1).slots[0]

    assert slot_for_key(slot.key) == slot
    assert slot_for_key(slot.key, quantity=3) is None
    assert slot_for_key("nonsense") is None
    assert slot_for_key(f"{bulky.slug}@not-a-date") is None
    assert slot_for_key(f"missing@{slot.starts_at.isoformat()}") is None
    saturday = timezone.localdate() + timedelta(days=(5 - timezone.localdate().weekday()) % 7 + 7)
    weekend = datetime.combine(saturday, time.min, LONDON)
    assert slot_for_key(f"{bulky.slug}@{weekend.isoformat()}") is None
    too_soon = datetime.combine(timezone.localdate(), time.min, LONDON)
    assert slot_for_key(f"{bulky.slug}@{too_soon.isoformat()}") is None
    BookingFactory(on=bulky, day=slot.starts_at.astimezone(LONDON).date(), quantity=2)
    assert slot_for_key(slot.key) is None


def test_a_timed_key_must_be_on_the_slot_grid():
    hall = RoomFactory(lead_time_days=1)
    slot = available_slots(hall, limit=1).slots[0]
    off_grid = slot.starts_at + timedelta(minutes=30)

    assert slot_for_key(slot.key) == slot
    assert slot_for_key(f"{hall.slug}@{off_grid.isoformat()}") is None


@pytest.mark.parametrize("postcode", ["DS1 4AB", "ds14ab", " ds1  4ab "])
def test_round_for_postcode_matches_the_sector(postcode):
    RoundFactory(name="Another round", postcode_sectors="DS2 1")
    bulky = RoundFactory(postcode_sectors="DS1 4, DS1 5")

    assert round_for_postcode(postcode) == bulky


@pytest.mark.parametrize("postcode", ["DS1 6AB", "DS14 4AB", "", "DS1", "not a postcode"])
def test_an_address_outside_every_round_has_no_round(postcode):
    RoundFactory(postcode_sectors="DS1 4")
    RoundFactory(postcode_sectors="DS1 6", active=False)

    assert round_for_postcode(postcode) is None


def test_resources_for_lists_active_resources_of_a_kind():
    hall = RoomFactory(name="A hall")
    RoomFactory(name="B hall", active=False)
    other = RoomFactory(name="C hall")
    RoundFactory()

    assert resources_for("room") == [hall, other]
    assert resources_for("room", slug=other.slug) == [other]


def test_booking_label_reads_like_the_slot():
    hall = RoomFactory()
    booking = BookingFactory(on=hall, day=date(2026, 12, 8), at=time(14))

    assert booking_label(booking) == "Tuesday 8 December 2026, 2:00pm to 3:00pm"


def test_a_key_whose_plus_sign_was_lost_in_a_query_string_still_works():
    bulky = RoundFactory()
    slot = available_slots(bulky, limit=1).slots[0]
    summer = slot.key.replace("+00:00", " 00:00").replace("+01:00", " 01:00")

    assert slot_for_key(summer) == slot


def test_summer_slots_are_london_wall_clock_times():
    hall = RoomFactory(opens_at=time(9), closes_at=time(11), slot_minutes=60, weekdays="1")
    summer_now = datetime(2027, 6, 1, 8, 0, tzinfo=LONDON)

    first = available_slots(hall, now=summer_now, limit=1).slots[0]

    assert first.label == "Tuesday 8 June 2027, 9:00am to 10:00am"
    assert first.key == f"{hall.slug}@2027-06-08T09:00:00+01:00"
    assert first.starts_at == datetime(2027, 6, 8, 8, 0, tzinfo=ZoneInfo("UTC"))


def test_a_round_day_across_the_clocks_going_back_is_25_hours():
    bulky = RoundFactory(weekdays="6", lead_time_days=0)
    page = available_slots(bulky, now=datetime(2027, 10, 30, 12, tzinfo=LONDON), limit=1)

    slot = page.slots[0]
    assert slot.label == "Sunday 31 October 2027"
    utc = ZoneInfo("UTC")
    assert slot.ends_at.astimezone(utc) - slot.starts_at.astimezone(utc) == timedelta(hours=25)
