"""Analytics: loaded only with consent, never on pages that carry personal data, and allowed by
the Content-Security-Policy only on the responses that actually load it.

The base template asks `analytics_allowed(request)` (through `{% analytics_scripts %}`), which
marks the request when it renders the scripts; `home.csp.PageCSPMiddleware` then adds the hosts in
`DOORSTEP_ANALYTICS_CSP` to that one response's policy. Every other response keeps the strict
policy, so even if a template slipped, the browser would refuse to send analytics hits from it.

Excluded, even with consent: My Account (case references in titles, tracking tokens in URLs),
allauth's pages (confirmation and reset keys in URLs), a draft's resume link, the eForm
confirmation page (the new case's reference), the closure survey (its token in the address),
search results (the title repeats what the visitor typed) and any address that contains something
shaped like a case reference. The script itself
(`static/src/js/analytics.js`) sends the address without its query string or fragment and the
referrer as an origin only, so a token on the previous page cannot travel with the next one.
"""

import re

from django.conf import settings
from django.http import HttpRequest

from .cookies import read_consent

# Set on the request when the base template rendered the analytics scripts.
RENDERED_FLAG = "_doorstep_analytics_rendered"

EXCLUDED_PATHS = (
    re.compile(r"^/my-account/"),
    re.compile(r"^/accounts/"),
    re.compile(r"^/admin/"),
    re.compile(r"^/django-admin/"),
    re.compile(r"^/forms/[^/]+/resume/"),
    re.compile(r"^/forms/[^/]+/confirmation/"),
    re.compile(r"^/survey/"),
)


def _reference_pattern() -> re.Pattern:
    prefix = getattr(settings, "DOORSTEP_CASE_REFERENCE_PREFIX", "") or "DS"
    return re.compile(rf"{re.escape(prefix)}-\d{{4}}-\d+", re.IGNORECASE)


def path_may_carry_analytics(request: HttpRequest) -> bool:
    """False for pages whose address or title can hold a token, a reference or typed text."""
    path = request.path_info
    if any(pattern.match(path) for pattern in EXCLUDED_PATHS):
        return False
    if path.startswith("/search/") and request.GET.get("q", "").strip():
        return False
    return not _reference_pattern().search(request.get_full_path())


def analytics_allowed(request: HttpRequest | None) -> bool:
    """The visitor accepted analytics cookies and this page may carry analytics."""
    if request is None:
        return False
    consent = read_consent(request)
    return bool(consent and consent["analytics"]) and path_may_carry_analytics(request)


def mark_rendered(request: HttpRequest) -> None:
    setattr(request, RENDERED_FLAG, True)


def analytics_rendered(request: HttpRequest) -> bool:
    """The template rendered the analytics scripts (so `home.csp.PageCSPMiddleware` allows their
    hosts on this response)."""
    return getattr(request, RENDERED_FLAG, False)
