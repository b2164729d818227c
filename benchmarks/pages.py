"""Requests per second and latency of the home page and a service page, cached and uncached, as a
share of the bare Django view, at several concurrencies.

Builds a throwaway deployment in a temporary directory (a fresh PostgreSQL database, demo
content, collected static files, a Redis of its own) and serves the same database with two
gunicorns on production settings: one with the page cache off (DOORSTEP_PAGE_CACHE_SECONDS=0)
and one with the default. The X-Doorstep-Cache header of every response says which one was
measured. Everything it started or made is removed at the end, also on errors and Ctrl-C. See
benchmarks/README.md.

    .venv/bin/python benchmarks/pages.py [--concurrency 16,64] [--seconds 3] [--rounds 3]
                                         [--workers 2] [--worker-class sync] [--threads 1]
"""

from __future__ import annotations

import argparse
import errno
import multiprocessing
import os
import platform
import select
import signal
import socket
import statistics
import sys
import time
from array import array
from collections import Counter
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

import deployment
import harness
from deployment import REQUEST_TIMEOUT, free_port, get, log_tail
from harness import BenchError, check_limits, percentile

CACHE_HEADER = "x-doorstep-cache"
# A cached run must be served from the cache: after the warm-up, at least this share of hits.
MIN_HIT_SHARE = 0.99
RPS_TARGET = 0.85  # cached home and service pages: at least this share of the bare view's rps
P99_TARGET_MS = 25.0  # ... with p99 under this at the highest concurrency

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
    "page_cache": any("page_cache" in name for name in settings.MIDDLEWARE),
}))
"""


@dataclass
class Target:
    label: str
    path: str
    server: str  # "cached" or "uncached": which gunicorn
    page: bool = True  # False for the bare view, which the page cache never serves
    size: int = 0
    # per concurrency
    rps: dict[int, list[float]] = field(default_factory=dict)
    latencies: dict[int, array] = field(default_factory=dict)
    errors: dict[int, int] = field(default_factory=dict)
    cache: dict[int, Counter] = field(default_factory=dict)
    client_cores: dict[int, list[float]] = field(default_factory=dict)
    error_samples: list[str] = field(default_factory=list)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--concurrency",
        default="16,64",
        help="open connections at once, comma-separated; each is measured [16,64]",
    )
    parser.add_argument("--seconds", type=float, default=3.0, help="per URL per round [3]")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds [3]")
    deployment.add_gunicorn_arguments(parser, workers=2)
    parser.add_argument(
        "--client-processes",
        type=int,
        default=min(2, os.cpu_count() or 1),
        help="processes the client's connections are spread over [2]",
    )
    parser.add_argument("--warmup", type=float, default=1.0, help="seconds per URL first [1]")
    parser.add_argument("--service-path", help="service page to measure [first live one]")
    deployment.add_arguments(parser)
    args = parser.parse_args()
    try:
        args.concurrency = sorted({int(c) for c in args.concurrency.split(",")})
    except ValueError:
        parser.error("--concurrency takes numbers separated by commas, e.g. 16,64")
    if not all(1 <= c <= 512 for c in args.concurrency):
        parser.error("--concurrency must be between 1 and 512")
    limits = {
        "seconds": (0.5, 120),
        "rounds": (1, 50),
        "client_processes": (1, 16),
        "warmup": (0, 30),
    }
    check_limits(parser, args, limits)
    deployment.check_arguments(parser, args)
    return args


# --- the load generator -------------------------------------------------------------------------
#
# Each client process keeps its share of the connections busy with epoll and non-blocking
# sockets: one GET per connection (gunicorn's sync workers close it after each response),
# read to the end. Python's CPU per request is a few tens of microseconds, which the report
# shows as "client cores", since it is taken from the server on a small machine.


def _init_client() -> None:
    """Clients leave Ctrl-C to the parent, which terminates the pool and stops the server."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _cache_state(head: bytes) -> str:
    start = head.find(b"\r\nx-doorstep-cache:")
    if start < 0:
        return "none"
    end = head.find(b"\r\n", start + 2)
    return head[start + 19 : end if end > 0 else None].strip().decode("latin-1")


