"""The complaint handling code's rules, on top of the case engine.

The `complaint` workflow (migration 0001) does what the engine can: the acknowledgement target
(`CaseType.acknowledge_working_days`, stamped when a case leaves `received`), the stage 1 clock
(the case type's target), stage 2's new 20-working-day clock and its "someone new" rule
(`excluded_handlers`). This module adds what is particular to complaints:

- each stage's dates, its one extension (with the reason the resident is told) and its outcome
  (`ComplaintStage`, kept up to date by `on_case_status_changed`);
- stage 2's handler: whoever was assigned at stage 1 (the engine) and whoever sent the stage 1
  reply (here) may neither be assigned stage 2 nor move it on, nor extend it or record its
  outcome. Superusers are no exception: independence is a rule of the code, not a permission;
- the Ombudsman: a referral only after the stage 2 reply, a decision only once referred, and a
  remedy's completion never dated before the referral.

Every function is one transaction and raises `ValidationError` (with a message for the user)
when it refuses; nothing is written then.
"""

from datetime import date

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from crm.cases.models import Case, WorkflowVersion
from crm.cases.services import add_internal_note, change_case_status, extend_deadline
from crm.cases.services._common import lock

from .models import ComplaintStage, OmbudsmanDecision, OmbudsmanReferral, Stage, StageOutcome

COMPLAINT_WORKFLOW = "complaint"
FEEDBACK_WORKFLOW = "feedback"

# The complaint workflow's states (the agreed internal names).
RECEIVED = "received"
STAGE_1 = "stage_1"
STAGE_1_ANSWERED = "stage_1_answered"
STAGE_2 = "stage_2"
STAGE_2_ANSWERED = "stage_2_answered"
OMBUDSMAN = "ombudsman"
CLOSED = "closed"

# The stage a case in each state is at while its clock runs for that stage's reply.
STAGE_OF_OPEN_STATE = {RECEIVED: Stage.ONE, STAGE_1: Stage.ONE, STAGE_2: Stage.TWO}
# States a case is in once the stage's reply has been sent.
ANSWERED_STATES = {
    Stage.ONE: {STAGE_1_ANSWERED, STAGE_2, STAGE_2_ANSWERED, OMBUDSMAN, CLOSED},
    Stage.TWO: {STAGE_2_ANSWERED, OMBUDSMAN, CLOSED},
}
REFERRAL_STATES = {STAGE_2_ANSWERED, OMBUDSMAN}
# The Ombudsman found fault that caused injustice: there is always a remedy to record.
DECISIONS_NEEDING_A_REMEDY = {OmbudsmanDecision.UPHELD_INJUSTICE}


def workflow_slug(case: Case) -> str:
    """The slug of the workflow the case follows ("" for none): one query."""
    if case.workflow_version_id is None:
        return ""
    return (
        WorkflowVersion.objects.filter(pk=case.workflow_version_id)
        .values_list("workflow__slug", flat=True)
        .first()
        or ""
    )


def is_complaint(case: Case) -> bool:
    return workflow_slug(case) == COMPLAINT_WORKFLOW


def _date(day: date) -> str:
    return formats.date_format(day, "j F Y")


def _refuse_unless_complaint(case: Case) -> None:
    if not is_complaint(case):
        raise ValidationError(
            _("This case does not follow the complaint workflow."), code="not_a_complaint"
        )


def _refuse_excluded_handler(case: Case, actor: AbstractBaseUser | None) -> None:
    if actor is not None and actor.pk in (case.workflow_data.get("excluded_handlers") or []):
        raise ValidationError(
            _("You handled this complaint at stage 1: someone else must handle stage 2."),
            code="excluded_handler",
        )


def _stage(case: Case, number: int) -> ComplaintStage:
    """The stage's row, made from the case's clock if it does not exist yet (a stage 1 row is
    made when the case leaves `received`; cases from before this app get one when needed)."""
    stage, _created = ComplaintStage.objects.get_or_create(
        case=case,
        number=number,
        defaults={
            "started_on": case.clock_started_on or timezone.localdate(case.created_at),
            "due_date": case.due_date,
        },
    )
    return stage


