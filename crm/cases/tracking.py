"""Signed tracking links: a resident who did not sign in follows their case from an email.

The token is `<case uuid>.<nonce>.<timestamp>.<signature>`: a `TimestampSigner` signature, keyed on
SECRET_KEY with its own salt, over the case's UUID and its `tracking_nonce`. It cannot be guessed
or altered, and it stops working when any of these happens:

- the signature is older than `DOORSTEP_TRACKING_LINK_MAX_AGE_DAYS` (each email carries a link
  signed when the email was written, so a resident who hears from us keeps a working link);
- the case has been finished (resolved or closed) for more than
  `DOORSTEP_TRACKING_LINK_DAYS_AFTER_CLOSE` days;
- the case's nonce changed: staff revoked the links (`services.revoke_tracking_links`), or the
  customer linked an account, so from then on the emails link to My Account;
- SECRET_KEY was rotated and the old key is no longer in SECRET_KEY_FALLBACKS (both read from the
  environment): links signed with a key still listed there keep working until it is removed, so a
  rotation can be staged, and removing the old key revokes every link signed with it.

The page behind the link shows the status and public updates only; answers and files need the
resident to sign in or enter a one-time code (`services.tracking_codes`). The URL is built by
`links.resident_tracking_url`; the page reads it with `selectors.get_case_for_tracking_token`.
"""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core import signing
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from .enums import CaseStatus

SALT = "doorstep.crm.cases.tracking.v2"
# "." is not in the URL-safe base64 alphabet of the nonce, timestamp or signature, and needs no
# escaping in a URL.
SEPARATOR = "."


@dataclass(frozen=True)
class TrackingToken:
    """What a valid signature vouches for: the case, its nonce when signed, and when."""

    case_uuid: uuid.UUID
    nonce: str
    signed_at: datetime


def max_age() -> timedelta:
    return timedelta(days=settings.DOORSTEP_TRACKING_LINK_MAX_AGE_DAYS)


def _signer() -> signing.TimestampSigner:
    # fallback_keys default to settings.SECRET_KEY_FALLBACKS.
    return signing.TimestampSigner(salt=SALT, sep=SEPARATOR)


def make_tracking_token(case) -> str:
    return _signer().sign(f"{case.uuid.hex}{SEPARATOR}{case.tracking_nonce}")


def read_tracking_token(token: str) -> TrackingToken | None:
    """What the token was made for, or None if it was altered, is not a token, or its signature
    is older than the maximum age. Whether the case still honours it is `link_is_current`."""
    signer = _signer()
    try:
        value = signer.unsign(str(token), max_age=max_age())
        signed_at = datetime.fromtimestamp(
            signing.b62_decode(str(token).rsplit(SEPARATOR, 2)[1]), tz=UTC
        )
        case_hex, nonce = value.split(SEPARATOR, 1)
        return TrackingToken(uuid.UUID(hex=case_hex), nonce, signed_at)
    except (signing.BadSignature, ValueError, TypeError, IndexError):
        return None


def finished_at(case) -> datetime | None:
    """When the case was resolved or closed, or None while it is open."""
    if case.status == CaseStatus.CLOSED:
        return case.closed_at or case.resolved_at
    if case.status == CaseStatus.RESOLVED:
        return case.resolved_at
    return None


def link_is_current(case, token: TrackingToken, *, now: datetime | None = None) -> bool:
    """Whether the case still honours a validly signed token: same nonce (not revoked), and the
    case is open or finished no more than DOORSTEP_TRACKING_LINK_DAYS_AFTER_CLOSE days ago."""
    if not constant_time_compare(token.nonce, case.tracking_nonce):
        return False
    finished = finished_at(case)
    if finished is None:
        return True
    grace = timedelta(days=settings.DOORSTEP_TRACKING_LINK_DAYS_AFTER_CLOSE)
    return (now or timezone.now()) <= finished + grace
