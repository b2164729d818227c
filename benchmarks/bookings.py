"""Is a place ever sold twice, and how long do the slot and pay steps take?

Creates a uniquely named PostgreSQL database, migrates it, and on development settings with DEBUG
off (emails to memory, Celery tasks to an in-memory broker no worker reads, as in
benchmarks/cases.py):

(a) the race: a bulky waste round-day with `--remaining` places left (10) and `--attempts`
    residents (200) trying to hold one each at once, one thread and one database connection
    each (`hold_booking` inside its own transaction, as the eForm's pay step calls it). The
    threads wait at a barrier and go together; at most `--connections` (40) hold a connection at
    the same moment, because PostgreSQL's max_connections (often 100) is shared with everything
    else on the server. Prints the holds made (must equal `--remaining`), the refusals
    (`SlotUnavailable`), any other errors (must be 0), the holds in the database afterwards, and
    the wall time. Exit status 1 if the counts are wrong.

(b) latency, `--samples` timed runs after `--warmup` untimed ones, p50/p95 against 100 ms, of
    the slot step and the pay step. By default (`--via http`) through Django's test client
    against the real eForm journey of the demo's "Book a bulky waste collection" form
    (demo/bookings.py), each sample a new resident who answers the earlier steps untimed:
    - the slot step: GET /forms/<slug>/date/ (the first ten dates with room for the items, on
      the demo's North round: Monday, Wednesday and Friday within its 42-day horizon, given
      60 items a day and a dozen days of bookings, one in four of them full);
    - the pay step: POST /forms/<slug>/pay/ after sending the form (the case is open, its
      booking held and its payment created): `submit_payment` to the sandbox, answered with the
      redirect to the sandbox's payment page.
    Then, and alone if that journey is not there (the forms app without its slot or pay step)
    or with `--via services`, it times the service calls behind the steps (the output says which
    were measured):
    - `round_for_postcode` + `available_slots(limit=10)` on a round with three months of
      bookings (some days full);
    - `hold_booking` + `start_payment` + `submit_payment` with the sandbox provider.

Drops the database at the end, also on errors, Ctrl-C and SIGTERM. See docs/bookings.md.

    .venv/bin/python benchmarks/bookings.py [--attempts 200] [--remaining 10]
                                            [--connections 40] [--samples 200] [--warmup 10]
                                            [--via http|services] [--server SERVER_URL]
"""

from __future__ import annotations

import argparse
import html
import itertools
import os
import platform
import re
import statistics
import sys
import threading
import time
from contextlib import nullcontext
from pathlib import Path
from urllib.parse import urlsplit

import harness
from harness import (
    DEFAULT_SERVER,
    BenchError,
    check_limits,
    create_database,
    drop_database,
    percentile,
)

SETTINGS_MODULE = "config.settings.dev"
TARGET_MS = 100.0
POSTCODE = "DS1 4AB"
REFERENCES = itertools.count(1)  # case references of the generated cases (unique, short)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--attempts", type=int, default=200, help="residents racing [200]")
    parser.add_argument("--remaining", type=int, default=10, help="places left on the day [10]")
    parser.add_argument(
        "--connections", type=int, default=40, help="database connections at once, at most [40]"
    )
    parser.add_argument("--samples", type=int, default=200, help="timed runs of each step [200]")
    parser.add_argument("--warmup", type=int, default=10, help="untimed runs of each first [10]")
    parser.add_argument(
        "--via",
        choices=["http", "services"],
        default="http",
        help="time the steps through the eForm journey, or their service calls [http]",
    )
    parser.add_argument(
        "--server",
        default=DEFAULT_SERVER,
        metavar="SERVER_URL",
        help=f"PostgreSQL server to create and drop the database on [{DEFAULT_SERVER}]",
    )
    args = parser.parse_args()
    limits = {
        "attempts": (2, 5_000),
        "remaining": (1, 1_000),
        "connections": (1, 90),
        "samples": (10, 100_000),
        "warmup": (1, 1_000),
    }
    check_limits(parser, args, limits)
    if args.remaining >= args.attempts:
        parser.error("--remaining must be less than --attempts (there must be a race)")
    if urlsplit(args.server).scheme not in ("postgres", "postgresql"):
        parser.error("--server must be a postgres:// URL")
    return args


