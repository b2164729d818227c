"""The "Complaint" section of a staff case page (through `CASE_PANELS_HOOK`), for cases under
the `complaint` workflow only: the stage, the acknowledgement and reply dates, and the forms to
extend the stage, record each stage's outcome and the Ombudsman's referral, decision and
remedy. A refused form comes back through `errors` (keyed by its prefix), typed values kept."""

from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString

from crm.cases.workflows import case_state

from ..models import ComplaintStage, OmbudsmanReferral, Stage
from ..services import (
    ANSWERED_STATES,
    REFERRAL_STATES,
    STAGE_2,
    current_stage,
    is_complaint,
)
from .forms import (
    DECISION_KEY,
    EXTEND_KEY,
    REFERRAL_KEY,
    REMEDY_KEY,
    DecisionForm,
    ExtendStageForm,
    ReferralForm,
    RemedyCompletedForm,
    StageOutcomeForm,
    outcome_key,
)


def _url(name: str, case, **kwargs) -> str:
    return reverse(f"complaints_admin:{name}", kwargs={"case_uuid": case.uuid, **kwargs})


def complaint_panel(request, case, errors: dict) -> SafeString | str:
    if not is_complaint(case):
        return ""
    today = timezone.localdate()
    state = case.state or case.status
    stages = {stage.number: stage for stage in ComplaintStage.objects.filter(case=case)}
    referral = OmbudsmanReferral.objects.filter(case=case).first()
    number = current_stage(case)
    open_stage = stages.get(number) if number else None

    excluded_ids = case.workflow_data.get("excluded_handlers") or []
    # Whoever handled stage 1 is not offered stage 2's forms (the services refuse them anyway).
    barred = request.user.pk in excluded_ids

    extend_form = errors.get(EXTEND_KEY)
    if (
        extend_form is None
        and number is not None
        and not (open_stage and open_stage.extended)
        and not (number == Stage.TWO and barred)
    ):
        extend_form = ExtendStageForm(prefix=EXTEND_KEY)

    outcome_forms = []
    for stage_number in Stage.values:
        if state not in ANSWERED_STATES[stage_number]:
            continue
        key = outcome_key(stage_number)
        if stage_number == Stage.TWO and barred and key not in errors:
            continue
        stage = stages.get(stage_number)
        form = errors.get(key) or StageOutcomeForm(
            prefix=key, initial={"outcome": stage.outcome if stage else ""}
        )
        outcome_forms.append(
            {
                "stage": stage_number,
                "row": stage,
                "form": form,
                "url": _url("stage_outcome", case, stage=stage_number),
            }
        )

    referral_form = decision_form = remedy_form = None
    if REFERRAL_KEY in errors:
        referral_form = errors[REFERRAL_KEY]
    elif referral is None and state in REFERRAL_STATES and not barred:
        referral_form = errors.get(REFERRAL_KEY) or ReferralForm(
            prefix=REFERRAL_KEY, initial={"referred_on": today}
        )
    if referral is not None:
        decision_form = errors.get(DECISION_KEY) or DecisionForm(
            prefix=DECISION_KEY,
            initial={
                "decision": referral.decision,
                "decided_on": referral.decided_on,
                "remedy": referral.remedy,
                "remedy_due_on": referral.remedy_due_on,
            },
        )
        if referral.remedy:
            remedy_form = errors.get(REMEDY_KEY) or RemedyCompletedForm(
                prefix=REMEDY_KEY,
                initial={"completed_on": referral.remedy_completed_on or today},
            )

    excluded = (
        list(get_user_model().objects.filter(pk__in=excluded_ids).order_by("pk"))
        if excluded_ids and state == STAGE_2
        else []
    )
    acknowledged_on = (
        timezone.localdate(case.acknowledged_at) if case.acknowledged_at is not None else None
    )
    return render_to_string(
        "complaints/admin/case_panel.html",
        {
            "case": case,
            "state_label": case_state(case).label,
            "stage_number": number,
            "open_stage": open_stage,
            "stages": [stages[n] for n in sorted(stages)],
            "acknowledged_on": acknowledged_on,
            "acknowledged_late": bool(
                acknowledged_on and case.acknowledge_by and acknowledged_on > case.acknowledge_by
            ),
            "acknowledgement_overdue": bool(
                acknowledged_on is None and case.acknowledge_by and case.acknowledge_by < today
            ),
            "excluded_handlers": excluded,
            "barred": barred and state != "closed",
            "extend_form": extend_form,
            "extend_url": _url("extend", case),
            "outcome_forms": outcome_forms,
            "referral": referral,
            "referral_form": referral_form,
            "referral_url": _url("referral", case),
            "decision_form": decision_form,
            "decision_url": _url("decision", case),
            "remedy_form": remedy_form,
            "remedy_url": _url("remedy", case),
        },
        request=request,
    )
