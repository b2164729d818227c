"""Requests per second for the bare Django view, the home page and a service page.

Builds a throwaway deployment in a temporary directory (a fresh PostgreSQL database, demo
content, collected static files), serves it with gunicorn on production settings (which require
PostgreSQL, Redis and an SMTP host), measures the three URLs in interleaved rounds and prints a
table. The server, the temporary directory and the database it made are removed at the end, also
on errors and Ctrl-C. See benchmarks/README.md.

    .venv/bin/python benchmarks/pages.py [--seconds 3] [--rounds 5] [--workers 2]
                                         [--concurrency 4] [--postgres SERVER_URL]
                                         [--redis REDIS_URL]
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import platform
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import textwrap
import time
from array import array
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

import harness
from harness import (
    DEFAULT_SERVER,
    BenchError,
    check_limits,
    create_database,
    drop_database,
    percentile,
)

BASE_DIR = Path(__file__).resolve().parent.parent
MAIN_CSS = BASE_DIR / "static" / "build" / "css" / "main.css"
REQUEST_TIMEOUT = 10.0
STEP_TIMEOUT = 900

SETTINGS_MODULE = "config.settings.production"
# Production refuses to start without Redis; a database number nothing else here uses.
DEFAULT_REDIS = "redis://127.0.0.1:6379/15"

# Run inside the deployment (manage.py shell) to find a service page and describe the database.
PROBE = """\
import json
from django.conf import settings
from django.db import connection
from services.models import ServicePage
page = ServicePage.objects.live().public().order_by("path").first()
parts = page.get_url_parts() if page else None
print("BENCH_PROBE=" + json.dumps({
    "service_path": parts[2] if parts else None,
    "service_title": page.title if page else None,
    "vendor": connection.vendor,
    "db_version": ".".join(map(str, connection.get_database_version())),
    "cache": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
}))
"""


@dataclass
class Target:
    label: str
    path: str
    size: int = 0
    rps: list[float] = field(default_factory=list)
    latencies: array = field(default_factory=lambda: array("d"))
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="per URL per round [3]")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds [5]")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers [2]")
    parser.add_argument("--concurrency", type=int, default=4, help="client processes [4]")
    parser.add_argument("--warmup", type=float, default=1.0, help="seconds per URL first [1]")
    parser.add_argument(
        "--max-requests",
        type=int,
        default=100_000,
        help="cap per client process per round [100000]",
    )
    parser.add_argument("--service-path", help="service page to measure [first live one]")
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
        default=os.environ.get("REDIS_URL") or DEFAULT_REDIS,
        metavar="REDIS_URL",
        help=f"cache and broker the deployment uses [REDIS_URL or {DEFAULT_REDIS}]",
    )
    args = parser.parse_args()
    limits = {
        "seconds": (0.5, 120),
        "rounds": (1, 50),
        "workers": (1, 32),
        "concurrency": (1, 64),
        "warmup": (0, 30),
        "max_requests": (1, 1_000_000),
    }
    check_limits(parser, args, limits)
    if args.postgres and os.environ.get("DATABASE_URL"):
        parser.error("--postgres creates its own database: unset DATABASE_URL or drop --postgres")
    if not args.postgres and not os.environ.get("DATABASE_URL"):
        args.postgres = DEFAULT_SERVER
    return args


def tail(text: str, lines: int = 30) -> str:
    return textwrap.indent("\n".join(text.strip().splitlines()[-lines:]), "    | ")


def log_tail(log: Path) -> str:
    return tail(log.read_text(errors="replace")) if log.exists() else "    | (no log)"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- the throwaway deployment -------------------------------------------------------------------


def deployment_env(tmp: Path, database_url: str, redis_url: str) -> dict[str, str]:
    env = dict(os.environ)
    pythonpath = [str(BASE_DIR), env.get("PYTHONPATH", "")]
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE,
            "PYTHONPATH": os.pathsep.join(p for p in pythonpath if p),
            "STATIC_ROOT": str(tmp / "staticfiles"),
            "MEDIA_ROOT": str(tmp / "media"),
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


def prepare(env: dict[str, str]) -> dict:
    manage(env, "migrate", "--noinput")
    # The demo app is not installed in production and its command needs DEBUG: load the content
    # into the same database under the dev settings, then serve it with production's.
    demo_env = {**env, "DJANGO_SETTINGS_MODULE": "config.settings.dev", "DJANGO_DEBUG": "true"}
    manage(demo_env, "load_demo_content", "--without-accounts")
    manage(env, "collectstatic", "--noinput")
    output = manage(env, "shell", "-c", PROBE)
    for line in output.splitlines():
        if line.startswith("BENCH_PROBE="):
            return json.loads(line.removeprefix("BENCH_PROBE="))
    raise BenchError(f"the database probe printed nothing useful:\n{tail(output)}")


def start_gunicorn(env: dict[str, str], port: int, workers: int, log: Path) -> subprocess.Popen:
    options = f"--bind 127.0.0.1:{port} --workers {workers} --worker-class sync"
    options += " --no-control-socket --timeout 60 --graceful-timeout 5 --log-level warning"
    command = [sys.executable, "-m", "gunicorn", "config.wsgi:application", *options.split()]
    with log.open("wb") as log_file:
        # A session of its own: Ctrl-C reaches only this script, which then stops the server.
        return subprocess.Popen(
            command,
            cwd=BASE_DIR,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def stop_gunicorn(server: subprocess.Popen) -> None:
    if server.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
        try:
            os.killpg(server.pid, sig)
        except ProcessLookupError:
            return
        try:
            server.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def get(port: int, path: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    try:
        conn.request("GET", path, headers={"Connection": "close"})
        response = conn.getresponse()
        return response.status, response.read()
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


# --- the load generator -------------------------------------------------------------------------


def _init_client() -> None:
    """Clients leave Ctrl-C to the parent, which terminates the pool and stops the server."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def hammer(port: int, path: str, start_at: float, end_at: float, cap: int):
    """One client: sequential GETs on fresh connections from start_at until end_at (or cap)."""
    latencies, errors, samples = array("d"), 0, []
    time.sleep(max(0.0, start_at - time.monotonic()))
    finished = time.monotonic()
    while len(latencies) + errors < cap:
        began = time.monotonic()
        if began >= end_at:
            break
        try:
            status, _ = get(port, path)
            problem = None if status == 200 else f"HTTP {status}"
        except (OSError, http.client.HTTPException) as exc:
            problem = f"{type(exc).__name__}: {exc}"
        finished = time.monotonic()
        if problem is None:
            latencies.append(finished - began)
        else:
            errors += 1
            if len(samples) < 3:
                samples.append(problem)
    return latencies, errors, samples, finished


