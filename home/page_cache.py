"""Public pages served from the cache to visitors who are not signed in.

`PageCacheMiddleware` sits near the top of the middleware stack. A GET from a visitor with no
session and no pending message, for an address outside the personal areas (`BYPASS_PREFIXES`) and
with no query string but `?page=N`, is looked up in Django's cache; a hit is answered without
touching sessions, authentication, the database or templates.

Only Wagtail pages are stored: `before_serve_page` (home/wagtail_hooks.py) marks the request with
the page being served, and the response is kept only if it is a plain 200 that sets no cookie (so
no CSRF token, no session, no message was involved) and the page has no view restriction. Each
entry is one of three variants per address, by the cookie banner's state (not chosen, accepted,
rejected), so a cached page is never wrong for someone's choice, with or without JavaScript.

Freshness, in the same request as the change (home/chrome.py connects the signals):
- An entry remembers the chrome generation and the invalidation counter when it was built. A
  change to anything every page shows (settings, navigation, a site-wide alert, a move, a URL
  change, a privacy restriction) bumps the generation, retiring every entry at once.
- A publish or unpublish that only touches content stamps the pages it affects (the page, its
  ancestors, which list it, its descendants, whose breadcrumbs name it, and every page that links
  to it, from Wagtail's reference index) with a new counter value; their entries built before it
  are retired, the rest of the site stays cached. The stamp is set at once and again on commit, so
  a page rendered from the old data while the change was committing cannot survive it.
- An entry lives `DOORSTEP_PAGE_CACHE_SECONDS` at most, and never past the next start or end of
  an alert banner that shows on it.

Responses that may be kept say `Cache-Control: public, max-age=0, s-maxage=N` and `Vary: Cookie`,
so a CDN or Varnish in front can hold them too (docs/scaling.md shows how to keep only the
consent cookie in its key). The same hook purges `wagtail.contrib.frontend_cache` when one is
configured. Each response says `X-Doorstep-Cache: hit`, `miss` (rendered and stored) or `bypass`.

With the cache unreachable (Redis down) every lookup misses and nothing is stored: pages are
rendered as if there were no cache.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control, patch_vary_headers

from . import chrome
from .cookies import read_consent

logger = logging.getLogger(__name__)

HEADER = "X-Doorstep-Cache"
COUNTER_KEY = "doorstep:page:counter"
REQUEST_PAGE = "_doorstep_cache_page"
# Personal or interactive areas, never looked up (they are not Wagtail pages, so never stored).
BYPASS_PREFIXES = (
    "/admin/",
    "/django-admin/",
    "/my-account/",
    "/accounts/",
    "/forms/",
    "/payments/",
    "/cookies/",
    "/survey/",
    "/search/",
    "/documents/",
    "/healthz/",
    "/readyz/",
)
# Where the site is not looked up ahead of the view: the health checks answer without the
# database or the cache (home/health.py), and the admin rarely needs the site.
NO_SITE_LOOKUP = ("/healthz/", "/readyz/", "/admin/", "/django-admin/")
_PAGE_QUERY = re.compile(r"^page=\d{1,6}$")
# Headers a cached copy must not repeat to someone else.
PRIVATE_HEADERS = {"set-cookie", HEADER.lower(), "age"}


def seconds() -> int:
    """How long a page may be held, by us and by a shared cache in front (0: not at all)."""
    return max(0, settings.DOORSTEP_PAGE_CACHE_SECONDS)


# Keys ---------------------------------------------------------------------------------------


def _stamp_key(path: str) -> str:
    """A page's stamp is kept under its address's path, so a hit reads it in the same round trip
    as the entry: the entry's page is served at the request's path or at one of its prefixes
    (a routable page's sub-pages, such as a guide's parts, sit below its own path)."""
    return "doorstep:page:stamp:" + hashlib.sha256(path.encode()).hexdigest()[:32]


def _path_prefixes(path: str) -> list[str]:
    """/a/b/c/ -> /a/b/c/, /a/b/, /a/, / (the paths a page serving this address can have)."""
    parts = [part for part in path.split("/") if part]
    prefixes = ["/" + "".join(f"{part}/" for part in parts[:depth]) for depth in range(len(parts))]
    return [path, *reversed(prefixes)]


def consent_variant(request: HttpRequest) -> str:
    consent = read_consent(request)
    if consent is None:
        return "unset"
    return "accepted" if consent["analytics"] else "rejected"


def _entry_key(request: HttpRequest) -> str:
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    digest = hashlib.sha256(address.encode()).hexdigest()[:32]
    return f"doorstep:page:{digest}:{language}:{consent_variant(request)}"


def _may_look_up(request: HttpRequest) -> bool:
    if request.method != "GET" or seconds() <= 0:
        return False
    path = request.path_info
    if path.startswith(BYPASS_PREFIXES):
        return False
    query = request.META.get("QUERY_STRING", "")
    if query and not _PAGE_QUERY.match(query):
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    cookies = request.COOKIES
    # A session (signed in, or an eForm or a tracking code under way) or a message to show.
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


# The middleware ------------------------------------------------------------------------------


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _may_look_up(request):
            if not request.path_info.startswith(NO_SITE_LOOKUP):
                chrome.remember_site(request)
            response = self.get_response(request)
            return self._bypassed(request, response)
        try:
            key = _entry_key(request)
        except Exception:  # DisallowedHost and the like: let Django answer it as usual.
            return self._bypassed(request, self.get_response(request))

        stamp_keys = {_stamp_key(path): path for path in _path_prefixes(request.path_info)}
        found = cache.get_many([chrome.GENERATION_KEY, COUNTER_KEY, key, *stamp_keys])
        generation = found.get(chrome.GENERATION_KEY) or chrome.generation()
        counter = found.get(COUNTER_KEY) or _start_counter()
        entry = found.get(key)
        if entry is not None and self._fresh(entry, generation, found, stamp_keys):
            return self._replay(entry)

        chrome.remember_site(request)
        response = self.get_response(request)
        if self._store(request, response, key, generation, counter):
            response[HEADER] = "miss"
            return response
        return self._bypassed(request, response)

    @staticmethod
    def _fresh(entry: dict, generation: int, found: dict, fetched: dict) -> bool:
        """`found` holds the stamps of the request path's prefixes that exist: one that is
        missing was never set. Only a page served at another path needs its stamp read."""
        if entry.get("generation") != generation:
            return False
        stamp_key = _stamp_key(entry["page_path"])
        stamp = found.get(stamp_key) if stamp_key in fetched else cache.get(stamp_key)
        return entry["counter"] >= (stamp or 0)

    @staticmethod
    def _replay(entry: dict) -> HttpResponse:
        response = HttpResponse(entry["content"], status=200)
        for name, value in entry["headers"]:
            response[name] = value
        response["Age"] = str(max(0, int(time.time() - entry["stored_at"])))
        response[HEADER] = "hit"
        return response

    def _store(self, request, response, key, generation, counter) -> bool:
        page = getattr(request, REQUEST_PAGE, None)
        if (
            page is None
            or response.status_code != 200
            or response.streaming
            or response.cookies
            or response.has_header("Cache-Control")
            or getattr(getattr(request, "_messages", None), "_queued_messages", None)
        ):
            return False
        timeout = _timeout_for(request, page)
        if timeout <= 0:
            return False
        # A cache local to each process cannot see another worker's invalidation, so there
        # entries live no longer than the chrome's (see home/chrome.py).
        local_timeout = min(timeout, chrome.entry_timeout())
        _strip_language_vary(response)
        patch_vary_headers(response, ("Cookie",))
        patch_cache_control(response, public=True, max_age=0, s_maxage=timeout)
        headers = [
            (name, value) for name, value in response.items() if name.lower() not in PRIVATE_HEADERS
        ]
        cache.set(
            key,
            {
                "generation": generation,
                "counter": counter,
                "page_path": _page_path(page, request),
                "content": response.content,
                "headers": headers,
                "stored_at": time.time(),
            },
            local_timeout,
        )
        return True

    @staticmethod
    def _bypassed(request, response) -> HttpResponse:
        """Whatever a shared cache in front must not keep: a page for someone signed in, or with a
        form or a message on it, is private unless the view said otherwise."""
        if not response.has_header("Cache-Control") and response.get("Content-Type", "").startswith(
            "text/html"
        ):
            patch_cache_control(response, private=True)
        response[HEADER] = "bypass"
        return response


def _strip_language_vary(response: HttpResponse) -> None:
    """A page's language comes from its address, never from Accept-Language (LocaleMiddleware
    adds it to every response regardless), so a shared cache need not keep a copy per language."""
    if not response.has_header("Vary"):
        return
    kept = [
        value.strip()
        for value in response["Vary"].split(",")
        if value.strip() and value.strip().lower() != "accept-language"
    ]
    if kept:
        response["Vary"] = ", ".join(kept)
    else:
        del response["Vary"]


def _timeout_for(request: HttpRequest, page) -> int:
    """The configured lifetime, cut short by the next alert banner to start or end on this page."""
    timeout = seconds()
    site_chrome = chrome.site_chrome(request)
    if site_chrome is None:
        return timeout
    now = timezone.now()
    for alert in site_chrome.alerts:
        if alert["page_id"] not in (None, page.pk):
            continue
        for moment in (alert["starts_at"], alert["ends_at"]):
            if isinstance(moment, datetime) and moment > now:
                timeout = min(timeout, int((moment - now).total_seconds()) + 1)
    return timeout


def mark_page(request: HttpRequest, page) -> None:
    """Called as Wagtail serves a page: its response may be stored, unless the page is private or
    its type says otherwise (`page_cache = False`)."""
    specific_class = page.specific_class or type(page)
    if not getattr(specific_class, "page_cache", True):
        return
    if page.get_view_restrictions().exists():
        return
    setattr(request, REQUEST_PAGE, page)


# Invalidation -------------------------------------------------------------------------------


def _start_counter() -> int:
    """From the clock, so a flushed cache never gives an old stamp a value above the new counter."""
    start = int(time.time() * 1000)
    cache.add(COUNTER_KEY, start, None)
    return cache.get(COUNTER_KEY) or start


def _next_counter() -> int:
    try:
        return cache.incr(COUNTER_KEY)
    except ValueError:
        _start_counter()
        try:
            return cache.incr(COUNTER_KEY)
        except ValueError:  # The cache is unreachable: there is nothing to retire.
            return 0


def _page_path(page, request=None) -> str:
    """The path part of the page's address (the same on every site that serves it)."""
    parts = page.get_url_parts(request)
    return parts[2] if parts else page.url_path


