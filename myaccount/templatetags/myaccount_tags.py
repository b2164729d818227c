"""Display helpers for My Account pages: status tags, dates and file sizes the GOV.UK way."""

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

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
