"""The anonymous page cache (home/page_cache.py): what visitors see, what is never cached, and how
an editor's change reaches the next request."""

import json
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from tests.factories import (
    AlertBannerFactory,
    ServiceIndexPageFactory,
    ServicePageFactory,
    UserFactory,
    rich_text_block,
)
from tests.frontend_cache import PURGED

ANALYTICS_ID = "G-TEST12345"


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.DOORSTEP_PAGE_CACHE_SECONDS = 300


@pytest.fixture
def category(home_page):
    return ServiceIndexPageFactory(title="Bins and recycling", parent=home_page)


@pytest.fixture
def service(category):
    return ServicePageFactory(title="Report a missed bin", parent=category)


@pytest.fixture
def other_service(category):
    return ServicePageFactory(title="Order a new bin", parent=category)


def cache_state(response) -> str:
    return response["X-Doorstep-Cache"]


def consent(client, analytics: bool) -> None:
    client.cookies["doorstep_cookies_policy"] = json.dumps({"analytics": analytics})


def publish_title(page, title: str) -> None:
    page.title = title
    page.save_revision().publish()


# --- Serving ---------------------------------------------------------------------------------


def test_second_visit_is_served_from_the_cache_without_a_query(
    client, service, django_assert_num_queries
):
    first = client.get(service.url)
    assert first.status_code == 200
    assert cache_state(first) == "miss"

    with django_assert_num_queries(0):
        second = client.get(service.url)
    assert cache_state(second) == "hit"
    assert second.content == first.content
    assert "Report a missed bin" in second.content.decode()


def test_cached_pages_say_how_long_a_shared_cache_may_hold_them(client, service):
    response = client.get(service.url)
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"public", "max-age=0", "s-maxage=300"} <= cache_control
    vary = {part.strip().lower() for part in response["Vary"].split(",")}
    # The banner depends on the consent cookie; the language comes from the address.
    assert "cookie" in vary
    assert "accept-language" not in vary
    assert not response.cookies
    hit = client.get(service.url)
    assert hit["Cache-Control"] == response["Cache-Control"]
    assert hit["Content-Security-Policy"] == response["Content-Security-Policy"]
    assert not hit.cookies


@pytest.mark.parametrize("page_type", ["home", "category", "service"])
def test_every_page_type_is_cached(client, home_page, category, service, page_type):
    url = {"home": "/", "category": category.url, "service": service.url}[page_type]
    client.get(url)
    assert cache_state(client.get(url)) == "hit"


def test_a_page_of_a_list_is_cached_but_other_query_strings_are_not(client, service):
    client.get(service.url + "?page=2")
    assert cache_state(client.get(service.url + "?page=2")) == "hit"
    client.get(service.url + "?utm_source=email")
    assert cache_state(client.get(service.url + "?utm_source=email")) == "bypass"


# --- Never cached ---------------------------------------------------------------------------


def test_a_signed_in_visitor_is_never_served_or_given_a_cached_page(client, service):
    client.get(service.url)  # cached for anonymous visitors
    client.force_login(UserFactory())
    signed_in = client.get(service.url)
    assert cache_state(signed_in) == "bypass"
    assert "Sign out" in signed_in.content.decode()
    assert "private" in signed_in["Cache-Control"]

    client.logout()
    client.cookies.clear()
    anonymous = client.get(service.url)
    assert cache_state(anonymous) == "hit"
    assert "Sign out" not in anonymous.content.decode()


def test_personal_and_form_pages_are_never_cached(client, service):
    for url in ("/my-account/", "/accounts/login/", "/search/?q=bins", "/cookies/"):
        client.get(url)
        assert cache_state(client.get(url)) == "bypass", url


def test_a_response_that_sets_a_cookie_is_not_kept(client, service):
    """The cookie confirmation comes in the messages cookie, which the page then clears."""
    response = client.post("/cookies/", {"analytics": "no", "next": service.url})
    confirmed = client.get(response["Location"])
    assert "You’ve rejected additional cookies." in confirmed.content.decode()
    assert cache_state(confirmed) == "bypass"
    again = client.get(service.url)
    assert "You’ve rejected additional cookies." not in again.content.decode()


