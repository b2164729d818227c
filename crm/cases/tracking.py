"""Signed tracking links: a resident who did not sign in follows their case from an email.

The token carries the case's UUID and an HMAC of it keyed on SECRET_KEY with its own salt, so it
cannot be guessed or altered, and the same case always gets the same link. It does not expire:
anyone holding it sees the case's public page read-only (replying needs an account), like the email
it came in. Rotating SECRET_KEY (keeping the old one in SECRET_KEY_FALLBACKS for a while) revokes
every link at once. The URL is built by `links.resident_tracking_url`; the page reads it with
`selectors.get_case_for_tracking_token`.
"""

import uuid

from django.core import signing

SALT = "doorstep.crm.cases.tracking"
# "." is not in the URL-safe base64 alphabet of the signature, and needs no escaping in a URL.
SEPARATOR = "."


def _signer() -> signing.Signer:
    return signing.Signer(salt=SALT, sep=SEPARATOR)


def make_tracking_token(case) -> str:
    return _signer().sign(case.uuid.hex)


def read_tracking_token(token: str) -> uuid.UUID | None:
    """The case UUID the token was made for, or None if it was altered or is not a token."""
    try:
        return uuid.UUID(hex=_signer().unsign(str(token)))
    except (signing.BadSignature, ValueError, TypeError):
        return None
