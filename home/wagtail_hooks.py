from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import AlertBanner


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
