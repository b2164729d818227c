from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import AlertBanner
from .page_cache import mark_page
from .rich_text import CachedPageLinkHandler


class AlertBannerViewSet(SnippetViewSet):
    model = AlertBanner
    icon = "warning"
    menu_label = _("Alert banners")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["title", "alert_type", "page", "starts_at", "ends_at"]
    list_filter = ["alert_type"]
    search_fields = ["title"]


register_snippet(AlertBannerViewSet)


@hooks.register("register_rich_text_features", order=100)
def cached_page_links(features):
    """Replace Wagtail's page link handler (registered before this, at the default order)."""
    features.register_link_type(CachedPageLinkHandler)


@hooks.register("before_serve_page")
def allow_page_cache(page, request, serve_args, serve_kwargs):
    """Mark the response as a page the anonymous page cache may keep (home/page_cache.py)."""
    mark_page(request, page)
