"""Kinds of bookable resource and the life of a booking."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ResourceKind(models.TextChoices):
    # Capacity counted in items per day (bulky waste): one "slot" per collection day.
    COLLECTION_ROUND = "collection_round", _("Collection round")
    # Time slots from opening hours, one booking per slot.
    ROOM = "room", _("Room or hall")
    INSPECTION = "inspection", _("Inspection officer")


# Kinds whose slots are times of day (the others are whole days with a capacity in items).
TIMED_KINDS: frozenset[str] = frozenset({ResourceKind.ROOM, ResourceKind.INSPECTION})


class BookingStatus(models.TextChoices):
    HELD = "held", _("Held while paying")
    AWAITING_APPROVAL = "awaiting_approval", _("Waiting for approval")
    CONFIRMED = "confirmed", _("Confirmed")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")
    DECLINED = "declined", _("Declined")
    RELEASED = "released", _("Released (not paid in time)")


# Bookings that take capacity (a HELD one only until its hold expires).
ACTIVE_BOOKING_STATUSES: frozenset[str] = frozenset(
    {BookingStatus.HELD, BookingStatus.AWAITING_APPROVAL, BookingStatus.CONFIRMED}
)
