"""The actions of the "Information request" section of a case page (POST only). Each fetches
the case for the member of staff (a 404 if they may not see it), calls the service, and on a
refusal shows the case page again with the error next to its field and what was typed kept."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from crm.cases.panels import CasePanelActionView

from ..services import (
    extend_for_public_interest,
    is_information_request,
    record_exemptions,
    record_review_outcome,
    send_response,
)
from .forms import (
    EXEMPTIONS_KEY,
    EXTENSION_KEY,
    RESPONSE_KEY,
    REVIEW_KEY,
    ExemptionsForm,
    ExtensionForm,
    ResponseForm,
    ReviewOutcomeForm,
)


class InformationActionView(CasePanelActionView):
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if not is_information_request(self.case):
            raise Http404


class RecordExemptionsView(InformationActionView):
    form_class = ExemptionsForm
    panel_form_key = EXEMPTIONS_KEY
    error_fields = {"regime": "regime", "unknown_exemption": "foia"}
    success_message = _("The exemptions have been recorded.")

    def perform(self, form):
        record_exemptions(
            self.case,
            actor=self.request.user,
            exemptions=form.exemptions,
            regime=form.cleaned_data["regime"],
        )


class ExtendDeadlineView(InformationActionView):
    form_class = ExtensionForm
    panel_form_key = EXTENSION_KEY
    error_fields = {
        "required": "reason",
        "too_long_reason": "reason",
        "not_later": "new_due_date",
        "too_long": "new_due_date",
        "not_working_day": "new_due_date",
    }
    success_message = _("The deadline has been extended and the resident told why.")

    def perform(self, form):
        extend_for_public_interest(
            self.case,
            actor=self.request.user,
            new_due_date=form.cleaned_data["new_due_date"],
            reason=form.cleaned_data["reason"],
        )


class SendResponseView(InformationActionView):
    form_class = ResponseForm
    panel_form_key = RESPONSE_KEY
    error_fields = {
        "required": "message",
        "empty": "files",
        "too_big": "files",
        "file_type": "files",
    }

    def get_form(self):
        return ResponseForm(self.request.POST, self.request.FILES, prefix=self.panel_form_key)

    def perform(self, form):
        send_response(
            self.case,
            actor=self.request.user,
            message=form.cleaned_data["message"],
            files=form.cleaned_data["files"],
        )

    @property
    def success_message(self):
        customer = self.case.customer
        if customer is not None and customer.email:
            return _("The response has been sent to the resident.")
        return _(
            "The response is on the case timeline for the resident. There is no email address "
            "on the case, so it was not emailed."
        )


class RecordReviewOutcomeView(InformationActionView):
    form_class = ReviewOutcomeForm
    panel_form_key = REVIEW_KEY
    error_fields = {"outcome": "outcome", "required": "reason"}
    success_message = _("The outcome of the internal review has been sent to the resident.")

    def perform(self, form):
        record_review_outcome(
            self.case,
            actor=self.request.user,
            outcome=form.cleaned_data["outcome"],
            reason=form.cleaned_data["reason"],
        )
