"""Whole eForm journeys over HTTP against gunicorn on production settings, PostgreSQL, Redis and a
Celery worker sending the emails: journeys per second, the latency of every step, and proof that
each journey opened exactly one case and sent exactly one email.

Builds a throwaway deployment (a fresh PostgreSQL database with the demo content, a Redis of its
own, collected static files), runs an SMTP sink in this process, starts gunicorn and
`celery -A config worker` on it, then drives `--journeys` residents through the demo form
"Report fly-tipping" (start page, each question, check your answers, submit, confirmation with
its reference), `--concurrency` at a time, with a client that keeps cookies and sends the CSRF
tokens it finds in the pages. Everything it started or made is removed at the end, also on
errors and Ctrl-C. See benchmarks/README.md.

    .venv/bin/python benchmarks/load.py [--journeys 1000] [--concurrency 16] [--workers 4]
"""

from __future__ import annotations

import argparse
import asyncio
import html
import json
import os
import platform
import random
import re
import sys
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from urllib.parse import urlsplit

import deployment
import harness
import rawhttp
from deployment import free_port, log_tail
from harness import BenchError, check_limits, percentile

FORM_SLUG = "report-fly-tipping"
CHECK_STEP = "check-your-answers"
SUBMIT_TARGET_MS = 100.0
JOURNEYS_TARGET = 30.0  # journeys a second
# Every journey is sent from 127.0.0.1: lift the eForm limits so none is refused (counting
# against them in Redis is still part of what is measured).
GENEROUS_LIMITS = {
    "EFORMS_SEND_LIMIT_PER_IP": "100000000/h",
    "EFORMS_SEND_LIMIT_PER_SESSION": "100000000/h",
    "EFORMS_UPLOAD_LIMIT_PER_IP": "100000000/h",
    "EFORMS_UPLOAD_LIMIT_PER_SESSION": "100000000/h",
}
STREETS = ["High Street", "Mill Lane", "Church Road", "Station Road", "Park Avenue", "Elm Close"]
NAMES = ["Alex Smith", "Sam Patel", "Jo Evans", "Priya Shah", "Chris Jones", "Morgan Lee"]

PROBE = """\
import json
from django.conf import settings
from django.db import connection
from forms.models import EForm
form = EForm.objects.filter(slug="FORM_SLUG").first()
print("BENCH_PROBE=" + json.dumps({
    "form": bool(form and form.live),
    "vendor": connection.vendor,
    "db_version": ".".join(map(str, connection.get_database_version())),
    "cache": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
}))
""".replace("FORM_SLUG", FORM_SLUG)

# After the run: every case and outbox message of the journeys, by the references they were given.
VERIFY = """\
import json, os
from collections import Counter
from crm.cases.models import Case
from crm.notifications.models import OutboxMessage
references = json.load(open(os.environ["BENCH_REFERENCES"]))
emails = json.load(open(os.environ["BENCH_EMAILS"]))
cases = Case.objects.filter(customer__email__in=emails)
cases = list(cases.values_list("reference", "customer__email"))
outbox = OutboxMessage.objects.filter(case__reference__in=references)
outbox = Counter(outbox.values_list("status", flat=True))
print("BENCH_PROBE=" + json.dumps({
    "cases": cases,
    "outbox": dict(outbox),
}))
"""


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--journeys", type=int, default=1000, help="timed journeys [1000]")
    parser.add_argument("--concurrency", type=int, default=16, help="journeys at once [16]")
    parser.add_argument("--warmup", type=int, default=20, help="untimed journeys first [20]")
    deployment.add_gunicorn_arguments(parser, workers=4)
    parser.add_argument(
        "--celery-concurrency", type=int, default=1, help="Celery worker processes [1]"
    )
    parser.add_argument(
        "--hazardous-share",
        type=float,
        default=0.1,
        help="share of residents who answer yes to 'Is anything hazardous?' (one more step) [0.1]",
    )
    parser.add_argument("--seed", type=int, default=1, help="random answers [1]")
    parser.add_argument(
        "--drain-timeout", type=float, default=300, help="seconds to wait for the emails [300]"
    )
    deployment.add_arguments(parser)
    args = parser.parse_args()
    limits = {
        "journeys": (1, 1_000_000),
        "concurrency": (1, 512),
        "warmup": (0, 10_000),
        "celery_concurrency": (1, 16),
        "hazardous_share": (0, 1),
        "drain_timeout": (1, 3600),
    }
    check_limits(parser, args, limits)
    deployment.check_arguments(parser, args)
    return args


