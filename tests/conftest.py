"""Fixtures shared by the unit and integration tests (browser fixtures live in tests/e2e/)."""

from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core.cache import cache
from wagtail.models import Site

from home.models import CouncilSettings, HomePage
from tests.celery_worker import (  # noqa: F401 - fixtures for all tests
    join_results_after_a_worker,
    redis_worker,
    task_threads,
)
from tests.factories import UserFactory


def _is_transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return bool(
        (marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")))
        or "transactional_db" in fixtures
        or "live_server" in fixtures
    )


def _is_serialized(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("serialized_rollback"))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the tests with serialized_rollback=True before every other transactional test.

    They restore the database from a copy taken after migrations. A transactional test without it
    ends with a flush that recreates content types under new ids, so a serialized test after it
    fails with a duplicate content type; which one ran first depended on the files' order."""
    serialized = [item for item in items if _is_serialized(item)]
    if not serialized:
        return
    rest = [item for item in items if not _is_serialized(item)]
    first = next((i for i, item in enumerate(rest) if _is_transactional(item)), len(rest))
    items[:] = rest[:first] + serialized + rest[first:]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Wagtail caches site root paths; a rolled-back test must not leave them for the next one."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _private_media(tmp_path, settings):
    """Uploads and attachments go to a throwaway folder, so tests leave no files behind."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"


@pytest.fixture(autouse=True)
def _reference_prefix(settings):
    """Case references in assertions look like DS-2026-000123 whatever the environment says."""
    settings.DOORSTEP_CASE_REFERENCE_PREFIX = "DS"


@pytest.fixture
def home_page(db):
    """The HomePage that migrations create as the root of the default site."""
    return HomePage.objects.get()


@pytest.fixture
def site(db):
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def council_settings(site):
    return CouncilSettings.for_site(site)


@pytest.fixture
def editor(db):
    """A member of Wagtail's standard "Editors" group: can add and edit pages, not publish."""
    user = UserFactory(username="editor")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin", superuser=True)


@pytest.fixture
def soup():
    """Parse a response (or HTML string) so tests can check what a visitor would see."""

    def parse(response_or_html):
        content = getattr(response_or_html, "content", response_or_html)
        if isinstance(content, bytes):
            content = content.decode()
        return BeautifulSoup(content, "html.parser")

    return parse


@pytest.fixture
def sitemap_paths(client):
    """Fetch /sitemap.xml and return the paths of the URLs it lists."""

    def fetch() -> set[str]:
        response = client.get("/sitemap.xml")
        assert response.status_code == 200
        root = ElementTree.fromstring(response.content)  # noqa: S314 - our own response
        namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
        return {urlsplit(loc.text).path for loc in root.findall("s:url/s:loc", namespace)}

    return fetch
