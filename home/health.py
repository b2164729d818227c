"""Readiness checks for /readyz/: can this process reach the services a request needs?

/healthz/ (liveness) only says the process answers; a load balancer or orchestrator should stop
sending traffic to a web process whose database or Redis it cannot reach, without restarting it.
Each check answers "ok", "failed" or "skipped"; the reason for a failure goes to the log as the
exception's class only, since driver messages can carry host names, user names or URLs.
"""

import logging
import uuid

from django.conf import settings
from django.db import connections

logger = logging.getLogger(__name__)

OK, FAILED, SKIPPED = "ok", "failed", "skipped"
TIMEOUT_SECONDS = 2


def check_database() -> str:
    """A query PostgreSQL answers without touching a table."""
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:
        logger.warning("Readiness: database check failed with %s", type(error).__name__)
        return FAILED
    return OK


def check_redis() -> str:
    """A write and read on the Redis server the cache and Celery use (REDIS_URL), when set."""
    if not settings.REDIS_URL:
        return SKIPPED  # development: local-memory cache, tasks in-process
    import redis

    client = redis.Redis.from_url(
        settings.REDIS_URL,
        socket_timeout=TIMEOUT_SECONDS,
        socket_connect_timeout=TIMEOUT_SECONDS,
    )
    key = f"doorstep:readyz:{uuid.uuid4().hex}"
    try:
        client.set(key, "1", ex=10)
        if client.get(key) != b"1":
            raise RuntimeError("Redis returned another value")
        client.delete(key)
    except Exception as error:
        logger.warning("Readiness: Redis check failed with %s", type(error).__name__)
        return FAILED
    finally:
        client.close()
    return OK


# A process without Redis still serves every page and takes every form, more slowly (the cache
# treats it as misses, the outbox sweep sends what could not be queued: docs/scaling.md), so a
# failed Redis makes it degraded, not unready: a load balancer that removed every web process
# when Redis stopped would turn a slower site into no site.
READY, DEGRADED, UNAVAILABLE = "ready", "degraded", "unavailable"


def readiness() -> tuple[str, dict[str, str]]:
    """READY, DEGRADED (Redis failed) or UNAVAILABLE (the database failed), and each check."""
    checks = {"database": check_database(), "redis": check_redis()}
    if checks["database"] == FAILED:
        return UNAVAILABLE, checks
    return (DEGRADED if checks["redis"] == FAILED else READY), checks
