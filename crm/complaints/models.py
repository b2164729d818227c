"""What the complaint handling code needs recorded besides the case's own clock: each stage's
dates, extension and outcome, and the Ombudsman's referral, decision and remedy.

Nothing here changes a case: `crm.complaints.services` does, with the rules.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from crm.cases.models import Case


class Stage(models.IntegerChoices):
    ONE = 1, _("Stage 1")
    TWO = 2, _("Stage 2")


class StageOutcome(models.TextChoices):
    UPHELD = "upheld", _("Upheld")
    PARTLY_UPHELD = "partly_upheld", _("Partly upheld")
    NOT_UPHELD = "not_upheld", _("Not upheld")


class OmbudsmanDecision(models.TextChoices):
    NOT_INVESTIGATED = "not_investigated", _("Not investigated")
    UPHELD_INJUSTICE = "upheld_injustice", _("Upheld: maladministration and injustice")
    UPHELD_NO_INJUSTICE = "upheld_no_injustice", _("Upheld: maladministration, no injustice")
    NOT_UPHELD = "not_upheld", _("Not upheld")
    PREMATURE = "premature", _("Premature")
    CLOSED_AFTER_ENQUIRIES = "closed_after_enquiries", _("Closed after initial enquiries")


class ComplaintStage(models.Model):
    """One stage of a complaint: when its clock started, when it was due and answered, its one
    extension (the reason the resident was told) and the outcome staff recorded."""

    wagtail_reference_index_ignore = True  # records, not content

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="complaint_stages")
    number = models.PositiveSmallIntegerField(_("stage"), choices=Stage.choices)
    started_on = models.DateField(_("started on"))
    # The due date as it stands (the target plus the extension), frozen when the reply is sent.
    due_date = models.DateField(_("due date"))
    answered_at = models.DateTimeField(_("reply sent"), null=True, blank=True)
    answered_on = models.DateField(_("reply sent on"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    extended_at = models.DateTimeField(_("extended"), null=True, blank=True)
    extended_from = models.DateField(_("due before the extension"), null=True, blank=True)
    extension_working_days = models.PositiveSmallIntegerField(_("extended by"), default=0)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=StageOutcome.choices, blank=True
    )
    outcome_recorded_at = models.DateTimeField(null=True, blank=True)
    outcome_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("complaint stage")
        ordering = ["case", "number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="complaints_stage_unique")
        ]

    def __str__(self):
        return f"{self.case_id} stage {self.number}"

    @property
    def extended(self) -> bool:
        return self.extended_at is not None

    @property
    def answered_on_time(self) -> bool | None:
        if self.answered_on is None:
            return None
        return self.answered_on <= self.due_date


class OmbudsmanReferral(models.Model):
    """The resident took the complaint to the Local Government and Social Care Ombudsman
    after the stage 2 reply: when, the Ombudsman's reference, their decision and any remedy."""

    wagtail_reference_index_ignore = True

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="ombudsman_referral")
    referred_on = models.DateField(_("referred on"))
    ombudsman_reference = models.CharField(
        _("the Ombudsman's reference"), max_length=64, blank=True
    )
    decision = models.CharField(
        _("decision"), max_length=32, choices=OmbudsmanDecision.choices, blank=True
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    remedy = models.TextField(_("remedy"), blank=True)
    remedy_due_on = models.DateField(_("remedy due by"), null=True, blank=True)
    remedy_completed_on = models.DateField(_("remedy completed on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Ombudsman referral")
        constraints = [
            models.CheckConstraint(
                condition=Q(remedy_completed_on__isnull=True)
                | Q(remedy_completed_on__gte=models.F("referred_on")),
                name="complaints_remedy_completed_after_referral",
            ),
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True) | Q(decided_on__gte=models.F("referred_on")),
                name="complaints_decided_after_referral",
            ),
        ]

    def __str__(self):
        return f"{self.case_id}: {self.ombudsman_reference or self.referred_on}"
