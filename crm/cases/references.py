"""Human-friendly case references such as DS-2026-000123, unique under concurrent submissions.

Each prefix and year has a `ReferenceCounter` row. Opening a case locks that row (SELECT ... FOR
UPDATE) for the rest of its transaction, so two submissions can never take the same number; if the
transaction rolls back the number is released. The prefix is `DOORSTEP_CASE_REFERENCE_PREFIX`.
"""

from django.conf import settings
from django.db import transaction

from .models import ReferenceCounter

DEFAULT_PREFIX = "DS"
NUMBER_DIGITS = 6


def reference_prefix() -> str:
    return getattr(settings, "DOORSTEP_CASE_REFERENCE_PREFIX", "") or DEFAULT_PREFIX


def format_reference(prefix: str, year: int, number: int) -> str:
    return f"{prefix}-{year}-{number:0{NUMBER_DIGITS}d}"


def next_case_reference(year: int, *, prefix: str | None = None) -> str:
    """Take the next number for the prefix and year. Must run inside the case's transaction."""
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
