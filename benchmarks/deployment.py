"""A throwaway deployment for the HTTP benchmarks (pages.py, load.py): a database with the demo
content and collected static files, a Redis of its own, gunicorn (and a Celery worker) on
production settings. Every process started here runs in a session of its own, so Ctrl-C reaches
only the benchmark, which then stops them (their cleanups are registered with harness.main)."""

from __future__ import annotations

import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from harness import DEFAULT_SERVER, BenchError, create_database, drop_database

BASE_DIR = Path(__file__).resolve().parent.parent
MAIN_CSS = BASE_DIR / "static" / "build" / "css" / "main.css"
SETTINGS_MODULE = "config.settings.production"
STEP_TIMEOUT = 900
REQUEST_TIMEOUT = 10.0


def tail(text: str, lines: int = 30) -> str:
    return textwrap.indent("\n".join(text.strip().splitlines()[-lines:]), "    | ")


def log_tail(log: Path) -> str:
    return tail(log.read_text(errors="replace")) if log.exists() else "    | (no log)"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- options every deployment benchmark shares ---------------------------------------------------


def add_arguments(parser) -> None:
    """--postgres and --redis, with the same meaning in every script."""
    parser.add_argument(
        "--postgres",
        nargs="?",
        const=DEFAULT_SERVER,
        metavar="SERVER_URL",
        help=f"create and drop a uniquely named PostgreSQL database there [{DEFAULT_SERVER}];"
        " the default unless DATABASE_URL is set",
    )
    parser.add_argument(
        "--redis",
        metavar="REDIS_URL",
        help="use this Redis for the cache and broker instead of a redis-server of the run's own"
        " (started on a free port, gone at the end)",
    )


def add_gunicorn_arguments(parser, *, workers: int) -> None:
    """--workers, --worker-class, --threads: how gunicorn runs (docs/deployment.md)."""
    parser.add_argument(
        "--workers", type=int, default=workers, help=f"gunicorn workers [{workers}]"
    )
    parser.add_argument(
        "--worker-class", default="sync", choices=["sync", "gthread"], help="[sync]"
    )
    parser.add_argument("--threads", type=int, default=1, help="threads per gthread worker [1]")


def describe_gunicorn(args) -> str:
    text = f"{args.workers} {args.worker_class} workers"
    if args.worker_class == "gthread":
        text += f" x {args.threads} threads"
    return text


def check_arguments(parser, args) -> None:
    if not 1 <= args.workers <= 32 or not 1 <= args.threads <= 64:
        parser.error("--workers must be between 1 and 32, --threads between 1 and 64")
    if args.postgres and os.environ.get("DATABASE_URL"):
        parser.error("--postgres creates its own database: unset DATABASE_URL or drop --postgres")
    if not args.postgres and not os.environ.get("DATABASE_URL"):
        args.postgres = DEFAULT_SERVER
    if not args.redis and not shutil.which("redis-server"):
        parser.error("redis-server is not on PATH: install it or give --redis REDIS_URL")


def require_assets() -> None:
    if not MAIN_CSS.exists():
        missing = MAIN_CSS.relative_to(BASE_DIR)
        raise BenchError(f"{missing} is missing: build the assets first with `make assets`")


def open_database(args, cleanups: list) -> tuple[str, str]:
    """(database URL, a note for the report): a fresh database dropped at the end, or
    DATABASE_URL from the environment, left in place."""
    if args.postgres:
        name, database_url = create_database(args.postgres)
        cleanups.append(lambda: drop_database(args.postgres, name))
        return database_url, f"fresh database {name}, dropped afterwards"
    return os.environ["DATABASE_URL"], "DATABASE_URL from the environment, left in place"


def open_redis(args, tmp: Path, cleanups: list) -> tuple[str, str]:
    """(Redis URL, a note): --redis as given, else a redis-server of our own on a free port, with
    nothing saved to disk, so no other run's keys (cached pages, rate-limit counters, queued
    tasks) can mix with this one's."""
    if args.redis:
        return args.redis, f"{args.redis} (given)"
    port, log = free_port(), tmp / "redis.log"
    command = [
        "redis-server",
        *("--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"),
        *("--dir", str(tmp), "--logfile", str(log)),
    ]
    server = subprocess.Popen(command, cwd=tmp, start_new_session=True)
    cleanups.append(lambda: stop_process(server))
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise BenchError(f"redis-server exited with {server.returncode}:\n{log_tail(log)}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                if sock.recv(64).startswith(b"+PONG"):
                    return f"redis://127.0.0.1:{port}/0", f"redis-server of its own on :{port}"
        except OSError:
            pass
        time.sleep(0.1)
    raise BenchError(f"redis-server did not answer within 15s:\n{log_tail(log)}")


# --- the deployment ------------------------------------------------------------------------------


def deployment_env(tmp: Path, database_url: str, redis_url: str, **extra: str) -> dict[str, str]:
    """Production settings with only what a loopback without TLS needs changed; `extra` sets more
    (a benchmark's own variables, which win)."""
    env = dict(os.environ)
    pythonpath = [str(BASE_DIR), env.get("PYTHONPATH", "")]
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE,
            "PYTHONPATH": os.pathsep.join(p for p in pythonpath if p),
            "STATIC_ROOT": str(tmp / "staticfiles"),
            "MEDIA_ROOT": str(tmp / "media"),
            "PRIVATE_MEDIA_ROOT": str(tmp / "private-media"),
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            # Required by production settings; page views send no email.
            "EMAIL_HOST": env.get("EMAIL_HOST") or "127.0.0.1",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_SECURE_COOKIES": "false",
            "DJANGO_SECURE_HSTS_SECONDS": "0",
            "DJANGO_DEBUG": "false",
            "LOG_LEVEL": "WARNING",
            **extra,
        }
    )
    # Search stays on the database unless asked for, so a developer's .env can't add it.
    env.setdefault("ELASTICSEARCH_URL", "")
    return env