# --- an SMTP sink ---------------------------------------------------------------------------------


class SmtpSink:
    """Accepts every message (no TLS, no auth) and counts them by recipient. Runs its own event
    loop in a thread, so it answers whatever the client's loop is doing."""

    def __init__(self) -> None:
        self.port = free_port()
        self.by_recipient: Counter = Counter()
        self.messages = 0
        self.lock = threading.Lock()
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def start(self) -> None:
        self.thread.start()
        if not self.ready.wait(10):
            raise BenchError("the SMTP sink did not start")

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)

    def count(self) -> int:
        with self.lock:
            return self.messages

    def _serve(self) -> None:
        asyncio.set_event_loop(self.loop)
        server = self.loop.run_until_complete(
            asyncio.start_server(self._session, "127.0.0.1", self.port)
        )
        self.ready.set()
        try:
            self.loop.run_forever()
        finally:
            server.close()

    async def _session(self, reader, writer) -> None:
        recipients: list[str] = []
        writer.write(b"220 bench-sink ESMTP\r\n")
        try:
            while line := await reader.readline():
                command = line[:4].upper()
                if command in (b"EHLO", b"HELO"):
                    writer.write(b"250-bench-sink\r\n250 8BITMIME\r\n")
                elif command == b"MAIL":
                    recipients = []
                    writer.write(b"250 OK\r\n")
                elif command == b"RCPT":
                    address = line.decode(errors="replace").partition(":")[2].strip()
                    recipients.append(address.strip("<>").lower())
                    writer.write(b"250 OK\r\n")
                elif command == b"DATA":
                    writer.write(b"354 go ahead\r\n")
                    while await reader.readline() not in (b".\r\n", b".\n", b""):
                        pass
                    with self.lock:
                        self.messages += 1
                        self.by_recipient.update(recipients)
                    writer.write(b"250 OK queued\r\n")
                elif command == b"QUIT":
                    writer.write(b"221 bye\r\n")
                    break
                else:  # RSET, NOOP and anything else
                    writer.write(b"250 OK\r\n")
                await writer.drain()
            await writer.drain()
        finally:
            writer.close()


# --- one resident's journey -----------------------------------------------------------------------

# The page's own form posts to the page: no action (the cookie banner's form has one).
FORM_RE = re.compile(r'<form\b(?![^>]*\baction=)[^>]*method="post"[^>]*>(.*?)</form>', re.S | re.I)
INPUT_RE = re.compile(r"<input\b[^>]*>", re.I)
TEXTAREA_RE = re.compile(r'<textarea\b[^>]*\bname="([^"]+)"', re.I)
SELECT_RE = re.compile(r'<select\b[^>]*\bname="([^"]+)"[^>]*>(.*?)</select>', re.S | re.I)
OPTION_RE = re.compile(r'<option\b[^>]*\bvalue="([^"]*)"', re.I)
ATTR_RE = re.compile(r'([\w-]+)="([^"]*)"')
START_RE = re.compile(r"<a\b[^>]*govuk-button--start[^>]*>", re.I)
TAG_RE = re.compile(r"<[^>]+>")
REFERENCE_RE = re.compile(r'govuk-panel__body">.*?<strong>([^<]+)</strong>', re.S)


@dataclass
class Journey:
    number: int
    email: str
    answers: dict[str, str | list[str]]
    cookies: dict[str, str] = field(default_factory=dict)
    reference: str = ""


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    order: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    journeys: list[Journey] = field(default_factory=list)


