"""The bookings calendar (menu "Bookings and payments" > "Bookings calendar") and the crews'
daily manifest.

- The calendar lists the resources the member of staff may see (`access.resources_for_staff`)
  and, per resource, a week of bookings with each collection day's used and free capacity.
- The manifest is one round's CONFIRMED collections on one day, in order, as a printable page
  (the admin's sidebar and header are not printed) and as CSV for the crew's device.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from crm.bookings.enums import BookingStatus, ResourceKind
from crm.bookings.selectors import calendar, manifest
from crm.cases.models import CaseAccessLog
from crm.cases.services import record_case_access
from crm.payments.admin.csv_export import csv_response

from .access import get_resource_for_staff, resources_for_staff
from .forms import WeekForm, within_calendar
from .panels import items_text


def calendar_url(resource, day: date | None = None) -> str:
    url = reverse("bookings_admin:resource_calendar", kwargs={"slug": resource.slug})
    return f"{url}?date={day.isoformat()}" if day else url


def manifest_url(resource, day: date, *, csv: bool = False) -> str:
    name = "bookings_admin:manifest_csv" if csv else "bookings_admin:manifest"
    return reverse(name, kwargs={"slug": resource.slug, "day": day.isoformat()})


def takes_capacity(booking, now) -> bool:
    """Counted against the day's capacity as `available_slots` counts it."""
    if booking.status in (BookingStatus.AWAITING_APPROVAL, BookingStatus.CONFIRMED):
        return True
    return booking.status == BookingStatus.HELD and bool(
        booking.hold_expires_at and booking.hold_expires_at > now
    )


def is_open_on(resource, day: date, blackouts) -> bool:
    if day.weekday() not in resource.weekday_numbers():
        return False
    return not any(b.start_date <= day <= b.end_date for b in blackouts)


@dataclass
class CalendarDay:
    day: date
    is_open: bool
    bookings: list = field(default_factory=list)
    used: int = 0
    free: int | None = None  # collection rounds only
    manifest_url: str = ""


class BookingsCalendarMixin(WagtailAdminTemplateMixin):
    header_icon = "date"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("bookings_admin:calendar"), "label": _("Bookings calendar")},
            *self.extra_breadcrumbs(),
        ]

    def extra_breadcrumbs(self) -> list[dict]:
        return []


class CalendarIndexView(BookingsCalendarMixin, TemplateView):
    template_name = "bookings/admin/calendar_index.html"
    page_title = _("Bookings calendar")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context["today"] = today
        context["resources"] = [
            {
                "resource": resource,
                "calendar_url": calendar_url(resource),
                "manifest_url": manifest_url(resource, today)
                if resource.kind == ResourceKind.COLLECTION_ROUND
                else "",
            }
            for resource in resources_for_staff(self.request.user)
        ]
        return context