# --- data ---------------------------------------------------------------------------------------


def make_cases(case_type, count: int, label: str) -> list:
    from crm.cases.models import Case, Customer

    customers = Customer.objects.bulk_create(
        Customer(name=f"Resident {label}{n}", email=f"{label}{n}@example.com", postcode=POSTCODE)
        for n in range(count)
    )
    year = time.gmtime().tm_year
    return Case.objects.bulk_create(
        Case(
            reference=f"BENCH-{next(REFERENCES):08d}",
            case_type=case_type,
            team=case_type.team,
            customer=customer,
            answers=[],
            due_date=f"{year + 1}-01-01",
        )
        for n, customer in enumerate(customers)
    )


def make_round(slug: str, capacity: int):
    from crm.bookings.enums import ResourceKind
    from crm.bookings.models import BookableResource

    return BookableResource.objects.create(
        name=f"Bulky waste {slug}",
        slug=slug,
        kind=ResourceKind.COLLECTION_ROUND,
        weekdays="0,1,2,3,4",
        daily_capacity=capacity,
        postcode_sectors="DS1 4\nDS1 5" if slug == "north" else "DS9 9",
        lead_time_days=1,
        horizon_days=90,
    )


def fill(resource, case_type, *, days: int, full_every: int, items_a_day: int) -> None:
    """Confirmed bookings on the first `days` days the resource works: `items_a_day` items on
    each, and every `full_every`-th day full."""
    from django.utils import timezone

    from crm.bookings.enums import BookingStatus
    from crm.bookings.models import Booking
    from crm.bookings.selectors import available_slots

    slots = available_slots(resource, limit=days).slots
    cases = make_cases(case_type, len(slots) * 2, f"fill-{resource.slug}-")
    bookings = []
    for number, slot in enumerate(slots):
        full = number % full_every == 0
        quantity = resource.daily_capacity if full else items_a_day
        for part, case in enumerate(cases[2 * number : 2 * number + 2]):
            bookings.append(
                Booking(
                    resource=resource,
                    case=case,
                    status=BookingStatus.CONFIRMED,
                    starts_at=slot.starts_at,
                    ends_at=slot.ends_at,
                    date=timezone.localtime(slot.starts_at).date(),
                    quantity=quantity // 2 + (quantity % 2 if part == 0 else 0),
                    confirmed_at=timezone.now(),
                )
            )
    Booking.objects.bulk_create(bookings)


def setup_data(args):
    from django.db import connection

    from crm.bookings.models import Booking
    from crm.bookings.selectors import available_slots
    from crm.cases.models import CaseType, Team
    from crm.payments.models import PaymentService

    team = Team.objects.create(name="Waste", slug="waste", email="waste@example.com")
    case_type = CaseType.objects.create(name="Bulky waste collection", slug="bulky", team=team)
    service = PaymentService.objects.create(name="Bulky waste", fund_code="F1", cost_code="C1")

    # (a) one round-day with `remaining` places left.
    race_round = make_round("race", capacity=args.remaining + 40)
    slot = available_slots(race_round, limit=1).slots[0]
    taken_case = make_cases(case_type, 1, "taken-")[0]
    Booking.objects.create(
        resource=race_round,
        case=taken_case,
        status="confirmed",
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        date=slot.starts_at.date(),
        quantity=40,
    )
    racers = make_cases(case_type, args.attempts, "race-")

    # (b) the round residents in DS1 4 get, with three months of bookings; another round.
    north = make_round("north", capacity=30)
    fill(north, case_type, days=60, full_every=4, items_a_day=12)
    # The pay step's holds go on a round of their own with room for all of them.
    south = make_round("south", capacity=1_000_000)
    payers = make_cases(case_type, args.samples + args.warmup, "pay-")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return race_round, slot, racers, north, south, service, payers