def answers_for(rng: random.Random, email: str, hazardous_share: float) -> dict:
    return {
        "location": f"Outside {rng.randint(1, 200)} {rng.choice(STREETS)}, Fernleigh",
        "location_details": "Next to the bus stop" if rng.random() < 0.5 else "",
        "waste_types": rng.sample(["furniture", "mattresses", "tyres", "garden-waste"], 2),
        "hazardous": "yes" if rng.random() < hazardous_share else "no",
        "hazard_details": "Paint tins and a gas bottle",
        "name": rng.choice(NAMES),
        "email": email,
        "phone": "",
    }


def form_fields(page: str, step: str, answers: dict) -> tuple[list[tuple[str, str]], list[str]]:
    """What a browser would post from the page's form: hidden fields as they are, the honeypot
    empty, each question answered from `answers` by its key; and the names of file inputs."""
    match = FORM_RE.search(page)
    if not match:
        raise BenchError(f"no form on the {step} page")
    form = match.group(1)
    fields, files, seen_choice = [], [], set()
    prefix = f"{step}-"
    for tag in INPUT_RE.findall(form):
        attrs = {k.lower(): html.unescape(v) for k, v in ATTR_RE.findall(tag)}
        name, kind = attrs.get("name"), attrs.get("type", "text").lower()
        if not name or kind in ("submit", "button"):
            continue
        key = name.removeprefix(prefix)
        value = attrs.get("value", "")
        if kind == "hidden":
            fields.append((name, value))
        elif kind == "file":
            files.append(name)
        elif kind == "radio":
            wanted = answers.get(key)
            if value == wanted or (wanted is None and name not in seen_choice):
                fields.append((name, value))
                seen_choice.add(name)
        elif kind == "checkbox":
            if value in (answers.get(key) or []):
                fields.append((name, value))
        else:  # text, email, tel, number: the honeypot ("website") has no answer and stays empty
            answer = answers.get(key, "")
            fields.append((name, answer if isinstance(answer, str) else ""))
    for name in TEXTAREA_RE.findall(form):
        answer = answers.get(name.removeprefix(prefix), "")
        fields.append((name, answer if isinstance(answer, str) else ""))
    for name, options in SELECT_RE.findall(form):
        values = OPTION_RE.findall(options)
        fields.append(
            (name, answers.get(name.removeprefix(prefix)) or (values[-1] if values else ""))
        )
    return fields, files


class Client:
    """A browser, as far as the form needs one: cookies, Origin and Referer, redirects read."""

    def __init__(self, port: int, stats: Stats, record: bool) -> None:
        self.port, self.stats, self.record = port, stats, record
        self.origin = f"http://127.0.0.1:{port}"

    async def send(self, journey: Journey, label: str, method: str, path: str, **kwargs):
        headers = {"Accept": "text/html", "User-Agent": "doorstep-load-bench"}
        headers.update(kwargs.pop("headers", {}))
        if journey.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in journey.cookies.items())
        began = time.perf_counter()
        response = await rawhttp.request(self.port, method, path, headers=headers, **kwargs)
        took = time.perf_counter() - began
        for cookie in response.all("set-cookie"):
            name, _, rest = cookie.partition("=")
            value = rest.split(";", 1)[0]
            if "max-age=0" in cookie.lower() or value in ('""', ""):
                journey.cookies.pop(name.strip(), None)
            else:
                journey.cookies[name.strip()] = value
        if self.record:
            if label not in self.stats.latencies:
                self.stats.order.append(label)
            self.stats.latencies[label].append(took)
        return response

    async def get(self, journey: Journey, label: str, path: str, expect: int = 200):
        response = await self.send(journey, label, "GET", path)
        check(response, expect, f"GET {path}")
        return response

    async def post(self, journey, label, path, fields, files, expect: int = 302):
        if files:
            content_type, body = rawhttp.multipart_body(fields, files)
        else:
            content_type, body = rawhttp.form_body(fields)
        headers = {
            "Content-Type": content_type,
            "Origin": self.origin,
            "Referer": f"{self.origin}{path}",
            "Sec-Fetch-Site": "same-origin",
        }
        response = await self.send(journey, label, "POST", path, headers=headers, body=body)
        check(response, expect, f"POST {path}")
        return response

    async def journey(self, journey: Journey) -> None:
        base = f"/forms/{FORM_SLUG}/"
        start = await self.get(journey, "GET start page", base)
        link = START_RE.search(start.text)
        href = dict(ATTR_RE.findall(link.group(0))).get("href") if link else None
        if not href:
            raise BenchError(f"no 'Start now' link on {base}")
        path = html.unescape(href)
        for _ in range(12):
            step = path.rstrip("/").rsplit("/", 1)[-1]
            page = await self.get(journey, f"GET {step}", path)
            if step == CHECK_STEP:
                break
            fields, files = form_fields(page.text, step, journey.answers)
            response = await self.post(journey, f"POST {step}", path, fields, files)
            path = urlsplit(response.header("location")).path
        else:
            raise BenchError(f"the form never reached {CHECK_STEP}")
        fields, _ = form_fields(page.text, step, {})
        response = await self.post(journey, "POST submit (check your answers)", path, fields, [])
        confirmation_path = urlsplit(response.header("location")).path
        if confirmation_path != f"{base}confirmation/":
            raise BenchError(f"the submit went to {confirmation_path}, not the confirmation")
        page = await self.get(journey, "GET confirmation", confirmation_path)
        match = REFERENCE_RE.search(page.text)
        if not match:
            raise BenchError("the confirmation page shows no reference")
        journey.reference = match.group(1).strip()


