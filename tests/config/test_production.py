"""Production settings refuse the embedded fallbacks that are fine for `make run` and unsafe live.

Each settings module is loaded in a fresh Python process, with only the variables a test gives,
so one test's environment cannot leak into another's or into this process's settings.
"""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

from config.celery import app as celery_app
from crm.notifications.tasks import SENDING_LEASE

PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "production-test-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJ",
    "ALLOWED_HOSTS": "council.example",
    "DATABASE_URL": "postgres://doorstep@db.internal:5432/doorstep",
    "REDIS_URL": "redis://cache.internal:6379/0",
    "EMAIL_HOST": "smtp.council.example",
}
# Everything settings read that a developer's shell or CI might have set.
CLEARED = (
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "REDIS_URL",
    "EMAIL_HOST",
    "ELASTICSEARCH_URL",
    "EMAIL_TIMEOUT",
    "ALLAUTH_TRUSTED_PROXY_COUNT",
    "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "DJANGO_SECURE_HSTS_PRELOAD",
    "CELERY_TASK_TIME_LIMIT",
    "CELERY_TASK_SOFT_TIME_LIMIT",
)

PRINT_SETTINGS = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({
    "module": settings.SETTINGS_MODULE,
    "engine": settings.DATABASES["default"]["ENGINE"],
    "cache": settings.CACHES["default"]["BACKEND"],
    "broker": settings.CELERY_BROKER_URL,
    "eager": settings.CELERY_TASK_ALWAYS_EAGER,
    "email": settings.EMAIL_BACKEND,
    "email_timeout": settings.EMAIL_TIMEOUT,
    "hsts_subdomains": settings.SECURE_HSTS_INCLUDE_SUBDOMAINS,
    "hsts_preload": settings.SECURE_HSTS_PRELOAD,
    "silenced": settings.SILENCED_SYSTEM_CHECKS,
    "proxy_count": settings.ALLAUTH_TRUSTED_PROXY_COUNT,
    "adapter": settings.ACCOUNT_ADAPTER,
}))
"""


def run(args: list[str], **variables: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in CLEARED}
    env["DOORSTEP_ENV_FILE"] = os.devnull  # never a developer's own .env
    env.update(variables)
    return subprocess.run(
        [sys.executable, *args],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        timeout=120,
        check=False,
    )


def load(**variables: str) -> dict:
    result = run(["-c", PRINT_SETTINGS], **variables)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def refusal(result: subprocess.CompletedProcess) -> str:
    """The last line of the traceback: the exception and its message."""
    assert result.returncode != 0, result.stdout
    return result.stderr.strip().splitlines()[-1]


def without(name: str) -> dict:
    return {k: v for k, v in PRODUCTION.items() if k != name}


# --- Services: no embedded fallback ------------------------------------------------------------


def test_production_runs_on_postgresql_redis_celery_and_smtp():
    loaded = load(**PRODUCTION)
    assert loaded["engine"] == "django.db.backends.postgresql"
    assert loaded["cache"] == "config.cache.ResilientRedisCache"
    assert loaded["broker"] == "redis://cache.internal:6379/0"
    assert loaded["eager"] is False
    assert loaded["email"] == "django.core.mail.backends.smtp.EmailBackend"


@pytest.mark.parametrize(
    ("variable", "fix"),
    [
        ("DATABASE_URL", "Set DATABASE_URL to a PostgreSQL URL, e.g. postgres://"),
        ("REDIS_URL", "Set REDIS_URL to the Redis server for the cache and Celery, e.g. redis://"),
        ("EMAIL_HOST", "Set EMAIL_HOST to the SMTP relay's host name"),
    ],
)
def test_production_refuses_to_start_without_each_service(variable, fix):
    message = refusal(run(["-c", PRINT_SETTINGS], **without(variable)))
    assert message.startswith("django.core.exceptions.ImproperlyConfigured: ")
    assert f"{variable} is not set. {fix}" in message


def test_production_refuses_an_empty_service_variable():
    message = refusal(run(["-c", PRINT_SETTINGS], **{**PRODUCTION, "REDIS_URL": ""}))
    assert "ImproperlyConfigured: REDIS_URL is not set." in message


def test_production_refuses_sqlite():
    variables = {**PRODUCTION, "DATABASE_URL": "sqlite:////var/lib/doorstep/db.sqlite3"}
    message = refusal(run(["-c", PRINT_SETTINGS], **variables))
    assert "ImproperlyConfigured: DATABASE_URL must name PostgreSQL in production" in message
    assert "Set DATABASE_URL to a PostgreSQL URL" in message


def test_development_still_needs_no_services():
    loaded = load(DJANGO_SETTINGS_MODULE="config.settings.dev")
    assert loaded["engine"] == "django.db.backends.sqlite3"
    assert loaded["eager"] is True
    assert loaded["email"].endswith("console.EmailBackend")


# --- Email and task time limits ----------------------------------------------------------------


def test_smtp_has_a_timeout_and_it_can_be_set():
    assert load(**PRODUCTION)["email_timeout"] == 10
    assert load(**PRODUCTION, EMAIL_TIMEOUT="5")["email_timeout"] == 5


def test_celery_tasks_end_before_the_outbox_lease_runs_out():
    """A send still running when its lease expires could be sent twice by the sweep."""
    lease = SENDING_LEASE.total_seconds()
    assert settings.CELERY_TASK_SOFT_TIME_LIMIT < settings.CELERY_TASK_TIME_LIMIT < lease
    assert settings.EMAIL_TIMEOUT < settings.CELERY_TASK_SOFT_TIME_LIMIT
    # ...and the Celery app really applies them.
    assert celery_app.conf.task_time_limit == settings.CELERY_TASK_TIME_LIMIT
    assert celery_app.conf.task_soft_time_limit == settings.CELERY_TASK_SOFT_TIME_LIMIT


# --- HSTS: includeSubDomains and preload are opt-in --------------------------------------------


def test_hsts_subdomains_and_preload_are_off_unless_asked_for():
    loaded = load(**PRODUCTION)
    assert loaded["hsts_subdomains"] is False
    assert loaded["hsts_preload"] is False

    opted_in = load(
        **PRODUCTION,
        DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS="true",
        DJANGO_SECURE_HSTS_PRELOAD="true",
    )
    assert opted_in["hsts_subdomains"] is True
    assert opted_in["hsts_preload"] is True


def test_only_the_two_opt_in_hsts_warnings_are_silenced():
    silenced = load(**PRODUCTION)["silenced"]
    assert set(silenced) - set(settings.SILENCED_SYSTEM_CHECKS) == {
        "security.W005",
        "security.W021",
    }


@pytest.mark.parametrize("opt_in", ["false", "true"])
def test_deploy_check_passes_with_hsts_options_off_or_on(opt_in):
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        **PRODUCTION,
        DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS=opt_in,
        DJANGO_SECURE_HSTS_PRELOAD=opt_in,
    )
    assert result.returncode == 0, result.stderr


PROBE = """
import django
django.setup()
from django.test import Client
client = Client()
for path in ("/healthz/", "/cookies/"):
    print(path, client.get(path, HTTP_HOST="council.example").status_code)