def measure(pool, port: int, target: Target, seconds: float, clients: int, cap: int, keep: bool):
    start_at = time.monotonic() + 0.25
    jobs = [
        pool.apply_async(hammer, (port, target.path, start_at, start_at + seconds, cap))
        for _ in range(clients)
    ]
    results = [job.get(timeout=seconds + REQUEST_TIMEOUT + 30) for job in jobs]
    if not keep:
        return
    elapsed = max(finished for *_, finished in results) - start_at
    ok = sum(len(latencies) for latencies, *_ in results)
    target.rps.append(ok / elapsed if elapsed > 0 else 0.0)
    for latencies, errors, samples, _ in results:
        target.latencies.extend(latencies)
        target.errors += errors
        target.error_samples.extend(samples[: 3 - len(target.error_samples)])


# --- the report ---------------------------------------------------------------------------------


def report(args, targets: list[Target], probe: dict, db_note: str, loads: tuple) -> None:
    cpus = os.cpu_count()
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cpus
    print()
    print("Environment")
    print(
        f"  Python {platform.python_version()}, Django {version('django')}, "
        f"Wagtail {version('wagtail')}, gunicorn {version('gunicorn')}"
    )
    print(f"  database   {probe['vendor']} {probe['db_version']} ({db_note})")
    print(f"  cache      {probe['cache']}")
    print(f"  server     gunicorn, {args.workers} sync workers, production settings, DEBUG off")
    print(
        f"  client     {args.concurrency} processes, a new connection per request, 127.0.0.1 only"
    )
    print(f"  machine    {cpus} CPUs ({usable} usable), {platform.machine()}, {platform.system()}")
    print(f"  load avg   {loads[0]:.2f} before, {loads[1]:.2f} after (1 min)")
    print(
        f"  runs       {args.rounds} rounds x {len(targets)} URLs x {args.seconds:g}s, "
        f"interleaved, after {args.warmup:g}s warm-up per URL"
    )
    print()
    baseline = statistics.median(targets[0].rps)
    width = max(len(target.path) for target in targets)
    header = (
        f"{'URL':<{width}} {'KiB':>5} {'median rps':>10} {'min':>7} {'max':>7} "
        f"{'p50 ms':>7} {'p95 ms':>7} {'requests':>9} {'errors':>6} {'vs bare':>7}"
    )
    print(header)
    print("-" * len(header))
    for target in targets:
        median = statistics.median(target.rps)
        print(
            f"{target.path:<{width}} {target.size / 1024:5.1f} {median:10.1f} "
            f"{min(target.rps):7.1f} {max(target.rps):7.1f} "
            f"{percentile(target.latencies, 0.50) * 1000:7.1f} "
            f"{percentile(target.latencies, 0.95) * 1000:7.1f} "
            f"{len(target.latencies):9d} {target.errors:6d} "
            f"{f'{median / baseline:.0%}' if baseline else 'n/a':>7}"
        )
    print()
    for target in targets:
        rounds = " ".join(f"{rps:.0f}" for rps in target.rps)
        print(f"  {target.label:<40} rps by round: {rounds}")
    print()
    for target in targets[1:]:
        share = f"{statistics.median(target.rps) / baseline:.0%}" if baseline else "n/a"
        print(f"  {target.label}: {share} of bare Django")
    for target in targets:
        for sample in target.error_samples:
            print(f"  error on {target.path}: {sample}")