def current_stage(case: Case) -> int | None:
    """The stage whose reply the case is waiting for (None: no reply is due)."""
    return STAGE_OF_OPEN_STATE.get(case.state or case.status)


# --- Extensions ---------------------------------------------------------------------------------


def extend_stage(
    case: Case,
    *,
    actor: AbstractBaseUser | None,
    new_due_date: date,
    reason: str,
) -> ComplaintStage:
    """Extend the current stage's reply date, once per stage, by up to the case type's limit
    (`max_extension_working_days`, 10 for complaints). `crm.cases.services.extend_deadline`
    checks the limit and tells the resident the new date and the reason; the extension is
    recorded on the stage for the report."""
    with transaction.atomic():
        lock(case)
        _refuse_unless_complaint(case)
        number = current_stage(case)
        if number is None:
            raise ValidationError(
                _("Only a stage still waiting for its reply can be extended."),
                code="not_extendable_state",
            )
        if number == Stage.TWO:
            _refuse_excluded_handler(case, actor)
        stage = _stage(case, number)
        if stage.extended:
            raise ValidationError(
                _(
                    "Stage %(stage)s has already been extended, on %(date)s: a stage can be "
                    "extended once."
                )
                % {"stage": number, "date": _date(timezone.localdate(stage.extended_at))},
                code="already_extended",
            )
        previous, before = case.due_date, case.extension_working_days
        extend_deadline(case, actor=actor, new_due_date=new_due_date, reason=reason)
        stage.extended_at = timezone.now()
        stage.extended_from = previous
        stage.extension_working_days = case.extension_working_days - before
        stage.extension_reason = reason.strip()
        stage.extended_by = actor if actor is not None and actor.is_authenticated else None
        stage.due_date = case.due_date
        stage.save()
    return stage


# --- Stage outcomes -----------------------------------------------------------------------------


def record_stage_outcome(
    case: Case, *, stage: int, outcome: str, actor: AbstractBaseUser | None
) -> ComplaintStage:
    """Record whether the stage upheld the complaint, once its reply has been sent (a later
    recording corrects it, and the timeline keeps both)."""
    if outcome not in StageOutcome.values:
        raise ValidationError(_("Choose the outcome."), code="invalid_outcome")
    if stage not in Stage.values:
        raise ValidationError(_("Choose stage 1 or stage 2."), code="invalid_stage")
    with transaction.atomic():
        lock(case)
        _refuse_unless_complaint(case)
        if (case.state or case.status) not in ANSWERED_STATES[stage]:
            raise ValidationError(
                _("Send the stage %(stage)s reply before recording its outcome.")
                % {"stage": stage},
                code="not_answered",
            )
        if stage == Stage.TWO:
            _refuse_excluded_handler(case, actor)
        row = _stage(case, stage)
        if row.outcome == outcome:
            return row
        row.outcome = outcome
        row.outcome_recorded_at = timezone.now()
        row.outcome_recorded_by = actor if actor is not None and actor.is_authenticated else None
        row.save(update_fields=["outcome", "outcome_recorded_at", "outcome_recorded_by"])
        add_internal_note(
            case,
            actor=actor,
            text=_("Stage %(stage)s outcome: %(outcome)s")
            % {"stage": stage, "outcome": StageOutcome(outcome).label},
        )
    return row


# --- The Ombudsman ------------------------------------------------------------------------------


def _refuse_future(day: date, message: str, code: str) -> None:
    if day > timezone.localdate():
        raise ValidationError(message, code=code)


