"""Absolute links to a case, for emails. Pages link with the case's UUID, never its reference."""

from django.conf import settings

from .tracking import make_tracking_token


def _base_url() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def resident_case_url(case) -> str:
    """The resident's page for the case in My Account."""
    return f"{_base_url()}/my-account/requests/{case.uuid}/"


def resident_tracking_url(case) -> str:
    """A signed link to follow the case without signing in, for residents whose customer record
    has no account. Signed now: it expires, and staff can revoke it (see `tracking`)."""
    return f"{_base_url()}/my-account/track/{make_tracking_token(case)}/"


def staff_case_url(case) -> str:
    """The case page in the staff admin (the admin screens own this route)."""
    return f"{_base_url()}/admin/cases/{case.uuid}/"
