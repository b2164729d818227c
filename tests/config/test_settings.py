"""Settings come from the environment: each service switches on with its variable."""

import json
import os
import subprocess
import sys
import uuid

import pytest
from django.conf import settings
from django.db import connection

PRINT_SETTINGS = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({
    "engine": settings.DATABASES["default"]["ENGINE"],
    "cache": settings.CACHES["default"]["BACKEND"],
    "broker": settings.CELERY_BROKER_URL,
    "eager": settings.CELERY_TASK_ALWAYS_EAGER,
    "search": settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"],
    "email": settings.EMAIL_BACKEND,
    "debug": settings.DEBUG,
    "ssl_redirect": getattr(settings, "SECURE_SSL_REDIRECT", False),
}))
"""

SERVICE_VARIABLES = ("DATABASE_URL", "REDIS_URL", "ELASTICSEARCH_URL", "EMAIL_HOST")


def load_settings(module: str, **variables: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in SERVICE_VARIABLES}
    env.pop("DJANGO_SECRET_KEY", None)
    env["DOORSTEP_ENV_FILE"] = os.devnull  # never a developer's own .env
    env.update(DJANGO_SETTINGS_MODULE=module, **variables)
    return subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        timeout=60,
        check=False,
    )


def test_development_defaults_need_no_services():
    result = load_settings("config.settings.dev")
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert loaded["engine"] == "django.db.backends.sqlite3"
    assert loaded["eager"] is True
    assert loaded["cache"].endswith("LocMemCache")
    assert loaded["search"] == "wagtail.search.backends.database"
    assert loaded["email"].endswith("console.EmailBackend")


def test_services_switch_on_from_the_environment():
    result = load_settings(
        "config.settings.dev",
        DATABASE_URL="postgres://doorstep@db.internal:5432/doorstep",
        REDIS_URL="redis://cache.internal:6379/1",
        ELASTICSEARCH_URL="http://search.internal:9200",
        EMAIL_HOST="smtp.internal",
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert loaded["engine"] == "django.db.backends.postgresql"
    assert loaded["broker"] == "redis://cache.internal:6379/1"
    assert loaded["eager"] is False
    assert loaded["cache"].endswith("RedisCache")
    assert loaded["search"] == "wagtail.search.backends.elasticsearch8"
    assert loaded["email"].endswith("smtp.EmailBackend")


def test_production_refuses_to_start_without_a_secret_key():
    result = load_settings("config.settings.production", ALLOWED_HOSTS="council.example")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = load_settings("config.settings.production", DJANGO_SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_is_https_only_and_never_debug():
    result = load_settings(
        "config.settings.production",
        DJANGO_SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="council.example",
        DJANGO_DEBUG="true",
        DATABASE_URL="postgres://doorstep@db.internal:5432/doorstep",
        REDIS_URL="redis://cache.internal:6379/0",
        EMAIL_HOST="smtp.internal",
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert loaded["debug"] is False
    assert loaded["ssl_redirect"] is True


@pytest.mark.django_db
def test_database_is_the_one_configured():
    """In CI DATABASE_URL names PostgreSQL: prove the suite really runs on it."""
    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres", "postgresql")) else "sqlite"
    assert connection.vendor == expected
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone()[0] == 1


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set")
def test_redis_cache_and_celery_broker_are_reachable():
    from django.core.cache.backends.redis import RedisCache

    from config.celery import app

    cache = RedisCache(os.environ["REDIS_URL"], {})
    key = f"doorstep-test-{uuid.uuid4()}"
    cache.set(key, {"reference": "DS-2026-000001"}, timeout=30)
    assert cache.get(key) == {"reference": "DS-2026-000001"}
    cache.delete(key)

    with app.connection_for_write(os.environ["REDIS_URL"]) as conn:
        conn.ensure_connection(max_retries=1)
        assert conn.connected
