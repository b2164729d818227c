"""Who sees which bookings, and the staff calendar and crew manifest."""

import uuid
from datetime import time, timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from crm.bookings.selectors import (
    bookings_for_case,
    bookings_for_resident,
    calendar,
    get_booking_for_resident,
    manifest,
)
from tests.crm.bookings.factories import BookingFactory, RoomFactory, RoundFactory
from tests.crm.factories import CaseFactory, CustomerFactory, UserFactory

pytestmark = pytest.mark.django_db


def in_days(days):
    return timezone.localdate() + timedelta(days=days)


@pytest.fixture
def resident():
    return UserFactory(email="ria@example.com")


def booking_for(email, **kwargs):
    customer = CustomerFactory._meta.model.objects.filter(email=email.lower()).first()
    customer = customer or CustomerFactory(email=email.lower())
    return BookingFactory(case=CaseFactory(customer=customer), **kwargs)


def test_a_resident_sees_the_bookings_of_cases_made_with_their_verified_addresses(resident):
    mine = booking_for("ria@example.com", day=in_days(2))
    also_mine = booking_for("ria@example.com", day=in_days(1))
    booking_for("someone@example.com")

    found = list(bookings_for_resident(resident, verified_emails=["RIA@example.com"]))

    assert found == [also_mine, mine]
    assert list(bookings_for_resident(resident, verified_emails=[])) == []


def test_a_resident_cannot_open_anyone_elses_booking(resident):
    mine = booking_for("ria@example.com")
    theirs = booking_for("someone@example.com")
    emails = ["ria@example.com"]

    assert get_booking_for_resident(resident, mine.uuid, verified_emails=emails) == mine
    assert get_booking_for_resident(resident, str(mine.uuid), verified_emails=emails) == mine
    for wanted in (theirs.uuid, uuid.uuid4(), "not-a-uuid"):
        with pytest.raises(Http404):
            get_booking_for_resident(resident, wanted, verified_emails=emails)


def test_bookings_for_case_are_soonest_first():
    case = CaseFactory()
    later = BookingFactory(case=case, day=in_days(5))
    sooner = BookingFactory(case=case, day=in_days(2), cancelled=True)

    assert bookings_for_case(case) == [sooner, later]


def test_the_manifest_lists_the_days_confirmed_collections_only():
    bulky = RoundFactory()
    day = in_days(2)
    first = BookingFactory(on=bulky, day=day, confirmed=True)
    second = BookingFactory(on=bulky, day=day, confirmed=True)
    BookingFactory(on=bulky, day=day, held=True)
    BookingFactory(on=bulky, day=day, cancelled=True)
    BookingFactory(on=bulky, day=day + timedelta(days=1), confirmed=True)
    BookingFactory(on=RoundFactory(), day=day, confirmed=True)

    assert manifest(bulky, day) == [first, second]


def test_the_calendar_has_every_day_with_what_is_booked():
    hall = RoomFactory()
    start = in_days(1)
    morning = BookingFactory(on=hall, day=start, at=time(9), confirmed=True)
    waiting = BookingFactory(
        on=hall, day=start + timedelta(days=2), at=time(10), awaiting_approval=True
    )
    BookingFactory(on=hall, day=start, at=time(12), cancelled=True)

    days = calendar(hall, start, days=3)

    assert [day for day, _bookings in days] == [start + timedelta(days=n) for n in range(3)]
    assert [bookings for _day, bookings in days] == [[morning], [], [waiting]]
