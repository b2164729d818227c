"""Payment services staff set up (snippets), payments on cases with their state history,
refunds, and the provider notifications we have applied (by event id, so each applies once).

Amounts are in pence. Card details never reach us: residents pay on the provider's page.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import EventSource, PaymentState, Provider, RefundKind, RefundState


class PaymentService(models.Model):
    name = models.CharField(_("name"), max_length=120)
    provider = models.CharField(
        _("provider"), max_length=16, choices=Provider.choices, default=Provider.SANDBOX
    )
    fund_code = models.CharField(
        _("fund code"), max_length=40, help_text=_("The council's finance fund code")
    )
    cost_code = models.CharField(
        _("cost code"), max_length=40, help_text=_("The council's finance cost centre code")
    )
    active = models.BooleanField(_("taking payments"), default=True)

    class Meta:
        verbose_name = _("payment service")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Payment(models.Model):
    # Records, not content: no Wagtail "usage" to track, and no reference index rebuilt per save.
    wagtail_reference_index_ignore = True

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="payments"
    )
    service = models.ForeignKey(
        PaymentService, verbose_name=_("payment service"), on_delete=models.PROTECT
    )
    # Copied from the service when the payment is made: changing a service's provider later
    # never redirects a payment already under way.
    provider = models.CharField(_("provider"), max_length=16, choices=Provider.choices)
    fund_code = models.CharField(_("fund code"), max_length=40, blank=True)
    cost_code = models.CharField(_("cost code"), max_length=40, blank=True)
    amount = models.PositiveIntegerField(_("amount in pence"))
    currency = models.CharField(max_length=3, default="GBP")
    description = models.CharField(_("description"), max_length=255)
    # [{"label": "Fridge", "quantity": 1, "unit_amount": 2500, "amount": 2500, "kind": "item"}]
    line_items = models.JSONField(_("what is paid for"), default=list)
    state = models.CharField(
        _("state"), max_length=20, choices=PaymentState.choices, default=PaymentState.CREATED
    )
    provider_id = models.CharField(_("provider's reference"), max_length=255, blank=True)
    next_url = models.URLField(_("payment page"), max_length=2000, blank=True)
    # Where the provider sends the resident back (ours), kept for the sandbox's page.
    return_url = models.CharField(max_length=2000, blank=True)
    failure_code = models.CharField(max_length=50, blank=True)
    failure_message = models.CharField(max_length=255, blank=True)
    refunded_amount = models.PositiveIntegerField(_("refunded in pence"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)

    class Meta:
        verbose_name = _("payment")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["provider", "provider_id"], name="payments_provider_id"),
            models.Index(fields=["paid_at"], name="payments_paid_at"),
            models.Index(fields=["state", "created_at"], name="payments_state"),
        ]

    def __str__(self):
        return f"{self.case_id} £{self.amount / 100:.2f} {self.state}"

    @property
    def refundable_amount(self) -> int:
        return self.amount - self.refunded_amount if self.paid_at else 0


class PaymentEvent(models.Model):
    """One change of state, with what caused it (the state history shown on the case)."""

    wagtail_reference_index_ignore = True  # records, not content

    payment = models.ForeignKey(Payment, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=20, choices=PaymentState.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=PaymentState.choices)
    source = models.CharField(max_length=16, choices=EventSource.choices)
    provider_event_id = models.CharField(max_length=255, blank=True)
    amount = models.IntegerField(null=True, blank=True)  # a refund's amount
    note = models.CharField(max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.from_state or '-'} -> {self.to_state}"


class Refund(models.Model):
    wagtail_reference_index_ignore = True  # records, not content

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    amount = models.PositiveIntegerField(_("amount in pence"))
    reason = models.CharField(_("reason"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=RefundKind.choices)
    state = models.CharField(
        _("state"), max_length=16, choices=RefundState.choices, default=RefundState.SUBMITTED
    )
    provider_refund_id = models.CharField(max_length=255, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    settled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("refund")
        ordering = ["created_at"]
        indexes = [models.Index(fields=["created_at"], name="payments_refund_created")]

    def __str__(self):
        return f"£{self.amount / 100:.2f} ({self.state})"


class SandboxCharge(models.Model):
    """The sandbox provider's own record of a test payment (what a real provider keeps on its
    side), so status checks and refunds go through the same code as theirs."""

    wagtail_reference_index_ignore = True  # records, not content

    provider_id = models.CharField(max_length=64, unique=True)
    amount = models.PositiveIntegerField()
    description = models.CharField(max_length=255)
    state = models.CharField(max_length=20, choices=PaymentState.choices)
    return_url = models.CharField(max_length=2000)
    refunded_amount = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.provider_id


class WebhookEvent(models.Model):
    """A provider notification already applied: a second delivery of the same id is ignored."""

    wagtail_reference_index_ignore = True  # records, not content

    provider = models.CharField(max_length=16, choices=Provider.choices)
    event_id = models.CharField(max_length=255)
    event_type = models.CharField(max_length=100, blank=True)
    payment = models.ForeignKey(
        Payment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["provider", "event_id"], name="payments_event_once")
        ]

    def __str__(self):
        return f"{self.provider} {self.event_id}"
