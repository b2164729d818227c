"""Display helpers for My Account pages: status tags, dates and file sizes the GOV.UK way."""

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

from crm.payments.selectors import format_amount

register = template.Library()

# Status of a request -> GOV.UK tag colour.
STATUS_TAG_CLASSES = {
    "received": "govuk-tag--blue",
    "in_progress": "govuk-tag--light-blue",
    "awaiting_customer": "govuk-tag--yellow",
    "resolved": "govuk-tag--green",
    "closed": "govuk-tag--grey",
}


@register.filter
def status_tag_class(status) -> str:
    return STATUS_TAG_CLASSES.get(str(status), "govuk-tag--grey")


@register.filter
def govuk_datetime(value) -> str:
    """'2:05pm on 14 March 2026', in the site's time zone."""
    if not value:
        return ""
    value = timezone.localtime(value) if timezone.is_aware(value) else value
    time = date_format(value, "g:i").replace(":00", "") + ("am" if value.hour < 12 else "pm")
    return _("%(time)s on %(date)s") % {"time": time, "date": date_format(value, "j F Y")}


@register.filter
def file_size(size) -> str:
    """512 bytes, 35KB, 1.2MB."""
    try:
        size = int(size)
    except (TypeError, ValueError):
        return ""
    if size < 1024:
        return _("%(size)s bytes") % {"size": size}
    if size < 1024 * 1024:
        return f"{round(size / 1024)}KB"
    return f"{size / (1024 * 1024):.1f}MB"


@register.filter
def file_type(name) -> str:
    """The upper-case extension of a file name (PDF, JPG), or an empty string."""
    name = str(name or "")
    return name.rsplit(".", 1)[1].upper() if "." in name else ""


# State of a booking or payment -> GOV.UK tag colour (anything else is grey).
BOOKING_TAG_CLASSES = {
    "held": "govuk-tag--yellow",
    "awaiting_approval": "govuk-tag--light-blue",
    "confirmed": "govuk-tag--green",
    "completed": "govuk-tag--grey",
    "cancelled": "govuk-tag--grey",
    "declined": "govuk-tag--red",
    "released": "govuk-tag--grey",
}
PAYMENT_TAG_CLASSES = {
    "created": "govuk-tag--yellow",
    "submitted": "govuk-tag--yellow",
    "success": "govuk-tag--green",
    "failed": "govuk-tag--red",
    "cancelled": "govuk-tag--grey",
    "expired": "govuk-tag--grey",
    "partly_refunded": "govuk-tag--blue",
    "refunded": "govuk-tag--blue",
}


@register.filter
def booking_tag_class(status) -> str:
    return BOOKING_TAG_CLASSES.get(str(status), "govuk-tag--grey")


@register.filter
def payment_tag_class(state) -> str:
    return PAYMENT_TAG_CLASSES.get(str(state), "govuk-tag--grey")


@register.filter
def pounds(pence) -> str:
    """2500 -> '£25.00' (amounts are whole pence everywhere in the CRM)."""
    try:
        return format_amount(int(pence))
    except (TypeError, ValueError):
        return ""


@register.filter
def paid_to_lines(council) -> list[str]:
    """The council's name then its address, one line each, for a receipt (the name once, though
    the address in the site's settings may start with it)."""
    name = getattr(council, "council_name", "") or ""
    address = [line.strip() for line in (getattr(council, "address", "") or "").splitlines()]
    address = [line for line in address if line]
    if address and address[0].casefold() == name.casefold():
        address = address[1:]
    return [line for line in [name, *address] if line]
