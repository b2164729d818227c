"""Holding a place while the resident pays, confirming it when paid, and releasing it when the
payment never comes (its own task and the sweep); free bookings confirmed at once."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from crm.bookings.enums import BookingStatus
from crm.bookings.models import Booking, SlotLock
from crm.bookings.selectors import available_slots, slot_for_key
from crm.bookings.services import (
    SlotUnavailable,
    hold_booking,
    release_expired_holds,
    release_hold,
)
from crm.bookings.tasks import release_expired_holds_task, release_hold_task
from crm.cases.enums import EventKind
from crm.notifications.enums import EmailKind
from tests.crm.bookings.factories import BookingFactory, OfficerFactory, RoomFactory, RoundFactory
from tests.crm.bookings.helpers import email_of, emails

pytestmark = pytest.mark.django_db


def first_slot(resource, quantity=1):
    return available_slots(resource, quantity=quantity, limit=1).slots[0]


def test_a_hold_takes_the_items_for_the_hold_time_and_notes_it_on_the_case(case, settings):
    settings.DOORSTEP_BOOKING_HOLD_MINUTES = 20
    bulky = RoundFactory(daily_capacity=10)
    slot = first_slot(bulky)
    items = [{"label": "Fridge", "quantity": 2}, {"label": "Sofa", "quantity": 1}]

    before = timezone.now()
    booking = hold_booking(
        case=case,
        slot_key=slot.key,
        quantity=3,
        items=items,
        address_text="1 High Street",
        postcode="DS1 4AB",
    )

    assert booking.status == BookingStatus.HELD
    assert booking.quantity == 3 and booking.items == items
    assert booking.starts_at == slot.starts_at and booking.date == slot.starts_at.date()
    expected = before + timedelta(minutes=20)
    assert expected <= booking.hold_expires_at <= expected + timedelta(seconds=5)
    assert slot_for_key(slot.key).remaining == 7
    assert SlotLock.objects.filter(resource=bulky, starts_at=slot.starts_at).count() == 1
    event = case.events.get()
    assert event.kind == EventKind.INTERNAL_NOTE and not event.is_public
    assert slot.label in event.message
    assert emails(case) == []  # the resident is emailed when they have paid


def test_the_queued_release_does_nothing_before_the_hold_expires(
    case, django_capture_on_commit_callbacks
):
    bulky = RoundFactory()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        booking = hold_booking(case=case, slot_key=first_slot(bulky).key)

    assert len(callbacks) == 1  # the release task, queued (run eagerly here)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.HELD


def test_a_broker_outage_leaves_the_hold_to_the_sweep(
    case, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def broker_down(*args, **kwargs):
        raise ConnectionRefusedError("secret host details")

    monkeypatch.setattr(release_hold_task, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        booking = hold_booking(case=case, slot_key=first_slot(RoundFactory()).key)

    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.HELD
    assert "ConnectionRefusedError" in caplog.text and "secret host" not in caplog.text


def test_a_full_day_is_refused_with_the_agreed_message(case):
    bulky = RoundFactory(daily_capacity=3)
    slot = first_slot(bulky)
    BookingFactory(on=bulky, day=slot.starts_at.date(), confirmed=True, quantity=2)

    with pytest.raises(SlotUnavailable) as refused:
        hold_booking(case=case, slot_key=slot.key, quantity=2)

    assert refused.value.code == "slot_unavailable"
    assert refused.value.messages == ["That date or time is no longer available. Choose another."]
    assert not Booking.objects.filter(case=case).exists()
    assert hold_booking(case=case, slot_key=slot.key, quantity=1).status == BookingStatus.HELD


def test_more_items_than_a_round_takes_in_a_day_are_refused(case):
    bulky = RoundFactory(daily_capacity=3)

    with pytest.raises(SlotUnavailable) as refused:
        hold_booking(case=case, slot_key=first_slot(bulky).key, quantity=4)

    assert refused.value.code == "too_many_items"
    assert not Booking.objects.exists()


def test_no_items_is_refused(case):
    with pytest.raises(ValidationError):
        hold_booking(case=case, slot_key=first_slot(RoundFactory()).key, quantity=0)
    assert not Booking.objects.exists()


@pytest.mark.parametrize(
    "key",
    ["", "nonsense", "round-x@2026-12-08T00:00:00+00:00", "{slug}@2001-01-01T00:00:00+00:00"],
)
def test_a_key_the_rules_do_not_offer_is_refused(case, key):
    bulky = RoundFactory()

    with pytest.raises(SlotUnavailable):
        hold_booking(case=case, slot_key=key.format(slug=bulky.slug))
    assert not Booking.objects.exists()


def test_an_inactive_resource_takes_no_holds(case):
    bulky = RoundFactory()
    key = first_slot(bulky).key
    bulky.active = False
    bulky.save()

    with pytest.raises(SlotUnavailable):
        hold_booking(case=case, slot_key=key)


def test_a_timed_slot_is_taken_whole_by_one_booking(case):
    hall = RoomFactory()
    slot = first_slot(hall)

    booking = hold_booking(case=case, slot_key=slot.key, quantity=5)

    assert booking.quantity == 1
    assert slot_for_key(slot.key) is None
    with pytest.raises(SlotUnavailable):
        hold_booking(case=case, slot_key=slot.key)


def test_a_free_inspection_is_confirmed_at_once_and_emailed(case):
    officer = OfficerFactory()

    booking = hold_booking(case=case, slot_key=first_slot(officer).key, paid=False)

    assert booking.status == BookingStatus.CONFIRMED
    assert booking.confirmed_at is not None and booking.hold_expires_at is None
    assert emails(case) == [EmailKind.BOOKING_CONFIRMED]
    assert email_of(case, EmailKind.BOOKING_CONFIRMED).context["booking"].startswith(officer.name)


def test_a_free_booking_that_needs_approval_waits_for_staff(case):
    hall = RoomFactory(requires_approval=True)

    booking = hold_booking(case=case, slot_key=first_slot(hall).key, paid=False)

    assert booking.status == BookingStatus.AWAITING_APPROVAL
    assert emails(case) == [EmailKind.BOOKING_AWAITING_APPROVAL]


# --- Expiry -------------------------------------------------------------------------------------


def test_an_expired_hold_is_released_by_its_task_and_the_place_is_free_again(case):
    bulky = RoundFactory(daily_capacity=2)
    slot = first_slot(bulky)
    booking = hold_booking(case=case, slot_key=slot.key, quantity=2)
    assert slot_for_key(slot.key) is None

    Booking.objects.filter(pk=booking.pk).update(
        hold_expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert release_hold_task.delay(booking.pk).get() is True

    booking.refresh_from_db()
    assert booking.status == BookingStatus.RELEASED
    assert slot_for_key(slot.key).remaining == 2
    assert emails(case) == [EmailKind.BOOKING_RELEASED]
    assert email_of(case, EmailKind.BOOKING_RELEASED).context["booking"] == (
        f"{bulky.name}: {slot.label}"
    )
    assert release_hold(booking.pk) is False  # once
    assert emails(case) == [EmailKind.BOOKING_RELEASED]


def test_an_expired_hold_frees_its_place_even_before_it_is_released():
    bulky = RoundFactory(daily_capacity=1)
    slot = first_slot(bulky)
    BookingFactory(on=bulky, day=slot.starts_at.date(), expired=True)

    assert slot_for_key(slot.key).remaining == 1


def test_the_sweep_releases_only_holds_past_their_time():
    bulky = RoundFactory()
    expired = [BookingFactory(on=bulky, expired=True) for _ in range(2)]
    held = BookingFactory(on=bulky, held=True)
    confirmed = BookingFactory(on=bulky, confirmed=True)

    assert release_expired_holds_task.delay().get() == 2
    assert release_expired_holds() == 0

    for booking in expired:
        booking.refresh_from_db()
        assert booking.status == BookingStatus.RELEASED
        assert emails(booking.case) == [EmailKind.BOOKING_RELEASED]
    held.refresh_from_db()
    confirmed.refresh_from_db()
    assert held.status == BookingStatus.HELD and confirmed.status == BookingStatus.CONFIRMED


def test_a_hold_expiring_later_is_released_by_a_later_sweep():
    booking = BookingFactory(held=True)

    assert release_expired_holds() == 0
    assert release_expired_holds(now=timezone.now() + timedelta(hours=1)) == 1
    booking.refresh_from_db()
    assert booking.status == BookingStatus.RELEASED


def test_the_release_is_queued_for_when_the_hold_expires(
    case, monkeypatch, django_capture_on_commit_callbacks
):
    queued = []
    monkeypatch.setattr(
        release_hold_task, "apply_async", lambda *args, **kwargs: queued.append((args, kwargs))
    )
    with django_capture_on_commit_callbacks(execute=True):
        booking = hold_booking(case=case, slot_key=first_slot(RoundFactory()).key)

    assert queued == [((), {"args": [booking.pk], "eta": booking.hold_expires_at})]


def test_a_hold_rolled_back_with_its_form_queues_nothing(case, django_capture_on_commit_callbacks):
    from django.db import transaction

    bulky = RoundFactory(daily_capacity=1)
    slot = first_slot(bulky)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        hold_booking(case=case, slot_key=slot.key)
        raise RuntimeError("the case could not be opened")

    assert callbacks == []
    assert not Booking.objects.exists()
    assert slot_for_key(slot.key).remaining == 1
