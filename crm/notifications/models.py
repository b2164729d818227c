"""Email templates staff can edit, and the outbox of emails waiting to be sent."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import EmailKind, OutboxStatus
from .rendering import compile_template

PLACEHOLDER_HELP = _(
    "You can use {{ reference }}, {{ status }}, {{ message }}, {{ case_url }}, {{ case_type }} "
    "and {{ name }}."
)


class EmailTemplate(models.Model):
    """The subject and body of one kind of email, in Django template syntax."""

    key = models.CharField(_("email"), max_length=32, choices=EmailKind.choices, unique=True)
    subject = models.CharField(_("subject"), max_length=200, help_text=PLACEHOLDER_HELP)
    body = models.TextField(_("body"), help_text=PLACEHOLDER_HELP)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("email template")
        ordering = ["key"]

    def __str__(self):
        return str(self.get_key_display())

    def clean(self):
        errors = {}
        for field in ("subject", "body"):
            try:
                compile_template(getattr(self, field))
            except ValidationError as error:
                errors[field] = error
        if errors:
            raise ValidationError(errors)


class OutboxMessageQuerySet(models.QuerySet):
    def due_for_sweep(self, now=None, *, min_age: timedelta = timedelta(minutes=1)):
        """Messages a worker should have sent by now: pending ones at least `min_age` old (newer
        ones are still being queued by their own transaction) and sends whose lease ran out."""
        now = now or timezone.now()
        pending = Q(status=OutboxStatus.PENDING, created_at__lte=now - min_age)
        stuck = Q(status=OutboxStatus.SENDING)
        return self.filter(pending | stuck, available_at__lte=now)


class OutboxMessage(models.Model):
    """An email to send, written in the same transaction as the change it reports."""

    # Records, not content: no Wagtail "usage" to track, and no reference index rebuilt per save.
    wagtail_reference_index_ignore = True

    kind = models.CharField(max_length=32, choices=EmailKind.choices)
    # None for an email about no one case (a team lead's daily digest).
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.CASCADE,
        related_name="outbox_messages",
        null=True,
        blank=True,
    )
    recipient = models.EmailField()
    # What the template needs, frozen at the time of the change (the status then, the message).
    context = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=16, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    # The exception class only: errors from mail servers can quote addresses.
    last_error = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    # Not before: the retry backoff, or the lease of a worker that is sending it.
    available_at = models.DateTimeField(default=timezone.now)
    # Set for an email that must be queued at most once (such as "team_digest:<user>:<day>"):
    # queueing it again returns the first.
    dedupe_key = models.CharField(max_length=100, unique=True, null=True, blank=True)

    objects = OutboxMessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("outbox message")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["status", "available_at"], name="notif_outbox_due"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"
