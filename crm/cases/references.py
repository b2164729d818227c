"""Human-friendly case references such as DS-2026-000123, unique under concurrent submissions.

Each prefix and year has a `ReferenceCounter` row. Opening a case locks that row (SELECT ... FOR
UPDATE) for the rest of its transaction, so two submissions can never take the same number; if the
transaction rolls back the number is released, so references have no gaps. The prefix is
`DOORSTEP_CASE_REFERENCE_PREFIX`.

The lock serialises every submission in the council for as long as it is held, so `open_case`
inserts the case under a `pending_reference()` first, copies its files, and takes the number at
the very end of its transaction.
"""

import uuid

from django.conf import settings
from django.db import transaction

from .models import ReferenceCounter

DEFAULT_PREFIX = "DS"
NUMBER_DIGITS = 6


def reference_prefix() -> str:
    return getattr(settings, "DOORSTEP_CASE_REFERENCE_PREFIX", "") or DEFAULT_PREFIX


# No real reference starts with this (prefixes are letters), so a case caught between its insert
# and its number is easy to recognise; nobody outside the transaction ever sees one.
PENDING_MARK = "~"


def pending_reference() -> str:
    """A unique stand-in, 31 characters, for a case whose number is not taken yet."""
    return f"{PENDING_MARK}{uuid.uuid4().hex[:30]}"


def format_reference(prefix: str, year: int, number: int) -> str:
    return f"{prefix}-{year}-{number:0{NUMBER_DIGITS}d}"


def next_case_reference(year: int, *, prefix: str | None = None) -> str:
    """Take the next number for the prefix and year. Must run inside the case's transaction, as
    late in it as possible: the counter stays locked until that transaction ends."""
    prefix = prefix or reference_prefix()
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_case_reference must run inside transaction.atomic()")
    # Create the row if this is the year's first case; a concurrent creator is simply ignored.
    ReferenceCounter.objects.bulk_create(
        [ReferenceCounter(prefix=prefix, year=year, last_number=0)], ignore_conflicts=True
    )
    counter = ReferenceCounter.objects.select_for_update().get(prefix=prefix, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return format_reference(prefix, year, counter.last_number)
