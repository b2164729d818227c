"""Assisted digital: a member of staff fills in a public eForm for a caller.

Staff start it from the Wagtail admin, which records the caller's channel in the session for that
form. The wizard honours it only while the user still has admin access; for anyone else it is
ignored and dropped.
"""

from crm.cases.enums import ASSISTED_CHANNELS, Channel

SESSION_KEY = "eforms_assisted"


def is_staff(user) -> bool:
    """Staff are users with access to the Wagtail admin."""
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and user.has_perm("wagtailadmin.access_admin")
    )


def start_assisted(request, slug: str, channel: str) -> None:
    if channel not in ASSISTED_CHANNELS or not is_staff(request.user):
        raise ValueError(f"Not an assisted channel for this user: {channel!r}")
    assisted = dict(request.session.get(SESSION_KEY, {}))
    assisted[slug] = str(channel)
    request.session[SESSION_KEY] = assisted


def assisted_channel(request, slug: str) -> Channel | None:
    """The channel this form is being completed through for a caller, or None."""
    channel = request.session.get(SESSION_KEY, {}).get(slug)
    if channel is None:
        return None
    if channel not in ASSISTED_CHANNELS or not is_staff(request.user):
        end_assisted(request, slug)
        return None
    return Channel(channel)


def end_assisted(request, slug: str) -> None:
    assisted = dict(request.session.get(SESSION_KEY, {}))
    if assisted.pop(slug, None) is not None:
        request.session[SESSION_KEY] = assisted