def _stamp(paths: Iterable[str]) -> None:
    paths = list(paths)
    if not paths:
        return
    value = _next_counter()
    if value:
        cache.set_many({_stamp_key(path): value for path in paths}, timeout=None)


def retire_pages(page_ids: Iterable[int]) -> None:
    """Retire these pages' entries now and again when the transaction commits, and purge them from
    a front-end cache if one is configured."""
    from wagtail.models import Page

    page_ids = sorted(set(page_ids))
    paths = sorted({_page_path(page) for page in Page.objects.filter(pk__in=page_ids)})
    _stamp(paths)
    transaction.on_commit(lambda: _stamp(paths))
    purge_frontend_cache(page_ids)


def affected_pages(page) -> set[int]:
    """The pages that show something of this one: itself, its ancestors (listings, the home page's
    latest news), its live descendants (breadcrumbs) and the pages that link to it."""
    from wagtail.models import Page, ReferenceIndex

    ids = {page.pk}
    ids.update(Page.objects.ancestor_of(page).filter(depth__gt=1).values_list("pk", flat=True))
    ids.update(Page.objects.descendant_of(page).live().values_list("pk", flat=True))
    ids.update(_pages_linking_to(page, ReferenceIndex))
    return ids


def _pages_linking_to(page, reference_index) -> set[int]:
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    page_type = ContentType.objects.get_for_model(Page)
    references = reference_index.get_references_to(page).filter(base_content_type=page_type)
    return {int(pk) for pk in references.values_list("object_id", flat=True) if str(pk).isdigit()}


def purge_frontend_cache(page_ids: list[int] | None) -> None:
    """Queue a purge of these pages (all pages when None) from the configured front-end cache,
    after the change commits. A purge that fails is bounded by `s-maxage`."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from .tasks import purge_frontend_cache as task

    transaction.on_commit(lambda: task.delay(page_ids))
