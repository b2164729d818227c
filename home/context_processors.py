from .analytics import analytics_allowed
from .cookies import read_consent


def site_chrome(request):
    """Request-wide state the base template needs: the visitor's cookie choices."""
    return {
        "cookie_consent": read_consent(request),
        "analytics_allowed": analytics_allowed(request),
    }
