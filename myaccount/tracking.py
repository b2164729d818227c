"""The tracking link's pages: a request followed from an email, without signing in.

Holding the link (see `crm.cases.tracking`) shows the request's status and the council's public
updates only. The answers, messages and files need the resident to sign in, or to prove they read
the case's email inbox with a one-time code (`crm.cases.services.request_tracking_code` and
`check_tracking_code`): a correct code lets this browser session see them for
DOORSTEP_TRACKING_ACCESS_MINUTES. When the request's state is waiting for the resident (the
council asked them something), that session also gets a "Reply" form: the reply goes through
`add_resident_message` with the link and the session's code (`TrackingReplyAccess`), which the
service checks again, and moves the case on. Every page here is a 404 for a link that is
altered, expired or revoked, and sends no Referer with the token in it (the token is the key to
the page).
"""

import time
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from crm.cases.attachments import attachment_download
from crm.cases.enums import CaseStatus
from crm.cases.selectors import (
    get_case_for_resident,
    get_case_for_tracking_token,
    public_attachments,
    tracking_events,
)
from crm.cases.services import (
    TrackingReplyAccess,
    add_resident_message,
    check_tracking_code,
    reply_requested,
    request_tracking_code,
)

from .accounts import verified_emails
from .forms import ResidentMessageForm, TrackingCodeForm
from .views import case_page_context

# {case uuid hex: {"nonce": the case's tracking nonce when the code was entered, "until": epoch}}
SESSION_KEY = "myaccount_tracking_access"


def _no_referrer(response):
    # The site's address only, never the path with the token (not even to our own pages, where
    # analytics could read it). Not "no-referrer": browsers then send `Origin: null` with the code
    # forms, and Django's CSRF check refuses them.
    response["Referrer-Policy"] = "strict-origin"
    return response


def _is_owner(request, case) -> bool:
    """The signed-in resident holds the case's address verified: it is on their account."""
    if not request.user.is_authenticated:
        return False
    try:
        get_case_for_resident(
            request.user, case.uuid, verified_emails=verified_emails(request.user)
        )
    except Http404:
        return False
    return True


def has_details_access(request, case) -> bool:
    """This session entered a code for the case, recently, since its links were last revoked."""
    grant = request.session.get(SESSION_KEY, {}).get(case.uuid.hex)
    return bool(
        grant and grant.get("nonce") == case.tracking_nonce and grant.get("until", 0) > time.time()
    )


def _grant_details_access(request, case) -> None:
    request.session.cycle_key()  # a session that just proved something gets a new id
    now = time.time()
    grants = {
        key: grant
        for key, grant in request.session.get(SESSION_KEY, {}).items()
        if grant.get("until", 0) > now
    }
    grants[case.uuid.hex] = {
        "nonce": case.tracking_nonce,
        "until": now + settings.DOORSTEP_TRACKING_ACCESS_MINUTES * 60,
    }
    request.session[SESSION_KEY] = grants


def _reply_access(request, case, token: str) -> TrackingReplyAccess:
    """The link and this session's code, for the service to check (it refuses a reply without)."""
    grant = request.session.get(SESSION_KEY, {}).get(case.uuid.hex) or {}
    return TrackingReplyAccess(
        token=token,
        code_nonce=grant.get("nonce", ""),
        code_valid_until=grant.get("until", 0.0),
    )


def _track_urls(token: str) -> dict[str, str]:
    return {
        "track_url": reverse("myaccount:track_case", args=[token]),
        "code_url": reverse("myaccount:track_code", args=[token]),
        "enter_code_url": reverse("myaccount:track_code_enter", args=[token]),
        "reply_url": reverse("myaccount:track_reply", args=[token]),
    }