def test_a_page_with_a_csrf_token_is_not_kept(client, service, monkeypatch):
    from django.middleware.csrf import get_token

    from home import page_cache

    real_mark = page_cache.mark_page

    def mark_and_use_csrf(request, page):
        get_token(request)  # as a page with a POST form would
        real_mark(request, page)

    monkeypatch.setattr("home.wagtail_hooks.mark_page", mark_and_use_csrf)
    first = client.get(service.url)
    assert "csrftoken" in first.cookies
    assert cache_state(first) == "bypass"


def test_private_pages_are_never_cached(client, service):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=service, restriction_type="login")
    assert client.get(service.url).status_code == 302
    client.force_login(UserFactory())
    response = client.get(service.url)
    assert response.status_code == 200
    assert cache_state(response) == "bypass"


def test_the_page_cache_can_be_turned_off(client, service, settings):
    settings.DOORSTEP_PAGE_CACHE_SECONDS = 0
    client.get(service.url)
    assert cache_state(client.get(service.url)) == "bypass"


# --- The cookie banner ---------------------------------------------------------------------


def banner_shown(response) -> bool:
    return "Accept additional cookies" in response.content.decode()


def analytics_loaded(response) -> bool:
    return "googletagmanager.com/gtag/js" in response.content.decode()


def test_each_cookie_choice_gets_its_own_cached_page(client, service, council_settings):
    council_settings.google_analytics_id = ANALYTICS_ID
    council_settings.save()

    not_chosen = client.get(service.url)
    assert banner_shown(not_chosen) and not analytics_loaded(not_chosen)

    consent(client, analytics=True)
    accepted = client.get(service.url)
    assert cache_state(accepted) == "miss"
    assert not banner_shown(accepted) and analytics_loaded(accepted)
    assert "googletagmanager" in accepted["Content-Security-Policy"]

    consent(client, analytics=False)
    rejected = client.get(service.url)
    assert cache_state(rejected) == "miss"
    assert not banner_shown(rejected) and not analytics_loaded(rejected)
    assert "googletagmanager" not in rejected["Content-Security-Policy"]

    # Each state is then a hit of its own, never another visitor's.
    for analytics, banner, loaded in ((True, False, True), (False, False, False)):
        consent(client, analytics=analytics)
        hit = client.get(service.url)
        assert cache_state(hit) == "hit"
        assert (banner_shown(hit), analytics_loaded(hit)) == (banner, loaded)
    del client.cookies["doorstep_cookies_policy"]
    hit = client.get(service.url)
    assert cache_state(hit) == "hit" and banner_shown(hit)


# --- Freshness -------------------------------------------------------------------------------


def test_a_publish_is_visible_on_the_next_request(client, service):
    client.get(service.url)
    publish_title(service, "Report a bin we missed")
    response = client.get(service.url)
    assert cache_state(response) == "miss"
    assert "Report a bin we missed" in response.content.decode()


def test_a_publish_retires_the_pages_that_show_it_and_no_others(
    client, home_page, category, service, other_service
):
    linking = ServicePageFactory(
        title="Bin collections",
        parent=home_page,
        body=[rich_text_block(f'<p>See <a linktype="page" id="{service.pk}">missed bins</a>.</p>')],
    )
    linking.save_revision().publish()  # indexes its reference to the service
    urls = [service.url, other_service.url, category.url, linking.url, "/"]
    for url in urls:
        client.get(url)
        assert cache_state(client.get(url)) == "hit", url

    publish_title(service, "Report a bin we missed")

    # The page, the category that lists it, the home page above it and the page linking to it.
    for url in (service.url, category.url, linking.url, "/"):
        assert cache_state(client.get(url)) == "miss", url
    assert "Report a bin we missed" in client.get(category.url).content.decode()
    # A sibling shows nothing of it and stays cached.
    assert cache_state(client.get(other_service.url)) == "hit"


def test_publishing_a_navigation_section_retires_every_page(client, category, service):
    client.get(service.url)
    publish_title(category, "Rubbish and recycling")
    response = client.get(service.url)
    assert cache_state(response) == "miss"
    assert "Rubbish and recycling" in response.content.decode()  # navigation and breadcrumbs


