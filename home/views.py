"""Site-wide views that are not Wagtail pages: cookies, robots.txt, health checks, error pages."""

from django.contrib import messages
from django.http import HttpResponse, HttpResponseForbidden, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from .cookies import read_consent, write_consent
from .health import UNAVAILABLE, readiness
from .origin import same_origin

CHOICES = {"yes": True, "no": False}


@csrf_exempt
@require_http_methods(["GET", "POST"])
def cookies(request):
    consent = read_consent(request)
    error = None
    if request.method == "POST":
        if not same_origin(request):
            return HttpResponseForbidden(_("Cookie choices can only be changed from this site."))
        choice = request.POST.get("analytics")
        if choice in CHOICES:
            accepted = CHOICES[choice]
            next_url = request.POST.get("next", "")
            from_banner = bool(next_url)
            if not url_has_allowed_host_and_scheme(
                next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            ):
                next_url = reverse("cookies")
            if from_banner:
                level = "cookies_accepted" if accepted else "cookies_rejected"
                messages.add_message(request, messages.INFO, level, extra_tags="cookie-banner")
            else:
                messages.success(request, _("You’ve set your cookie preferences."))
            response = redirect(next_url)
            write_consent(response, request, analytics=accepted)
            return response
        error = _("Select whether you want to accept analytics cookies")
    context = {
        "consent": consent,
        "error": error,
        "errors": [{"href": "#analytics-yes", "text": error}] if error else [],
    }
    return TemplateResponse(request, "home/cookies.html", context, status=400 if error else 200)


@require_GET
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        "Disallow: /forms/",
        "Disallow: /my-account/",
        "Disallow: /search/",
        f"Sitemap: {sitemap}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain")


@require_GET
def healthz(request):
    """For load balancers: the process is up. No database, so also the benchmark baseline."""
    return HttpResponse("ok", content_type="text/plain")


@never_cache
@require_GET
def readyz(request):
    """Readiness: 503 when the database fails; 200 otherwise, "degraded" if Redis failed."""
    status, checks = readiness()
    return JsonResponse(
        {"status": status, "checks": checks}, status=503 if status == UNAVAILABLE else 200
    )


def page_not_found(request, exception=None):
    return TemplateResponse(request, "404.html", status=404)


def server_error(request):
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render(), status=500)