# --- (a) the race -------------------------------------------------------------------------------


def race(args, slot, racers) -> dict:
    from django.db import connection, transaction

    from crm.bookings.services import SlotUnavailable, hold_booking

    barrier = threading.Barrier(len(racers))
    gate = threading.BoundedSemaphore(args.connections)
    lock = threading.Lock()
    outcome = {"held": 0, "refused": 0, "errors": 0, "error_kinds": set()}

    def attempt(case) -> None:
        try:
            barrier.wait(timeout=60)
            with gate:
                try:
                    with transaction.atomic():
                        hold_booking(case=case, slot_key=slot.key, quantity=1)
                    key = "held"
                except SlotUnavailable:
                    key = "refused"
                finally:
                    connection.close()
        except Exception as exc:  # counted and named below
            key = "errors"
            with lock:
                outcome["error_kinds"].add(type(exc).__name__)
        with lock:
            outcome[key] += 1

    threads = [threading.Thread(target=attempt, args=(case,)) for case in racers]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    outcome["seconds"] = time.perf_counter() - started
    return outcome


# --- (b) latency --------------------------------------------------------------------------------


def time_calls(call, args) -> list[float]:
    for number in range(args.warmup):
        call(number)
    seconds = []
    for number in range(args.warmup, args.warmup + args.samples):
        began = time.perf_counter()
        call(number)
        seconds.append(time.perf_counter() - began)
    return seconds


def slot_step(north):
    from crm.bookings.selectors import available_slots, round_for_postcode

    def call(_number) -> None:
        resource = round_for_postcode(POSTCODE)
        page = available_slots(resource, quantity=3, limit=10)
        if resource != north or len(page.slots) != 10:
            raise BenchError("the slot step did not offer ten dates")

    return call


def pay_step(resource, service, payers):
    from django.db import transaction

    from crm.bookings.selectors import available_slots
    from crm.bookings.services import hold_booking
    from crm.payments.services import start_payment, submit_payment

    key = available_slots(resource, quantity=1, limit=1).slots[0].key
    lines = [{"label": "Sofa", "quantity": 1, "unit_amount": 2500, "amount": 2500, "kind": "item"}]

    def call(number) -> None:
        case = payers[number]
        with transaction.atomic():
            hold_booking(case=case, slot_key=key, quantity=1)
            payment = start_payment(
                case=case, service=service, line_items=lines, description="Bulky waste"
            )
            url = submit_payment(payment, return_url="http://testserver/forms/bulky/pay/return/")
        if "/payments/sandbox/" not in url:
            raise BenchError(f"unexpected payment page {url}")

    return call


# --- (b) through the eForm journey --------------------------------------------------------------

FORM_SLUG = "book-a-bulky-waste-collection"  # demo/content/booking_forms.py
JOURNEY_POSTCODE = "FN1 2AB"  # the demo's North round
DEMO_ROUND = "bulky-waste-north"
OPTION = re.compile(r'name="date-collection_date" type="radio" value="([^"]+)"')