def record_ombudsman_referral(
    case: Case,
    *,
    actor: AbstractBaseUser | None,
    referred_on: date,
    ombudsman_reference: str = "",
) -> OmbudsmanReferral:
    """The resident took the complaint to the Ombudsman: only after the stage 2 reply (the case
    in `stage_2_answered`, which moves to `ombudsman` through `change_case_status`, or already
    there), once per case, dated no earlier than the stage 2 reply and not in the future."""
    ombudsman_reference = (ombudsman_reference or "").strip()
    with transaction.atomic():
        lock(case)
        _refuse_unless_complaint(case)
        state = case.state or case.status
        if state not in REFERRAL_STATES:
            raise ValidationError(
                _("A complaint goes to the Ombudsman only after the stage 2 reply has been sent."),
                code="not_after_stage_2",
            )
        if OmbudsmanReferral.objects.filter(case=case).exists():
            raise ValidationError(
                _("The referral to the Ombudsman has already been recorded."),
                code="already_referred",
            )
        _refuse_future(referred_on, _("The referral date must be today or in the past."), "future")
        answered = (
            ComplaintStage.objects.filter(case=case, number=Stage.TWO)
            .values_list("answered_on", flat=True)
            .first()
        )
        if answered is not None and referred_on < answered:
            raise ValidationError(
                _("The referral date cannot be before the stage 2 reply, sent on %(date)s.")
                % {"date": _date(answered)},
                code="before_stage_2_reply",
            )
        if state == STAGE_2_ANSWERED:
            change_case_status(case, to_status=OMBUDSMAN, actor=actor)
        referral = OmbudsmanReferral.objects.create(
            case=case,
            referred_on=referred_on,
            ombudsman_reference=ombudsman_reference,
            recorded_by=actor if actor is not None and actor.is_authenticated else None,
        )
        add_internal_note(
            case,
            actor=actor,
            text=_("Referred to the Ombudsman on %(date)s%(reference)s")
            % {
                "date": _date(referred_on),
                "reference": f" ({ombudsman_reference})" if ombudsman_reference else "",
            },
        )
    return referral


def _referral(case: Case) -> OmbudsmanReferral:
    referral = OmbudsmanReferral.objects.select_for_update().filter(case=case).first()
    if referral is None:
        raise ValidationError(_("Record the referral to the Ombudsman first."), code="not_referred")
    return referral


def record_ombudsman_decision(
    case: Case,
    *,
    actor: AbstractBaseUser | None,
    decision: str,
    decided_on: date,
    remedy: str = "",
    remedy_due_on: date | None = None,
) -> OmbudsmanReferral:
    """The Ombudsman's decision, only once the referral is recorded: dated between the referral
    and today; a finding of injustice needs the remedy; a remedy's due date needs the remedy
    and cannot be before the decision."""
    if decision not in OmbudsmanDecision.values:
        raise ValidationError(_("Choose the Ombudsman's decision."), code="invalid_decision")
    remedy = (remedy or "").strip()
    with transaction.atomic():
        lock(case)
        _refuse_unless_complaint(case)
        referral = _referral(case)
        _refuse_future(decided_on, _("The decision date must be today or in the past."), "future")
        if decided_on < referral.referred_on:
            raise ValidationError(
                _("The decision date cannot be before the referral, on %(date)s.")
                % {"date": _date(referral.referred_on)},
                code="before_referral",
            )
        if decision in DECISIONS_NEEDING_A_REMEDY and not remedy:
            raise ValidationError(
                _("Enter the remedy the Ombudsman asked for."), code="remedy_required"
            )
        if remedy_due_on is not None and not remedy:
            raise ValidationError(
                _("Enter the remedy the due date is for."), code="remedy_required"
            )
        if remedy_due_on is not None and remedy_due_on < decided_on:
            raise ValidationError(
                _("The remedy cannot be due before the decision, on %(date)s.")
                % {"date": _date(decided_on)},
                code="remedy_due_before_decision",
            )
        if not remedy and referral.remedy_completed_on is not None:
            raise ValidationError(
                _("The remedy has been completed: it cannot be removed."),
                code="remedy_completed",
            )
        referral.decision = decision
        referral.decided_on = decided_on
        referral.remedy = remedy
        referral.remedy_due_on = remedy_due_on
        referral.save()
        add_internal_note(
            case,
            actor=actor,
            text=_("The Ombudsman's decision (%(date)s): %(decision)s")
            % {"date": _date(decided_on), "decision": OmbudsmanDecision(decision).label},
        )
    return referral


