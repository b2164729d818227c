"""The site chrome (settings, navigation, footer links, alert banners) and the page facts every
public request needs (private sections, link URLs), kept in Django's cache so an uncached page
costs a few queries instead of twenty.

Every entry is keyed on one generation number. Anything an editor can change that the chrome
shows (a site, its settings, a site-wide alert banner, a privacy restriction, a locale, a move or
a URL change, the publish or unpublish of a page the navigation or footer shows) bumps the
generation through the signals at the bottom, in the same request, so the next page view rebuilds
from the database and never shows a stale menu or banner. The generation also retires every page
in the page cache (home/page_cache.py); a publish elsewhere retires only the pages that show it.
"""

import time
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save, pre_save
from django.http.request import split_domain_port
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.rich_text import expand_db_html
from wagtail.signals import page_published, page_unpublished, post_page_move

GENERATION_KEY = "doorstep:chrome:generation"
# Alerts for one page only change that page: they have their own generation (see _alert_saved).
ALERTS_GENERATION_KEY = "doorstep:chrome:alerts-generation"
# The generation bump is what keeps entries fresh; the timeout only bounds memory. A cache local to
# each process (locmem, with no REDIS_URL) cannot see another worker's bump, so there entries live
# only briefly: an editor's change reaches every worker within that time.
SHARED_CACHE_TIMEOUT = 60 * 60 * 24
PROCESS_CACHE_TIMEOUT = 30


def entry_timeout() -> int:
    from django.core.cache import caches
    from django.core.cache.backends.dummy import DummyCache
    from django.core.cache.backends.locmem import LocMemCache

    local = isinstance(caches["default"], LocMemCache | DummyCache)
    return PROCESS_CACHE_TIMEOUT if local else SHARED_CACHE_TIMEOUT


