"""My Account pages: the dashboard, a request's page and its files (the tracking link's pages are
in `tracking`, bookings in `booking_views`, payments and receipts in `payment_views`).

Who may see a case is decided by the crm selectors (`get_case_for_resident`): anyone else's case
is a 404, on every URL. Files are streamed from private storage through these views only, never
from a public media URL.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from crm.cases.attachments import attachment_download
from crm.cases.enums import OPENABLE_SCAN_STATUSES, CaseStatus
from crm.cases.selectors import (
    cases_for_resident,
    get_case_for_resident,
    public_attachments,
    public_events,
    with_last_public_update,
)
from crm.cases.services import add_resident_message

from .accounts import verified_emails
from .booking_views import case_bookings, upcoming_bookings_for_dashboard
from .drafts import saved_drafts
from .forms import ResidentMessageForm
from .payment_views import case_payments

REQUESTS_PER_PAGE = 20


def _resident_case(request, case_uuid):
    return get_case_for_resident(
        request.user, case_uuid, verified_emails=verified_emails(request.user)
    )


def case_page_context(case, *, file_url_name: str, file_url_key) -> dict:
    """What `myaccount/includes/case_public.html` shows (My Account and the tracking pages). The
    include names the case's state and each status change with the workflow's own labels
    (`case_states` template filters), so every page that includes it says the same."""
    attachments = list(public_attachments(case).order_by("created_at", "pk"))
    for attachment in attachments:
        attachment.download_url = reverse(file_url_name, args=[file_url_key, attachment.pk])
        # Waiting for its virus scan, or blocked by it: named with its state instead of a link.
        attachment.openable = attachment.scan_status in OPENABLE_SCAN_STATUSES
    urls = {attachment.pk: attachment.download_url for attachment in attachments}
    events = list(public_events(case))
    for event in events:
        event.files = [
            {
                "name": a.original_name,
                "url": urls[a.pk],
                "openable": a.scan_status in OPENABLE_SCAN_STATUSES,
                "scan_status": a.get_scan_status_display(),
            }
            for a in event.attachments.all()
            if a.pk in urls
        ]
    return {
        "case": case,
        "answers": case.answers or [],
        "attachments": attachments,
        "events": events,
        "is_closed": case.status == CaseStatus.CLOSED,
    }


@never_cache
@login_required
@require_GET
def dashboard(request):
    cases = with_last_public_update(
        cases_for_resident(request.user, verified_emails=verified_emails(request.user))
        # Each row shows its state's label, read from the case's workflow version: fetched with
        # the case, so a page of any length costs the same queries.
        .select_related("workflow_version")
    )
    page_obj = Paginator(cases, REQUESTS_PER_PAGE).get_page(request.GET.get("page"))
    upcoming, has_bookings = upcoming_bookings_for_dashboard(request.user)
    return TemplateResponse(
        request,
        "myaccount/dashboard.html",
        {
            "page_obj": page_obj,
            "cases": page_obj.object_list,
            "drafts": saved_drafts(request.user),
            "upcoming_bookings": upcoming,
            "has_bookings": has_bookings,
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def case_detail(request, case_uuid):
    case = _resident_case(request, case_uuid)
    form = ResidentMessageForm()
    if request.method == "POST":
        form = ResidentMessageForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                add_resident_message(
                    case,
                    customer_user=request.user,
                    text=form.cleaned_data["message"],
                    files=form.cleaned_data["files"],
                )
            except ValidationError as error:
                field = {"required": "message", "empty": "files"}.get(error.code)
                form.add_error(field, error)
            else:
                messages.success(request, _("Your message has been sent"))
                return redirect("myaccount:case_detail", case_uuid=case.uuid)
    context = case_page_context(case, file_url_name="myaccount:case_file", file_url_key=case.uuid)
    context["form"] = form
    context["bookings"] = case_bookings(case)
    context["payments"] = case_payments(case)
    return TemplateResponse(
        request, "myaccount/case_detail.html", context, status=400 if form.errors else 200
    )


@never_cache
@login_required
@require_GET
def case_file(request, case_uuid, attachment_id):
    case = _resident_case(request, case_uuid)
    attachment = get_object_or_404(public_attachments(case), pk=attachment_id)
    return attachment_download(attachment, request)  # refused until the virus scan clears it
