"""The Content-Security-Policy of public pages, without a per-request nonce.

A nonce must be new in every response, so a page carrying one can never be served from a cache.
Public pages instead allow their two inline snippets by hash: the script that marks the body as
JavaScript-enabled (the same bytes on every page, so its hash is in the settings' policy) and the
council's brand colour (a style that changes only with the settings, hashed as it is rendered and
added to that response's policy). Every other script and style is a file on our own origin.

`PageCSPMiddleware` is django-csp's middleware with two additions for one response at a time: the
hashes of the inline styles the template rendered, and, on pages that load analytics, the hosts in
`DOORSTEP_ANALYTICS_CSP` (see home/analytics.py).
"""

import base64
import hashlib

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils.html import format_html
from django.utils.safestring import SafeString

from .colours import HEX_COLOUR

# Runs before the body paints, so GOV.UK Frontend's JavaScript-only styles apply at once.
JS_ENABLED_SCRIPT = (
    "document.body.className += ' js-enabled' + "
    "('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');"
)
DEFAULT_BRAND_COLOUR = "#1d70b8"
# Set on the request: {directive: [hash sources]} for what the template rendered inline.
INLINE_HASHES = "_doorstep_csp_inline_hashes"


def source_hash(text: str) -> str:
    """The CSP source that allows exactly this inline script or style."""
    digest = hashlib.sha256(text.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


JS_ENABLED_SCRIPT_HASH = source_hash(JS_ENABLED_SCRIPT)


def js_enabled_script() -> SafeString:
    return format_html("<script>{}</script>", SafeString(JS_ENABLED_SCRIPT))


def brand_style(request: HttpRequest | None, colour: str) -> SafeString:
    """The brand colour as a CSS custom property, allowed by its hash in this response's policy.
    The colour is checked again here: it goes into a style element, where escaping does not help."""
    if not HEX_COLOUR.match(colour or ""):
        colour = DEFAULT_BRAND_COLOUR
    css = f":root {{ --ds-brand: {colour}; }}"
    if request is not None:
        hashes = getattr(request, INLINE_HASHES, None)
        if hashes is None:
            hashes = {}
            setattr(request, INLINE_HASHES, hashes)
        hashes.setdefault("style-src", []).append(source_hash(css))
    return format_html("<style>{}</style>", SafeString(css))


class PageCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, adding what this response rendered inline and, where it loads
    analytics, the analytics hosts."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        from .analytics import analytics_rendered

        parts = super().get_policy_parts(request, response, report_only)
        additions: dict[str, list[str]] = {}
        for directive, sources in getattr(request, INLINE_HASHES, {}).items():
            additions.setdefault(directive, []).extend(sources)
        if analytics_rendered(request):
            for directive, sources in settings.DOORSTEP_ANALYTICS_CSP.items():
                additions.setdefault(directive, []).extend(sources)
        if report_only or not additions:
            return parts
        update = {key: list(values) for key, values in (parts.update or {}).items()}
        for directive, sources in additions.items():
            update[directive] = [*update.get(directive, []), *sources]
        parts.update = update
        return parts
