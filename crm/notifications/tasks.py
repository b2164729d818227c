"""Celery tasks that send the outbox. Both are safe to run any number of times.

`send_outbox_message` claims a message under a row lock (skipping one another worker holds),
marks it "sending" with a lease, sends it, then marks it sent. A failure puts it back to pending
with an exponential backoff in `available_at`; `sweep_outbox`, run every minute by beat, queues
everything that is due again, including messages whose task the broker never received and sends
whose worker died (lease expired). Delivery is therefore at least once, and almost always once.

`purge_outbox`, daily, deletes what no longer needs keeping: each row holds an address and the
words of the email (see docs/data-protection.md).
"""

import logging
from datetime import timedelta

from celery import shared_task
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .enums import UNSENT_STATUSES, OutboxStatus
from .models import OutboxMessage
from .services import enqueue_outbox_message, render_outbox_message

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 10
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=6)
SENDING_LEASE = timedelta(minutes=10)
SWEEP_BATCH = 500
# How long outbox rows are kept: sent ones from when they went, failed ones from when they were
# queued (longer, so staff can see the failure on the case and send it again).
SENT_KEPT_FOR = timedelta(days=30)
FAILED_KEPT_FOR = timedelta(days=90)
PURGE_BATCH = 5000


def retry_delay(attempts: int) -> timedelta:
    """1, 2, 4, 8... minutes after the n-th failed attempt, at most six hours."""
    doublings = min(max(attempts - 1, 0), 20)
    return min(FIRST_RETRY * 2**doublings, LONGEST_RETRY)


def _claim(message_id: int) -> OutboxMessage | None:
    """Lock the message, check it is due and unsent, and mark it as being sent by us."""
    now = timezone.now()
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, status__in=UNSENT_STATUSES, available_at__lte=now)
            .first()
        )
        if message is None:
            return None
        message.status = OutboxStatus.SENDING
        message.attempts += 1
        message.available_at = now + SENDING_LEASE
        message.save(update_fields=["status", "attempts", "available_at"])
    return message


def _record_failure(message: OutboxMessage, error: Exception) -> None:
    gave_up = message.attempts >= MAX_ATTEMPTS
    message.status = OutboxStatus.FAILED if gave_up else OutboxStatus.PENDING
    message.last_error = type(error).__name__[:200]
    message.available_at = timezone.now() + retry_delay(message.attempts)
    message.save(update_fields=["status", "last_error", "available_at"])
    logger.warning(
        "Outbox message %s (%s) failed on attempt %s with %s%s",
        message.pk,
        message.kind,
        message.attempts,
        message.last_error,
        "; giving up" if gave_up else "",
    )


@shared_task(name="notifications.send_outbox_message", ignore_result=True)
def send_outbox_message(message_id: int) -> str:
    """Send one outbox message if it is still unsent and due; return what happened."""
    message = _claim(message_id)
    if message is None:
        return "skipped"
    try:
        subject, body = render_outbox_message(message)
        send_mail(subject, body, None, [message.recipient], fail_silently=False)
    except Exception as error:
        _record_failure(message, error)
        return "failed"
    OutboxMessage.objects.filter(pk=message.pk, status=OutboxStatus.SENDING).update(
        status=OutboxStatus.SENT, sent_at=timezone.now(), last_error=""
    )
    return "sent"


@shared_task(name="notifications.sweep_outbox", ignore_result=True)
def sweep_outbox() -> int:
    """Queue again every message that should have gone by now; return how many."""
    due = OutboxMessage.objects.due_for_sweep().order_by("available_at", "pk")
    message_ids = list(due.values_list("pk", flat=True)[:SWEEP_BATCH])
    for message_id in message_ids:
        enqueue_outbox_message(message_id)
    if message_ids:
        logger.info("Outbox sweep queued %s message(s)", len(message_ids))
    return len(message_ids)


@shared_task(name="notifications.purge_outbox", ignore_result=True)
def purge_outbox() -> int:
    """Delete sent emails after 30 days and failed ones after 90; return how many. Emails still
    waiting to go are never deleted. Works in batches, so no long lock on the table."""
    now = timezone.now()
    expired = OutboxMessage.objects.filter(
        Q(status=OutboxStatus.SENT, sent_at__lte=now - SENT_KEPT_FOR)
        | Q(status=OutboxStatus.FAILED, created_at__lte=now - FAILED_KEPT_FOR)
    )
    deleted = 0
    while batch := list(expired.values_list("pk", flat=True)[:PURGE_BATCH]):
        deleted += OutboxMessage.objects.filter(pk__in=batch).delete()[0]
    if deleted:
        logger.info("Outbox purge deleted %s message(s)", deleted)
    return deleted