def generation() -> int:
    """The current chrome generation: part of every key below, so one bump retires them all."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        # Start from the clock so a cache flushed and refilled never reuses an old key.
        cache.add(GENERATION_KEY, int(time.time() * 1000), None)
        value = cache.get(GENERATION_KEY) or 0
    return value


def _bump(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, int(time.time() * 1000), None)


def invalidate(**kwargs) -> None:
    """Retire every cached chrome entry and, with them, every cached page (a signal receiver, so
    it takes any signal arguments). Bumped now and again on commit, so nothing rendered from the
    old data while the change was committing survives it."""
    from .page_cache import purge_frontend_cache

    _bump(GENERATION_KEY)
    transaction.on_commit(lambda: _bump(GENERATION_KEY))
    purge_frontend_cache(None)


def alerts_generation() -> int:
    value = cache.get(ALERTS_GENERATION_KEY)
    if value is None:
        cache.add(ALERTS_GENERATION_KEY, int(time.time() * 1000), None)
        value = cache.get(ALERTS_GENERATION_KEY) or 0
    return value


def _key(*parts) -> str:
    return ":".join(["doorstep:chrome", str(generation()), *map(str, parts)])


def _cached(key: str, build):
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, entry_timeout())
    return value


# Private sections ---------------------------------------------------------------------------


def restricted_sections() -> list[tuple[str, int]]:
    """(tree path, restriction id) for every page view restriction, for `public()` and serving."""
    return _cached(
        _key("restrictions"),
        lambda: list(PageViewRestriction.objects.values_list("page__path", "pk")),
    )


def public(queryset):
    """`queryset.public()` without its query for the restrictions (they come from the cache)."""
    private = Q()
    for path, _pk in restricted_sections():
        private |= Q(path__startswith=path)
    return queryset.exclude(private) if private else queryset


class CachedViewRestrictionsMixin:
    """Serving a page checks its view restrictions: read them from the cache, not two queries.

    Returns a queryset (the admin orders it); with no restriction on the page it is `pk__in=[]`,
    which Django answers without asking the database. Aliases keep Wagtail's own lookup, since
    they take their source's restrictions.
    """

    def get_view_restrictions(self):
        if getattr(self, "alias_of_id", None):
            return super().get_view_restrictions()
        ids = [pk for path, pk in restricted_sections() if self.path.startswith(path)]
        return PageViewRestriction.objects.filter(pk__in=ids)


# The site ----------------------------------------------------------------------------------

_NO_SITE = "none"


def remember_site(request) -> None:
    """Wagtail's `Site.find_for_request` without its query: the site for a host and port is cached
    for the generation (a site saved or deleted bumps it) and set on the request, where Wagtail's
    own lookups (serving, routing, settings) find it."""
    if hasattr(request, "_wagtail_site"):
        return
    try:
        hostname = split_domain_port(request.get_host())[0]
        port = request.get_port()
    except Exception:  # DisallowedHost: left for Django to answer as usual.
        return
    key = _key("site-for", hostname, port)
    site = cache.get(key)
    if site is None:
        site = Site.find_for_request(request) or _NO_SITE
        cache.set(key, site, entry_timeout())
    request._wagtail_site = None if site == _NO_SITE else site


# The chrome ---------------------------------------------------------------------------------


@dataclass
class Council:
    """What the header and footer show of `CouncilSettings`, with its links already resolved."""

    council_name: str = ""
    brand_colour: str = ""
    google_analytics_id: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    opening_hours: str = ""
    social_links: list = field(default_factory=list)
    logo_html: str = ""
    accessibility_url: str = ""
    privacy_url: str = ""
    contact_url: str = ""


@dataclass
class Chrome:
    council: Council
    navigation: list[dict]
    alerts: list[dict]


def _page_url(page, request) -> str:
    return page.get_url(request) if page is not None and page.live else ""


def _build_council(site: Site, request) -> Council:
    from home.models import CouncilSettings

    settings = CouncilSettings.for_site(site)
    logo_html = ""
    if settings.logo_id:
        # 1x and 2x renditions: sharp on high-density phones. Not lazy: it is above the fold.
        renditions = settings.logo.get_renditions("height-40", "height-80")
        one, two = renditions["height-40"], renditions["height-80"]
        logo_html = one.img_tag(
            {"class": "ds-header__logo", "alt": "", "srcset": f"{one.url} 1x, {two.url} 2x"}
        )
    footer_ids = [
        settings.accessibility_page_id,
        settings.privacy_page_id,
        settings.contact_page_id,
    ]
    footer = Page.objects.in_bulk([pk for pk in footer_ids if pk])
    return Council(
        council_name=settings.council_name,
        brand_colour=settings.brand_colour,
        google_analytics_id=settings.google_analytics_id,
        phone=settings.phone,
        email=settings.email,
        address=settings.address,
        opening_hours=settings.opening_hours,
        social_links=settings.social_links,
        logo_html=SafeString(logo_html),
        accessibility_url=_page_url(footer.get(settings.accessibility_page_id), request),
        privacy_url=_page_url(footer.get(settings.privacy_page_id), request),
        contact_url=_page_url(footer.get(settings.contact_page_id), request),
    )


def _build_navigation(site: Site, request) -> list[dict]:
    root = site.root_page
    children = public(root.get_children().live().in_menu())
    return [
        {"pk": child.pk, "path": child.path, "title": child.title, "url": child.get_url(request)}
        for child in children
    ]


def _build_alerts() -> list[dict]:
    """Every alert not yet ended, with its message rendered; start and end are checked per request,
    so a scheduled alert appears and goes on time without a rebuild."""
    from home.models import AlertBanner

    now = timezone.now()
    alerts = AlertBanner.objects.filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))
    return [
        {
            "pk": alert.pk,
            "title": alert.title,
            "message_html": SafeString(expand_db_html(alert.message)),
            "alert_type": alert.alert_type,
            "page_id": alert.page_id,
            "starts_at": alert.starts_at,
            "ends_at": alert.ends_at,
        }
        for alert in alerts
    ]


def site_chrome(request) -> Chrome | None:
    """The chrome for the request's site, built once per generation, site and language."""
    if request is None:
        return None
    memo = getattr(request, "_doorstep_chrome", None)
    if memo is not None:
        return memo
    site = Site.find_for_request(request)
    if site is None:
        return None
    chrome = _cached(
        _key("site", site.pk, get_language()),
        lambda: Chrome(
            council=_build_council(site, request),
            navigation=_build_navigation(site, request),
            alerts=[],
        ),
    )
    alerts = _cached(_key("alerts", alerts_generation()), _build_alerts)
    chrome = Chrome(council=chrome.council, navigation=chrome.navigation, alerts=alerts)
    request._doorstep_chrome = chrome
    return chrome


def active_alerts(chrome: Chrome | None, page=None, at=None) -> list[dict]:
    """Site-wide alerts plus this page's own, live now; emergencies first, then the newest."""
    from home.models import ALERT_PRIORITY

    if chrome is None:
        return []
    at = at or timezone.now()
    page_id = getattr(page, "pk", None)
    alerts = [
        alert
        for alert in chrome.alerts
        if alert["starts_at"] <= at
        and (alert["ends_at"] is None or alert["ends_at"] > at)
        and (alert["page_id"] is None or (page_id and alert["page_id"] == page_id))
    ]
    alerts.sort(
        key=lambda alert: (
            ALERT_PRIORITY.get(alert["alert_type"], 9),
            -alert["starts_at"].timestamp(),
        )
    )
    return alerts


# Page links in rich text --------------------------------------------------------------------


def cached_page_urls(page_ids: list, resolve) -> dict[str, str]:
    """URL by page id (as a string) for rich text links, from the cache; `resolve(missing_ids)`
    answers the misses in one go and they are cached for the generation."""
    language = get_language()
    keys = {str(pk): _key("pageurl", language, pk) for pk in page_ids}
    found = cache.get_many(list(keys.values()))
    urls = {pk: found[key] for pk, key in keys.items() if key in found}
    missing = [pk for pk in keys if pk not in urls]
    if missing:
        resolved = resolve(missing)
        cache.set_many(
            {keys[pk]: url for pk, url in resolved.items() if url is not None}, entry_timeout()
        )
        urls.update(resolved)
    return urls


# Invalidation -------------------------------------------------------------------------------


