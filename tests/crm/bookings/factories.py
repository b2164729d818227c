"""factory_boy factories for bookings: resources of each kind, blackouts and bookings in each
state. Bookings built here skip the services (no lock, no timeline note, no email); use
`crm.bookings.services.hold_booking` when a test needs what a real hold writes.

`RoundFactory` (a collection round, every day of the week, 10 items a day, sector DS1 4),
`RoomFactory` (a hall, 9am to 5pm in one-hour slots, staff approve), `OfficerFactory` (an
inspection officer, 9am to 12pm in one-hour slots). `BookingFactory(on=resource, day=date)`;
traits `held`, `expired`, `confirmed`, `awaiting_approval`, `cancelled`, `released`.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import factory
from django.utils import timezone

from crm.bookings.enums import BookingStatus, ResourceKind
from crm.bookings.models import BlackoutDate, BookableResource, Booking
from tests.crm.factories import CaseFactory

LONDON = ZoneInfo("Europe/London")


def london(day, at=time.min) -> datetime:
    return datetime.combine(day, at, tzinfo=LONDON)


class RoundFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Bulky waste round {n}")
    slug = factory.Sequence(lambda n: f"round-{n}")
    kind = ResourceKind.COLLECTION_ROUND
    weekdays = "0,1,2,3,4,5,6"
    daily_capacity = 10
    postcode_sectors = "DS1 4\nDS1 5"
    lead_time_days = 1
    horizon_days = 60
    cancellation_cutoff_hours = 24

    class Meta:
        model = BookableResource


class RoomFactory(RoundFactory):
    name = factory.Sequence(lambda n: f"Village hall {n}")
    slug = factory.Sequence(lambda n: f"hall-{n}")
    kind = ResourceKind.ROOM
    daily_capacity = 0
    postcode_sectors = ""
    opens_at = time(9)
    closes_at = time(17)
    slot_minutes = 60
    requires_approval = True


class OfficerFactory(RoomFactory):
    name = factory.Sequence(lambda n: f"Inspector {n}")
    slug = factory.Sequence(lambda n: f"inspector-{n}")
    kind = ResourceKind.INSPECTION
    opens_at = time(9)
    closes_at = time(12)
    requires_approval = False


class BlackoutFactory(factory.django.DjangoModelFactory):
    resource = factory.SubFactory(RoundFactory)
    start_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=2))
    end_date = factory.SelfAttribute("start_date")
    reason = "Bank holiday"

    class Meta:
        model = BlackoutDate


class BookingFactory(factory.django.DjangoModelFactory):
    """A booking on `on` (a resource) for `day` at `at` (a time, for timed resources)."""

    class Params:
        on = factory.SubFactory(RoundFactory)
        day = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=3))
        at = None
        held = factory.Trait(
            status=BookingStatus.HELD,
            hold_expires_at=factory.LazyFunction(lambda: timezone.now() + timedelta(minutes=30)),
        )
        expired = factory.Trait(
            status=BookingStatus.HELD,
            hold_expires_at=factory.LazyFunction(lambda: timezone.now() - timedelta(minutes=1)),
        )
        confirmed = factory.Trait(
            status=BookingStatus.CONFIRMED, confirmed_at=factory.LazyFunction(timezone.now)
        )
        awaiting_approval = factory.Trait(status=BookingStatus.AWAITING_APPROVAL)
        cancelled = factory.Trait(
            status=BookingStatus.CANCELLED, cancelled_at=factory.LazyFunction(timezone.now)
        )
        released = factory.Trait(status=BookingStatus.RELEASED)

    resource = factory.SelfAttribute("on")
    case = factory.SubFactory(CaseFactory)
    status = BookingStatus.CONFIRMED
    date = factory.SelfAttribute("day")
    starts_at = factory.LazyAttribute(
        lambda o: london(o.day, o.at) if o.at is not None else london(o.day)
    )
    ends_at = factory.LazyAttribute(
        lambda o: (
            o.starts_at + timedelta(minutes=o.resource.slot_minutes)
            if o.resource.is_timed
            else london(o.day + timedelta(days=1))
        )
    )
    quantity = 1
    items = factory.LazyFunction(lambda: [{"label": "Fridge", "quantity": 1}])
    address_text = "1 High Street, Doorstep"
    postcode = "DS1 4AB"

    class Meta:
        model = Booking