def check(response: rawhttp.Response, status: int, what: str) -> None:
    if response.status != status:
        where = response.header("location")
        text = response.text
        # The page's error summary says why a form was refused; else the start of the main text.
        start = text.find("govuk-error-summary")
        if start < 0:
            start = max(text.find("<main"), 0)
        words = " ".join(TAG_RE.sub(" ", text[start : start + 3000]).split())[:400]
        raise BenchError(f"{what} answered {response.status}, not {status} {where}: {words}")


async def drive(port: int, journeys: list[Journey], concurrency: int, stats: Stats, record: bool):
    """Run the journeys, `concurrency` at a time; return the wall time."""
    client = Client(port, stats, record)
    queue = list(reversed(journeys))

    async def resident() -> None:
        while queue:
            journey = queue.pop()
            try:
                await client.journey(journey)
                stats.journeys.append(journey)
            except (BenchError, rawhttp.HTTPError, OSError) as exc:
                stats.errors.append(f"journey {journey.number}: {exc}")

    began = time.perf_counter()
    await asyncio.gather(*(resident() for _ in range(concurrency)))
    return time.perf_counter() - began


# --- the run ------------------------------------------------------------------------------------


def wait_for_emails(sink: SmtpSink, expected: int, timeout: float, worker, worker_log) -> float:
    """Until the sink has `expected` messages (or nothing came for `timeout` seconds); then a
    second more, so a duplicate would be seen. Returns how long it took."""
    began = time.monotonic()
    last_count, last_change = -1, began
    while True:
        deployment.check_alive(worker, "the Celery worker", worker_log)
        count = sink.count()
        if count != last_count:
            last_count, last_change = count, time.monotonic()
        if count >= expected or time.monotonic() - last_change > timeout:
            break
        time.sleep(0.2)
    took = time.monotonic() - began
    time.sleep(1.0)
    return took


