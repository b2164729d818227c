"""Send a canned reply from a case page (POST only): the case through `get_case_for_staff` (a 404
for staff who may not see it), the reply checked for the case, then `add_public_update` from the
officer. A refusal (reply off or for other types, no text, an anonymised case) re-renders the
case page with the message above the form and the typed text kept."""

from django.utils.translation import gettext as _

from crm.cases.admin.case_views import CasePanelActionView

from ..services import send_canned_reply
from .forms import SEND_FORM_KEY, SendReplyForm


class SendCannedReplyView(CasePanelActionView):
    form_class = SendReplyForm
    error_fields = {"required": "text"}  # on the textarea; other refusals above the form
    panel_form_key = SEND_FORM_KEY

    def get_form(self):
        return SendReplyForm(self.request.POST, case=self.case, prefix=self.panel_form_key)

    def perform(self, form):
        send_canned_reply(
            self.case,
            reply=form.canned_reply,
            text=form.cleaned_data["text"],
            actor=self.request.user,
        )

    @property
    def success_message(self):
        customer = self.case.customer
        if customer is not None and customer.email:
            return _("The reply has been sent to the resident.")
        return _(
            "The reply is on the case timeline for the resident. There is no email address "
            "on the case, so it was not emailed."
        )