def _track_page(request, case, token, *, reply_form=None, status=200, code_needed=False):
    """The request's page behind the link: status and updates, and with a code the details and,
    when the council is waiting for the resident, the reply form (`reply_form`: a bound one
    with its errors)."""
    case_url = reverse("myaccount:case_detail", args=[case.uuid])
    if has_details_access(request, case):
        context = case_page_context(case, file_url_name="myaccount:track_file", file_url_key=token)
        context["details_locked"] = False
        if reply_form is not None or reply_requested(case):
            context["reply_form"] = reply_form or ResidentMessageForm()
    else:
        context = {
            "case": case,
            "status_label": CaseStatus(case.status).label,
            "events": list(tracking_events(case)),
            "is_closed": case.status == CaseStatus.CLOSED,
            "details_locked": True,
        }
    if code_needed:
        context["errors"] = [
            {
                "href": "#get-code",
                "text": _("Get a code to see the details of your request before you reply."),
            }
        ]
    next_query = f"next={quote(case_url)}"
    context.update(
        _track_urls(token),
        signup_url=f"{reverse('account_signup')}?{next_query}",
        login_url=f"{reverse('account_login')}?{next_query}",
    )
    return _no_referrer(
        TemplateResponse(request, "myaccount/track_case.html", context, status=status)
    )


@never_cache
@require_GET
def track_case(request, token):
    case = get_case_for_tracking_token(token)
    if _is_owner(request, case):  # their own case: the full page, where they can reply
        return redirect("myaccount:case_detail", case_uuid=case.uuid)
    return _track_page(request, case, token)


@never_cache
@require_POST
def track_reply(request, token):
    """ "Reply": a resident without an account answers what the council asked, after entering the
    code. The service checks the link and the code again, refuses a closed request, and moves
    the case on (a stopped clock restarts). Errors show next to the field, with the text kept."""
    case = get_case_for_tracking_token(token)
    if not has_details_access(request, case):
        # No code in this session (or it ran out): the page says how to get one.
        return _track_page(request, case, token, status=403, code_needed=True)
    form = ResidentMessageForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            add_resident_message(
                case,
                tracking=_reply_access(request, case, token),
                text=form.cleaned_data["message"],
                files=form.cleaned_data["files"],
            )
        except ValidationError as error:
            field = {"required": "message", "empty": "files", "closed": "message"}.get(error.code)
            form.add_error(field, error)
        else:
            messages.success(request, _("Your reply has been sent"))
            return _no_referrer(redirect("myaccount:track_case", token=token))
    return _track_page(request, case, token, reply_form=form, status=400)


@never_cache
@require_http_methods(["GET", "POST"])
def track_code(request, token):
    """ "Get a code to see the details": POST emails a code to the case's address."""
    case = get_case_for_tracking_token(token)
    error = None
    if request.method == "POST":
        try:
            request_tracking_code(case)
        except ValidationError as exc:
            error = exc
        else:
            return _no_referrer(redirect("myaccount:track_code_enter", token=token))
    context = {
        "case": case,
        "minutes": settings.DOORSTEP_TRACKING_CODE_MINUTES,
        "errors": [{"href": "#send-code", "text": message} for message in error.messages]
        if error
        else [],
        **_track_urls(token),
    }
    status = 200
    if error is not None:
        status = 429 if error.code == "too_many_requests" else 400
    return _no_referrer(
        TemplateResponse(request, "myaccount/track_code.html", context, status=status)
    )


@never_cache
@require_http_methods(["GET", "POST"])
def track_code_enter(request, token):
    """ "Enter the code": a correct one shows the answers and files to this session."""
    case = get_case_for_tracking_token(token)
    form = TrackingCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            check_tracking_code(case, form.cleaned_data["code"])
        except ValidationError as exc:
            form.add_error("code", exc)
        else:
            _grant_details_access(request, case)
            return _no_referrer(redirect(reverse("myaccount:track_case", args=[token])))
    context = {
        "case": case,
        "form": form,
        "minutes": settings.DOORSTEP_TRACKING_CODE_MINUTES,
        **_track_urls(token),
    }
    return _no_referrer(
        TemplateResponse(
            request, "myaccount/track_code_enter.html", context, status=400 if form.errors else 200
        )
    )


@never_cache
@require_GET
def track_file(request, token, attachment_id):
    """A file, only for a session that entered a code (or the signed-in owner): holding the link
    is not enough."""
    case = get_case_for_tracking_token(token)
    if not (has_details_access(request, case) or _is_owner(request, case)):
        raise Http404
    attachment = get_object_or_404(public_attachments(case), pk=attachment_id)
    # Refused until the virus scan clears it, as on the resident's own page.
    return _no_referrer(attachment_download(attachment, request))