class ResourceCalendarView(BookingsCalendarMixin, TemplateView):
    """A week (Monday to Sunday) of one resource's bookings; `?date=` picks the week."""

    template_name = "bookings/admin/calendar_week.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.resource = get_resource_for_staff(request.user, kwargs["slug"])

    def get_page_title(self):
        return self.resource.name

    def extra_breadcrumbs(self):
        return [{"url": "", "label": self.resource.name}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = WeekForm(self.request.GET or None)
        chosen = form.cleaned_data.get("date") if form.is_valid() else None
        today = timezone.localdate()
        start = (chosen or today) - timedelta(days=(chosen or today).weekday())
        resource = self.resource
        is_round = resource.kind == ResourceKind.COLLECTION_ROUND
        blackouts = list(resource.blackouts.all())
        now = timezone.now()
        days = []
        for day, bookings in calendar(resource, start, days=7):
            used = sum(b.quantity for b in bookings if takes_capacity(b, now))
            days.append(
                CalendarDay(
                    day=day,
                    is_open=is_open_on(resource, day, blackouts),
                    bookings=[
                        {"booking": b, "items": items_text(b), "counts": takes_capacity(b, now)}
                        for b in bookings
                    ],
                    used=used,
                    free=max(resource.daily_capacity - used, 0) if is_round else None,
                    manifest_url=manifest_url(resource, day) if is_round else "",
                )
            )
        context.update(
            resource=resource,
            is_round=is_round,
            form=form,
            days=days,
            start=start,
            end=start + timedelta(days=6),
            today=today,
            previous_url=calendar_url(resource, start - timedelta(days=7)),
            next_url=calendar_url(resource, start + timedelta(days=7)),
            this_week_url=calendar_url(resource),
        )
        return context


# --- The crews' daily manifest ------------------------------------------------------------------

MANIFEST_HEADER = [
    _("Order"),
    _("Reference"),
    _("Address"),
    _("Postcode"),
    _("Items"),
    _("Number of items"),
    _("Notes"),
]


def manifest_rows(resource, day: date) -> list[dict]:
    rows = []
    for number, booking in enumerate(manifest(resource, day), start=1):
        rows.append(
            {
                "number": number,
                "booking": booking,
                "reference": booking.case.reference,
                "case_uuid": booking.case.uuid,
                "address": booking.address_text,
                "postcode": booking.postcode,
                "items": items_text(booking),
                "quantity": booking.quantity,
                "notes": booking.case.location_text,
            }
        )
    return rows


def item_totals(rows: list[dict]) -> list[tuple[str, int]]:
    """How many of each item the crew collects that day, most first."""
    totals: dict[str, int] = {}
    for row in rows:
        for item in row["booking"].items or []:
            if isinstance(item, dict) and item.get("label"):
                totals[item["label"]] = totals.get(item["label"], 0) + int(item.get("quantity", 1))
    return sorted(totals.items(), key=lambda pair: (-pair[1], pair[0]))


class ManifestMixin:
    """The round (a 404 for staff outside its team, and for a resource that is not a round) and
    the day from the URL (a 404 for a malformed date)."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        resource = get_resource_for_staff(request.user, kwargs["slug"])
        if resource.kind != ResourceKind.COLLECTION_ROUND:
            raise Http404
        try:
            self.day = date.fromisoformat(kwargs["day"])
        except ValueError as error:
            raise Http404 from error
        if not within_calendar(self.day):
            raise Http404
        self.resource = resource
        self.rows = manifest_rows(resource, self.day)

    def record_access(self) -> None:
        """The manifest shows residents' addresses: each case on it goes in the case access
        log, as a case page or a customer's list of cases does."""
        for row in self.rows:
            record_case_access(
                row["booking"].case, user=self.request.user, action=CaseAccessLog.Action.VIEWED
            )


class ManifestView(ManifestMixin, BookingsCalendarMixin, TemplateView):
    template_name = "bookings/admin/manifest.html"

    def get(self, request, *args, **kwargs):
        self.record_access()
        if request.GET.get("format") == "csv":
            return manifest_csv(self.resource, self.day, self.rows)
        return super().get(request, *args, **kwargs)

    def get_page_title(self):
        return _("Manifest: %(round)s, %(day)s") % {
            "round": self.resource.name,
            "day": date_format(self.day, "l j F Y"),
        }

    def extra_breadcrumbs(self):
        return [
            {"url": calendar_url(self.resource, self.day), "label": self.resource.name},
            {"url": "", "label": _("Manifest")},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            resource=self.resource,
            day=self.day,
            rows=self.rows,
            total_items=sum(row["quantity"] for row in self.rows),
            item_totals=item_totals(self.rows),
            csv_url=manifest_url(self.resource, self.day, csv=True),
            previous_url=manifest_url(self.resource, self.day - timedelta(days=1)),
            next_url=manifest_url(self.resource, self.day + timedelta(days=1)),
            calendar_url=calendar_url(self.resource, self.day),
        )
        return context


class ManifestCsvView(ManifestMixin, TemplateView):
    def get(self, request, *args, **kwargs):
        self.record_access()
        return manifest_csv(self.resource, self.day, self.rows)


def manifest_csv(resource, day: date, rows: list[dict]):
    return csv_response(
        f"manifest-{resource.slug}-{day.isoformat()}.csv",
        [str(heading) for heading in MANIFEST_HEADER],
        [
            [
                row["number"],
                row["reference"],
                row["address"],
                row["postcode"],
                row["items"],
                row["quantity"],
                row["notes"],
            ]
            for row in rows
        ]
        + [
            [
                "",
                str(_("Total")),
                "",
                "",
                ", ".join(f"{count} x {label}" for label, count in item_totals(rows)),
                sum(row["quantity"] for row in rows),
                "",
            ]
        ],
    )