"""


def test_health_checks_answer_over_plain_http_and_pages_redirect_to_https():
    result = run(["-c", PROBE], **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["/healthz/", "200", "/cookies/", "301"]


# --- Entry points read .env before they choose the settings module -----------------------------


SHOW_MODULE = "from django.conf import settings; print(settings.SETTINGS_MODULE)"


def last_line(result: subprocess.CompletedProcess) -> str:
    return result.stdout.strip().splitlines()[-1]


def test_manage_py_honours_the_settings_module_named_in_the_env_file(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("DJANGO_SETTINGS_MODULE=config.settings.test\n")
    result = run(["manage.py", "shell", "-c", SHOW_MODULE], DOORSTEP_ENV_FILE=str(env_file))
    assert result.returncode == 0, result.stderr
    assert last_line(result) == "config.settings.test"


def test_the_process_environment_wins_over_the_env_file(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("DJANGO_SETTINGS_MODULE=config.settings.test\n")
    result = run(
        ["manage.py", "shell", "-c", SHOW_MODULE],
        DOORSTEP_ENV_FILE=str(env_file),
        DJANGO_SETTINGS_MODULE="config.settings.dev",
    )
    assert result.returncode == 0, result.stderr
    assert last_line(result) == "config.settings.dev"


def test_manage_py_defaults_to_development():
    result = run(["manage.py", "shell", "-c", SHOW_MODULE])
    assert result.returncode == 0, result.stderr
    assert last_line(result) == "config.settings.dev"


@pytest.mark.parametrize("entry_point", ["config.wsgi", "config.asgi"])
def test_wsgi_and_asgi_default_to_production(entry_point):
    """Importing config.wsgi imports the Celery app first; its development default must not win."""
    variables = {k: v for k, v in PRODUCTION.items() if k != "DJANGO_SETTINGS_MODULE"}
    script = f"import {entry_point}; " + SHOW_MODULE
    result = run(["-c", script], **variables)
    assert result.returncode == 0, result.stderr
    assert last_line(result) == "config.settings.production"


def test_the_celery_worker_reads_the_env_file(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text(
        "".join(f"{name}={value}\n" for name, value in PRODUCTION.items())
        + "CELERY_TASK_TIME_LIMIT=123\n"
    )
    script = "from config.celery import app; print(app.conf.task_time_limit)"
    result = run(["-c", script], DOORSTEP_ENV_FILE=str(env_file))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "123"


# --- Sign-in abuse: the client's address behind a proxy ----------------------------------------


def test_trusted_proxy_count_comes_from_the_environment():
    assert load(**PRODUCTION)["proxy_count"] == 0
    assert load(**PRODUCTION, ALLAUTH_TRUSTED_PROXY_COUNT="2")["proxy_count"] == 2


def test_account_emails_go_through_the_queued_adapter():
    assert load(**PRODUCTION)["adapter"] == "myaccount.adapter.AccountAdapter"
