"""Bookable resources staff set up (snippets) and the bookings made on them.

A collection round has one "slot" a day with a capacity counted in items; rooms and inspection
officers have time slots from their opening hours, one booking each. `SlotLock` rows are what
a hold locks (`SELECT ... FOR UPDATE`), one per resource and slot start, so two residents racing
for the last place are served one after the other and exactly one gets it.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from .enums import TIMED_KINDS, BookingStatus, ResourceKind

WEEKDAY_CHOICES = [
    ("0", _("Monday")),
    ("1", _("Tuesday")),
    ("2", _("Wednesday")),
    ("3", _("Thursday")),
    ("4", _("Friday")),
    ("5", _("Saturday")),
    ("6", _("Sunday")),
]


class BookableResource(ClusterableModel):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=ResourceKind.choices)
    description = models.TextField(
        _("description for residents"), blank=True, help_text=_("Shown on the booking pages")
    )
    active = models.BooleanField(_("taking bookings"), default=True)
    team = models.ForeignKey(
        "cases.Team",
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The team that sees this resource's calendar"),
    )
    weekdays = models.CharField(
        _("days it works or opens"),
        max_length=20,
        default="0,1,2,3,4",
        help_text=_("Days of the week, 0 for Monday to 6 for Sunday, separated by commas"),
    )
    # Collection rounds
    daily_capacity = models.PositiveIntegerField(
        _("items a day"), default=0, help_text=_("Collection rounds: how many items a day")
    )
    postcode_sectors = models.TextField(
        _("postcode sectors"),
        blank=True,
        help_text=_(
            "Collection rounds: the postcode sectors the round covers, one a line or separated "
            "by commas, for example 'DS1 4'"
        ),
    )
    # Rooms and inspection officers
    opens_at = models.TimeField(_("opens at"), null=True, blank=True)
    closes_at = models.TimeField(_("closes at"), null=True, blank=True)
    slot_minutes = models.PositiveIntegerField(_("slot length in minutes"), null=True, blank=True)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Inspections: the officer whose slots these are"),
    )
    requires_approval = models.BooleanField(
        _("staff approve each booking"),
        default=False,
        help_text=_("Halls: a paid booking waits for staff to approve or decline it"),
    )
    # Rules
    lead_time_days = models.PositiveIntegerField(
        _("lead time in days"),
        default=1,
        help_text=_("The earliest booking is this many days from today"),
    )
    horizon_days = models.PositiveIntegerField(
        _("booking horizon in days"),
        default=60,
        help_text=_("The latest booking is this many days from today"),
    )
    cancellation_cutoff_hours = models.PositiveIntegerField(
        _("cancellation cut-off in hours"),
        default=24,
        help_text=_("Residents may cancel (with a refund) up to this many hours before"),
    )

    class Meta:
        verbose_name = _("bookable resource")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_timed(self) -> bool:
        return self.kind in TIMED_KINDS

    def weekday_numbers(self) -> set[int]:
        return {int(part) for part in self.weekdays.replace(" ", "").split(",") if part.isdigit()}

    def sectors(self) -> list[str]:
        """The round's postcode sectors, normalised ("DS1 4")."""
        raw = self.postcode_sectors.replace(",", "\n").splitlines()
        return [" ".join(part.upper().split()) for part in raw if part.strip()]

    def clean(self):
        super().clean()
        errors = {}
        if not self.weekday_numbers() or any(day > 6 for day in self.weekday_numbers()):
            errors["weekdays"] = _("Enter days as numbers from 0 (Monday) to 6 (Sunday)")
        if self.kind == ResourceKind.COLLECTION_ROUND:
            if not self.daily_capacity:
                errors["daily_capacity"] = _("Enter how many items the round collects a day")
            if not self.sectors():
                errors["postcode_sectors"] = _("Enter at least one postcode sector")
        elif self.kind in TIMED_KINDS:
            if self.opens_at is None:
                errors["opens_at"] = _("Enter the opening time")
            if self.closes_at is None:
                errors["closes_at"] = _("Enter the closing time")
            if not self.slot_minutes:
                errors["slot_minutes"] = _("Enter the slot length in minutes")
            if self.opens_at and self.closes_at and self.opens_at >= self.closes_at:
                errors["closes_at"] = _("The closing time must be after the opening time")
        if self.horizon_days <= self.lead_time_days:
            errors["horizon_days"] = _("The horizon must be further away than the lead time")
        if errors:
            raise ValidationError(errors)


class BlackoutDate(Orderable):
    """Days the resource takes no bookings (bank holidays are not assumed: add them here)."""

    resource = ParentalKey(BookableResource, on_delete=models.CASCADE, related_name="blackouts")
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("blackout dates")

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The last day must be on or after the first")})


class SlotLock(models.Model):
    """The row a hold locks for one resource and slot start (created on first use)."""

    # Records, not content: no Wagtail "usage" to track, and no reference index rebuilt per save.
    wagtail_reference_index_ignore = True

    resource = models.ForeignKey(BookableResource, on_delete=models.CASCADE, related_name="+")
    starts_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["resource", "starts_at"], name="bookings_one_lock")
        ]

    def __str__(self):
        return f"{self.resource_id} {self.starts_at:%Y-%m-%d %H:%M}"


class Booking(models.Model):
    wagtail_reference_index_ignore = True  # records, not content

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    resource = models.ForeignKey(
        BookableResource,
        verbose_name=_("resource"),
        on_delete=models.PROTECT,
        related_name="bookings",
    )
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="bookings"
    )
    status = models.CharField(
        _("status"), max_length=32, choices=BookingStatus.choices, default=BookingStatus.HELD
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    date = models.DateField(_("date"))  # local date of starts_at, for calendars and manifests
    quantity = models.PositiveIntegerField(_("places or items"), default=1)
    # [{"label": "Fridge", "quantity": 1}, ...] for the crew's manifest
    items = models.JSONField(_("items"), default=list, blank=True)
    address_text = models.CharField(_("address"), max_length=500, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    hold_expires_at = models.DateTimeField(_("hold expires"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(max_length=300, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    deposit_refunded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("booking")
        ordering = ["starts_at"]
        indexes = [
            models.Index(fields=["resource", "starts_at"], name="bookings_resource_start"),
            models.Index(fields=["resource", "date", "status"], name="bookings_resource_day"),
            models.Index(fields=["status", "hold_expires_at"], name="bookings_holds"),
        ]

    def __str__(self):
        return f"{self.resource} {self.starts_at:%Y-%m-%d %H:%M}"
