"""A case's page for staff, the downloads of its files, and the actions taken on it.

Every request fetches the case again through `get_case_for_staff` (a 404 for staff who may not
see it). Each action calls one service; a `ValidationError` re-renders the page with the error
on the form and what was typed kept.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from crm.notifications.services import resend_outbox_message

from ..attachments import attachment_download
from ..enums import INTERNAL_EVENT_KINDS
from ..models import CaseAccessLog
from ..selectors import (
    attachments_for_staff,
    case_visible_to_staff,
    get_case_for_staff,
    latest_events_for_staff,
    limited,
    other_cases_for_customer,
    teams_for_staff,
)
from ..services import (
    add_internal_note,
    add_public_update,
    assign_case,
    change_case_status,
    record_case_access,
    revoke_tracking_links,
)
from ..virus_scan import is_openable
from ..workflows import case_state
from .forms import AssignForm, NoteForm, PublicUpdateForm, StatusForm
from .outbox import emails_needing_attention
from .queues import MyCasesView

# A case page shows this much of each list, with a link to the rest: a case with years of
# timeline or a customer with a thousand cases costs the same page as any other.
TIMELINE_LIMIT = 50  # the newest events
FILES_LIMIT = 20
OTHER_CASES_LIMIT = 10  # the rest are on the customer's page
SHOW_PARAM = "show"  # ?show=timeline or ?show=files: the whole list


def case_url(case) -> str:
    return reverse("cases_admin:case", kwargs={"case_uuid": case.uuid})


class CaseMixin:
    """Fetch the case for the signed-in member of staff (or 404) before anything else."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.case = get_case_for_staff(request.user, kwargs["case_uuid"])


class CaseView(CaseMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "cases/admin/case.html"
    header_icon = "doc-full"

    def get_page_title(self):
        return _("Case %(reference)s") % {"reference": self.case.reference}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("cases_admin:my_cases"), "label": MyCasesView.page_title},
            {"url": "", "label": self.case.reference},
        ]

    def get(self, request, *args, **kwargs):
        record_case_access(self.case, user=request.user, action=CaseAccessLog.Action.VIEWED)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        case = self.case
        forms = {
            "assign_form": AssignForm(),
            "status_form": StatusForm(case=case, user=self.request.user),
            "note_form": NoteForm(),
            "update_form": PublicUpdateForm(),
        }
        forms.update(kwargs.get("forms", {}))
        show = self.request.GET.get(SHOW_PARAM)
        events, more_events = latest_events_for_staff(
            case, None if show == "timeline" else TIMELINE_LIMIT
        )
        for event in events:
            event.shown_to_resident = event.is_public and event.kind not in INTERNAL_EVENT_KINDS
        attachments, more_files = attachments_for_staff(
            case, None if show == "files" else FILES_LIMIT
        )
        other_cases, more_other_cases = limited(
            other_cases_for_customer(self.request.user, case), OTHER_CASES_LIMIT
        )
        page = case_url(case)
        context.update(
            forms,
            case=case,
            is_overdue=case.is_overdue(timezone.localdate()),
            # A refused form is shown with its error and what was typed, even with no moves left.
            can_change_status=bool(forms["status_form"].fields["to_status"].widget.choices)
            or forms["status_form"].is_bound,
            state=case_state(case),
            workflow_version=case.workflow_version,
            assigned_to_me=case.assigned_to_id == self.request.user.pk,
            attachments=attachments,
            more_files_url=f"{page}?{SHOW_PARAM}=files#case-files-heading" if more_files else "",
            other_cases=other_cases,
            more_other_cases=more_other_cases,
            more_events_url=(
                f"{page}?{SHOW_PARAM}=timeline#case-timeline-heading" if more_events else ""
            ),
            timeline_limit=TIMELINE_LIMIT,
            failed_emails=list(emails_needing_attention(case)),
            events=events,
            extra_panels=case_panels(self.request, case, kwargs.get("panel_errors") or {}),
        )
        return context


# Other CRM apps (bookings, payments) add sections to the case page with this hook: a function
# `(request, case, errors) -> str` (safe HTML, "" for nothing), `errors` being the re-rendered
# page's {name: form} so a refused action shows its error next to its form.
CASE_PANELS_HOOK = "doorstep_case_panels"


def case_panels(request, case, errors: dict) -> list[str]:
    return [html for fn in hooks.get_hooks(CASE_PANELS_HOOK) if (html := fn(request, case, errors))]


class AttachmentDownloadView(CaseMixin, View):
    """A case file, served to staff who may see the case; never from a public URL."""

    def get(self, request, *args, **kwargs):
        attachment = self.case.attachments.filter(pk=kwargs["attachment_id"]).first()
        if attachment is None:
            raise Http404
        if not is_openable(attachment):
            # Waiting for the virus scan, or blocked by it: say which, on the case page.
            messages.error(
                request,
                _("%(name)s: %(status)s")
                % {
                    "name": attachment.original_name,
                    "status": attachment.get_scan_status_display(),
                },
            )
            return redirect(case_url(self.case))
        record_case_access(
            self.case,
            user=request.user,
            action=CaseAccessLog.Action.DOWNLOADED,
            attachment=attachment,
        )
        return attachment_download(attachment)


