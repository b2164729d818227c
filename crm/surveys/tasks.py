"""Periodic work for the closure survey."""

import logging

from celery import shared_task

from .services import erase_reasons_of_anonymised_cases

logger = logging.getLogger(__name__)


@shared_task(name="surveys.erase_reasons_of_anonymised_cases")
def erase_reasons_of_anonymised_cases_task() -> int:
    """Nightly: reasons typed by residents go when their case is anonymised (counts only logged)."""
    count = erase_reasons_of_anonymised_cases()
    logger.info("Closure survey reasons erased for %s anonymised cases", count)
    return count
