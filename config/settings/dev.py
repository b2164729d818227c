"""Local development: `make run`. Embedded defaults, debug on, a fixed development secret."""

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, env

# The demo council (`manage.py load_demo_content`) and its accounts: development only.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]
DOORSTEP_ALLOW_DEMO_ACCOUNTS = env.bool("DOORSTEP_ALLOW_DEMO_ACCOUNTS", default=True)

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Static files come from the finders (static/build/); no collectstatic needed to develop.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