def test_an_unpublished_page_is_gone_on_the_next_request(client, service):
    client.get(service.url)
    service.unpublish()
    assert client.get(service.url).status_code == 404


def test_a_settings_change_retires_every_page(client, service, council_settings):
    client.get(service.url)
    council_settings.council_name = "Fenmoor District Council"
    council_settings.save()
    response = client.get(service.url)
    assert cache_state(response) == "miss"
    assert "Fenmoor District Council" in response.content.decode()


def test_a_move_retires_every_page(client, home_page, category, service, other_service):
    client.get(other_service.url)
    service.move(home_page, pos="last-child")
    assert cache_state(client.get(other_service.url)) == "miss"


def test_an_alert_on_one_page_retires_only_that_page(client, service, other_service):
    client.get(service.url)
    client.get(other_service.url)
    AlertBannerFactory(title="Crews are late today", page=service)
    response = client.get(service.url)
    assert cache_state(response) == "miss"
    assert "Crews are late today" in response.content.decode()
    assert cache_state(client.get(other_service.url)) == "hit"


def test_a_site_wide_alert_retires_every_page(client, service, other_service):
    client.get(service.url)
    AlertBannerFactory(title="Storm warning")
    response = client.get(service.url)
    assert "Storm warning" in response.content.decode()


def test_an_alert_moved_off_a_page_leaves_it(client, service, other_service):
    alert = AlertBannerFactory(title="Crews are late today", page=service)
    client.get(service.url)
    alert.page = other_service
    alert.save()
    assert "Crews are late today" not in client.get(service.url).content.decode()
    assert "Crews are late today" in client.get(other_service.url).content.decode()


def test_a_scheduled_alert_appears_on_time(client, service):
    AlertBannerFactory(
        title="Christmas collections", starts_at=timezone.now() + timedelta(minutes=2)
    )
    response = client.get(service.url)
    assert "Christmas collections" not in response.content.decode()
    # Kept no longer than until the alert starts, by us and by any shared cache.
    assert (
        "s-maxage=121" in response["Cache-Control"] or "s-maxage=120" in response["Cache-Control"]
    )


# --- A front-end cache ------------------------------------------------------------------------


@override_settings(
    WAGTAILFRONTENDCACHE={"cdn": {"BACKEND": "tests.frontend_cache.RecordingBackend"}}
)
def test_a_publish_purges_the_same_pages_from_a_front_end_cache(
    client, category, service, other_service, django_capture_on_commit_callbacks
):
    PURGED.clear()
    with django_capture_on_commit_callbacks(execute=True):
        publish_title(service, "Report a bin we missed")
    assert any(url.endswith(service.url) for url in PURGED)
    assert any(url.endswith(category.url) for url in PURGED)
    assert not any(url.endswith(other_service.url) for url in PURGED)


# --- The cache unreachable -----------------------------------------------------------------


def test_pages_are_served_when_the_cache_is_unreachable(client, service, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens on the discard port
        }
    }
    for _ in range(2):
        response = client.get(service.url)
        assert response.status_code == 200
        assert "Report a missed bin" in response.content.decode()
        assert cache_state(response) != "hit"


def test_a_hit_on_a_page_never_published_since_is_one_cache_round_trip(
    client, service, monkeypatch
):
    """The page's stamp is read with the entry; a page without one needs no second read."""
    from django.core.cache import cache

    client.get(service.url)
    calls, real_get, real_get_many = [], cache.get, cache.get_many
    inside = []

    def get_many(*args, **kwargs):
        calls.append("get_many")
        inside.append(True)  # LocMemCache answers get_many with a get per key
        try:
            return real_get_many(*args, **kwargs)
        finally:
            inside.pop()

    def get(*args, **kwargs):
        if not inside:
            calls.append("get")
        return real_get(*args, **kwargs)

    monkeypatch.setattr(cache, "get_many", get_many)
    monkeypatch.setattr(cache, "get", get)
    assert cache_state(client.get(service.url)) == "hit"
    assert calls == ["get_many"], calls
