"""Page links in rich text, resolved through the chrome cache (see home/chrome.py)."""

from django.utils.html import escape
from wagtail.rich_text.pages import PageLinkHandler

from .chrome import cached_page_urls, resolve_page_urls


class CachedPageLinkHandler(PageLinkHandler):
    """Wagtail's page link handler costs three queries per rich text field (the pages, their
    specific types, the active locale); this one costs none once the URLs are cached for the
    chrome's generation, and one query for those that are not."""

    @classmethod
    def expand_db_attributes_many(cls, attrs_list: list[dict]) -> list[str]:
        ids = [str(attrs.get("id")) for attrs in attrs_list]
        urls = cached_page_urls([pk for pk in ids if pk and pk != "None"], resolve_page_urls)
        return [f'<a href="{escape(urls[pk])}">' if urls.get(pk) else "<a>" for pk in ids]
