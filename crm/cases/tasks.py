"""Celery tasks for cases. Each is safe to run any number of times."""

from celery import shared_task

from .services import anonymise_expired_cases

# Cases per run: well inside the task time limit. A longer backlog (the first night after a
# council imports years of cases) is worked through by the task queueing itself again.
RETENTION_BATCH = 1000


@shared_task(name="cases.anonymise_expired_cases", ignore_result=True)
def anonymise_expired_cases_task() -> int:
    """Nightly: remove personal data from cases past their case type's retention period."""
    done = anonymise_expired_cases(limit=RETENTION_BATCH)
    if done >= RETENTION_BATCH:
        anonymise_expired_cases_task.delay()
    return done

