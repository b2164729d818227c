"""How a resource's rules become slots, and how much of each slot is taken (private to bookings).

A collection round has one slot a day, from the start of the day to the start of the next
(Europe/London), with a capacity in items; rooms and inspection officers have slots of
`slot_minutes` from `opens_at` to `closes_at`, one booking each. `selectors` pages through them;
`services` checks one again under its `SlotLock` before it holds it.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .enums import BookingStatus
from .models import BlackoutDate, BookableResource, Booking


def london() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def local_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=london())


def taking_capacity(now: datetime) -> Q:
    """Bookings that take capacity now: a HELD one only until its hold expires."""
    return Q(status__in=[BookingStatus.AWAITING_APPROVAL, BookingStatus.CONFIRMED]) | Q(
        status=BookingStatus.HELD, hold_expires_at__gt=now
    )


def capacity(resource: BookableResource) -> int:
    return 1 if resource.is_timed else resource.daily_capacity


def slot_quantity(resource: BookableResource, quantity: int) -> int:
    """Items count against a round's capacity; a timed slot is taken whole by one booking."""
    return 1 if resource.is_timed else quantity


# --- Labels -------------------------------------------------------------------------------------


def clock(moment: datetime) -> str:
    """10:00am, 2:30pm (GOV.UK style, with minutes as agreed for slot labels)."""
    local = timezone.localtime(moment, london())
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    return f"{hour}:{local.minute:02d}{suffix}"


def day_label(day: date) -> str:
    return date_format(day, "l j F Y")


def slot_label(resource: BookableResource, starts_at: datetime, ends_at: datetime) -> str:
    day = timezone.localtime(starts_at, london()).date()
    if not resource.is_timed:
        return day_label(day)
    return _("%(day)s, %(start)s to %(end)s") % {
        "day": day_label(day),
        "start": clock(starts_at),
        "end": clock(ends_at),
    }


# --- Days and slot times ------------------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    """The days a resource may be booked on, as of `today`."""

    first: date  # today + lead time
    last: date  # today + horizon


def window(resource: BookableResource, today: date) -> Window:
    return Window(
        first=today + timedelta(days=resource.lead_time_days),
        last=today + timedelta(days=resource.horizon_days),
    )


def blackout_days(
    resources: Iterable[BookableResource], start: date, end: date
) -> dict[int, list[tuple[date, date]]]:
    """Each resource's blackout ranges overlapping [start, end], in one query."""
    ranges: dict[int, list[tuple[date, date]]] = defaultdict(list)
    rows = BlackoutDate.objects.filter(
        resource__in=[resource.pk for resource in resources],
        start_date__lte=end,
        end_date__gte=start,
    ).values_list("resource_id", "start_date", "end_date")
    for resource_id, first, last in rows:
        ranges[resource_id].append((first, last))
    return ranges


def is_blacked_out(day: date, ranges: list[tuple[date, date]]) -> bool:
    return any(first <= day <= last for first, last in ranges)


def slot_times(resource: BookableResource, day: date) -> list[tuple[datetime, datetime]]:
    """The slots of one day, by the resource's hours (whatever the weekday or blackouts)."""
    if not resource.is_timed:
        return [(local_midnight(day), local_midnight(day + timedelta(days=1)))]
    if resource.opens_at is None or resource.closes_at is None or not resource.slot_minutes:
        return []
    zone = london()
    step = timedelta(minutes=resource.slot_minutes)
    start = datetime.combine(day, resource.opens_at)
    close = datetime.combine(day, resource.closes_at)
    times = []
    while start + step <= close:
        times.append((start.replace(tzinfo=zone), (start + step).replace(tzinfo=zone)))
        start += step
    return times


def day_is_open(
    resource: BookableResource, day: date, *, today: date, ranges: list[tuple[date, date]]
) -> bool:
    bounds = window(resource, today)
    return (
        bounds.first <= day <= bounds.last
        and day.weekday() in resource.weekday_numbers()
        and not is_blacked_out(day, ranges)
    )


# --- What is taken ------------------------------------------------------------------------------


def taken_by_slot(
    resources: Iterable[BookableResource],
    start: datetime,
    end: datetime,
    *,
    now: datetime,
    exclude_booking_id: int | None = None,
) -> dict[int, list[tuple[datetime, datetime, int]]]:
    """Per resource, the (starts, ends, quantity) of bookings taking capacity that overlap
    [start, end): one query for a whole page of days."""
    bookings = Booking.objects.filter(
        taking_capacity(now),
        resource__in=[resource.pk for resource in resources],
        starts_at__lt=end,
        ends_at__gt=start,
    )
    if exclude_booking_id is not None:
        bookings = bookings.exclude(pk=exclude_booking_id)
    rows = bookings.values("resource_id", "starts_at", "ends_at").annotate(total=Sum("quantity"))
    taken: dict[int, list[tuple[datetime, datetime, int]]] = defaultdict(list)
    for row in rows:
        taken[row["resource_id"]].append((row["starts_at"], row["ends_at"], row["total"]))
    return taken


def used(
    taken: list[tuple[datetime, datetime, int]], starts_at: datetime, ends_at: datetime
) -> int:
    """Capacity used in the slot: the bookings that overlap it (items, or one per booking)."""
    return sum(total for begins, ends, total in taken if begins < ends_at and ends > starts_at)


def remaining(
    resource: BookableResource,
    starts_at: datetime,
    ends_at: datetime,
    *,
    now: datetime,
    exclude_booking_id: int | None = None,
) -> int:
    """What is left of one slot now (for a hold, counted under the slot's lock)."""
    taken = taken_by_slot(
        [resource], starts_at, ends_at, now=now, exclude_booking_id=exclude_booking_id
    )
    return max(0, capacity(resource) - used(taken[resource.pk], starts_at, ends_at))


# --- Keys ---------------------------------------------------------------------------------------


def make_key(resource: BookableResource, starts_at: datetime) -> str:
    return f"{resource.slug}@{timezone.localtime(starts_at, london()).isoformat()}"


def parse_key(key: str) -> tuple[str, datetime] | None:
    slug, separator, moment = (key or "").strip().partition("@")
    if not separator or not slug:
        return None
    # A "+01:00" offset that went through a query string unencoded comes back as " 01:00".
    moment = moment.replace(" ", "+")
    try:
        starts_at = datetime.fromisoformat(moment)
    except ValueError:
        return None
    if timezone.is_naive(starts_at):
        return None
    return slug, starts_at


def slot_bounds(
    resource: BookableResource, starts_at: datetime, *, today: date
) -> tuple[datetime, datetime] | None:
    """The slot that starts at `starts_at`, if the resource's rules offer it (ignoring capacity)."""
    day = timezone.localtime(starts_at, london()).date()
    ranges = blackout_days([resource], day, day)[resource.pk]
    if not day_is_open(resource, day, today=today, ranges=ranges):
        return None
    for begins, ends in slot_times(resource, day):
        if begins == starts_at:
            return begins, ends
    return None


def resolve_key(key: str, *, now: datetime) -> tuple[BookableResource, datetime, datetime] | None:
    """The active resource and slot a key names, if its rules offer that slot now."""
    parsed = parse_key(key)
    if parsed is None:
        return None
    slug, starts_at = parsed
    resource = BookableResource.objects.filter(slug=slug, active=True).first()
    if resource is None:
        return None
    bounds = slot_bounds(resource, starts_at, today=timezone.localdate(now, london()))
    if bounds is None or (resource.is_timed and bounds[0] <= now):
        return None
    return resource, bounds[0], bounds[1]