def verify(env, tmp: Path, journeys: list[Journey], sink: SmtpSink) -> dict:
    references = [j.reference for j in journeys]
    emails = [j.email for j in journeys]
    (tmp / "references.json").write_text(json.dumps(references))
    (tmp / "emails.json").write_text(json.dumps(emails))
    probe_env = {
        **env,
        "BENCH_REFERENCES": str(tmp / "references.json"),
        "BENCH_EMAILS": str(tmp / "emails.json"),
    }
    found = deployment.run_probe(probe_env, VERIFY)
    cases_by_email = Counter(email for _, email in found["cases"])
    expected = {j.email: j.reference for j in journeys}
    case_refs = {email: ref for ref, email in found["cases"]}
    return {
        "cases": len(found["cases"]),
        "journeys_with_one_case": sum(
            1
            for j in journeys
            if cases_by_email[j.email] == 1 and case_refs.get(j.email) == expected[j.email]
        ),
        "emails": sink.count(),
        "journeys_with_one_email": sum(1 for j in journeys if sink.by_recipient[j.email] == 1),
        # Emails to anyone else (staff notifications, say): not the residents' own.
        "other_emails": sum(n for r, n in sink.by_recipient.items() if r not in expected),
        "other_recipients": sorted(r for r in sink.by_recipient if r not in expected)[:5],
        "outbox": found["outbox"],
    }


def run(args: argparse.Namespace, tmp: Path, cleanups: list) -> int:
    deployment.require_assets()
    database_url, db_note = deployment.open_database(args, cleanups)
    redis_url, redis_note = deployment.open_redis(args, tmp, cleanups)
    sink = SmtpSink()
    sink.start()
    cleanups.append(sink.stop)
    env = deployment.deployment_env(
        tmp,
        database_url,
        redis_url,
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(sink.port),
        EMAIL_USE_TLS="false",
        EMAIL_HOST_USER="",
        EMAIL_HOST_PASSWORD="",
        **GENEROUS_LIMITS,
    )

    print(f"Preparing a throwaway deployment in {tmp}", flush=True)
    probe = deployment.prepare(env, PROBE)
    if not probe["form"]:
        raise BenchError(f"the demo form {FORM_SLUG} is not live: did load_demo_content change?")

    worker_log = tmp / "celery.log"
    worker = deployment.start_process(
        [
            *(sys.executable, "-m", "celery", "-A", "config", "worker", "--loglevel=warning"),
            *("--concurrency", str(args.celery_concurrency), "--pool", "prefork"),
            *("--without-gossip", "--without-mingle", "--without-heartbeat"),
        ],
        env,
        worker_log,
    )
    cleanups.append(lambda: deployment.stop_process(worker))
    port, log = free_port(), tmp / "gunicorn.log"
    server = deployment.start_gunicorn(
        env,
        port,
        log,
        workers=args.workers,
        worker_class=args.worker_class,
        threads=args.threads,
        cleanups=cleanups,
    )
    print(f"  gunicorn on 127.0.0.1:{port}, Celery worker, SMTP sink on :{sink.port}", flush=True)

    rng = random.Random(args.seed)  # noqa: S311 (test answers, not security)
    total = args.warmup + args.journeys
    journeys = [
        Journey(n, f"resident{n}@bench.example", answers_for(rng, "", args.hazardous_share))
        for n in range(total)
    ]
    for journey in journeys:
        journey.answers["email"] = journey.email
    loads = [("before", os.getloadavg()[0])]
    stats = Stats()
    if args.warmup:
        print(f"  {args.warmup} warm-up journeys", flush=True)
        asyncio.run(drive(port, journeys[: args.warmup], args.concurrency, stats, False))
    print(f"  {args.journeys} journeys, {args.concurrency} at a time", flush=True)
    cpu_before = time.process_time()
    wall = asyncio.run(drive(port, journeys[args.warmup :], args.concurrency, stats, True))
    client_cores = (time.process_time() - cpu_before) / wall
    loads.append(("after the journeys", os.getloadavg()[0]))
    deployment.check_alive(server, "gunicorn", log)
    print("  waiting for the worker to send the emails", flush=True)
    drain = wait_for_emails(sink, len(stats.journeys), args.drain_timeout, worker, worker_log)
    counts = verify(env, tmp, stats.journeys, sink)
    timed = len([j for j in stats.journeys if j.number >= args.warmup])
    problems = report(
        args,
        stats,
        probe,
        counts,
        wall,
        timed,
        client_cores,
        drain,
        loads,
        {"db": db_note, "redis": redis_note},
    )
    if problems:
        print(f"worker log:\n{log_tail(worker_log)}", file=sys.stderr)
    return 1 if problems else 0