def manage(env: dict[str, str], *args: str) -> str:
    started = time.monotonic()
    try:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=STEP_TIMEOUT,
        )
    except subprocess.TimeoutExpired as exc:
        raise BenchError(f"`manage.py {args[0]}` took over {STEP_TIMEOUT}s") from exc
    if result.returncode != 0:
        output = result.stdout + result.stderr
        hint = ""
        if "MissingFileError" in output:
            hint = (
                "\n  A built file refers to a file missing from static/build/: fix the asset build."
            )
        raise BenchError(f"`manage.py {' '.join(args)}` failed:\n{tail(output)}{hint}")
    print(f"  manage.py {args[0]:<18} {time.monotonic() - started:5.1f}s", flush=True)
    return result.stdout


def prepare(env: dict[str, str], probe: str) -> dict:
    """Migrate, load the demo content, collect the static files; then run `probe` (Python for
    `manage.py shell` that prints `BENCH_PROBE=<json>`) and return what it printed."""
    manage(env, "migrate", "--noinput")
    # The demo app is not installed in production and its command needs DEBUG: load the content
    # into the same database under the dev settings, then serve it with production's.
    demo_env = {**env, "DJANGO_SETTINGS_MODULE": "config.settings.dev", "DJANGO_DEBUG": "true"}
    manage(demo_env, "load_demo_content", "--without-accounts")
    manage(env, "collectstatic", "--noinput")
    return run_probe(env, probe)


def run_probe(env: dict[str, str], probe: str) -> dict:
    output = manage(env, "shell", "-c", probe)
    for line in output.splitlines():
        if line.startswith("BENCH_PROBE="):
            return json.loads(line.removeprefix("BENCH_PROBE="))
    raise BenchError(f"the database probe printed nothing useful:\n{tail(output)}")


def start_process(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    with log.open("wb") as log_file:
        # A session of its own: Ctrl-C reaches only this script, which then stops the process.
        return subprocess.Popen(
            command,
            cwd=BASE_DIR,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def stop_process(process: subprocess.Popen) -> None:
    """SIGTERM to the process group (gunicorn's or celery's workers too), SIGKILL if it lingers."""
    if process.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def start_gunicorn(
    env: dict[str, str],
    port: int,
    log: Path,
    *,
    workers: int,
    worker_class: str = "sync",
    threads: int = 1,
    cleanups: list,
) -> subprocess.Popen:
    """gunicorn as docs/deployment.md runs it, on 127.0.0.1:port; answering /healthz/ on return."""
    options = f"--bind 127.0.0.1:{port} --workers {workers} --worker-class {worker_class}"
    options += f" --threads {threads} --no-control-socket --timeout 60 --graceful-timeout 5"
    options += " --log-level warning --backlog 2048"
    command = [sys.executable, "-m", "gunicorn", "config.wsgi:application", *options.split()]
    server = start_process(command, env, log)
    cleanups.append(lambda: stop_process(server))
    wait_until_healthy(server, port, log)
    return server


def get(port: int, path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    """One GET on a new connection: (status, headers with lower-case names, body)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    try:
        conn.request("GET", path, headers={"Connection": "close", **(headers or {})})
        response = conn.getresponse()
        body = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        conn.close()


def wait_until_healthy(server: subprocess.Popen, port: int, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise BenchError(f"gunicorn exited with {server.returncode}:\n{log_tail(log)}")
        try:
            if get(port, "/healthz/")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise BenchError(f"/healthz/ did not answer within 60s:\n{log_tail(log)}")


def check_alive(process: subprocess.Popen, what: str, log: Path) -> None:
    if process.poll() is not None:
        raise BenchError(f"{what} died during the run:\n{log_tail(log)}")
