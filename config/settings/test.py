"""Tests: PostgreSQL when DATABASE_URL is set (CI), SQLite otherwise; tasks eager; fast hashing."""

from .base import *  # noqa: F403
from .base import BASE_DIR, INSTALLED_APPS, env

# The demo app, for the tests of `load_demo_content` and the browser journeys that use it.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]

DEBUG = False
SECRET_KEY = "test-only-secret-key"
ALLOWED_HOSTS = ["*"]
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'test.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The test database is the file DATABASE_URL names, so parallel runs can each use their own.
    DATABASES["default"]["TEST"] = {"NAME": str(DATABASES["default"]["NAME"])}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / "media" / "test"
PRIVATE_MEDIA_ROOT = BASE_DIR / "private-media" / "test"
WAGTAILADMIN_BASE_URL = "http://testserver"
# Static files come from the finders (static/build/), never from a collectstatic run.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
# Most tests change pages directly and read them back at once, as no editor can: they get fresh
# pages. tests/home/test_page_cache.py turns the page cache on to test it.
DOORSTEP_PAGE_CACHE_SECONDS = 0