class Journey:
    """One resident walking the demo bulky waste form with the test client."""

    def __init__(self, number: int):
        from django.test import Client

        self.client = Client()
        self.number = number

    def url(self, step: str = "") -> str:
        return f"/forms/{FORM_SLUG}/" + (f"{step}/" if step else "")

    def post(self, step: str, answers: dict, *, expect: int = 302):
        data = {f"{step}-{name}": value for name, value in answers.items()}
        response = self.client.post(self.url(step), data)
        if response.status_code != expect:
            raise BenchError(f"POST {self.url(step)} answered {response.status_code}")
        return response

    def before_slots(self) -> None:
        self.post(
            "address",
            {
                "address_line_1": f"{self.number} Mill Lane",
                "address_town": "Fernleigh",
                "address_postcode": JOURNEY_POSTCODE,
            },
        )
        self.post("items", {"items__sofa": "1"})

    def slot_page(self) -> str:
        response = self.client.get(self.url("date"))
        if response.status_code != 200:
            raise BenchError(f"GET {self.url('date')} answered {response.status_code}")
        return response.content.decode()

    def send(self, page: str) -> None:
        keys = OPTION.findall(page)
        if not keys:
            raise BenchError("the slot step offered no dates")
        # Residents spread over the dates offered, as they do (not all on the first).
        self.post("date", {"collection_date": html.unescape(keys[self.number % len(keys)])})
        self.post(
            "your-details",
            {"name": f"Resident {self.number}", "email": f"r{self.number}@example.com"},
        )
        response = self.client.post(self.url("check-your-answers"))
        if response.status_code != 302 or not response.url.endswith("/pay/"):
            raise BenchError(f"sending the form answered {response.status_code}, not the pay page")

    def pay(self) -> None:
        response = self.client.post(self.url("pay"))
        if response.status_code != 302 or "/payments/sandbox/" not in response.url:
            raise BenchError(f"the pay step answered {response.status_code}, not the sandbox")


