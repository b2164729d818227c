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


# --- Virus scans (crm/cases/virus_scan.py) -------------------------------------------------

SCAN_RETRIES = 4


@shared_task(name="cases.scan_attachment", bind=True, ignore_result=True, max_retries=SCAN_RETRIES)
def scan_attachment(self, attachment_id: int) -> str:
    """Stream one pending file to ClamAV and record clean, infected or failed. While clamd is
    unreachable the file stays pending (nobody can open it): retried with a backoff, then left to
    `sweep_pending_scans`."""
    from .virus_scan import ScannerUnavailable, do_scan_attachment

    try:
        status = do_scan_attachment(attachment_id)
    except ScannerUnavailable:
        if self.request.is_eager or self.request.retries >= self.max_retries:
            return "unavailable"
        raise self.retry(countdown=30 * 2**self.request.retries) from None
    return str(status or "")


@shared_task(name="cases.sweep_pending_scans", ignore_result=True)
def sweep_pending_scans() -> int:
    """Every few minutes (beat): queue again the scans of files pending for too long (the broker
    lost the task, or clamd was down through every retry)."""
    from .virus_scan import pending_scans_to_requeue, queue_scan, scanner_configured

    if not scanner_configured():
        return 0
    pending = pending_scans_to_requeue()
    for attachment_id in pending:
        queue_scan(attachment_id)
    return len(pending)


@shared_task(name="cases.delete_orphan_case_files", ignore_result=True)
def delete_orphan_case_files_task() -> int:
    """Daily: files copied for cases whose transaction rolled back (crm/cases/maintenance.py)."""
    from .maintenance import delete_orphan_case_files

    return delete_orphan_case_files()


# --- Clocks (crm/cases/services/clocks.py, crm/cases/digest.py) ----------------------------


@shared_task(name="cases.daily_clocks", ignore_result=True)
def daily_clocks() -> dict:
    """Each morning: move the due dates of stopped clocks on to today, then, on a working day,
    queue the team leads' digests of cases overdue and due soon (one per lead per day, however
    often this runs)."""
    from .digest import send_team_digests
    from .services.clocks import refresh_stopped_due_dates

    refreshed = refresh_stopped_due_dates()
    result = send_team_digests()
    return {
        "stopped_clocks_moved": refreshed,
        "digests_queued": result.queued,
        "already_sent": result.already_sent,
        "nothing_due": result.nothing_due,
        "not_a_working_day": result.not_a_working_day,
    }
