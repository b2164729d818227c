"""The "Clock" panel's actions on a staff case page (POST only, through `CasePanelActionView`):
stop the clock (a reason), restart it, and extend the deadline (a new date and a reason, which
the resident is told). Each calls one service of `crm.cases.services.clocks`; a refusal comes
back next to its field on the re-rendered case page, with what was typed kept."""

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from ..services import extend_deadline, resume_clock, stop_clock
from .case_views import CasePanelActionView

STOP_FORM_KEY = "clock-stop"
RESTART_FORM_KEY = "clock-restart"
EXTEND_FORM_KEY = "clock-extend"
REASON_MAX_LENGTH = 300

# The services' refusal codes shown on a field; the rest go above the form.
# A service refusal's code -> the field it is shown on; any other above the form.
REASON_ERRORS = {"required": "reason", "too_long_reason": "reason"}
DATE_ERRORS = {
    "not_later": "new_due_date",
    "not_working_day": "new_due_date",
    "too_long": "new_due_date",
}


class StopClockForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the clock stopped?"),
        max_length=REASON_MAX_LENGTH,
        required=False,  # a blank reason is refused by stop_clock, with its message
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "For example: waiting for the resident to clarify the request, or for a fee. Staff "
            "only: the resident is not told."
        ),
        error_messages={"max_length": _("Keep the reason to %(limit_value)d characters or fewer.")},
    )


class RestartClockForm(forms.Form):
    """No fields: the POST (with its CSRF token) is the request."""


class ExtendDeadlineForm(forms.Form):
    new_due_date = forms.DateField(
        label=_("New due date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={
            "required": _("Enter the new due date"),
            "invalid": _("Enter the new due date as a real date, for example 2027-03-31"),
        },
    )
    reason = forms.CharField(
        label=_("Reason for the extension"),
        max_length=REASON_MAX_LENGTH,
        required=False,  # refused by extend_deadline, with its message
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The resident is told the new date and this reason, by email and online."),
        error_messages={"max_length": _("Keep the reason to %(limit_value)d characters or fewer.")},
    )


class StopClockView(CasePanelActionView):
    form_class = StopClockForm
    error_fields = REASON_ERRORS
    panel_form_key = STOP_FORM_KEY
    success_message = _("The clock is stopped.")

    def perform(self, form):
        stop_clock(self.case, actor=self.request.user, reason=form.cleaned_data["reason"])


class RestartClockView(CasePanelActionView):
    form_class = RestartClockForm
    panel_form_key = RESTART_FORM_KEY

    def perform(self, form):
        resume_clock(self.case, actor=self.request.user)

    @property
    def success_message(self):
        return _("The clock is running again. The case is due on %(date)s.") % {
            "date": formats.date_format(self.case.due_date, "j F Y")
        }


class ExtendDeadlineView(CasePanelActionView):
    form_class = ExtendDeadlineForm
    error_fields = {**REASON_ERRORS, **DATE_ERRORS}
    panel_form_key = EXTEND_FORM_KEY

    def perform(self, form):
        extend_deadline(
            self.case,
            actor=self.request.user,
            new_due_date=form.cleaned_data["new_due_date"],
            reason=form.cleaned_data["reason"],
        )

    @property
    def success_message(self):
        customer = self.case.customer
        told = (
            _("The resident has been emailed the new date and the reason.")
            if customer is not None and customer.email
            else _("The new date and the reason are on the case for the resident (no email).")
        )
        return _("The case is now due on %(date)s. %(told)s") % {
            "date": formats.date_format(self.case.due_date, "j F Y"),
            "told": told,
        }


# (route under <case_uuid>/, view, name), for crm/cases/admin/urls.py's CASE_ROUTES.
CLOCK_ROUTES = [
    ("clock/stop/", StopClockView, "clock_stop"),
    ("clock/restart/", RestartClockView, "clock_restart"),
    ("clock/extend/", ExtendDeadlineView, "clock_extend"),
]