def hammer(port: int, path: str, start_at: float, end_at: float, connections: int):
    """`connections` concurrent GETs, each replaced by the next as it finishes, from start_at until
    end_at. Returns (latencies, errors, error samples, X-Doorstep-Cache counts, CPU seconds,
    when the last one finished)."""
    payload = (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n"
        "User-Agent: doorstep-bench\r\nAccept: text/html\r\n\r\n"
    ).encode()
    latencies, errors, samples, cache = array("d"), 0, [], Counter()
    poller = select.epoll()
    open_conns: dict[int, list] = {}  # fd -> [socket, began, received, sent]

    def start_one() -> None:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setblocking(False)
        sock.connect_ex(("127.0.0.1", port))
        poller.register(sock.fileno(), select.EPOLLOUT)
        open_conns[sock.fileno()] = [sock, time.perf_counter(), bytearray(), False]

    def finish(fd: int, problem: str | None) -> None:
        nonlocal errors
        sock, began, received, _ = open_conns.pop(fd)
        poller.unregister(fd)
        sock.close()
        now = time.perf_counter()
        if problem is None:
            head = bytes(received[: received.find(b"\r\n\r\n")]).lower()
            status = head[9:12]
            if status == b"200":
                latencies.append(now - began)
                cache[_cache_state(head)] += 1
            else:
                problem = f"HTTP {status.decode('latin-1')}"
        if problem is not None:
            errors += 1
            if len(samples) < 3:
                samples.append(problem)
        if now < end_at:
            start_one()

    time.sleep(max(0.0, start_at - time.time()))
    end_at = time.perf_counter() + (end_at - time.time())
    cpu_before = time.process_time()
    for _ in range(connections):
        start_one()
    while open_conns:
        for fd, _events in poller.poll(0.5):
            conn = open_conns[fd]
            sock = conn[0]
            if not conn[3]:
                error = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                if error:
                    finish(fd, f"connect: {os.strerror(error)}")
                    continue
                sock.send(payload)  # a few hundred bytes: the socket buffer takes it whole
                conn[3] = True
                poller.modify(fd, select.EPOLLIN)
                continue
            try:
                data = sock.recv(262144)
            except BlockingIOError:
                continue
            except OSError as exc:
                finish(fd, f"{type(exc).__name__}: {exc}")
                continue
            if data:
                conn[2] += data
            else:
                finish(fd, None)
        now = time.perf_counter()
        for fd in [fd for fd, conn in open_conns.items() if now - conn[1] > REQUEST_TIMEOUT]:
            finish(
                fd, f"no answer within {REQUEST_TIMEOUT:g}s ({errno.errorcode[errno.ETIMEDOUT]})"
            )
    poller.close()
    return latencies, errors, samples, cache, time.process_time() - cpu_before, time.time()


