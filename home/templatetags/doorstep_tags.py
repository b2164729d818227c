"""Template tags for the site chrome: navigation, breadcrumbs, alert banners.

They read `home.chrome`, the cached chrome, so rendering them costs no query once it is built.
"""

from django import template
from wagtail.models import Page, Site

from home import csp
from home.chrome import active_alerts, site_chrome

register = template.Library()


@register.simple_tag(takes_context=True)
def council_chrome(context):
    """The council's name, colour, contact details and footer links, as `council` in base.html."""
    chrome = site_chrome(context.get("request"))
    return chrome.council if chrome else None


@register.simple_tag(takes_context=True)
def brand_style(context, colour):
    """The brand colour's inline style, allowed by its hash (see home/csp.py)."""
    return csp.brand_style(context.get("request"), colour)


@register.simple_tag
def js_enabled_script():
    return csp.js_enabled_script()


@register.inclusion_tag("includes/service_navigation.html", takes_context=True)
def service_navigation(context, page=None):
    chrome = site_chrome(context.get("request"))
    items = []
    if chrome is not None:
        current_path = page.path if isinstance(page, Page) else ""
        page_pk = getattr(page, "pk", None)
        for child in chrome.navigation:
            items.append(
                {
                    "title": child["title"],
                    "url": child["url"],
                    "current": page is not None and child["pk"] == page_pk,
                    "active": bool(current_path) and current_path.startswith(child["path"]),
                }
            )
    return {"items": items}


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page):
    """The live ancestors from the site root down. Routing (HomePage.route) has already fetched
    them for a page it served; otherwise one query."""
    request = context.get("request")
    crumbs = []
    if request is None or not isinstance(page, Page):
        return {"crumbs": crumbs}
    site = Site.find_for_request(request)
    root = site.root_page if site else None
    if root is None or page.pk == root.pk or not page.path.startswith(root.path):
        return {"crumbs": crumbs}
    ancestors = getattr(request, "_doorstep_ancestors", None)
    if ancestors is None or not ancestors or ancestors[-1].pk != page.pk:
        ancestors = list(page.get_ancestors(inclusive=True).filter(depth__gte=root.depth))
    ancestors = [a for a in ancestors if a.pk != page.pk and a.live and a.depth >= root.depth]
    crumbs = [{"title": a.title, "url": a.get_url(request)} for a in ancestors]
    if crumbs:
        crumbs[0]["title"] = None  # the site root is shown as "Home"
    return {"crumbs": crumbs}


@register.inclusion_tag("includes/alert_banners.html", takes_context=True)
def alert_banners(context, page=None):
    page = page if isinstance(page, Page) else None
    return {"alerts": active_alerts(site_chrome(context.get("request")), page)}
