"""The base of the actions taken from a case-page panel (a booking's Approve, Decline and Cancel
in crm/bookings/admin, a payment's Refund here).

Like the case page's own actions (`crm.cases.admin.case_views.CaseActionView`): POST only, the
case fetched through `get_case_for_staff` first (a 404 for staff who may not see it), one
service called, a redirect back with a message; a `ValidationError` re-renders the case page
with the service's message next to the panel's form (through `panel_errors`).
"""

from django.core.exceptions import ValidationError

from crm.cases.admin.case_views import CaseActionView, CaseView
from crm.cases.models import CaseAccessLog
from crm.cases.services import record_case_access


class CasePanelActionView(CaseActionView):
    """A `CaseActionView` whose form lives in a case-page panel (bookings, payments): its
    errors reach the panel through `panel_errors`, keyed by the panel's form name."""

    http_method_names = ["post"]

    def panel_form_key(self) -> str:
        raise NotImplementedError

    def get_form(self):
        return self.form_class(self.request.POST, prefix=self.panel_form_key())

    def perform(self, form) -> None:
        try:
            self.act(form)
        except ValidationError as error:
            # The service's messages, shown above the form whatever field they were raised on.
            raise ValidationError(error.messages) from error

    def act(self, form) -> None:
        raise NotImplementedError

    def render_page(self, form):
        view = CaseView()
        view.setup(self.request, case_uuid=self.case.uuid)
        record_case_access(view.case, user=self.request.user, action=CaseAccessLog.Action.VIEWED)
        context = view.get_context_data(panel_errors={self.panel_form_key(): form})
        return view.render_to_response(context)
