"""Site search over published public pages, through Wagtail's configured search backend."""

from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from wagtail.models import Page, Site

from home.chrome import public

PAGE_SIZE = 10
MAX_QUERY_LENGTH = 200


def search(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results = None
    if query:
        # Private sections from the cache (home.chrome), not a query per search.
        pages = public(Page.objects.live()).defer_streamfields().specific()
        site = Site.find_for_request(request)
        if site:
            pages = pages.descendant_of(site.root_page, inclusive=True)
        results = Paginator(pages.search(query), PAGE_SIZE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request, "search/search.html", {"search_query": query, "results": results}
    )
