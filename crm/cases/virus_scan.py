"""Virus scanning of case files with ClamAV (clamd), when a scanner is configured.

Set CLAMAV_SOCKET (a Unix socket path) or CLAMAV_HOST (and CLAMAV_PORT, 3310 by default). Then a
new file is "pending" until `crm.cases.tasks.scan_attachment` has streamed it to clamd after the
upload's transaction commits, and it becomes "clean", "infected" or "failed"; only clean files can
be opened. With no scanner configured files are "not scanned" and can be opened, as before.
Logs name attachment ids and outcomes only, never file names or contents.
"""

import logging
from datetime import timedelta

import clamd
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .enums import OPENABLE_SCAN_STATUSES, ScanStatus
from .models import CaseAttachment

logger = logging.getLogger(__name__)

DEFAULT_PORT = 3310
DEFAULT_TIMEOUT = 60
# A pending file older than this has probably lost its task: the sweep queues it again.
PENDING_GRACE = timedelta(minutes=10)


class ScannerUnavailable(Exception):
    """clamd could not be reached or gave no answer; the scan is worth trying again."""


def scanner_configured() -> bool:
    return bool(getattr(settings, "CLAMAV_SOCKET", "") or getattr(settings, "CLAMAV_HOST", ""))


def initial_scan_status() -> ScanStatus:
    return ScanStatus.PENDING if scanner_configured() else ScanStatus.NOT_SCANNED


def is_openable(attachment: CaseAttachment) -> bool:
    return attachment.scan_status in OPENABLE_SCAN_STATUSES


def clamd_client() -> clamd.ClamdNetworkSocket:
    timeout = getattr(settings, "CLAMAV_TIMEOUT", DEFAULT_TIMEOUT)
    socket_path = getattr(settings, "CLAMAV_SOCKET", "")
    if socket_path:
        return clamd.ClamdUnixSocket(path=socket_path, timeout=timeout)
    return clamd.ClamdNetworkSocket(
        host=settings.CLAMAV_HOST,
        port=int(getattr(settings, "CLAMAV_PORT", DEFAULT_PORT) or DEFAULT_PORT),
        timeout=timeout,
    )


def scan_stream(stream) -> ScanStatus:
    """CLEAN or INFECTED for the bytes of `stream`; FAILED when clamd refuses the file (too
    big for its StreamMaxLength, unreadable). Raises ScannerUnavailable when clamd is down."""
    try:
        result = clamd_client().instream(stream)
    except clamd.BufferTooLongError:
        return ScanStatus.FAILED
    except clamd.ResponseError:
        return ScanStatus.FAILED
    except (clamd.ConnectionError, OSError) as error:
        raise ScannerUnavailable(type(error).__name__) from error
    if not result:
        raise ScannerUnavailable("empty answer")
    status, _signature = result.get("stream", (None, None))
    if status == "OK":
        return ScanStatus.CLEAN
    if status == "FOUND":
        return ScanStatus.INFECTED
    return ScanStatus.FAILED


def do_scan_attachment(attachment_id: int) -> ScanStatus | None:
    """Scan a pending attachment and record the outcome; None when there is nothing to do (gone,
    or already scanned by another run). Raises ScannerUnavailable for the task to retry."""
    attachment = CaseAttachment.objects.filter(
        pk=attachment_id, scan_status=ScanStatus.PENDING
    ).first()
    if attachment is None:
        return None
    try:
        with attachment.file.open("rb") as stream:
            status = scan_stream(stream)
    except FileNotFoundError:
        status = ScanStatus.FAILED
    record_scan_result(attachment_id, status)
    return status


def record_scan_result(attachment_id: int, status: ScanStatus) -> None:
    """Write the outcome once: only a pending file changes, so a late duplicate run is harmless."""
    with transaction.atomic():
        CaseAttachment.objects.filter(pk=attachment_id, scan_status=ScanStatus.PENDING).update(
            scan_status=status, scanned_at=timezone.now()
        )
    logger.info("Attachment %s virus scan: %s", attachment_id, status)


def queue_scan(attachment_id: int) -> bool:
    """Ask a worker to scan the file. Never raises: with the broker down the file stays pending
    (and unopenable) until the sweep queues it again."""
    from .tasks import scan_attachment

    try:
        scan_attachment.delay(attachment_id)
    except Exception as error:  # noqa: BLE001 - a broker outage must not fail the upload
        logger.warning(
            "Could not queue virus scan of attachment %s (%s); the sweep will retry it",
            attachment_id,
            type(error).__name__,
        )
        return False
    return True


def pending_scans_to_requeue(now=None) -> list[int]:
    cutoff = (now or timezone.now()) - PENDING_GRACE
    return list(
        CaseAttachment.objects.filter(
            scan_status=ScanStatus.PENDING, created_at__lt=cutoff
        ).values_list("pk", flat=True)[:500]
    )