def measure(pool, processes: int, port: int, target: Target, seconds: float, concurrency: int):
    """One measurement of `target` at `concurrency`; None for a warm-up."""
    shares = [concurrency // processes + (i < concurrency % processes) for i in range(processes)]
    start_at = time.time() + 0.25
    jobs = [
        pool.apply_async(hammer, (port, target.path, start_at, start_at + seconds, share))
        for share in shares
        if share
    ]
    results = [job.get(timeout=seconds + REQUEST_TIMEOUT + 30) for job in jobs]
    elapsed = max(result[-1] for result in results) - start_at
    ok = sum(len(result[0]) for result in results)
    return results, ok, elapsed


def record(target: Target, concurrency: int, results, ok: int, elapsed: float) -> None:
    target.rps.setdefault(concurrency, []).append(ok / elapsed if elapsed > 0 else 0.0)
    latencies = target.latencies.setdefault(concurrency, array("d"))
    cache = target.cache.setdefault(concurrency, Counter())
    cpu = 0.0
    for result_latencies, errors, samples, counts, cpu_seconds, _ in results:
        latencies.extend(result_latencies)
        target.errors[concurrency] = target.errors.get(concurrency, 0) + errors
        target.error_samples.extend(samples[: 3 - len(target.error_samples)])
        cache.update(counts)
        cpu += cpu_seconds
    target.client_cores.setdefault(concurrency, []).append(cpu / elapsed if elapsed > 0 else 0.0)


# --- the report ---------------------------------------------------------------------------------


def cache_summary(counts: Counter) -> str:
    total = sum(counts.values())
    if not total:
        return "-"
    return " ".join(f"{state} {n / total:.0%}" for state, n in counts.most_common(2))


def check_cache(target: Target, concurrency: int, page_cache: bool) -> str | None:
    """Why this target's responses do not prove the mode it claims to measure, or None."""
    counts = target.cache.get(concurrency, Counter())
    total = sum(counts.values())
    if not total or not target.page:
        return None
    if target.server == "uncached" and counts["hit"]:
        return f"{target.label}: {counts['hit']} of {total} responses were cache hits"
    if target.server == "cached" and page_cache and counts["hit"] / total < MIN_HIT_SHARE:
        return (
            f"{target.label}: only {counts['hit']} of {total} responses were cache hits "
            f"({cache_summary(counts)}); the page cache is installed but not serving this page"
        )
    return None


def report(args, targets: list[Target], probe: dict, notes: dict, loads: list) -> list[str]:
    """Print the tables; return the problems (missed targets are not problems)."""
    cpus = os.cpu_count()
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cpus
    server = deployment.describe_gunicorn(args)
    print()
    print("Environment")
    print(
        f"  Python {platform.python_version()}, Django {version('django')}, "
        f"Wagtail {version('wagtail')}, gunicorn {version('gunicorn')}"
    )
    print(f"  database   {probe['vendor']} {probe['db_version']} ({notes['db']})")
    print(f"  cache      {probe['cache']} on {notes['redis']}")
    print(
        f"  servers    two gunicorns, {server} each, production settings: 'uncached' with "
        "DOORSTEP_PAGE_CACHE_SECONDS=0, 'cached' with the default"
    )
    print(
        f"  page cache {'installed' if probe['page_cache'] else 'NOT installed'} "
        "(home.page_cache in MIDDLEWARE)"
        + ("" if probe["page_cache"] else ": cached and uncached measure the same thing")
    )
    print(
        f"  client     epoll, {args.client_processes} processes, a new connection per request,"
        " 127.0.0.1 only"
    )
    print(f"  machine    {cpus} CPUs ({usable} usable), {platform.machine()}, {platform.system()}")
    print("  load avg   " + ", ".join(f"{load:.2f} {when}" for when, load in loads) + " (1 min)")
    print(
        f"  runs       {args.rounds} rounds x {len(targets)} URLs x {args.seconds:g}s per "
        f"concurrency, interleaved, after {args.warmup:g}s warm-up per URL"
    )
    problems = []
    width = max(len(target.label) for target in targets)
    for concurrency in args.concurrency:
        baseline = statistics.median(targets[0].rps[concurrency])
        print()
        print(f"Concurrency {concurrency}")
        header = (
            f"{'':<{width}} {'KiB':>5} {'rps':>7} {'min':>7} {'max':>7} {'p50 ms':>7} "
            f"{'p95 ms':>7} {'p99 ms':>7} {'requests':>8} {'errors':>6} {'vs bare':>7} "
            f"{'client':>6}  X-Doorstep-Cache"
        )
        print(header)
        print("-" * len(header))
        for target in targets:
            rps, latencies = target.rps[concurrency], target.latencies[concurrency]
            median = statistics.median(rps)
            share = f"{median / baseline:.0%}" if baseline else "n/a"
            cores = statistics.median(target.client_cores[concurrency])
            print(
                f"{target.label:<{width}} {target.size / 1024:5.1f} {median:7.0f} {min(rps):7.0f} "
                f"{max(rps):7.0f} {percentile(latencies, 0.50) * 1000:7.1f} "
                f"{percentile(latencies, 0.95) * 1000:7.1f} "
                f"{percentile(latencies, 0.99) * 1000:7.1f} {len(latencies):8d} "
                f"{target.errors.get(concurrency, 0):6d} {share:>7} {cores:6.2f}  "
                f"{cache_summary(target.cache[concurrency])}"
            )
            problem = check_cache(target, concurrency, probe["page_cache"])
            if problem:
                problems.append(f"concurrency {concurrency}: {problem}")
        for target in targets:
            rounds = " ".join(f"{rps:.0f}" for rps in target.rps[concurrency])
            print(f"  {target.label:<{width}} rps by round: {rounds}")
    print()
    print(
        f"Targets: cached pages at least {RPS_TARGET:.0%} of the bare view's rps, "
        f"p99 under {P99_TARGET_MS:g} ms at concurrency {max(args.concurrency)}"
    )
    top = max(args.concurrency)
    for target in targets:
        if target.server != "cached" or not target.page:
            continue
        share = statistics.median(target.rps[top]) / statistics.median(targets[0].rps[top])
        p99 = percentile(target.latencies[top], 0.99) * 1000
        print(
            f"  {target.label:<{width}} {share:5.0%} of bare "
            f"({'met' if share >= RPS_TARGET else 'missed'}), p99 {p99:.1f} ms "
            f"({'met' if p99 < P99_TARGET_MS else 'missed'})"
        )
    print(
        "  'client' is the CPU the load generator used, in cores (of the machine's "
        f"{usable}): the server had the rest, less whatever else ran."
    )
    for target in targets:
        for sample in target.error_samples:
            problems.append(f"error on {target.path} ({target.server}): {sample}")
    for problem in problems:
        print(f"  PROBLEM {problem}")
    return problems


# --- the run ------------------------------------------------------------------------------------


def run(args: argparse.Namespace, tmp: Path, cleanups: list) -> int:
    deployment.require_assets()
    database_url, db_note = deployment.open_database(args, cleanups)
    redis_url, redis_note = deployment.open_redis(args, tmp, cleanups)
    env = deployment.deployment_env(tmp, database_url, redis_url)

    print(f"Preparing a throwaway deployment in {tmp}", flush=True)
    probe = deployment.prepare(env, PROBE)
    service_path = args.service_path or probe["service_path"]
    if not service_path:
        raise BenchError("no live service page found: did load_demo_content create any?")

    servers, ports, logs = {}, {}, {}
    for mode in ("uncached", "cached"):
        mode_env = dict(env)
        if mode == "uncached":
            mode_env["DOORSTEP_PAGE_CACHE_SECONDS"] = "0"
        else:
            mode_env.pop("DOORSTEP_PAGE_CACHE_SECONDS", None)  # the setting's default
        ports[mode], logs[mode] = free_port(), tmp / f"gunicorn-{mode}.log"
        servers[mode] = deployment.start_gunicorn(
            mode_env,
            ports[mode],
            logs[mode],
            workers=args.workers,
            worker_class=args.worker_class,
            threads=args.threads,
            cleanups=cleanups,
        )
        print(f"  gunicorn ({mode}) on 127.0.0.1:{ports[mode]}", flush=True)

    targets = [
        Target("bare Django view", "/healthz/", "cached", page=False),
        Target("home, uncached", "/", "uncached"),
        Target("home, cached", "/", "cached"),
        Target("service page, uncached", service_path, "uncached"),
        Target("service page, cached", service_path, "cached"),
    ]
    if probe["service_title"] and not args.service_path:
        print(f"  service page: {probe['service_title']} ({service_path})")
    for target in targets:
        status, _, body = get(ports[target.server], target.path)
        if status != 200:
            raise BenchError(f"{target.path} answered {status}, not 200")
        target.size = len(body)

    loads = [("before", os.getloadavg()[0])]
    processes = args.client_processes
    with multiprocessing.Pool(processes, initializer=_init_client) as pool:
        try:
            for concurrency in args.concurrency:
                for target in targets:
                    port = ports[target.server]
                    measure(pool, processes, port, target, args.warmup, concurrency)
                for round_number in range(args.rounds):
                    print(f"  concurrency {concurrency}, round {round_number + 1}", flush=True)
                    shift = round_number % len(targets)
                    for target in targets[shift:] + targets[:shift]:
                        port = ports[target.server]
                        results = measure(pool, processes, port, target, args.seconds, concurrency)
                        record(target, concurrency, *results)
                loads.append((f"after c={concurrency}", os.getloadavg()[0]))
        except BaseException:
            pool.terminate()
            raise
    for mode, server in servers.items():
        if server.poll() is not None:
            raise BenchError(f"gunicorn ({mode}) died during the run:\n{log_tail(logs[mode])}")
    problems = report(args, targets, probe, {"db": db_note, "redis": redis_note}, loads)
    return 1 if problems else 0


def main() -> int:
    return harness.main(run, parse_args(), prefix="doorstep-bench-")


if __name__ == "__main__":
    sys.exit(main())
