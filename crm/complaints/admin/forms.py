"""The forms of the complaint section of a case page. Each posts to its own action
(`case_actions.py`) under its own prefix, which is also its name in `panel_errors`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from crm.cases.admin.forms import DateInput

from ..models import OmbudsmanDecision, StageOutcome

EXTEND_KEY = "complaint-extend"
REFERRAL_KEY = "complaint-referral"
DECISION_KEY = "complaint-decision"
REMEDY_KEY = "complaint-remedy"


def outcome_key(stage: int) -> str:
    return f"complaint-outcome-{stage}"


def date_field(label, *, required=True, help_text=""):
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=DateInput,
        error_messages={
            "required": _("Enter the date."),
            "invalid": _("Enter a real date, such as 27 3 2026."),
        },
    )


class ExtendStageForm(forms.Form):
    new_due_date = date_field(
        _("New reply date"),
        help_text=_("Up to 10 more working days. The resident is emailed the new date."),
    )
    reason = forms.CharField(
        label=_("Reason for the extension"),
        help_text=_("The resident is told this reason."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Enter the reason for the extension.")},
    )


class StageOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[("", _("Choose the outcome")), *StageOutcome.choices],
        error_messages={
            "required": _("Choose the outcome."),
            "invalid_choice": _("Choose the outcome."),
        },
    )


class ReferralForm(forms.Form):
    referred_on = date_field(_("Date the Ombudsman told us of the complaint"))
    ombudsman_reference = forms.CharField(
        label=_("The Ombudsman's reference"), required=False, max_length=64
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("The Ombudsman's decision"),
        choices=[("", _("Choose the decision")), *OmbudsmanDecision.choices],
        error_messages={
            "required": _("Choose the Ombudsman's decision."),
            "invalid_choice": _("Choose the Ombudsman's decision."),
        },
    )
    decided_on = date_field(_("Date of the decision"))
    remedy = forms.CharField(
        label=_("Remedy"),
        required=False,
        help_text=_("What the Ombudsman asked the council to do, such as an apology or a payment"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    remedy_due_on = date_field(_("Remedy due by"), required=False)


class RemedyCompletedForm(forms.Form):
    completed_on = date_field(_("Date the remedy was completed"))
