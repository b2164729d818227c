"""Kinds of email we send and the life of an outbox message."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailKind(models.TextChoices):
    CASE_OPENED = "case_opened", _("Request received (to the resident)")
    CASE_UPDATED = "case_updated", _("Request updated (to the resident)")
    RESIDENT_MESSAGE = "resident_message", _("Message from a resident (to the team)")
    TRACKING_CODE = "tracking_code", _("One-time code to see a request's details (to the resident)")


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to send")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


# Statuses a worker may still pick up (SENDING only once its lease has run out).
UNSENT_STATUSES: frozenset[str] = frozenset({OutboxStatus.PENDING, OutboxStatus.SENDING})