class QueryCounter:
    """Counts the SQL queries run inside it (reported for the last warm-up run of each step)."""

    def __enter__(self):
        from django.db import connection

        self.count = 0
        self._wrapper = connection.execute_wrapper(self._count)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc_info):
        return self._wrapper.__exit__(*exc_info)

    def _count(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def http_steps(args) -> list[tuple[str, list[float]]]:
    """Each sample: a new resident answers the address and items (untimed), opens the slot step
    (timed), chooses a date, gives their details and sends (untimed), presses Pay (timed). The
    last warm-up run counts each step's queries."""
    slots, pays = [], []
    for number in range(args.warmup + args.samples):
        journey = Journey(number)
        journey.before_slots()
        counting = number == args.warmup - 1
        with QueryCounter() if counting else nullcontext() as slot_queries:
            began = time.perf_counter()
            page = journey.slot_page()
            slot_seconds = time.perf_counter() - began
        journey.send(page)
        with QueryCounter() if counting else nullcontext() as pay_queries:
            began = time.perf_counter()
            journey.pay()
            pay_seconds = time.perf_counter() - began
        if counting:
            QUERIES["slot"], QUERIES["pay"] = slot_queries.count, pay_queries.count
        if number >= args.warmup:
            slots.append(slot_seconds)
            pays.append(pay_seconds)
    return [
        (f"slot step: GET /forms/{FORM_SLUG}/date/ ({QUERIES['slot']} queries)", slots),
        (f"pay step: POST /forms/{FORM_SLUG}/pay/ ({QUERIES['pay']} queries)", pays),
    ]


QUERIES: dict[str, int] = {}


def load_journey() -> str:
    """The demo's booking forms and resources; '' if the eForm journey is ready, else why not."""
    try:
        from demo.bookings import booking_blocks_available, load_demo_bookings

        if not booking_blocks_available():
            return "the eForms have no booking_slot and priced_items blocks"
        load_demo_bookings(with_accounts=False)
        from django.urls import reverse

        from crm.bookings.models import BookableResource
        from crm.cases.models import CaseType

        reverse("eforms:pay", args=[FORM_SLUG])
        # The demo's North round, with room for every sample and six weeks of bookings (every
        # fourth day full), so the slot step skips full days as it would in the autumn rush.
        demo_round = BookableResource.objects.get(slug=DEMO_ROUND)
        demo_round.daily_capacity = 60
        demo_round.save(update_fields=["daily_capacity"])
        fill(
            demo_round,
            CaseType.objects.get(slug="bulky-waste"),
            days=12,
            full_every=4,
            items_a_day=12,
        )
    except Exception as exc:  # the forms' steps are not there yet
        return f"{type(exc).__name__}: {exc}"
    return ""


def report(args, outcome, held_in_db, steps, loads, via: str) -> bool:
    from importlib.metadata import version

    print()
    print(f"Python {platform.python_version()}, Django {version('django')}, {os.cpu_count()} CPUs")
    print(f"load average: {', '.join(f'{label} {value:.2f}' for label, value in loads)}")
    print()
    print(
        f"(a) race: {args.attempts} concurrent attempts (threads, one connection each, at most "
        f"{args.connections} at once) for {args.remaining} remaining places on one round-day"
    )
    print(f"    holds made:      {outcome['held']}  (must be {args.remaining})")
    print(f"    refused:         {outcome['refused']}  (SlotUnavailable)")
    kinds = ", ".join(sorted(outcome["error_kinds"])) or "-"
    print(f"    errors:          {outcome['errors']}  (must be 0; {kinds})")
    print(f"    holds in the DB: {held_in_db}")
    print(f"    wall time:       {outcome['seconds'] * 1000:.0f} ms")
    race_ok = (
        outcome["held"] == args.remaining == held_in_db
        and outcome["errors"] == 0
        and outcome["held"] + outcome["refused"] == args.attempts
    )
    print()
    print(f"(b) latency, {args.samples} samples after {args.warmup} warm-up runs; {via}")
    print(f"    {'step':<72} {'p50 ms':>7} {'p95 ms':>7} {'mean':>7} {'target':>7}")
    latency_ok = True
    for label, seconds in steps:
        p50 = harness.percentile(seconds, 0.50) * 1000
        p95 = percentile(seconds, 0.95) * 1000
        mean = statistics.fmean(seconds) * 1000
        ok = p95 < TARGET_MS
        latency_ok &= ok
        verdict = "ok" if ok else "MISSED"
        print(f"    {label:<72} {p50:7.1f} {p95:7.1f} {mean:7.1f} {'<100':>7} {verdict}")
    print()
    print(
        "race: "
        + ("OK" if race_ok else "WRONG")
        + "; latency: "
        + ("OK" if latency_ok else "MISSED")
    )
    return race_ok and latency_ok


def run(args: argparse.Namespace, tmp: Path, cleanups: list) -> int:
    loads = [("at start", os.getloadavg()[0])]
    name, database_url = create_database(args.server)
    cleanups.append(lambda: drop_database(args.server, name))
    print(f"Database {name} on {args.server}", flush=True)
    # As benchmarks/cases.py, with the sandbox provider on for the pay step.
    harness.setup_django(database_url, tmp, DOORSTEP_PAYMENTS_SANDBOX="true")

    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", interactive=False, verbosity=0)
    race_round, slot, racers, north, south, service, payers = setup_data(args)
    connection.close()

    print(f"Racing {args.attempts} holds for {args.remaining} places", flush=True)
    loads.append(("before the race", os.getloadavg()[0]))
    outcome = race(args, slot, racers)

    from crm.bookings.models import Booking

    held_in_db = Booking.objects.filter(resource=race_round, status="held").count()

    why_not = load_journey() if args.via == "http" else "--via services"
    print(f"Timing the slot and pay steps, {args.samples} each", flush=True)
    steps = []
    if not why_not:
        via = (
            "through Django's test client against the demo eForm journey, then the service calls "
            "behind those steps on their own (in-process)"
        )
        steps += http_steps(args)
    else:
        via = f"the service calls behind the eForm steps, in-process (not HTTP: {why_not})"
    steps += [
        (
            "services: round_for_postcode + available_slots(10)",
            time_calls(slot_step(north), args),
        ),
        (
            "services: hold_booking + start_payment + submit_payment",
            time_calls(pay_step(south, service, payers), args),
        ),
    ]
    loads.append(("after", os.getloadavg()[0]))
    return 0 if report(args, outcome, held_in_db, steps, loads, via) else 1


def main() -> int:
    return harness.main(run, parse_args(), prefix="doorstep-bench-bookings-")


if __name__ == "__main__":
    sys.exit(main())
