"""A front-end cache backend that records what it is asked to purge (WAGTAILFRONTENDCACHE in
tests/home/test_page_cache.py): Wagtail's own purge path, with only the CDN replaced."""

from wagtail.contrib.frontend_cache.backends import BaseBackend

PURGED: list[str] = []


class RecordingBackend(BaseBackend):
    def purge(self, url) -> None:
        PURGED.append(url)
