"""What the benchmark scripts share: throwaway PostgreSQL databases, percentiles, and a main()
that always cleans up (temp directory, database, server), also on Ctrl-C and SIGTERM."""

import logging
import math
import os
import secrets
import shutil
import signal
import sys
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432"


class BenchError(Exception):
    """A step failed; the message says which and why."""


def create_database(server_url: str) -> tuple[str, str]:
    """A new, uniquely named database on the server: (name, its URL)."""
    import psycopg
    from psycopg import sql

    name = f"doorstep_bench_{uuid.uuid4().hex[:12]}"
    parts = urlsplit(server_url)
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    try:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=10) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.Error as exc:
        raise BenchError(f"could not create a database on {server_url}: {exc}") from exc
    return name, urlunsplit(parts._replace(path=f"/{name}"))


def drop_database(server_url: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    if "django" in sys.modules:
        from django.apps import apps
        from django.db import connections

        if apps.ready:
            connections.close_all()
    admin_url = urlunsplit(urlsplit(server_url)._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=10) as conn:
        query = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        conn.execute(query)


def check_limits(parser, args, limits: dict[str, tuple[float, float]]) -> None:
    """Refuse option values outside their sensible range, naming the option as typed."""
    for name, (low, high) in limits.items():
        if not low <= getattr(args, name) <= high:
            parser.error(f"--{name.replace('_', '-')} must be between {low} and {high}")


def percentile(values, fraction: float) -> float:
    """Nearest rank: the smallest value with at least `fraction` of the values at or below it."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def main(run: Callable, args, *, prefix: str) -> int:
    """Run `run(args, tmp, cleanups)`; exit 2 on a BenchError, 130 on Ctrl-C; always clean up."""
    # SIGTERM becomes SystemExit, so the cleanups below run as they do for Ctrl-C.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    tmp = Path(tempfile.mkdtemp(prefix=prefix))
    cleanups: list = [lambda: shutil.rmtree(tmp, ignore_errors=True)]
    try:
        return run(args, tmp, cleanups)
    except BenchError as exc:
        print(f"benchmark failed: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    finally:
        for cleanup in reversed(cleanups):
            try:
                cleanup()
            except Exception as exc:  # report it and carry on cleaning up
                print(f"cleanup failed: {exc}", file=sys.stderr)


BASE_DIR = Path(__file__).resolve().parent.parent


def setup_django(database_url: str, tmp: Path, **extra_env: str) -> None:
    """Development settings (templates and static files from the finders, no collectstatic) with
    DEBUG off, on the benchmark database. Redis, Elasticsearch and SMTP stay off whatever the
    environment says; emails go to memory and Celery tasks to an in-memory broker (see below).
    `extra_env` sets more variables (a benchmark's own)."""
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "DATABASE_URL": database_url,
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
            "MEDIA_ROOT": str(tmp / "media"),
            "PRIVATE_MEDIA_ROOT": str(tmp / "private-media"),
            "LOG_LEVEL": "WARNING",
            "REDIS_URL": "",
            "ELASTICSEARCH_URL": "",
            "EMAIL_HOST": "",
            **extra_env,
        }
    )
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from django.conf import settings

    from config.celery import app

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Every form is sent from one address (the test client's): lift the eForm limits so none is
    # refused; counting against them (the cache) is still part of what is timed.
    settings.EFORMS_RATE_LIMITS = {
        action: {"ip": "1000000/h", "session": "1000000/h"} for action in ("send", "upload")
    }
    # Without REDIS_URL the settings make Celery eager: the outbox's on-commit hook would render
    # and "send" the email inside the request. Production hands it to a broker instead, so here
    # the task goes to kombu's in-memory transport, which no worker reads: the submit pays for
    # queueing the message (as with Redis, minus the network) and not for sending it.
    app.conf.task_always_eager = False
    app.conf.broker_url = "memory://"
    logging.getLogger("kombu.connection").setLevel(logging.ERROR)  # "no hostname": none needed
