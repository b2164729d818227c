"""The actions of the complaint section of a case page (POST only). Each fetches the case for
the member of staff (a 404 otherwise), calls one service, and on a refusal shows the case page
again with the message next to the field it is about and everything typed kept."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from crm.cases.panels import CasePanelActionView

from ..models import Stage
from ..services import (
    extend_stage,
    record_ombudsman_decision,
    record_ombudsman_referral,
    record_remedy_completed,
    record_stage_outcome,
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


class ExtendStageView(CasePanelActionView):
    form_class = ExtendStageForm
    panel_form_key = EXTEND_KEY
    success_message = _("The stage has been extended and the resident told the new date.")
    error_fields = {
        "not_later": "new_due_date",
        "too_long": "new_due_date",
        "not_working_day": "new_due_date",
        "required": "reason",
    }

    def perform(self, form):
        extend_stage(
            self.case,
            actor=self.request.user,
            new_due_date=form.cleaned_data["new_due_date"],
            reason=form.cleaned_data["reason"],
        )


class StageOutcomeView(CasePanelActionView):
    form_class = StageOutcomeForm
    success_message = _("The stage's outcome has been recorded.")
    error_fields = {"invalid_outcome": "outcome"}

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if kwargs["stage"] not in Stage.values:
            raise Http404
        self.stage = kwargs["stage"]
        self.panel_form_key = outcome_key(self.stage)

    def perform(self, form):
        record_stage_outcome(
            self.case,
            stage=self.stage,
            outcome=form.cleaned_data["outcome"],
            actor=self.request.user,
        )


class ReferralView(CasePanelActionView):
    form_class = ReferralForm
    panel_form_key = REFERRAL_KEY
    success_message = _("The referral to the Ombudsman has been recorded.")
    error_fields = {"future": "referred_on", "before_stage_2_reply": "referred_on"}

    def perform(self, form):
        record_ombudsman_referral(
            self.case,
            actor=self.request.user,
            referred_on=form.cleaned_data["referred_on"],
            ombudsman_reference=form.cleaned_data["ombudsman_reference"],
        )


class DecisionView(CasePanelActionView):
    form_class = DecisionForm
    panel_form_key = DECISION_KEY
    success_message = _("The Ombudsman's decision has been recorded.")
    error_fields = {
        "invalid_decision": "decision",
        "future": "decided_on",
        "before_referral": "decided_on",
        "remedy_required": "remedy",
        "remedy_completed": "remedy",
        "remedy_due_before_decision": "remedy_due_on",
    }

    def perform(self, form):
        record_ombudsman_decision(
            self.case,
            actor=self.request.user,
            decision=form.cleaned_data["decision"],
            decided_on=form.cleaned_data["decided_on"],
            remedy=form.cleaned_data["remedy"],
            remedy_due_on=form.cleaned_data["remedy_due_on"],
        )


class RemedyCompletedView(CasePanelActionView):
    form_class = RemedyCompletedForm
    panel_form_key = REMEDY_KEY
    success_message = _("The remedy's completion has been recorded.")
    error_fields = {"future": "completed_on", "before_referral": "completed_on"}

    def perform(self, form):
        record_remedy_completed(
            self.case, actor=self.request.user, completed_on=form.cleaned_data["completed_on"]
        )
