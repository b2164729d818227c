"""Queue emails in the outbox, and hand them to Celery once the transaction commits.

`queue_email` is called by other apps' services inside their own transaction: the message is saved
with the change it reports, so if that change rolls back no email goes, and if it commits the email
is never lost. Sending happens in `crm.notifications.tasks`.
"""

import logging
from datetime import datetime, timedelta
from functools import partial

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .defaults import DEFAULT_EMAIL_TEMPLATES
from .enums import UNSENT_STATUSES, EmailKind, OutboxStatus
from .models import EmailTemplate, OutboxMessage
from .rendering import render_subject, render_text

logger = logging.getLogger(__name__)


def queue_email(
    *,
    kind: EmailKind | str,
    case,
    recipient: str,
    context: dict,
    dedupe_key: str | None = None,
) -> OutboxMessage:
    """Save a pending email for `case` and queue its sending for after the commit.

    `context` holds the template's placeholders as they are now (reference, status, message,
    case_url, case_type, name); it must be JSON-serialisable. `case` is None for an email about
    no one case (a team lead's digest). With `dedupe_key`, an email already queued under that key
    is returned instead of a second one (so a task that runs twice sends once).
    """
    kind = EmailKind(kind)
    fields = {"kind": kind, "case": case, "recipient": recipient, "context": context}
    if dedupe_key is None:
        message = OutboxMessage.objects.create(**fields)
    else:
        existing = OutboxMessage.objects.filter(dedupe_key=dedupe_key).first()
        if existing is not None:
            return existing
        try:
            with transaction.atomic():  # a savepoint: a concurrent insert loses cleanly
                message = OutboxMessage.objects.create(dedupe_key=dedupe_key, **fields)
        except IntegrityError:
            return OutboxMessage.objects.get(dedupe_key=dedupe_key)
    transaction.on_commit(partial(enqueue_outbox_message, message.pk))
    return message


def enqueue_outbox_message(message_id: int) -> bool:
    """Ask a worker to send the message. Never raises: if the broker is down the message stays
    pending and the periodic sweep queues it again."""
    from .tasks import send_outbox_message

    try:
        send_outbox_message.delay(message_id)
    except Exception as error:
        # No recipient or content here: only the id and what went wrong, by class.
        logger.warning(
            "Could not queue outbox message %s (%s); the outbox sweep will retry it",
            message_id,
            type(error).__name__,
        )
        return False
    return True


def get_email_template(kind: EmailKind | str) -> EmailTemplate:
    """The staff-edited template for `kind`, created from the defaults if it is missing."""
    kind = EmailKind(kind)
    template, _created = EmailTemplate.objects.get_or_create(
        key=kind, defaults=DEFAULT_EMAIL_TEMPLATES[kind]
    )
    return template


def render_outbox_message(message: OutboxMessage) -> tuple[str, str]:
    """The subject and body of the email, from the current template and the frozen context."""
    template = get_email_template(message.kind)
    return (
        render_subject(template.subject, message.context),
        render_text(template.body, message.context),
    )


# --- Staff: sending again -----------------------------------------------------------------------

# An unsent message still waiting this long after it was due has been missed by the workers
# and the sweep (a worker or beat is down): staff may send it again, as they may a failed one.
STUCK_AFTER = timedelta(minutes=15)


def resendable(now: datetime | None = None) -> Q:
    """Failed messages, and unsent ones stuck past `STUCK_AFTER` (for filters and checks)."""
    now = now or timezone.now()
    stuck = Q(status__in=list(UNSENT_STATUSES), available_at__lte=now - STUCK_AFTER)
    return Q(status=OutboxStatus.FAILED) | stuck


def resend_outbox_message(message: OutboxMessage, *, actor) -> OutboxMessage:
    """Send a failed (or stuck) email again, as staff asked: back to pending with its attempts
    reset, queued once the transaction commits. Access is the caller's check (see
    `crm.cases.admin.outbox`); the words and recipient stay as they were queued."""
    with transaction.atomic():
        locked = (
            OutboxMessage.objects.select_for_update().filter(resendable(), pk=message.pk).first()
        )
        if locked is None:
            raise ValidationError(
                _("This email has been sent or is being sent, so it cannot be sent again."),
                code="not_resendable",
            )
        locked.status = OutboxStatus.PENDING
        locked.attempts = 0
        locked.last_error = ""
        locked.available_at = timezone.now()
        locked.save(update_fields=["status", "attempts", "last_error", "available_at"])
        transaction.on_commit(partial(enqueue_outbox_message, locked.pk))
    # Ids only: no address or content in logs.
    logger.info("Outbox message %s queued again by user %s", locked.pk, getattr(actor, "pk", None))
    return locked