def report(args, stats, probe, counts, wall, timed, client_cores, drain, loads, notes) -> list:
    server = deployment.describe_gunicorn(args)
    cpus = os.cpu_count()
    print()
    print("Environment")
    print(
        f"  Python {platform.python_version()}, Django {version('django')}, "
        f"Wagtail {version('wagtail')}, gunicorn {version('gunicorn')}, celery {version('celery')}"
    )
    print(f"  database   {probe['vendor']} {probe['db_version']} ({notes['db']})")
    print(f"  cache      {probe['cache']} on {notes['redis']}, also the Celery broker")
    print(f"  server     gunicorn, {server}, production settings, DEBUG off")
    print(
        f"  worker     celery -A config worker, {args.celery_concurrency} process(es), "
        "sending by SMTP to a sink in this script"
    )
    print(
        "  limits     EFORMS_*_LIMIT_PER_IP and _PER_SESSION raised to 100000000/h: every "
        "journey comes from 127.0.0.1"
    )
    print(
        f"  client     asyncio in one process, {args.concurrency} journeys at a time, a new "
        f"connection per request; it used {client_cores:.2f} cores"
    )
    print(f"  machine    {cpus} CPUs, {platform.machine()}, {platform.system()}")
    print("  load avg   " + ", ".join(f"{load:.2f} {when}" for when, load in loads) + " (1 min)")
    print()
    width = max(len(label) for label in stats.order) if stats.order else 10
    header = (
        f"{'step':<{width}} {'requests':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'max ms':>7}"
    )
    print(header)
    print("-" * len(header))
    for label in stats.order:
        values = stats.latencies[label]
        print(
            f"{label:<{width}} {len(values):8d} {percentile(values, 0.5) * 1000:7.1f} "
            f"{percentile(values, 0.95) * 1000:7.1f} {percentile(values, 0.99) * 1000:7.1f} "
            f"{max(values) * 1000:7.1f}"
        )
    requests = sum(len(v) for v in stats.latencies.values())
    rate = timed / wall if wall else 0.0
    submit = stats.latencies.get("POST submit (check your answers)", [])
    submit_p95 = percentile(submit, 0.95) * 1000 if submit else float("nan")
    print()
    print(
        f"Journeys   {timed} in {wall:.1f}s: {rate:.1f} journeys/s "
        f"({requests / wall:.0f} requests/s, {requests / max(timed, 1):.1f} requests a journey)"
    )
    print(
        f"  target   at least {JOURNEYS_TARGET:g} journeys/s: "
        f"{'met' if rate >= JOURNEYS_TARGET else 'missed'}; submit p95 {submit_p95:.1f} ms, "
        f"target under {SUBMIT_TARGET_MS:g} ms: "
        f"{'met' if submit_p95 < SUBMIT_TARGET_MS else 'missed'}"
    )
    journeys = len(stats.journeys)
    print(
        f"Afterwards {journeys} journeys finished (warm-up included): {counts['cases']} cases, "
        f"{counts['journeys_with_one_case']} journeys with exactly one case (their reference); "
        f"{counts['emails']} emails received, {counts['journeys_with_one_email']} journeys with "
        f"exactly one; outbox {counts['outbox']}; the last email came {drain:.1f}s after the "
        "last journey"
    )
    problems = list(stats.errors[:5])
    if stats.errors:
        problems.insert(0, f"{len(stats.errors)} journeys failed")
    if counts["cases"] != journeys or counts["journeys_with_one_case"] != journeys:
        problems.append("not exactly one case per journey")
    if counts["other_emails"]:
        print(
            f"  and {counts['other_emails']} emails to addresses no journey gave "
            f"(e.g. {', '.join(counts['other_recipients'])})"
        )
    if counts["journeys_with_one_email"] != journeys:
        problems.append("not exactly one email per journey")
    for problem in problems:
        print(f"  PROBLEM {problem}")
    return problems


def main() -> int:
    return harness.main(run, parse_args(), prefix="doorstep-load-")


if __name__ == "__main__":
    sys.exit(main())
