"""Providers' notifications (webhooks) and the sandbox's test payment page.

Webhooks: the body and headers go to `services.handle_webhook`, which checks the signature
before anything is written. A bad or missing signature is answered 400; a notification about a
payment we do not know is answered 200 (so the provider stops sending it) and ignored.

The sandbox page stands in for a provider's payment page: its buttons finish the test charge,
then send the signed notification a real provider would through the same `handle_webhook`, and
send the resident back to the service as a real provider does.
"""

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from .enums import PaymentState, Provider
from .models import SandboxCharge
from .providers import WebhookSignatureError
from .providers.sandbox import DECLINE_CODE, DECLINE_MESSAGE, charge_expired, notification
from .selectors import format_amount
from .services import handle_webhook

logger = logging.getLogger(__name__)


def _webhook(request, provider: str) -> HttpResponse:
    try:
        handle_webhook(provider, request.body, request.headers)
    except WebhookSignatureError:
        logger.warning("Rejected a %s notification with a missing or wrong signature", provider)
        return HttpResponseBadRequest("Bad signature", content_type="text/plain")
    return HttpResponse("OK", content_type="text/plain")


@csrf_exempt
@require_POST
def stripe_webhook(request) -> HttpResponse:
    return _webhook(request, Provider.STRIPE)


@csrf_exempt
@require_POST
def govuk_pay_webhook(request) -> HttpResponse:
    return _webhook(request, Provider.GOVUK_PAY)


# --- The sandbox's test payment page -------------------------------------------------------------

# What each button does to the charge: (new state, failure code, failure message).
_ACTIONS = {
    "pay": (PaymentState.SUCCESS, "", ""),
    "decline": (PaymentState.FAILED, DECLINE_CODE, DECLINE_MESSAGE),
    "cancel": (PaymentState.CANCELLED, "", ""),
}


def _return_url(request, charge: SandboxCharge, *, cancelled: bool) -> str:
    url = charge.return_url
    allowed = {request.get_host(), urlsplit(settings.WAGTAILADMIN_BASE_URL).netloc}
    if not url_has_allowed_host_and_scheme(url, allowed_hosts=allowed):
        url = "/"
    if cancelled:
        url += ("&" if "?" in url else "?") + "cancelled=1"
    return url


@never_cache
@require_http_methods(["GET", "POST"])
def sandbox_page(request, provider_id: str) -> HttpResponse:
    """GET: the test payment page. POST (`action` pay, decline or cancel): finish the charge,
    notify `handle_webhook` as a real provider would, and go back to the service."""
    if not settings.DOORSTEP_PAYMENTS_SANDBOX:
        raise Http404
    if request.method == "POST":
        action = request.POST.get("action")
        if action not in _ACTIONS:
            return HttpResponseBadRequest("Unknown action", content_type="text/plain")
        state, failure_code, failure_message = _ACTIONS[action]
        with transaction.atomic():
            charge = SandboxCharge.objects.select_for_update().filter(provider_id=provider_id)
            charge = charge.first()
            if charge is None:
                raise Http404
            if charge.state == PaymentState.SUBMITTED and not charge_expired(charge):
                charge.state = state
                charge.save(update_fields=["state"])
                body, headers = notification(
                    charge, failure_code=failure_code, failure_message=failure_message
                )
                handle_webhook(Provider.SANDBOX, body, headers)
                return HttpResponseRedirect(
                    _return_url(request, charge, cancelled=action == "cancel")
                )
    charge = SandboxCharge.objects.filter(provider_id=provider_id).first()
    if charge is None:
        raise Http404
    context = {
        "charge": charge,
        "amount": format_amount(charge.amount),
        "return_url": _return_url(request, charge, cancelled=False),
    }
    if charge.state != PaymentState.SUBMITTED or charge_expired(charge):
        context["state_label"] = (
            PaymentState.EXPIRED.label
            if charge_expired(charge)
            else PaymentState(charge.state).label
        )
        return render(request, "payments/sandbox_finished.html", context)
    return render(request, "payments/sandbox.html", context)
