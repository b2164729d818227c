"""Settings shared by every environment. Everything deployment-specific comes from the environment.

Embedded defaults (SQLite, tasks run in-process, local memory cache) apply when DATABASE_URL and
REDIS_URL are not set, so `make run` needs no services; production sets them (see README).
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from config.env import BASE_DIR, read_dotenv
from home.csp import JS_ENABLED_SCRIPT_HASH

env = environ.Env()
read_dotenv()  # `.env`, or DOORSTEP_ENV_FILE; the process environment wins

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
# Old keys still accepted for signatures (tracking links, sessions) while a rotation is staged.
SECRET_KEY_FALLBACKS = env.list("DJANGO_SECRET_KEY_FALLBACKS", default=[])
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Doorstep
    "home",
    "services",
    "forms",
    "myaccount",
    "crm.cases",
    "crm.notifications",
    "crm.bookings",
    "crm.payments",
    "crm.knowledge",
    "crm.surveys",
    "crm.information",
    "crm.complaints",
    "search",
    # Wagtail
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "csp",
    # Residents' accounts (after "myaccount", whose templates override allauth's)
    "allauth",
    "allauth.account",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Public pages for visitors not signed in, ahead of sessions and the rest (home/page_cache.py).
    "home.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # django-csp's middleware, adding this response's inline style hashes and, only on pages that
    # load analytics, the analytics hosts (home/csp.py).
    "home.csp.PageCSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "home.context_processors.site_chrome",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
# The cache is an accelerator, never a dependency: with Redis stopped, config/cache.py treats
# every cache call as a miss (logged once a minute), keeps rate-limit counters in the process's
# memory, and stops trying Redis for a second after each failure. docs/scaling.md, "When Redis
# fails".
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "socket_connect_timeout": env.float("REDIS_CONNECT_TIMEOUT", default=0.25),
                "socket_timeout": env.float("REDIS_SOCKET_TIMEOUT", default=1.0),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sessions live in PostgreSQL, never only in Redis: signing in, drafts and eForm answers survive
# Redis stopping (or being flushed). Written out so nobody switches it to the cache backend.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Celery: Redis as broker when configured, otherwise tasks run in-process.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# Queueing a task while Redis is down must not hold up the resident's request: one quick retry,
# then the caller logs it and the sweeps (outbox, holds, scans) pick the work up from its row.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.1,
    "interval_max": 0.1,
}
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": env.float("REDIS_CONNECT_TIMEOUT", default=0.25),
}
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "Europe/London"
# No task may outlive the outbox's sending lease (crm/notifications/tasks.py, SENDING_LEASE: ten
# minutes), or a stuck send could be re-queued by the sweep while it still runs. The soft limit
# raises SoftTimeLimitExceeded inside the task first, so it can record the failure; the hard
# limit then kills the worker child. tests/config/test_production.py checks the relation.
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=4 * 60)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=5 * 60)
CELERY_BEAT_SCHEDULE: dict = {
    # Re-queue outbox emails whose task the broker lost or whose retry is due.
    "notifications-sweep-outbox": {"task": "notifications.sweep_outbox", "schedule": 60.0},
    # Residents' uploads from forms never sent nor saved as drafts.
    "eforms-delete-abandoned-uploads": {
        "task": "eforms.delete_abandoned_uploads",
        "schedule": 24 * 60 * 60.0,
    },
    # Virus scans whose task was lost or whose retries ran out while ClamAV was down.
    "cases-sweep-pending-scans": {"task": "cases.sweep_pending_scans", "schedule": 5 * 60.0},
    # Retention (docs/data-protection.md): cases past their case type's retention period are
    # anonymised at night; sent emails go after 30 days, failed ones after 90; eForm drafts
    # after 28 days unsaved.
    "cases-anonymise-expired": {
        "task": "cases.anonymise_expired_cases",
        "schedule": crontab(hour=2, minute=30),
    },
    "notifications-purge-outbox": {
        "task": "notifications.purge_outbox",
        "schedule": crontab(hour=3, minute=0),
    },
    "eforms-delete-expired-drafts": {
        "task": "eforms.delete_expired_drafts",
        "schedule": crontab(hour=3, minute=15),
    },
    # Expired sessions (and the eForm answers in them); Django never deletes them by itself.
    "sessions-clear-expired": {
        "task": "home.clear_expired_sessions",
        "schedule": crontab(hour=3, minute=30),
    },
    # Closure survey reasons of cases anonymised since (docs/closure-survey.md); scores stay.
    "surveys-erase-reasons": {
        "task": "surveys.erase_reasons_of_anonymised_cases",
        "schedule": crontab(hour=2, minute=50),
    },
    # Case files whose case was rolled back (crm/cases/maintenance.py).
    "cases-delete-orphan-files": {
        "task": "cases.delete_orphan_case_files",
        "schedule": crontab(hour=3, minute=45),
    },
    # Bookings (docs/bookings.md): unpaid holds past their time are released (each hold also
    # has its own task, queued for when it expires); reminders go the day before; halls' deposits
    # are returned after the hire.
    "bookings-release-expired-holds": {
        "task": "bookings.release_expired_holds",
        "schedule": 60.0,
    },
    "bookings-send-reminders": {
        "task": "bookings.send_booking_reminders",
        "schedule": crontab(hour=9, minute=0),
    },
    "bookings-refund-deposits": {
        "task": "bookings.refund_deposits_after_hire",
        "schedule": crontab(hour=6, minute=0),
    },
    # Payments (docs/payments.md): ask the provider about payments whose resident never came
    # back and whose notification never came.
    "payments-sweep-unfinished": {
        "task": "payments.sweep_unfinished_payments",
        "schedule": 5 * 60.0,
    },
    # Clocks (docs/statutory-clocks.md): stopped clocks' due dates move on to today, then each
    # team lead is emailed the digest of cases overdue and due soon (once a day per lead).
    "cases-daily-clocks": {
        "task": "cases.daily_clocks",
        "schedule": crontab(hour=7, minute=0),
    },
}

# Residents' accounts (django-allauth): sign in by email address, which must be verified first.
# Staff sign in to the Wagtail admin by username; that form authenticates through allauth's
# adapter too (myaccount/admin_login.py), so both sign-in pages share the rate limits below.
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "myaccount:dashboard"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_USER_DISPLAY = "myaccount.accounts.user_display"
# Account emails are rendered in the request and sent by a Celery task after commit, so a slow
# SMTP relay never holds up sign-up or password reset (myaccount/adapter.py).
ACCOUNT_ADAPTER = "myaccount.adapter.AccountAdapter"
# Sign-in abuse. Limits are kept in the cache (Redis in production, shared by every web process)
# and keyed on the client's IP address. Behind a load balancer or reverse proxy REMOTE_ADDR is the
# proxy's, so set ALLAUTH_TRUSTED_PROXY_COUNT to the number of proxies that append to
# X-Forwarded-For: allauth then takes the address that many entries from the right, which a client
# cannot forge. Left at 0 behind a proxy, every resident would share one limit.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("ALLAUTH_TRUSTED_PROXY_COUNT", default=0)
# Written out rather than left to allauth's defaults, so a reviewer sees them and an upgrade
# cannot loosen them. "ip" is per client, "key" per account (email or username), "user" per
# signed-in user. login_failed applies to /accounts/login/ and to the Wagtail admin's login.
ACCOUNT_RATE_LIMITS = {
    # Every sign-in attempt, right or wrong.
    "login": "30/m/ip",
    # Wrong passwords: 10 a minute from one client, 5 in 5 minutes against one account (a slow,
    # distributed guess at one account; a correct sign-in does not count against either).
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    # Password reset emails: per client, and per address so nobody's inbox can be flooded.
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    # One verification email per address every three minutes.
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
}
# GOV.UK labels and error messages; signup also asks for the resident's full name.
ACCOUNT_FORMS = {
    "login": "myaccount.forms.LoginForm",
    "signup": "myaccount.forms.SignupForm",
    "add_email": "myaccount.forms.AddEmailForm",
    "change_password": "myaccount.forms.ChangePasswordForm",
    "set_password": "myaccount.forms.SetPasswordForm",
    "reset_password": "myaccount.forms.ResetPasswordForm",
    "reset_password_from_key": "myaccount.forms.ResetPasswordKeyForm",
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", _("English"))]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static" / "build"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Residents' uploads and case attachments: never under MEDIA_ROOT, never given a URL.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private-media")))
# One upload rule (crm/cases/uploads.py, docs/uploads.md): files are cut off while they stream in
# once past UPLOAD_MAX_FILE_SIZE (forms show "must be smaller than"), and a request whose files
# add up to more than UPLOAD_MAX_REQUEST_SIZE is refused. Set the proxy's body limit to match.
FILE_UPLOAD_HANDLERS = [
    "crm.cases.uploads.CappedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
UPLOAD_MAX_FILE_SIZE = env.int("UPLOAD_MAX_FILE_MB", default=25) * 1024 * 1024
UPLOAD_MAX_REQUEST_SIZE = env.int("UPLOAD_MAX_REQUEST_MB", default=60) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # form fields other than files: Django's 2.5MB
# Virus scanning with ClamAV (crm/cases/virus_scan.py): a Unix socket, or a host and port.
CLAMAV_SOCKET = env("CLAMAV_SOCKET", default="")
CLAMAV_HOST = env("CLAMAV_HOST", default="")
CLAMAV_PORT = env.int("CLAMAV_PORT", default=3310)
CLAMAV_TIMEOUT = env.int("CLAMAV_TIMEOUT", default=60)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Wagtail
WAGTAIL_SITE_NAME = env("WAGTAIL_SITE_NAME", default="Doorstep")
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
# The admin's sign-in form authenticates through allauth (rate limits) and refuses anyone without
# admin access; staff reset a forgotten password through an administrator, not an emailed link.
WAGTAILADMIN_USER_LOGIN_FORM = "myaccount.admin_login.AdminLoginForm"
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", default="")
if ELASTICSEARCH_URL:
    WAGTAILSEARCH_BACKENDS["default"] = {
        "BACKEND": "wagtail.search.backends.elasticsearch8",
        "URLS": [ELASTICSEARCH_URL],
        "INDEX": env("ELASTICSEARCH_INDEX", default="doorstep"),
        "TIMEOUT": 5,
        "OPTIONS": {},
        "INDEX_SETTINGS": {},
    }

# Email: console in development; SMTP when EMAIL_HOST is set.
EMAIL_HOST = env("EMAIL_HOST", default="")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env.int("EMAIL_PORT", default=587)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)
# Seconds to wait for the SMTP relay before giving up (Django's default is to wait for ever),
# well inside the Celery task time limits above.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Doorstep <no-reply@doorstep.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security headers that hold everywhere; production.py adds HTTPS-only settings.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# Wagtail's live preview shows the page in a same-origin frame, so SAMEORIGIN, not DENY;
# frame-ancestors 'self' in the CSP below says the same to modern browsers.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]
SESSION_COOKIE_HTTPONLY = True

# Public pages get a strict policy; the Wagtail admin is excluded as it relies on inline code.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        # No nonce: it would make every response unique and so uncacheable. The one inline script
        # is allowed by its hash; the brand colour's style adds its own hash per response.
        "script-src": [SELF, JS_ENABLED_SCRIPT_HASH],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [SELF],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}
# Added to the policy above only on responses that load analytics: the visitor accepted analytics
# cookies and the page may carry them (home/analytics.py; never My Account, sign-in or a draft).
# Google's documented sources for Google Analytics 4.
DOORSTEP_ANALYTICS_CSP = {
    "script-src": ["https://*.googletagmanager.com"],
    "img-src": ["https://*.google-analytics.com", "https://*.googletagmanager.com"],
    "connect-src": [
        "https://*.google-analytics.com",
        "https://*.analytics.google.com",
        "https://*.googletagmanager.com",
    ],
}

# Cookie consent: the one cookie that remembers the choice, read by home.cookies.
COOKIE_POLICY_NAME = "doorstep_cookies_policy"
COOKIE_POLICY_MAX_AGE = 365 * 24 * 60 * 60

# eForm abuse limits (forms/throttles.py, docs/eforms.md): "<count>/<period>" per client IP (as
# allauth sees it, so ALLAUTH_TRUSTED_PROXY_COUNT applies) and per browser session, counted in the
# cache. Uploads count files. Staff taking a call (assisted digital) are never limited.
EFORMS_RATE_LIMITS = {
    "send": {
        "ip": env("EFORMS_SEND_LIMIT_PER_IP", default="30/h"),
        "session": env("EFORMS_SEND_LIMIT_PER_SESSION", default="10/h"),
    },
    "upload": {
        "ip": env("EFORMS_UPLOAD_LIMIT_PER_IP", default="200/h"),
        "session": env("EFORMS_UPLOAD_LIMIT_PER_SESSION", default="60/h"),
    },
}

# Case references look like DS-2026-000123; each council sets its own prefix.
DOORSTEP_CASE_REFERENCE_PREFIX = env("DOORSTEP_CASE_REFERENCE_PREFIX", default="DS")

# Tracking links in emails (crm/cases/tracking.py, docs/tracking-links.md): they work while the
# case is open and this many days after it is resolved or closed, and never once older than the
# maximum age. The one-time code that shows the answers and files lasts CODE_MINUTES; it allows
# CODE_ATTEMPTS tries, CODE_REQUESTS_PER_HOUR codes per case, and the session then sees the
# details for ACCESS_MINUTES.
DOORSTEP_TRACKING_LINK_DAYS_AFTER_CLOSE = env.int(
    "DOORSTEP_TRACKING_LINK_DAYS_AFTER_CLOSE", default=90
)
DOORSTEP_TRACKING_LINK_MAX_AGE_DAYS = env.int("DOORSTEP_TRACKING_LINK_MAX_AGE_DAYS", default=365)
DOORSTEP_TRACKING_CODE_MINUTES = env.int("DOORSTEP_TRACKING_CODE_MINUTES", default=15)
DOORSTEP_TRACKING_CODE_ATTEMPTS = env.int("DOORSTEP_TRACKING_CODE_ATTEMPTS", default=5)
DOORSTEP_TRACKING_CODE_REQUESTS_PER_HOUR = env.int(
    "DOORSTEP_TRACKING_CODE_REQUESTS_PER_HOUR", default=5
)
DOORSTEP_TRACKING_ACCESS_MINUTES = env.int("DOORSTEP_TRACKING_ACCESS_MINUTES", default=60)
# The closure survey's links work this many days after the case closed (docs/closure-survey.md).
DOORSTEP_SURVEY_LINK_DAYS = env.int("DOORSTEP_SURVEY_LINK_DAYS", default=60)

# Demo accounts (public passwords) are for development only: off unless the dev settings turn
# them on. The demo app that loads them (demo/, `load_demo_content`) is installed only in dev/test.
# Bookings and payments (docs/bookings.md, docs/payments.md). Secrets only from the environment.
DOORSTEP_BOOKING_HOLD_MINUTES = env.int("DOORSTEP_BOOKING_HOLD_MINUTES", default=30)
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", default="")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="")
GOVUK_PAY_API_KEY = env("GOVUK_PAY_API_KEY", default="")
GOVUK_PAY_WEBHOOK_SECRET = env("GOVUK_PAY_WEBHOOK_SECRET", default="")
GOVUK_PAY_API_URL = env("GOVUK_PAY_API_URL", default="https://publicapi.payments.service.gov.uk")
# The sandbox takes no money: production refuses to use it unless this says otherwise (a
# council trying Doorstep out before its provider account is ready).
DOORSTEP_PAYMENTS_SANDBOX = env.bool("DOORSTEP_PAYMENTS_SANDBOX", default=True)

DOORSTEP_ALLOW_DEMO_ACCOUNTS = env.bool("DOORSTEP_ALLOW_DEMO_ACCOUNTS", default=False)

# Working days (crm/cases/calendar.py, docs/statutory-clocks.md): the part of the UK whose bank
# holidays count, one of "england-and-wales", "scotland", "northern-ireland".
DOORSTEP_NATION = env("DOORSTEP_NATION", default="england-and-wales")
# A case is flagged "Due soon" when due after today up to this many working days ahead
# (crm/cases/clock_flags.py); the team leads' digest lists the same cases.
DOORSTEP_DUE_SOON_WORKING_DAYS = env.int("DOORSTEP_DUE_SOON_WORKING_DAYS", default=2)

# Public pages for visitors who are not signed in are served from the cache for this many seconds
# (home/page_cache.py, docs/scaling.md); a publish or settings change retires them at once. 0
# turns the page cache off. Shared caches in front (a CDN, Varnish) may hold them as long.
DOORSTEP_PAGE_CACHE_SECONDS = env.int("DOORSTEP_PAGE_CACHE_SECONDS", default=300)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