# --- the run ------------------------------------------------------------------------------------


def run(args: argparse.Namespace, tmp: Path, cleanups: list) -> int:
    if not MAIN_CSS.exists():
        missing = MAIN_CSS.relative_to(BASE_DIR)
        raise BenchError(f"{missing} is missing: build the assets first with `make assets`")
    if args.postgres:
        name, database_url = create_database(args.postgres)
        cleanups.append(lambda: drop_database(args.postgres, name))
        db_note = f"fresh database {name}, dropped afterwards"
    else:
        database_url = os.environ["DATABASE_URL"]
        db_note = "DATABASE_URL from the environment, left in place"
    env = deployment_env(tmp, database_url, args.redis)

    print(f"Preparing a throwaway deployment in {tmp}", flush=True)
    probe = prepare(env)
    service_path = args.service_path or probe["service_path"]
    if not service_path:
        raise BenchError("no live service page found: did load_demo_content create any?")
    service_label = "service page"
    if not args.service_path and probe["service_title"]:
        service_label = f"service page ({probe['service_title']})"
    targets = [
        Target("bare Django view", "/healthz/"),
        Target("home page", "/"),
        Target(service_label, service_path),
    ]

    port, log = free_port(), tmp / "gunicorn.log"
    server = start_gunicorn(env, port, args.workers, log)
    cleanups.append(lambda: stop_gunicorn(server))
    wait_until_healthy(server, port, log)
    print(f"  gunicorn on 127.0.0.1:{port}, {args.workers} workers", flush=True)
    for target in targets:
        status, body = get(port, target.path)
        if status != 200:
            raise BenchError(f"{target.path} answered {status}, not 200")
        target.size = len(body)

    loads = [os.getloadavg()[0]]
    with multiprocessing.Pool(args.concurrency, initializer=_init_client) as pool:
        try:
            for target in targets:
                measure(pool, port, target, args.warmup, args.concurrency, args.max_requests, False)
            for round_number in range(args.rounds):
                print(f"  round {round_number + 1}/{args.rounds}", flush=True)
                shift = round_number % len(targets)
                for target in targets[shift:] + targets[:shift]:
                    measure(
                        pool, port, target, args.seconds, args.concurrency, args.max_requests, True
                    )
        except BaseException:
            pool.terminate()
            raise
    loads.append(os.getloadavg()[0])
    if server.poll() is not None:
        raise BenchError(f"gunicorn died during the run:\n{log_tail(log)}")
    report(args, targets, probe, db_note, tuple(loads))
    return 1 if any(target.errors for target in targets) else 0


def main() -> int:
    return harness.main(run, parse_args(), prefix="doorstep-bench-")


if __name__ == "__main__":
    sys.exit(main())
