"""What the benchmark scripts share: throwaway PostgreSQL databases, percentiles, and a main()
that always cleans up (temp directory, database, server), also on Ctrl-C and SIGTERM."""

import math
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