class CaseActionView(CaseMixin, View):
    """POST only: parse the form, call the service, redirect back with a message; on a
    `ValidationError` show the case page again with the error on the form."""

    form_class = None
    form_name = ""  # its name in the case page's context
    error_field = None  # where the service's error is shown (None: above the form)
    error_fields: dict[str, str] = {}  # a refusal's code -> the field it is shown on instead
    success_message = ""

    def get_form(self):
        return self.form_class(self.request.POST)

    def error_field_for(self, error: ValidationError) -> str | None:
        return self.error_fields.get(getattr(error, "code", None) or "", self.error_field)

    def perform(self, form) -> None:
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        return redirect(case_url(self.case))

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form.is_valid():
            try:
                self.perform(form)
            except ValidationError as error:
                # The service's messages, on `error_field` (None: above the form) whatever field
                # the service raised them on.
                form.add_error(self.error_field_for(error), ValidationError(error.messages))
            else:
                return self.success_response()
        messages.error(request, _("The case has not been changed. Check the form below."))
        return self.render_page(form)

    def success_response(self):
        messages.success(self.request, self.success_message)
        return redirect(case_url(self.case))

    def render_page(self, form):
        view = CaseView()
        view.setup(self.request, case_uuid=self.case.uuid)
        record_case_access(view.case, user=self.request.user)
        context = view.get_context_data(**self.page_forms(form))
        return view.render_to_response(context)

    def page_forms(self, form) -> dict:
        """Where the re-rendered case page finds the refused form."""
        return {"forms": {self.form_name: form}}


class AssignToMeView(CaseActionView):
    form_name = "assign_form"
    success_message = _("The case is assigned to you.")

    def get_form(self):
        return AssignForm({})  # no fields: the POST (with its CSRF token) is the request

    def perform(self, form):
        assign_case(self.case, actor=self.request.user, officer=self.request.user)


class AssignView(CaseActionView):
    """After an assignment the officer may no longer see the case (it went to a team they are
    not in): they land on a queue they can see, told where the case went, instead of a 404."""

    form_class = AssignForm
    form_name = "assign_form"
    error_field = "officer"
    success_message = _("The case has been assigned.")

    def perform(self, form):
        assign_case(
            self.case,
            actor=self.request.user,
            team=form.cleaned_data["team"],
            officer=form.cleaned_data["officer"],
        )

    def success_response(self):
        if case_visible_to_staff(self.request.user, self.case.pk):
            return super().success_response()
        messages.success(
            self.request,
            _("Case %(reference)s assigned to %(team)s. You can no longer see it.")
            % {"reference": self.case.reference, "team": self.case.team.name},
        )
        if teams_for_staff(self.request.user).exists():
            return redirect(reverse("cases_admin:team_queue"))
        return redirect(reverse("cases_admin:my_cases"))


class StatusView(CaseActionView):
    form_name = "status_form"
    error_field = "to_status"
    error_fields = {"message_required": "public_message"}
    success_message = _("The status has been changed.")

    def get_form(self):
        return StatusForm(self.request.POST, case=self.case, user=self.request.user)

    def perform(self, form):
        change_case_status(
            self.case,
            to_status=form.cleaned_data["to_status"],
            actor=self.request.user,
            public_message=form.cleaned_data["public_message"],
        )


class NoteView(CaseActionView):
    form_class = NoteForm
    form_name = "note_form"
    error_field = "text"
    success_message = _("The note has been added.")

    def perform(self, form):
        add_internal_note(self.case, actor=self.request.user, text=form.cleaned_data["text"])


class PublicUpdateView(CaseActionView):
    form_class = PublicUpdateForm
    form_name = "update_form"
    error_field = "text"
    success_message = _("The update has been sent to the resident.")

    def perform(self, form):
        add_public_update(self.case, actor=self.request.user, text=form.cleaned_data["text"])


class RevokeTrackingLinksView(CaseActionView):
    """Staff stop the tracking links already emailed for the case (one was forwarded or
    leaked); the resident's next email carries a new one."""

    form_name = "revoke_form"
    success_message = _(
        "The tracking links sent so far no longer work. The next email to the resident will "
        "have a new link."
    )

    def get_form(self):
        return forms.Form({})  # no fields: the POST (with its CSRF token) is the request

    def perform(self, form):
        revoke_tracking_links(self.case, actor=self.request.user)


class ResendEmailView(CaseMixin, View):
    """POST from the warning on the case page: send one of the case's failed (or stuck) emails
    again. The case is fetched for the viewer first, so staff who cannot see it get a 404."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        message = self.case.outbox_messages.filter(pk=kwargs["message_id"]).first()
        if message is None:
            raise Http404
        try:
            resend_outbox_message(message, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The email will be sent again."))
        return redirect(case_url(self.case))


class CasePanelActionView(CaseActionView):
    """A `CaseActionView` whose form lives in a case-page panel added through
    `CASE_PANELS_HOOK` (a booking's Approve, Decline and Cancel, a payment's Refund): its errors
    reach the panel through `panel_errors`, keyed by the panel's form name."""

    http_method_names = ["post"]
    panel_form_key = ""  # set in setup() by each view, from the object the form acts on

    def get_form(self):
        return self.form_class(self.request.POST, prefix=self.panel_form_key)

    def page_forms(self, form) -> dict:
        return {"panel_errors": {self.panel_form_key: form}}
