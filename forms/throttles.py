"""Limits on how fast one client can send forms and upload files, so a script cannot fill the
CRM with cases or the disk with files.

Each action has a limit per client IP address and per browser session, set in
`EFORMS_RATE_LIMITS` as "<count>/<period>" (period in s, m, h or d, like allauth's: "20/h",
"100/1d"). Counts are kept in Django's cache (Redis in production, so every web process shares
them) in fixed windows; while Redis is away config/cache.py keeps them in each web process's
memory, so the limits hold per process rather than not at all (docs/scaling.md, "When Redis
fails"). The IP address is the one allauth's sign-in limits use, so
`ALLAUTH_TRUSTED_PROXY_COUNT` decides which X-Forwarded-For entry is the client's. Cache keys hold
a keyed hash of the address or session, never the address itself.
"""

import math
import time
from dataclasses import dataclass

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.utils.crypto import salted_hmac

SEND = "send"
UPLOAD = "upload"

# Sending: a resident reporting several problems in an afternoon is fine; a script is not. A
# council's contact centre (assisted digital) is never limited. Uploads count files.
DEFAULT_RATE_LIMITS = {
    SEND: {"ip": "30/h", "session": "10/h"},
    UPLOAD: {"ip": "200/h", "session": "60/h"},
}
_UNITS = {"s": 1, "m": 60, "h": 60 * 60, "d": 24 * 60 * 60}


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int


@dataclass(frozen=True)
class Refusal:
    """Why a request was refused: enough for a page that says when to try again."""

    action: str
    retry_after: int  # seconds

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.retry_after / 60))


def parse_rate(text: str) -> Rate:
    """'20/h' -> 20 per hour; '100/2d' -> 100 per two days."""
    count, _sep, period = text.strip().partition("/")
    unit = period[-1:]
    if unit not in _UNITS:
        raise ValueError(f"Not a rate: {text!r}")
    multiple = int(period[:-1] or 1)
    return Rate(count=int(count), seconds=multiple * _UNITS[unit])


def rates(action: str) -> dict[str, Rate]:
    configured = getattr(settings, "EFORMS_RATE_LIMITS", None) or {}
    limits = {**DEFAULT_RATE_LIMITS[action], **configured.get(action, {})}
    return {scope: parse_rate(text) for scope, text in limits.items() if text}


def client_ip(request) -> str:
    """The client's address as allauth's rate limits see it (honouring
    ALLAUTH_TRUSTED_PROXY_COUNT), or "" when it cannot be told."""
    try:
        return get_adapter(request).get_client_ip(request) or ""
    except PermissionDenied:
        return ""


def _identities(request) -> dict[str, str]:
    identities = {"ip": client_ip(request)}
    session = getattr(request, "session", None)
    identities["session"] = (session.session_key if session is not None else None) or ""
    return {scope: value for scope, value in identities.items() if value}


def consume(request, action: str, amount: int = 1) -> Refusal | None:
    """Count `amount` uses of `action` against every limit that applies; return a Refusal (and
    count nothing more) if any limit would be passed. A session is only counted once it exists:
    the first page of a form creates none (see views.py)."""
    if amount <= 0:
        return None
    now = time.time()
    identities = _identities(request)
    counted = []
    for scope, rate in rates(action).items():
        identity = identities.get(scope)
        if not identity:
            continue
        window = int(now // rate.seconds)
        digest = salted_hmac("forms.throttles", f"{scope}:{identity}").hexdigest()[:32]
        key = f"eforms:rate:{action}:{scope}:{digest}:{rate.seconds}:{window}"
        used = _add(key, amount, timeout=rate.seconds + 60)
        counted.append(key)
        if used > rate.count:
            for other in counted:
                _add(other, -amount, timeout=rate.seconds + 60)
            retry_after = int((window + 1) * rate.seconds - now) + 1
            return Refusal(action=action, retry_after=retry_after)
    return None


def _add(key: str, amount: int, *, timeout: int) -> int:
    """Atomically add to a counter, creating it if needed (Redis and local memory both do
    `incr` atomically)."""
    cache.add(key, 0, timeout=timeout)
    try:
        return cache.incr(key, amount)
    except ValueError:  # expired between add and incr
        cache.add(key, 0, timeout=timeout)
        return cache.incr(key, amount)
