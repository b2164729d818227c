"""Read queries for bookings: the slots a resident may choose, and bookings with access decided
here (a resident sees the bookings of their own cases only; anyone else's is a 404).

Slots are computed from each resource's rules (docs/bookings.md): weekdays, blackout dates, lead
time, horizon and hours; what is left of a slot counts CONFIRMED and AWAITING_APPROVAL bookings
and HELD ones until their hold expires. A page of slots costs two queries whatever its length
(blackouts, then what is taken over the page's days), plus one more only when full days push the
page past the first batch of days.
"""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from crm.cases.selectors import cases_for_resident

from .availability import (
    blackout_days,
    capacity,
    day_is_open,
    local_midnight,
    london,
    make_key,
    remaining,
    resolve_key,
    slot_label,
    slot_quantity,
    slot_times,
    taken_by_slot,
    used,
    window,
)
from .enums import ACTIVE_BOOKING_STATUSES, BookingStatus, ResourceKind
from .models import BookableResource, Booking

# Statuses a staff calendar shows (what is booked or was done, not what fell through).
CALENDAR_STATUSES: frozenset[str] = frozenset(
    {
        BookingStatus.HELD,
        BookingStatus.AWAITING_APPROVAL,
        BookingStatus.CONFIRMED,
        BookingStatus.COMPLETED,
    }
)


@dataclass(frozen=True)
class Slot:
    resource_id: int
    resource_slug: str
    resource_name: str
    starts_at: datetime
    ends_at: datetime
    remaining: int
    key: str
    label: str


@dataclass(frozen=True)
class SlotPage:
    start: date
    slots: list[Slot] = field(default_factory=list)
    # The first day of the next page ("Show later dates"), or None when the horizon is reached.
    next_start: date | None = None


def _as_list(resources) -> list[BookableResource]:
    if isinstance(resources, BookableResource):
        return [resources]
    return list(resources)


def _slot(resource: BookableResource, starts_at: datetime, ends_at: datetime, left: int) -> Slot:
    return Slot(
        resource_id=resource.pk,
        resource_slug=resource.slug,
        resource_name=resource.name,
        starts_at=starts_at,
        ends_at=ends_at,
        remaining=left,
        key=make_key(resource, starts_at),
        label=slot_label(resource, starts_at, ends_at),
    )


def available_slots(
    resources: BookableResource | Iterable[BookableResource],
    *,
    quantity: int = 1,
    start: date | None = None,
    limit: int = 10,
    now: datetime | None = None,
) -> SlotPage:
    """The first slots with room for `quantity` (items for a round; one place for a timed slot)
    from `start` (or the first day the lead time allows).

    `resources` is one resource or a pool (inspection officers): each time is offered once, by
    the first resource in the pool's order that is free then. A page holds whole days: it stops
    after the day on which it reaches `limit` slots, so a day's times are never split across
    pages and `next_start` (the next day that could have slots) is a plain date.
    """
    now = now or timezone.now()
    today = timezone.localdate(now, london())
    pool = [resource for resource in _as_list(resources) if resource.active]
    if not pool:
        return SlotPage(start=start or today)
    first = min(window(resource, today).first for resource in pool)
    last = max(window(resource, today).last for resource in pool)
    begin = max(start or first, first)
    if begin > last:
        return SlotPage(start=begin)
    ranges = blackout_days(pool, begin, last)
    open_on = {
        day: [
            resource
            for resource in pool
            if day_is_open(resource, day, today=today, ranges=ranges[resource.pk])
        ]
        for day in (begin + timedelta(days=n) for n in range((last - begin).days + 1))
    }
    days = [day for day, open_resources in open_on.items() if open_resources]

    slots: list[Slot] = []
    last_shown: date | None = None
    index, batch_size = 0, max(limit, 1)
    while index < len(days) and len(slots) < limit:
        batch = days[index : index + batch_size]
        index += len(batch)
        batch_size *= 2
        taken = taken_by_slot(
            pool,
            local_midnight(batch[0]),
            local_midnight(batch[-1] + timedelta(days=1)),
            now=now,
        )
        for day in batch:
            slots.extend(_day_slots(open_on[day], day, taken, quantity=quantity, now=now))
            last_shown = day
            if len(slots) >= limit:
                break
    later = [day for day in days if last_shown is not None and day > last_shown]
    next_start = later[0] if later and len(slots) >= limit else None
    return SlotPage(start=begin, slots=slots, next_start=next_start)


def _day_slots(
    resources: list[BookableResource], day: date, taken: dict, *, quantity: int, now: datetime
) -> list[Slot]:
    """One day's free slots; a time several resources share is offered by the first free."""
    offered: dict[tuple[datetime, datetime], Slot] = {}
    for resource in resources:
        need = slot_quantity(resource, quantity)
        if need < 1 or need > capacity(resource):
            continue
        for starts_at, ends_at in slot_times(resource, day):
            if (starts_at, ends_at) in offered or (resource.is_timed and starts_at <= now):
                continue
            left = capacity(resource) - used(taken[resource.pk], starts_at, ends_at)
            if left >= need:
                offered[(starts_at, ends_at)] = _slot(resource, starts_at, ends_at, left)
    return [offered[times] for times in sorted(offered)]


