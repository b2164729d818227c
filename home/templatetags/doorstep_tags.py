"""Template tags for the site chrome: navigation, breadcrumbs, alert banners."""

from django import template
from wagtail.models import Page, Site

from home.models import ALERT_PRIORITY, AlertBanner

register = template.Library()


def _site_root(request):
    site = Site.find_for_request(request) if request else None
    return site.root_page if site else None


@register.inclusion_tag("includes/service_navigation.html", takes_context=True)
def service_navigation(context, page=None):
    request = context.get("request")
    root = _site_root(request)
    items = []
    if root is not None:
        current_path = page.path if isinstance(page, Page) else ""
        for child in root.get_children().live().public().in_menu():
            items.append(
                {
                    "title": child.title,
                    "url": child.get_url(request),
                    "current": page is not None and child.pk == getattr(page, "pk", None),
                    "active": bool(current_path) and current_path.startswith(child.path),
                }
            )
    return {"items": items}


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page):
    request = context.get("request")
    root = _site_root(request)
    crumbs = []
    if root is not None and isinstance(page, Page) and page.pk != root.pk:
        ancestors = page.get_ancestors().filter(depth__gte=root.depth).live()
        crumbs = [{"title": a.title, "url": a.get_url(request)} for a in ancestors]
        if crumbs:
            crumbs[0]["title"] = None  # the site root is shown as "Home"
    return {"crumbs": crumbs}


@register.inclusion_tag("includes/alert_banners.html")
def alert_banners(page=None):
    page = page if isinstance(page, Page) else None
    alerts = list(AlertBanner.objects.active().for_page(page))
    alerts.sort(
        key=lambda alert: (ALERT_PRIORITY.get(alert.alert_type, 9), -alert.starts_at.timestamp())
    )
    return {"alerts": alerts}
