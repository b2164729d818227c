"""Whether a POST comes from this site, for the few forms served without a CSRF token (so as to
set no cookie): the cookies page and the first page of an eForm.

Modern browsers send `Sec-Fetch-Site` and `Origin` with every POST, and a cross-site page cannot
forge them; older ones send a `Referer`. A request with none of them is let through: without a
session or consent there is nothing of the visitor's a forged POST could change.
"""

from urllib.parse import urlsplit

from django.conf import settings


def same_origin(request) -> bool:
    if request.headers.get("Sec-Fetch-Site") in {"cross-site", "same-site"}:
        return False
    origin = request.headers.get("Origin")
    if origin is not None:
        here = f"{request.scheme}://{request.get_host()}"
        return origin == here or origin in settings.CSRF_TRUSTED_ORIGINS
    referer = request.headers.get("Referer")
    return not referer or urlsplit(referer).netloc == request.get_host()
