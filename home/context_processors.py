from .cookies import read_consent


def site_chrome(request):
    """Request-wide state the base template needs: the visitor's cookie choices."""
    consent = read_consent(request)
    return {
        "cookie_consent": consent,
        "analytics_allowed": bool(consent and consent["analytics"]),
    }
