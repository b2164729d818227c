"""Cookie consent. Nothing non-essential is set or loaded until the visitor accepts it."""

import json

from django.conf import settings


def read_consent(request) -> dict | None:
    """The visitor's choices, or None when they have not chosen yet."""
    raw = request.COOKIES.get(settings.COOKIE_POLICY_NAME)
    if not raw:
        return None
    try:
        value = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("analytics"), bool):
        return None
    return {"analytics": value["analytics"]}


def write_consent(response, request, *, analytics: bool) -> None:
    response.set_cookie(
        settings.COOKIE_POLICY_NAME,
        json.dumps({"analytics": analytics}, separators=(",", ":")),
        max_age=settings.COOKIE_POLICY_MAX_AGE,
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )
