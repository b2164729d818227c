"""Send a canned reply from a case page (POST only): the case through `get_case_for_staff` (a 404
for staff who may not see it), the reply checked for the case, then `add_public_update` from the
officer. A refusal (reply off or for other types, no text, an anonymised case) re-renders the
case page with the message above the form and the typed text kept."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from crm.cases.admin.case_views import CasePanelActionView

from ..services import send_canned_reply
from .forms import SEND_FORM_KEY, SendReplyForm

TEXT_ERRORS = {"required"}  # service refusals shown on the textarea; the rest above the form


class SendCannedReplyView(CasePanelActionView):
    form_class = SendReplyForm
    panel_form_key = SEND_FORM_KEY

    def get_form(self):
        return SendReplyForm(self.request.POST, case=self.case, prefix=self.panel_form_key)

    def perform(self, form):
        try:
            send_canned_reply(
                self.case,
                reply=form.canned_reply,
                text=form.cleaned_data["text"],
                actor=self.request.user,
            )
        except ValidationError as error:
            self.error_field = "text" if getattr(error, "code", None) in TEXT_ERRORS else None
            raise

    @property
    def success_message(self):
        customer = self.case.customer
        if customer is not None and customer.email:
            return _("The reply has been sent to the resident.")
        return _(
            "The reply is on the case timeline for the resident. There is no email address "
            "on the case, so it was not emailed."
        )