def connect_invalidation() -> None:
    """Called from `HomeConfig.ready`."""
    from home.models import AlertBanner, CouncilSettings

    page_published.connect(page_changed, dispatch_uid="doorstep-chrome-published")
    page_unpublished.connect(page_changed, dispatch_uid="doorstep-chrome-unpublished")
    post_page_move.connect(invalidate, dispatch_uid="doorstep-chrome-moved")
    pre_save.connect(_invalidate_on_slug_change, dispatch_uid="doorstep-chrome-any-page-slug")
    post_delete.connect(_invalidate_on_page_delete, dispatch_uid="doorstep-chrome-any-page-delete")
    post_save.connect(
        _invalidate_on_settings_change, sender=CouncilSettings, dispatch_uid="doorstep-settings"
    )
    post_delete.connect(invalidate, sender=CouncilSettings, dispatch_uid="doorstep-settings-del")
    pre_save.connect(_remember_alert_page, sender=AlertBanner, dispatch_uid="doorstep-alert-pre")
    post_save.connect(_alert_changed, sender=AlertBanner, dispatch_uid="doorstep-alert-save")
    post_delete.connect(_alert_changed, sender=AlertBanner, dispatch_uid="doorstep-alert-delete")
    for model in (Site, PageViewRestriction, Locale):
        post_save.connect(
            invalidate, sender=model, dispatch_uid=f"doorstep-chrome-save-{model.__name__}"
        )
        post_delete.connect(
            invalidate, sender=model, dispatch_uid=f"doorstep-chrome-delete-{model.__name__}"
        )


def page_changed(sender=None, instance=None, **kwargs) -> None:
    """A publish or unpublish. A page the chrome shows (a site's home page or a top-level section,
    which the navigation lists, or a page the footer links to) retires everything; any other page
    retires only the cached pages that show it (home.page_cache.affected_pages)."""
    from .page_cache import affected_pages, retire_pages

    if instance is None or _in_chrome(instance):
        invalidate()
    else:
        retire_pages(affected_pages(instance))


def _in_chrome(page) -> bool:
    from home.models import CouncilSettings

    for root_path, root_depth in Site.objects.values_list("root_page__path", "root_page__depth"):
        if page.path.startswith(root_path) and page.depth <= root_depth + 1:
            return True
    footer = CouncilSettings.objects.values_list(
        "accessibility_page_id", "privacy_page_id", "contact_page_id"
    )
    return any(page.pk in ids for ids in footer)


def _remember_alert_page(sender, instance, **kwargs) -> None:
    """An alert moved from one page to another (or to every page) changes where it was too."""
    instance._doorstep_previous = (
        sender.objects.filter(pk=instance.pk).values_list("page_id", flat=True).first()
        if instance.pk
        else ()
    )


def _alert_changed(sender, instance, **kwargs) -> None:
    """A site-wide alert (now or before) retires everything; one on a page retires that page."""
    from .page_cache import retire_pages

    pages = {instance.page_id}
    previous = getattr(instance, "_doorstep_previous", ())
    if previous != ():
        pages.add(previous)
    if None in pages:
        invalidate()
        return
    _bump(ALERTS_GENERATION_KEY)
    transaction.on_commit(lambda: _bump(ALERTS_GENERATION_KEY))
    retire_pages(pages)


def _invalidate_on_settings_change(sender, created=False, **kwargs) -> None:
    """Not when the first page view creates a site's settings with their defaults (Wagtail's
    `for_site` does): they are what that page view already shows."""
    if not created:
        invalidate()


def _invalidate_on_slug_change(sender, instance=None, update_fields=None, **kwargs) -> None:
    """A new slug changes the page's address and its descendants', wherever they are linked from.
    Checked as the page is saved (Wagtail's own page_slug_changed signal waits for the commit)."""
    if not isinstance(instance, Page) or instance.pk is None:
        return
    if update_fields is not None and "slug" not in update_fields:
        return
    old = Page.objects.filter(pk=instance.pk).values_list("slug", flat=True).first()
    if old is not None and old != instance.slug:
        invalidate()


def _invalidate_on_page_delete(sender, **kwargs) -> None:
    """Deleting a page of any specific type (post_delete fires per concrete model)."""
    if isinstance(kwargs.get("instance"), Page):
        invalidate()


def _active_locale_id() -> int | None:
    def build():
        try:
            return Locale.get_active().pk
        except Locale.DoesNotExist:
            return 0

    return _cached(_key("locale", get_language()), build) or None


def resolve_page_urls(page_ids: list[str]) -> dict[str, str | None]:
    """Rich text page links' URLs in one query: the page in the visitor's language, as Wagtail's
    own handler links it, fetching a page's specific type only if it builds its own URL."""
    active_locale = _active_locale_id()
    urls: dict[str, str | None] = {str(pk): None for pk in page_ids}
    for page in Page.objects.filter(id__in=page_ids).defer_streamfields():
        target = page
        if active_locale is None or page.locale_id != active_locale:
            target = page.localized
        if target.specific_class and target.specific_class.get_url_parts is not Page.get_url_parts:
            target = target.specific
        urls[str(page.pk)] = target.url
    return urls
