"""Production: every secret and service from the environment; no embedded defaults for any of them.

base.py falls back to SQLite, a local-memory cache, in-process tasks and console email when a
service is not configured, so that `make run` needs nothing running. On a live site each of those
fallbacks loses data or hides it (per-process caches and rate limits, emails nobody receives,
tasks that vanish with the web process), so here a missing service stops the process at start-up
with ImproperlyConfigured and the line that fixes it. See docs/deployment.md.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, SILENCED_SYSTEM_CHECKS, env


def require(name: str, fix: str) -> str:
    """The variable's value, or ImproperlyConfigured naming the variable and how to set it."""
    value = env(name, default="")
    if not value:
        raise ImproperlyConfigured(f"{name} is not set. {fix}")
    return value


DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

# PostgreSQL: never the SQLite file base.py falls back to.
require(
    "DATABASE_URL",
    "Set DATABASE_URL to a PostgreSQL URL, e.g. postgres://doorstep:password@db:5432/doorstep",
)
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured(
        "DATABASE_URL must name PostgreSQL in production, not "
        f"{DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}. "
        "Set DATABASE_URL to a PostgreSQL URL, e.g. postgres://doorstep:password@db:5432/doorstep"
    )

# Redis: the cache (sessions' rate limits, throttles, Wagtail) and the Celery broker. Without it
# base.py would use a per-process memory cache and run tasks inside the web request; with it,
# base.py already picks the Redis cache, the Redis broker and queued (not eager) tasks.
require(
    "REDIS_URL",
    "Set REDIS_URL to the Redis server for the cache and Celery, e.g. redis://redis:6379/0",
)

# SMTP: never the console backend, which would print residents' emails to the log. With
# EMAIL_HOST set, base.py already picks the SMTP backend.
require(
    "EMAIL_HOST",
    "Set EMAIL_HOST to the SMTP relay's host name (and EMAIL_HOST_USER, EMAIL_HOST_PASSWORD), "
    "e.g. smtp.council.gov.uk",
)

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# Load balancers probe the web processes over plain HTTP, without X-Forwarded-Proto: answer the
# health checks there instead of redirecting them to https://.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$", r"^readyz/$"]
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=True)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
# Opt-in: includeSubDomains forces HTTPS on every subdomain of the site's host (a council's other
# services may not have it yet), and preload asks browsers to hard-code that for years. Turn them
# on only once every subdomain is on HTTPS and the council means to submit to hstspreload.org.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=False)
# `check --deploy` warns when those two are off (W005 includeSubDomains, W021 preload). Leaving
# them off is the deliberate default above, so exactly those two warnings are silenced.
SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "security.W005", "security.W021"]

# Demo accounts with published passwords must never exist on a live site.
DOORSTEP_ALLOW_DEMO_ACCOUNTS = False
# Test payments take no money: off unless the environment turns them on (docs/payments.md).
DOORSTEP_PAYMENTS_SANDBOX = env.bool("DOORSTEP_PAYMENTS_SANDBOX", default=False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django.security.DisallowedHost": {"level": "ERROR"},
    },
}
