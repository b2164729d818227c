"""`{% analytics_scripts %}`: the analytics scripts, for pages and visitors allowed them."""

from django import template

from home.analytics import analytics_allowed, mark_rendered

register = template.Library()


@register.inclusion_tag("includes/analytics.html", takes_context=True)
def analytics_scripts(context, measurement_id=""):
    """Renders nothing unless the visitor consented and the page may carry analytics; when it
    renders the scripts it marks the request, so the response's CSP allows their hosts."""
    request = context.get("request")
    load = bool(measurement_id) and analytics_allowed(request)
    if load:
        mark_rendered(request)
    return {"load": load, "measurement_id": measurement_id}
