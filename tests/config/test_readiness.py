"""/healthz/ says the process is up; /readyz/ says it can reach the database and Redis."""

import os

import pytest
from django.db import OperationalError

from home import health

pytestmark = pytest.mark.django_db

SECRET = "s3cret-password"


def test_liveness_answers_without_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_ready_when_the_database_answers_and_redis_is_not_configured(client, settings):
    settings.REDIS_URL = ""
    response = client.get("/readyz/")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ready",
        "checks": {"database": "ok", "redis": "skipped"},
    }
    assert "no-cache" in response["Cache-Control"]


class BrokenConnection:
    def cursor(self):
        raise OperationalError(f'connection to "db.internal" failed: password "{SECRET}"')


def test_not_ready_when_the_database_is_down_and_the_body_tells_no_secrets(
    client, settings, monkeypatch, caplog
):
    settings.REDIS_URL = ""
    monkeypatch.setattr(health, "connections", {"default": BrokenConnection()})

    response = client.get("/readyz/")

    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "failed", "redis": "skipped"},
    }
    assert SECRET not in response.content.decode()
    assert "db.internal" not in response.content.decode()
    assert "OperationalError" in caplog.text
    assert SECRET not in caplog.text


def test_still_ready_but_degraded_when_redis_is_unreachable(client, settings, caplog):
    """Pages and forms work without Redis (docs/scaling.md): a load balancer must not take every
    web process out of service because the cache stopped."""
    # Port 1 on the loopback refuses connections at once.
    settings.REDIS_URL = f"redis://:{SECRET}@127.0.0.1:1/0"

    response = client.get("/readyz/")

    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "checks": {"database": "ok", "redis": "failed"},
    }
    assert SECRET not in response.content.decode()
    assert SECRET not in caplog.text


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set")
def test_ready_with_a_real_redis(client, settings):
    settings.REDIS_URL = os.environ["REDIS_URL"]
    response = client.get("/readyz/")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "redis": "ok"}
