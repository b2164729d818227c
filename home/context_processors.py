from .cookies import read_consent


def site_chrome(request):
    """Request-wide state the base template needs: the visitor's cookie choices. (Whether the page
    loads analytics is decided by `{% analytics_scripts %}`, see home/analytics.py.)"""
    return {"cookie_consent": read_consent(request)}