def slot_for_key(key: str, *, quantity: int = 1, now: datetime | None = None) -> Slot | None:
    """The slot a key (from a form's radios) names, if it is still offered with room for
    `quantity`; None if the key is unknown, outside the rules or the slot is full."""
    now = now or timezone.now()
    found = resolve_key(key, now=now)
    if found is None:
        return None
    resource, starts_at, ends_at = found
    need = slot_quantity(resource, quantity)
    if need < 1:
        return None
    left = remaining(resource, starts_at, ends_at, now=now)
    if left < need:
        return None
    return _slot(resource, starts_at, ends_at, left)


def normalise_postcode(postcode: str) -> str:
    """ "ds14ab" or " DS1  4AB " -> "DS1 4AB" ("" if it is too short to be a postcode)."""
    compact = "".join((postcode or "").upper().split())
    if len(compact) < 5 or len(compact) > 7:
        return ""
    return f"{compact[:-3]} {compact[-3:]}"


def postcode_sector(postcode: str) -> str:
    """The sector of a postcode: "DS1 4AB" -> "DS1 4"."""
    normal = normalise_postcode(postcode)
    return normal[:-2] if normal else ""


def round_for_postcode(postcode: str) -> BookableResource | None:
    """The active collection round whose sectors include the postcode's sector (the first by
    name if staff listed a sector twice), or None: "we do not collect from this address"."""
    sector = postcode_sector(postcode)
    if not sector:
        return None
    rounds = BookableResource.objects.filter(
        kind=ResourceKind.COLLECTION_ROUND, active=True, postcode_sectors__icontains=sector
    ).order_by("name", "pk")
    for candidate in rounds:
        if sector in candidate.sectors():
            return candidate
    return None


def resources_for(kind: str, slug: str = "") -> list[BookableResource]:
    """Active resources of a kind, by name (just the one if `slug` names it)."""
    resources = BookableResource.objects.filter(kind=kind, active=True)
    if slug:
        resources = resources.filter(slug=slug)
    return list(resources.order_by("name", "pk"))


# --- Bookings -----------------------------------------------------------------------------------


def bookings_for_case(case) -> list[Booking]:
    """A case's bookings, soonest first (for the case page and the confirmation page)."""
    return list(Booking.objects.filter(case=case).select_related("resource").order_by("starts_at"))


def bookings_for_resident(
    user: AbstractBaseUser | None, *, verified_emails: Iterable[str] = ()
) -> QuerySet[Booking]:
    """The bookings of the cases a resident may see (as `cases_for_resident`), soonest first."""
    cases = cases_for_resident(user, verified_emails=verified_emails)
    return (
        Booking.objects.filter(case__in=cases.values("pk"))
        .select_related("resource", "case", "case__case_type")
        .order_by("starts_at", "pk")
    )


def get_booking_for_resident(
    user: AbstractBaseUser | None,
    booking_uuid: uuid.UUID | str,
    *,
    verified_emails: Iterable[str] = (),
) -> Booking:
    """The resident's own booking; Http404 for anyone else's, whether or not it exists."""
    try:
        value = (
            booking_uuid if isinstance(booking_uuid, uuid.UUID) else uuid.UUID(str(booking_uuid))
        )
    except (TypeError, ValueError, AttributeError):
        raise Http404 from None
    booking = (
        bookings_for_resident(user, verified_emails=verified_emails).filter(uuid=value).first()
    )
    if booking is None:
        raise Http404
    return booking


def cancellation_deadline(booking: Booking) -> datetime:
    """The last moment a resident may cancel (with the refund the rules allow)."""
    return booking.starts_at - timedelta(hours=booking.resource.cancellation_cutoff_hours)


def resident_can_cancel(booking: Booking, *, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return booking.status in ACTIVE_BOOKING_STATUSES and now < cancellation_deadline(booking)


def booking_label(booking: Booking) -> str:
    """ "Tuesday 8 December 2026" (a collection) or "..., 10:00am to 11:00am" (a timed slot)."""
    return slot_label(booking.resource, booking.starts_at, booking.ends_at)


def booking_summary(booking: Booking) -> str:
    """ "<resource name>: <label>", as emails and timeline notes show a booking."""
    return f"{booking.resource.name}: {booking_label(booking)}"


def manifest(resource: BookableResource, day: date) -> list[Booking]:
    """A crew's list for a day: the CONFIRMED bookings, in order, with their cases."""
    return list(
        Booking.objects.filter(resource=resource, date=day, status=BookingStatus.CONFIRMED)
        .select_related("case", "case__customer", "resource")
        .order_by("starts_at", "pk")
    )


def calendar(
    resource: BookableResource, start: date, days: int = 7
) -> list[tuple[date, list[Booking]]]:
    """Each day from `start` with its bookings (held, waiting for approval, confirmed or done),
    in one query."""
    end = start + timedelta(days=max(days, 0))
    bookings = (
        Booking.objects.filter(
            resource=resource,
            date__gte=start,
            date__lt=end,
            status__in=list(CALENDAR_STATUSES),
        )
        .select_related("case", "case__customer", "resource")
        .order_by("starts_at", "pk")
    )
    by_day: dict[date, list[Booking]] = {start + timedelta(days=n): [] for n in range(days)}
    for booking in bookings:
        by_day[booking.date].append(booking)
    return list(by_day.items())