def record_remedy_completed(
    case: Case, *, actor: AbstractBaseUser | None, completed_on: date
) -> OmbudsmanReferral:
    """The council carried out the Ombudsman's remedy: only a recorded remedy, on a date no
    earlier than the referral and not in the future."""
    with transaction.atomic():
        lock(case)
        _refuse_unless_complaint(case)
        referral = _referral(case)
        if not referral.remedy:
            raise ValidationError(
                _("Record the Ombudsman's decision and remedy first."), code="no_remedy"
            )
        _refuse_future(
            completed_on, _("The completion date must be today or in the past."), "future"
        )
        if completed_on < referral.referred_on:
            raise ValidationError(
                _("The remedy cannot be completed before the referral, on %(date)s.")
                % {"date": _date(referral.referred_on)},
                code="before_referral",
            )
        referral.remedy_completed_on = completed_on
        referral.save(update_fields=["remedy_completed_on", "updated_at"])
        add_internal_note(
            case,
            actor=actor,
            text=_("The Ombudsman's remedy was completed on %(date)s")
            % {"date": _date(completed_on)},
        )
    return referral


# --- Following the workflow ---------------------------------------------------------------------

WATCHED_STATES = {STAGE_1, STAGE_1_ANSWERED, STAGE_2, STAGE_2_ANSWERED}


def on_case_status_changed(sender, *, case: Case, actor=None, state: str = "", **kwargs) -> None:
    """Keep the stages in step with the workflow, inside the transaction that moved the case:
    a stage starts when the case enters it and is answered when its reply is sent; entering
    stage 2 also excludes whoever sent the stage 1 reply (the engine excludes the officer
    assigned at the time)."""
    if state not in WATCHED_STATES or not is_complaint(case):
        return
    now = timezone.now()
    if state in (STAGE_1, STAGE_1_ANSWERED):
        stage = _stage(case, Stage.ONE)
    if state == STAGE_1_ANSWERED:
        _mark_answered(stage, case, actor=actor, now=now)
    elif state == STAGE_2:
        stage, created = ComplaintStage.objects.get_or_create(
            case=case,
            number=Stage.TWO,
            defaults={"started_on": case.clock_started_on, "due_date": case.due_date},
        )
        if not created:  # cannot happen in this workflow: stage 2 is entered once
            stage.started_on, stage.due_date = case.clock_started_on, case.due_date
            stage.save(update_fields=["started_on", "due_date"])
        first = ComplaintStage.objects.filter(case=case, number=Stage.ONE).first()
        handlers = {first.answered_by_id} if first and first.answered_by_id else set()
        excluded = set(case.workflow_data.get("excluded_handlers") or [])
        if not handlers <= excluded:
            case.workflow_data = {
                **case.workflow_data,
                "excluded_handlers": sorted(excluded | handlers),
            }
            case.save(update_fields=["workflow_data"])
    elif state == STAGE_2_ANSWERED:
        _mark_answered(_stage(case, Stage.TWO), case, actor=actor, now=now)


def _mark_answered(stage: ComplaintStage, case: Case, *, actor, now) -> None:
    stage.answered_at = now
    stage.answered_on = timezone.localdate(now)
    stage.answered_by = actor if actor is not None and actor.is_authenticated else None
    stage.due_date = case.due_date
    stage.save(update_fields=["answered_at", "answered_on", "answered_by", "due_date"])


# --- Anonymisation -------------------------------------------------------------------------------


def on_case_saved(sender, *, instance: Case, update_fields=None, **kwargs) -> None:
    """When retention or erasure anonymises a case (`anonymise_case` saves `anonymised_at`), the
    words staff wrote here go too, in the same transaction: extension reasons, and the remedy's
    text (kept non-empty, so the report still counts it as a remedy). Dates, outcomes and
    decisions stay for the figures."""
    if not update_fields or "anonymised_at" not in update_fields or not instance.anonymised_at:
        return
    ComplaintStage.objects.filter(case=instance).exclude(extension_reason="").update(
        extension_reason=""
    )
    OmbudsmanReferral.objects.filter(case=instance).exclude(remedy="").update(
        remedy=_("Removed when the case was anonymised.")
    )
