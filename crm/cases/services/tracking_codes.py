"""One-time codes that show a tracked case's answers and files to whoever reads its email.

A tracking link shows the status and public updates only. To see the answers and files without
signing in, the resident asks for a code, which goes by email (through the outbox) to the case's
customer address: proof that they read that inbox, not just that they hold a link.

Codes are 6 digits, work once, for DOORSTEP_TRACKING_CODE_MINUTES, and allow
DOORSTEP_TRACKING_CODE_ATTEMPTS wrong tries; a case gets at most
DOORSTEP_TRACKING_CODE_REQUESTS_PER_HOUR codes an hour (so the link cannot be used to flood the
resident's inbox). Only an HMAC of the code (keyed on SECRET_KEY) is kept, in the cache, under a
key that includes the case's tracking nonce: revoking the links also voids any code.
"""

import secrets
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from crm.notifications.enums import EmailKind
from crm.notifications.services import queue_email

from ..models import Case

CODE_DIGITS = 6
KEY_PREFIX = "doorstep:tracking-code"
HMAC_SALT = "doorstep.crm.cases.tracking_codes"


def _code_key(case: Case) -> str:
    return f"{KEY_PREFIX}:code:{case.pk}:{case.tracking_nonce}"


def _attempts_key(case: Case) -> str:
    return f"{KEY_PREFIX}:attempts:{case.pk}:{case.tracking_nonce}"


def _requests_key(case: Case) -> str:
    return f"{KEY_PREFIX}:requests:{case.pk}"


def _hash(case: Case, code: str) -> str:
    return salted_hmac(HMAC_SALT, f"{case.uuid.hex}:{case.tracking_nonce}:{code}").hexdigest()


def _lifetime() -> int:
    return settings.DOORSTEP_TRACKING_CODE_MINUTES * 60


def _keep_for() -> int:
    # Kept past its expiry so a late try is told the code expired rather than that it is wrong.
    return _lifetime() + 60 * 60


def _count(key: str, timeout: int) -> int:
    cache.add(key, 0, timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout)
        return 1


def request_tracking_code(case: Case) -> None:
    """Email a new one-time code to the case's customer address; any earlier code stops working.

    Raises ValidationError: `no_email` when there is no address to send it to,
    `too_many_requests` when the case has had its codes for this hour."""
    customer = case.customer
    if customer is None or not customer.email:
        raise ValidationError(
            _("We cannot email a code for this request. Contact us to see its details."),
            code="no_email",
        )
    if _count(_requests_key(case), 60 * 60) > settings.DOORSTEP_TRACKING_CODE_REQUESTS_PER_HOUR:
        raise ValidationError(
            _("You have asked for too many codes. Wait an hour, then get a new code."),
            code="too_many_requests",
        )
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    entry = {"hash": _hash(case, code), "expires": time.time() + _lifetime()}
    cache.set(_code_key(case), entry, _keep_for())
    cache.delete(_attempts_key(case))
    with transaction.atomic():
        queue_email(
            kind=EmailKind.TRACKING_CODE,
            case=case,
            recipient=customer.email,
            context={
                "code": code,
                "minutes": settings.DOORSTEP_TRACKING_CODE_MINUTES,
                "reference": case.reference,
                "case_type": case.case_type.name,
            },
        )


def check_tracking_code(case: Case, code: str) -> None:
    """Accept the code once, or raise ValidationError with a message for the resident:
    `wrong`, `expired` (or never asked for), `used`, or `too_many_attempts`."""
    entry = cache.get(_code_key(case))
    if entry is None or (entry.get("hash") and time.time() > entry["expires"]):
        raise ValidationError(_("The code has expired. Get a new code."), "expired")
    if entry.get("used"):
        raise ValidationError(_("That code has already been used. Get a new code."), "used")
    too_many = ValidationError(
        _("You have entered a wrong code too many times. Get a new code."),
        "too_many_attempts",
    )
    if entry.get("locked"):
        raise too_many
    attempts = _count(_attempts_key(case), _keep_for())
    if not constant_time_compare(entry["hash"], _hash(case, "".join(str(code).split()))):
        if attempts >= settings.DOORSTEP_TRACKING_CODE_ATTEMPTS:
            cache.set(_code_key(case), {"locked": True}, _keep_for())
            raise too_many
        raise ValidationError(
            _("The code is not correct. Check the email we sent you and try again."), "wrong"
        )
    # Single use, even when the same code arrives twice at once: only one request deletes it.
    if not cache.delete(_code_key(case)):
        raise ValidationError(_("That code has already been used. Get a new code."), "used")
    cache.set(_code_key(case), {"used": True}, _keep_for())
    cache.delete(_attempts_key(case))
