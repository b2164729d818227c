"""How long sending an eForm, a staff queue, a case page and a case search take, on a database
with years of cases.

Creates a uniquely named PostgreSQL database, migrates it and fills it with a generated history
(100,000 cases over two years by default, with their customers and timeline events), written by
PostgreSQL COPY with the tables' indexes dropped and built again afterwards (a million cases in
a few minutes on a quiet machine), and the case search vectors written with the services' own
statement. Then, in this process, with Django's test client on development settings with DEBUG
off, it times:

- the eForm wizard's final submit (POST /forms/report-fly-tipping/check-your-answers/, which
  opens the case through `open_case`), and `open_case(...)` called on its own;
- the staff queues, the whole admin page as a team member sees it (50 cases a page): page 1 and
  page 500 (by cursor, as the "Next" links reach it), every filter alone, several together,
  every sort order and "My cases", with the queries each costs and the plan of each page's SQL;
- the case page of the customer with the most cases (its lists are limited);
- Cases > Search cases for a term in about 2% of cases and one in about 20% (`--no-search` skips).

It prints percentiles next to the targets and drops the database at the end, also on errors,
Ctrl-C and SIGTERM. `--passes 2` times every queue page twice over, interleaved, to show how
noisy the machine is. See benchmarks/README.md.

    .venv/bin/python benchmarks/cases.py [--cases 100000] [--customers 20000] [--samples 200]
                                         [--passes 1] [--warmup 5] [--seed 1] [--no-search]
                                         [--server SERVER_URL]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import statistics
import sys
import time
import uuid
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import timedelta
from importlib.metadata import version
from itertools import accumulate
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
FORM_SLUG = "report-fly-tipping"  # a demo form from demo.forms.load_demo_forms()
SUBMIT_TARGET_MS = 100.0
QUEUE_TARGET_MS = 50.0
# Staff case search (--search): a term in about 2% of cases, and one in about 20% of them.
SEARCH_TERMS = (("bollard", 50.0), ("cycle lane", 250.0))
HISTORY_DAYS = 730
CHUNK = 100_000  # cases generated and copied at a time (with their events)

# The generated history. Weights are percentages (they need not add up to 100).
CASE_TYPE_WEIGHTS = {"pothole": 60, "fly-tipping": 20, "street-furniture": 8, "noise": 12}
CHANNEL_WEIGHTS = {
    "web": 70,
    "phone": 18,
    "email": 6,
    "face_to_face": 3,
    "post": 1,
    "councillor": 1,
    "api": 1,
}
PRIORITY_WEIGHTS = {"normal": 80, "high": 10, "low": 7, "urgent": 3}
WITHIN_TARGET_STATUS = {"received": 45, "in_progress": 35, "awaiting_customer": 10, "resolved": 10}
BACKLOG_STATUS = {"in_progress": 55, "awaiting_customer": 25, "received": 20}
FINISHED_STATUS = {"resolved": 40, "closed": 60}
STREETS = (
    "Mill Lane",
    "Station Road",
    "Church Street",
    "High Street",
    "Victoria Road",
    "Park Avenue",
    "Queens Road",
    "Green Lane",
    "Manor Way",
    "Orchard Close",
    "Bridge Street",
    "Kings Drive",
    "Meadow View",
    "School Lane",
    "The Crescent",
)
FIRST_NAMES = ("Ann", "Ben", "Cara", "Dev", "Ella", "Finn", "Gita", "Hugo", "Isla", "Jay", "Kemi")
LAST_NAMES = ("Adeyemi", "Brown", "Chen", "Davies", "Evans", "Khan", "Nowak", "Okafor", "Patel")
WASTE = ["household-rubbish-bags", "furniture", "mattresses", "electrical-items", "tyres"]

# The answers a generated case keeps, by case type: (question, key, possible answers).
ANSWER_SHAPES = {
    "pothole": [
        ("How big is the pothole?", "size", ["Smaller than a football", "Bigger than a tyre"]),
        ("Is it on the road or the pavement?", "surface", ["Road", "Pavement", "Cycle lane"]),
    ],
    "fly-tipping": [
        ("What has been dumped?", "waste_types", ["Furniture", "Mattresses", "Tyres, Bags"]),
        ("Is anything hazardous?", "hazardous", ["No", "No", "Yes"]),
    ],
    "street-furniture": [
        ("What is damaged?", "item", ["Bench", "Bollard", "Street sign", "Bus shelter"]),
    ],
    "noise": [
        ("What is the noise?", "noise_type", ["Barking dogs", "Music", "Alarms", "Building work"]),
        ("When does it happen?", "times", ["Every evening", "At weekends", "At night"]),
    ],
}


@dataclass
class Measure:
    label: str
    target_ms: float | None
    seconds: list[float] = field(default_factory=list)
    query_counts: list[int] = field(default_factory=list)  # warm-up runs only
    sql_seconds: list[float] = field(default_factory=list)  # time in SQL, warm-up runs only
    # CPU time of this process (Django, templates, the driver; not PostgreSQL's), timed runs:
    # what a page costs on a core of its own, less sensitive to other work on the machine.
    cpu_seconds: list[float] = field(default_factory=list)
    slowest: list[tuple[float, str]] = field(default_factory=list)  # each warm-up's slowest

    def capture(self, queries: SqlTimer) -> None:
        """Note the queries of one warm-up run."""
        self.query_counts.append(queries.count)
        self.sql_seconds.append(queries.seconds)
        self.slowest.append(queries.slowest)


class SqlTimer:
    """Counts the queries run inside it and the time spent executing them."""

    def __enter__(self):
        from django.db import connection

        self.count, self.seconds, self.slowest = 0, 0.0, (0.0, "")
        self.statements: list[tuple[str, tuple]] = []
        self._wrapper = connection.execute_wrapper(self._time)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc_info):
        return self._wrapper.__exit__(*exc_info)

    def _time(self, execute, sql, params, many, context):
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            took = time.perf_counter() - began
            self.seconds += took
            self.count += 1
            self.slowest = max(self.slowest, (took, sql))
            self.statements.append((sql, params))


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=100_000, help="cases to generate [100000]")
    parser.add_argument(
        "--customers", type=int, default=20_000, help="customers to generate [20000]"
    )
    parser.add_argument("--samples", type=int, default=200, help="timed runs of each [200]")
    parser.add_argument(
        "--passes",
        type=int,
        default=1,
        help="time every queue page this many times over, interleaved, to show the noise [1]",
    )
    parser.add_argument("--warmup", type=int, default=5, help="untimed runs of each first [5]")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the history [1]")
    parser.add_argument(
        "--no-search",
        dest="search",
        action="store_false",
        help="skip the case search index and the timing of Cases > Search cases",
    )
    parser.add_argument(
        "--search", action="store_true", help=argparse.SUPPRESS
    )  # the default now; kept so older command lines still run
    parser.add_argument(
        "--server",
        default=DEFAULT_SERVER,
        metavar="SERVER_URL",
        help=f"PostgreSQL server to create and drop the database on [{DEFAULT_SERVER}]",
    )
    args = parser.parse_args()
    limits = {
        "cases": (100, 5_000_000),
        "customers": (10, 1_000_000),
        "samples": (10, 100_000),
        "warmup": (1, 1_000),
        "passes": (1, 5),
    }
    check_limits(parser, args, limits)
    if urlsplit(args.server).scheme not in ("postgres", "postgresql"):
        parser.error("--server must be a postgres:// URL")
    return args


# --- the throwaway database ---------------------------------------------------------------------


# --- the generated history ----------------------------------------------------------------------


_CUMULATIVE: dict[int, tuple[list[str], list[int]]] = {}


def weighted(rng: random.Random, weights: dict[str, int]) -> str:
    """One key, at random in proportion to its weight (the tables are worked out once: this
    runs several times for each of a million cases)."""
    table = _CUMULATIVE.get(id(weights))
    if table is None:
        table = _CUMULATIVE[id(weights)] = (list(weights), list(accumulate(weights.values())))
    return rng.choices(table[0], cum_weights=table[1])[0]


def create_people_and_types():
    """The demo forms (with their teams and case types), a Highways team with a pothole case
    type, a member of staff in Highways who can use the admin, and a few officers per team."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    from crm.cases.models import CaseType, Team
    from demo.forms import load_demo_forms

    load_demo_forms()
    highways = Team.objects.create(name="Highways", slug="highways", email="hw@example.com")
    CaseType.objects.create(name="Report a pothole", slug="pothole", team=highways)
    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    user_model = get_user_model()
    staff = user_model.objects.create_user(
        username="bench-staff", first_name="Ada", last_name="Able", email="ada@example.com"
    )
    staff.user_permissions.add(access_admin)
    highways.members.add(staff)
    officers = {}
    for team in Team.objects.all():
        members = [staff] if team == highways else []
        for number in range(4 if team == highways else 3):
            user = user_model.objects.create_user(
                username=f"officer-{team.slug}-{number}",
                first_name=FIRST_NAMES[number],
                last_name=team.name.split()[0],
            )
            user.user_permissions.add(access_admin)
            members.append(user)
        team.members.add(*members)
        officers[team.pk] = members
    case_types = {case_type.slug: case_type for case_type in CaseType.objects.all()}
    return staff, highways, case_types, officers


def copy_rows(table: str, columns: list[str], rows) -> int:
    """COPY rows (tuples in `columns` order) into `table` on Django's connection; returns how
    many were written."""
    from django.db import connection

    connection.ensure_connection()
    names = ", ".join(f'"{column}"' for column in columns)
    written = 0
    statement = f'COPY "{table}" ({names}) FROM STDIN'
    with connection.connection.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
            written += 1
    return written


def drop_secondary_indexes(tables: list[str]) -> list[str]:
    """Drop the tables' indexes and unique constraints other than their primary keys, so COPY
    writes only the heap; returns the statements that put them back (`restore_indexes`)."""
    from django.db import connection

    restore = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'u' AND conrelid::regclass::text = ANY(%s)",
            [tables],
        )
        for table, name, definition in cursor.fetchall():
            cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
            restore.append(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) "
            "FROM pg_index i WHERE i.indrelid::regclass::text = ANY(%s) AND NOT i.indisprimary",
            [tables],
        )
        for name, definition in cursor.fetchall():
            cursor.execute(f"DROP INDEX {name}")
            restore.append(definition)
    return restore


def restore_indexes(statements: list[str]) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '256MB'")
        for statement in statements:
            cursor.execute(statement)


def make_customers(rng: random.Random, count: int) -> tuple[list[int], dict, dict]:
    """Customers by COPY; returns their ids, emails and names."""
    from django.db import connection
    from django.utils import timezone

    from crm.cases.models import Customer

    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM cases_customer")
        first_id = cursor.fetchone()[0] + 1
    now = timezone.now()
    columns = [field.column for field in Customer._meta.concrete_fields]
    ids, emails, names = [], {}, {}

    def rows():
        for number in range(count):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            has_address = rng.random() < 0.5
            pk = first_id + number
            values = {
                "id": pk,
                "name": f"{first} {last}",
                "email": f"{first}.{last}.{number}@example.com".lower(),
                "email_verified": rng.random() < 0.3,
                "phone": f"07700 9{number % 100_000:05d}" if rng.random() < 0.4 else "",
                "address_line_1": f"{rng.randint(1, 200)} {rng.choice(STREETS)}"
                if has_address
                else "",
                "address_line_2": "",
                "town": "Fernleigh" if has_address else "",
                "postcode": f"FN{rng.randint(1, 9)} {rng.randint(1, 9)}AB" if has_address else "",
                "user_id": None,
                "merged_into_id": None,
                "erased_at": None,
                "created_at": now,
                "updated_at": now,
            }
            ids.append(pk)
            emails[pk] = values["email"]
            names[pk] = values["name"]
            yield tuple(values[column] for column in columns)

    copy_rows(Customer._meta.db_table, columns, rows())
    reset_sequence(Customer)
    return ids, emails, names


def reset_sequence(model) -> None:
    """New rows carry on after the ids COPY wrote."""
    from django.db import connection
    from django.db.models import Max

    last = model.objects.aggregate(last=Max("pk"))["last"] or 1
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [model._meta.db_table, last]
        )


def generate_history(args, case_types, officers) -> dict:
    """Cases over the past two years, oldest first, with realistic statuses for their age.

    This is test data, not what anyone did, so it is written straight into the tables with
    PostgreSQL's COPY (a million cases and their events in a few minutes) instead of going
    through `open_case` and the workflow services (which would take days): each case gets the
    "created" event open_case writes, plus an "assigned" and a "status changed" event where its
    state implies them. The tables' secondary indexes are dropped for the COPY and built again
    afterwards, and foreign keys are not checked row by row (the rows are made consistent).
    References are numbered per year in date order and the reference counters are set to match,
    so new cases carry on from them. With `args.search`, the case search vectors are written
    as `manage.py rebuild_case_search` would, before the case indexes are rebuilt.
    """
    from django.db import connection, transaction
    from django.utils import timezone

    from crm.cases.calendar import add_working_days
    from crm.cases.models import Case, CaseEvent, ReferenceCounter
    from crm.cases.references import format_reference, reference_prefix
    from crm.cases.workflows import version_for_new_case

    rng = random.Random(args.seed)  # noqa: S311 (test data, not security)
    started = time.monotonic()
    timings = {}
    with transaction.atomic():
        customer_ids, customers, names = make_customers(rng, args.customers)
    timings["customers"] = time.monotonic() - started

    now = timezone.now()
    created = sorted(
        now - timedelta(seconds=rng.uniform(0, HISTORY_DAYS * 86_400)) for _ in range(args.cases)
    )
    due_cache: dict = {}
    numbers: dict[int, int] = {}
    prefix = reference_prefix()
    case_columns = [field.column for field in Case._meta.concrete_fields]
    event_columns = [field.column for field in CaseEvent._meta.concrete_fields]
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM cases_case")
        first_case = cursor.fetchone()[0] + 1
        cursor.execute("SELECT coalesce(max(id), 0) FROM cases_caseevent")
        first_event = cursor.fetchone()[0] + 1
    events: list[tuple] = []
    next_event = [first_event]
    type_list = [case_types[slug] for slug in CASE_TYPE_WEIGHTS]
    type_weights = list(CASE_TYPE_WEIGHTS.values())
    officer_ids = {team_id: [user.pk for user in users] for team_id, users in officers.items()}
    # Every case follows the standard workflow (its states are the statuses), as the data
    # migration leaves the cases made before workflows.
    versions = {slug: version_for_new_case(case_type) for slug, case_type in case_types.items()}

    def event(values: dict) -> None:
        values.setdefault("is_public", False)
        values.setdefault("message", "")
        values.setdefault("from_status", "")
        values.setdefault("to_status", "")
        values.setdefault("actor_id", None)
        values.setdefault("data", "{}")
        values["id"] = next_event[0]
        next_event[0] += 1
        events.append(tuple(values[column] for column in event_columns))

    def case_rows(start: int):
        for number, created_at in enumerate(created[start : start + CHUNK], start):
            case_type = rng.choices(type_list, weights=type_weights)[0]
            opened_on = timezone.localdate(created_at)
            key = (opened_on, case_type.sla_working_days)
            age_days = (now - created_at).total_seconds() / 86_400
            sla_days = case_type.sla_working_days * 1.4  # in calendar days, roughly
            if age_days <= sla_days:
                status = weighted(rng, WITHIN_TARGET_STATUS)
            elif rng.random() < max(0.02, 0.5 * math.exp(-age_days / 45)):
                status = weighted(rng, BACKLOG_STATUS)  # the older, the rarer still open
            else:
                status = weighted(rng, FINISHED_STATUS)
            resolved_at = closed_at = None
            if status in ("resolved", "closed"):
                resolved_at = min(now, created_at + timedelta(days=rng.uniform(0.2, sla_days * 2)))
                if status == "closed":
                    closed_at = min(now, resolved_at + timedelta(days=rng.uniform(0, 20)))
                    if rng.random() < 0.15:
                        resolved_at = None  # closed without being resolved (a duplicate, say)
            assigned = rng.random() < (0.15 if status == "received" else 0.85)
            customer_id = None
            if rng.random() < 0.92:  # the rest came by phone without a name
                customer_id = customer_ids[int(len(customer_ids) * rng.random() ** 1.5)]
            channel = weighted(rng, CHANNEL_WEIGHTS)
            location = f"{rng.randint(1, 200)} {rng.choice(STREETS)}, Fernleigh"
            answers = [{"question": "Where is it?", "answer": location, "key": "location"}]
            answers += [
                {"question": question, "answer": rng.choice(choices), "key": key}
                for question, key, choices in ANSWER_SHAPES[case_type.slug]
            ]
            if customer_id:
                answers += [
                    {"question": "Full name", "answer": names[customer_id], "key": "name"},
                    {"question": "Email address", "answer": customers[customer_id], "key": "email"},
                ]
            year = opened_on.year
            numbers[year] = numbers.get(year, 0) + 1
            pk = first_case + number
            officer = rng.choice(officer_ids[case_type.team_id]) if assigned else None
            values = {
                "id": pk,
                "reference": format_reference(prefix, year, numbers[year]),
                "uuid": uuid.UUID(int=rng.getrandbits(128), version=4),
                "case_type_id": case_type.pk,
                "status": status,
                "priority": weighted(rng, PRIORITY_WEIGHTS),
                "channel": channel,
                "customer_id": customer_id,
                "answers": json.dumps(answers),
                "location_text": location,
                "team_id": case_type.team_id,
                "assigned_to_id": officer,
                "due_date": due_cache[key],
                "submission_key": f"eform-{rng.getrandbits(128):032x}"
                if channel == "web"
                else None,
                "created_at": created_at,
                "updated_at": created_at,
                "resolved_at": resolved_at,
                "closed_at": closed_at,
                "tracking_nonce": f"{rng.getrandbits(64):016x}",
                "anonymised_at": None,
                "search_vector": None,
                "workflow_version_id": getattr(versions[case_type.slug], "pk", None),
                "state": status,
                "clock_started_on": opened_on,
                "clock_target_days": None,
                "extension_working_days": 0,
                "clock_stopped": False,
                "acknowledge_by": None,
                "acknowledged_at": None,
                "workflow_data": "{}",
                "duplicate_of_id": None,
            }
            yield tuple(values[column] for column in case_columns)
            # Its timeline, as open_case and the workflow would have written it.
            event(
                {
                    "case_id": pk,
                    "kind": "created",
                    "is_public": True,
                    "to_status": "received",
                    "data": json.dumps({"channel": channel}),
                    "created_at": created_at,
                }
            )
            end = closed_at or resolved_at or now
            if officer:
                event(
                    {
                        "case_id": pk,
                        "kind": "assigned",
                        "actor_id": officer,
                        "message": "Assigned",
                        "data": json.dumps({"to_team": case_type.team_id, "to_officer": officer}),
                        "created_at": created_at + (end - created_at) * rng.uniform(0, 0.3),
                    }
                )
            if status != "received":
                event(
                    {
                        "case_id": pk,
                        "kind": "status_changed",
                        "is_public": True,
                        "actor_id": officer,
                        "from_status": "received",
                        "to_status": status,
                        "created_at": created_at + (end - created_at) * rng.uniform(0.3, 1),
                    }
                )
            if (number + 1) % 100_000 == 0:
                print(f"  {number + 1:>9,} cases  {time.monotonic() - started:6.1f}s", flush=True)

    # Due dates first: the calendar may read closure days from the database, which cannot be
    # queried on the connection while a COPY is under way.
    for opened_on in {timezone.localdate(created_at) for created_at in created}:
        for days in {case_type.sla_working_days for case_type in type_list}:
            due_cache[(opened_on, days)] = add_working_days(opened_on, days)
    tables = [Case._meta.db_table, CaseEvent._meta.db_table]
    with transaction.atomic():
        with connection.cursor() as cursor:
            # The rows are consistent by construction: skip the per-row foreign key triggers.
            cursor.execute("SET LOCAL session_replication_role = replica")
        restore = drop_secondary_indexes(tables)
        event_count = 0
        for start in range(0, args.cases, CHUNK):
            copy_rows(Case._meta.db_table, case_columns, case_rows(start))
            copy_rows(CaseEvent._meta.db_table, event_columns, events)
            event_count += len(events)
            events.clear()
        timings["cases and events"] = time.monotonic() - started
        # The events' indexes first: the search vectors read each case's timeline.
        event_indexes = [
            sql for sql in restore if CaseEvent._meta.db_table in sql.split(" ON ")[-1]
        ]
        restore_indexes(event_indexes)
        if args.search:
            write_search_vectors(first_case, first_case + args.cases)
            timings["search vectors"] = time.monotonic() - started
        restore_indexes([sql for sql in restore if sql not in event_indexes])
        timings["indexes"] = time.monotonic() - started
    reset_sequence(Case)
    reset_sequence(CaseEvent)
    ReferenceCounter.objects.bulk_create(
        ReferenceCounter(prefix=prefix, year=year, last_number=last)
        for year, last in numbers.items()
    )
    inserted = time.monotonic() - started
    # What autovacuum would have done by now on a live site: statistics for the planner and
    # visibility maps for index-only scans.
    tables = ", ".join(("cases_customer", *tables))
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {tables}")
    timings["vacuum"] = time.monotonic() - started
    return {
        "inserted": inserted,
        "total": time.monotonic() - started,
        "events": event_count,
        "timings": timings,
    }


def write_search_vectors(first_id: int, end_id: int, batch: int = 100_000) -> None:
    """The search vector of every generated case, with the statement the case services use
    (`crm.cases.search.UPDATE_SQL`), in batches of ids."""
    from django.db import connection

    from crm.cases.search import UPDATE_SQL

    with connection.cursor() as cursor:
        for start in range(first_id, end_id, batch):
            cursor.execute(UPDATE_SQL, [list(range(start, min(start + batch, end_id)))])


# --- what is timed ------------------------------------------------------------------------------


def wizard_answers(rng: random.Random, email: str) -> dict[str, dict]:
    """Answers to each step of the fly-tipping form, keyed by step (the hazard step is asked only
    when the answer to "Is anything hazardous?" is yes)."""
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    return {
        "location": {
            "location": f"Outside {rng.randint(1, 200)} {rng.choice(STREETS)}, Fernleigh",
            "location_details": "Next to the bus stop" if rng.random() < 0.5 else "",
        },
        "waste": {"waste_types": rng.sample(WASTE, rng.randint(1, 3))},
        "hazardous": {"hazardous": "yes" if rng.random() < 0.1 else "no"},
        "hazard": {"hazard_details": "Paint tins and a gas bottle"},
        "photos": {},
        "your-details": {"name": f"{first} {last}", "email": email, "phone": ""},
    }


def submit_form(client, rng: random.Random, email: str, *, capture: bool = False):
    """One resident's run through the form; only the final POST is timed. Returns its duration
    in seconds and, with capture, the SqlTimer of its queries."""

    start_url = f"/forms/{FORM_SLUG}/"
    check_url = f"/forms/{FORM_SLUG}/check-your-answers/"
    expect(client.get(start_url), 200, start_url)  # the introduction; the first POST starts the run
    answers = wizard_answers(rng, email)
    url = f"/forms/{FORM_SLUG}/location/"
    for _ in range(10):
        if url == check_url:
            break
        step = url.rstrip("/").rsplit("/", 1)[-1]
        data = {f"{step}-{name}": value for name, value in answers[step].items()}
        url = expect(client.post(url, data), 302, url)["Location"]
    else:
        raise BenchError(f"the form never reached {check_url}")
    expect(client.get(check_url), 200, check_url)
    with SqlTimer() if capture else nullcontext() as queries:
        began = time.perf_counter()
        response = client.post(check_url)
        took = time.perf_counter() - began
    expect(response, 302, f"POST {check_url}")
    if not response["Location"].endswith(f"/forms/{FORM_SLUG}/confirmation/"):
        raise BenchError(f"POST {check_url} went to {response['Location']}, not the confirmation")
    return took, queries


def open_case_directly(rng: random.Random, case_type, customer) -> float:
    from crm.cases.services import open_case

    location = f"Outside {rng.randint(1, 200)} {rng.choice(STREETS)}, Fernleigh"
    answers = [
        {"question": "Where is the fly-tipping?", "answer": location, "key": "location"},
        {"question": "What has been dumped?", "answer": "Mattresses, Tyres", "key": "waste_types"},
        {"question": "Is anything hazardous?", "answer": "No", "key": "hazardous"},
        {"question": "Full name", "answer": customer.name, "key": "name"},
        {"question": "Email address", "answer": customer.email, "key": "email"},
    ]
    began = time.perf_counter()
    # Its own transaction (no atomic block is open here), so the outbox's on-commit hook runs.
    open_case(
        case_type=case_type,
        answers=answers,
        customer=customer,
        location_text=location,
        submission_key=f"bench-{uuid.uuid4().hex}",
    )
    return time.perf_counter() - began


def expect(response, status: int, what: str):
    if response.status_code != status:
        body = response.content[:500].decode(errors="replace") if response.content else ""
        where = response.get("Location", "")
        raise BenchError(
            f"{what} answered {response.status_code}, not {status} {where}\n    | {body}"
        )
    return response


def measure_submissions(args, rng: random.Random) -> tuple[Measure, Measure]:
    from django.test import Client

    from crm.cases.models import Case, CaseType, Customer

    submit = Measure(f"eForm final submit (POST {FORM_SLUG}/check-your-answers/)", SUBMIT_TARGET_MS)
    direct = Measure("open_case() alone (customer found beforehand)", None)
    emails = list(Customer.objects.order_by("?").values_list("email", flat=True)[:1000])

    def resident_email() -> str:
        # Half the residents have sent something before (their customer record is found).
        return rng.choice(emails) if rng.random() < 0.5 else f"new.{uuid.uuid4().hex}@example.net"

    before = Case.objects.count()
    for _ in range(args.warmup):
        submit.capture(submit_form(Client(), rng, resident_email(), capture=True)[1])
    for number in range(args.samples):
        submit.seconds.append(submit_form(Client(), rng, resident_email())[0])
        if (number + 1) % 50 == 0:
            print(f"  form submits {number + 1:>5}/{args.samples}", flush=True)
    sent = Case.objects.count() - before
    if sent != args.warmup + args.samples:
        raise BenchError(f"{args.warmup + args.samples} form submits opened {sent} cases")

    case_type = CaseType.objects.select_related("team").get(slug="fly-tipping")
    customers = list(Customer.objects.order_by("?")[: args.samples + args.warmup])
    for number in range(args.warmup):
        with SqlTimer() as queries:
            open_case_directly(rng, case_type, customers[number])
        direct.capture(queries)
    for number in range(args.samples):
        direct.seconds.append(open_case_directly(rng, case_type, customers[args.warmup + number]))
    return submit, direct


def queue_cases(staff, query: dict, *, mine: bool = False):
    """The queryset a queue URL pages through (for counts, cursors and plans; not timed)."""
    from crm.cases.admin.forms import QueueFilterForm
    from crm.cases.selectors import cases_for_team_queue

    data = {"status": "" if mine else "open", **{k: str(v) for k, v in query.items()}}
    form = QueueFilterForm(data, user=staff, with_team=not mine)
    if not form.is_valid():
        raise BenchError(f"queue filters {query} are not valid: {form.errors}")
    filters = form.queue_filters()
    if mine:
        return cases_for_team_queue(user=staff, officer=staff, **filters)
    return cases_for_team_queue(user=staff, **filters)


def queue_targets(staff, team, case_types) -> list[tuple[str, dict, bool, int]]:
    """(label, query, is "My cases", page): the queue's filters alone and combined, its sort
    orders, and page 500 (reached by a cursor, as the "Next" links carry it)."""
    from django.utils import timezone

    today = timezone.localdate()
    week_ago = (today - timedelta(days=7)).isoformat()
    year_ago = today - timedelta(days=365)
    month = {
        "created_from": year_ago.isoformat(),
        "created_to": (year_ago + timedelta(30)).isoformat(),
    }
    team_only = {"team": team.pk}
    every = {"team": team.pk, "status": ""}
    pothole = case_types["pothole"].pk
    return [
        ("open (default), page 1", team_only, False, 1),
        ("open (default), page 500", team_only, False, 500),
        ("all statuses, page 1", every, False, 1),
        ("all statuses, page 500", every, False, 500),
        ("all my teams, open, page 1", {}, False, 1),
        ("all my teams, all statuses, page 500", {"status": ""}, False, 500),
        *(
            (f"status {status}", {"team": team.pk, "status": status}, False, 1)
            for status in ("received", "in_progress", "awaiting_customer", "resolved", "closed")
        ),
        ("overdue", {**team_only, "overdue": "on"}, False, 1),
        ("due today", {**team_only, "due_today": "on"}, False, 1),
        ("channel phone", {**team_only, "channel": "phone"}, False, 1),
        ("channel post (1%)", {**team_only, "channel": "post"}, False, 1),
        ("case type pothole", {**team_only, "case_type": pothole}, False, 1),
        ("created in the last 7 days", {**team_only, "created_from": week_ago}, False, 1),
        ("all statuses, a month a year ago", {**every, **month}, False, 1),
        *(
            (f"sorted {order}", {**team_only, "order": order}, False, 1)
            for order in ("-due_date", "created_at", "-created_at", "reference")
        ),
        ("all statuses, sorted -created_at", {**every, "order": "-created_at"}, False, 1),
        ("all statuses, sorted reference, page 500", {**every, "order": "reference"}, False, 500),
        (
            "in progress + overdue",
            {**team_only, "status": "in_progress", "overdue": "on"},
            False,
            1,
        ),
        (
            "open + phone + overdue + pothole",
            {**team_only, "channel": "phone", "overdue": "on", "case_type": pothole},
            False,
            1,
        ),
        (
            "all statuses + email + last 7 days, -created_at",
            {**every, "channel": "email", "created_from": week_ago, "order": "-created_at"},
            False,
            1,
        ),
        (
            "closed + pothole + a month a year ago, created_at",
            {**every, **month, "status": "closed", "case_type": pothole, "order": "created_at"},
            False,
            1,
        ),
        ("My cases (open first), page 1", {}, True, 1),
        ("My cases (open first), page 500", {}, True, 500),
        ("My cases, open only", {"status": "open"}, True, 1),
    ]


def measure_queues(args, staff, team, case_types) -> tuple[list[Measure], dict]:
    """Every queue page in `queue_targets`, the whole admin page through the test client, as
    the team member sees it; page 500's cursor is worked out (untimed) from the 24,950th row,
    as walking 499 "Next" links would find it."""
    from urllib.parse import urlencode

    from django.test import Client

    from crm.cases.admin.queues import CURSOR_PARAM, PAGE_PARAM, PAGE_SIZE
    from crm.cases.selectors import (
        make_cursor,
        make_open_first_cursor,
        open_cases_first,
        open_first_queue_page,
        queue_page,
    )

    client = Client()
    client.force_login(staff)
    counts, plans, targets = {}, {}, []
    for label, query, mine, page in queue_targets(staff, team, case_types):
        cases = queue_cases(staff, query, mine=mine)
        total = cases.count()
        counts[label] = total
        params = dict(query)
        cursor = None
        if page > 1:
            if total <= (page - 1) * PAGE_SIZE:
                print(f"  skipped {label}: only {total:,} cases", flush=True)
                continue
            keys = [str(key) for key in cases.query.order_by]
            if mine:
                row = open_cases_first(cases)[(page - 1) * PAGE_SIZE - 1]
                cursor = make_open_first_cursor(keys, row, before=False)
            else:
                cursor = make_cursor(keys, cases[(page - 1) * PAGE_SIZE - 1], before=False)
            params |= {CURSOR_PARAM: cursor, PAGE_PARAM: page}
        pager = open_first_queue_page if mine else queue_page
        with SqlTimer() as statements:
            pager(cases, cursor=cursor, page_size=PAGE_SIZE)
        plans[label] = statements.statements  # the page, then the capped count
        path = "/admin/cases/mine/" if mine else "/admin/cases/queues/"
        url = f"{path}?{urlencode(params)}" if params else path
        expected = min(PAGE_SIZE, total - (page - 1) * PAGE_SIZE)
        targets.append((Measure(f"queue: {label}", QUEUE_TARGET_MS), url, expected))
    for measure, url, expected_rows in targets:
        for _ in range(args.warmup):
            with SqlTimer() as queries:
                response = expect(client.get(url), 200, url)
            measure.capture(queries)
        rows = response.content.decode().count('<td><a href="/admin/cases/')
        if rows != expected_rows:
            raise BenchError(f"{url} showed {rows} cases, not {expected_rows}")
    timed = [(measure, url) for measure, url, _ in targets]
    for repeat in range(2, args.passes + 1):  # the same pages again, to show the noise
        timed += [(Measure(f"{m.label} (pass {repeat})", m.target_ms), url) for m, url in timed]
    for measure, _ in timed:
        if not measure.query_counts:
            twin = next(m for m, _ in timed if measure.label.startswith(m.label))
            measure.query_counts, measure.sql_seconds = twin.query_counts, twin.sql_seconds
            measure.slowest = twin.slowest
    for number in range(args.samples):
        shift = number % len(timed)  # rotate the order so no URL always follows another
        for measure, url in timed[shift:] + timed[:shift]:
            began, cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            measure.seconds.append(time.perf_counter() - began)
            measure.cpu_seconds.append(time.process_time() - cpu)
            expect(response, 200, url)
        if (number + 1) % 25 == 0:
            print(f"  queue rounds {number + 1:>5}/{args.samples}", flush=True)
    counts["plans"] = {label: explain(statements) for label, statements in plans.items()}
    return [measure for measure, _ in timed], counts


def explain(statements: list[tuple[str, tuple]]) -> list[str]:
    """EXPLAIN ANALYZE of a queue page's statements (the page, the capped count)."""
    from django.db import connection

    lines = []
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
            lines += [row[0] for row in cursor.fetchall()] + [""]
    return lines


def plan_summary(lines: list[str]) -> str:
    """How the cases were found and sorted, and how long each statement took."""
    keep = ("on cases_case ", "on cases_case\n", "Sort  ", "Sort (", "Execution Time")
    nodes = [
        line.strip().removeprefix("->").strip().split("  (")[0]
        for line in lines
        if any(word in line + "\n" for word in keep)
    ]
    return "; ".join(nodes)


def measure_case_page(args, staff, team) -> Measure:
    """The case page of the busiest customer's newest case in the team: the longest "other
    cases" list the generated history has (limited on the page, with a link to the rest)."""
    from django.db.models import Count
    from django.test import Client

    from crm.cases.models import Case

    busiest = (
        Case.objects.filter(team=team, customer__isnull=False)
        .values("customer")
        .annotate(cases=Count("pk"))
        .order_by("-cases")
        .first()
    )
    case = Case.objects.filter(team=team, customer=busiest["customer"]).latest("created_at")
    measure = Measure(f"case page (its customer has {busiest['cases']:,} cases)", QUEUE_TARGET_MS)
    client = Client()
    client.force_login(staff)
    url = f"/admin/cases/{case.uuid}/"
    for _ in range(args.warmup):
        with SqlTimer() as queries:
            expect(client.get(url), 200, url)
        measure.capture(queries)
    for _ in range(args.samples):
        began, cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        measure.seconds.append(time.perf_counter() - began)
        measure.cpu_seconds.append(time.process_time() - cpu)
        expect(response, 200, url)
    return measure


def measure_search(args) -> tuple[list[Measure], dict]:
    """Cases > Search cases for a superuser (every case is a candidate), for each term."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from crm.cases.models import Case
    from crm.cases.search import parse_query, postgres_search, search_query
    from crm.cases.selectors import search_cases_for_staff

    admin = get_user_model().objects.create_superuser(
        username="bench-search", email="search@example.com", password=None
    )
    client = Client()
    client.force_login(admin)
    total = Case.objects.count()
    measures, counts = [], {}
    for term, target in SEARCH_TERMS:
        matches = Case.objects.filter(search_vector=search_query(parse_query(term))).count()
        share = 100 * matches / total
        counts[term] = (matches, share)
        ranked = postgres_search(Case.objects.all(), parse_query(term)).values("pk")[:50]
        sql, params = ranked.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
            counts[f"plan {term}"] = [row[0] for row in cursor.fetchall()]
        page = Measure(f'search page: "{term}" ({share:.1f}% match)', target)
        alone = Measure(f'search_cases_for_staff("{term}") alone', None)
        url = f"/admin/cases/search/?q={term.replace(' ', '+')}"
        for _ in range(args.warmup):
            with SqlTimer() as queries:
                expect(client.get(url), 200, url)
            page.capture(queries)
            with SqlTimer() as queries:
                search_cases_for_staff(admin, term)
            alone.capture(queries)
        for _ in range(args.samples):
            began = time.perf_counter()
            response = client.get(url)
            page.seconds.append(time.perf_counter() - began)
            expect(response, 200, url)
            began = time.perf_counter()
            search_cases_for_staff(admin, term)
            alone.seconds.append(time.perf_counter() - began)
        measures += [page, alone]
    return measures, counts


# --- the report ---------------------------------------------------------------------------------


def report(args, db: dict, history: dict, measures: list[Measure], counts: dict, loads) -> bool:
    cpus = os.cpu_count()
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cpus
    print()
    print("Environment")
    print(
        f"  Python {platform.python_version()}, Django {version('django')}, "
        f"Wagtail {version('wagtail')}, psycopg {version('psycopg')}"
    )
    print(f"  database   PostgreSQL {db['version']} at {db['server']}, fresh database {db['name']}")
    print(f"             (dropped afterwards): {db['sizes']}")
    print(f"  settings   {SETTINGS_MODULE}, DEBUG off, cached templates, locmem cache, sessions")
    print("             in the database, emails to memory, Celery tasks to an in-memory broker")
    print("             that no worker reads; requests through Django's test client, in-process")
    print(f"  machine    {cpus} CPUs ({usable} usable), {platform.machine()}, {platform.system()}")
    print("  load avg   " + ", ".join(f"{value:.2f} {when}" for when, value in loads) + " (1 min)")
    print()
    print("History")
    print(
        f"  {args.cases:,} cases, {args.customers:,} customers and {history['events']:,} "
        f"events written by COPY in {history['inserted']:.1f}s, plus VACUUM ANALYZE: "
        f"{history['total']:.1f}s in all (migrate took {db['migrate']:.1f}s)"
    )
    print(
        "  steps (seconds from the start): "
        + ", ".join(f"{step} {at:.1f}" for step, at in history["timings"].items())
    )
    print("  Cases in each queue timed (the staff member's team is Highways):")
    for label, total in counts.items():
        if label != "plans":
            print(f"    {total:>9,}  {label}")
    print()
    width = max(len(measure.label) for measure in measures)
    header = (
        f"{'what is timed':<{width}} {'samples':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
        f"{'max ms':>7} {'queries':>7} {'SQL ms':>6} {'CPU ms':>6}  target         met"
    )
    print(header)
    print("-" * len(header))
    all_met = True
    for measure in measures:
        p95 = percentile(measure.seconds, 0.95) * 1000
        if measure.target_ms is None:
            target, met = "(for reference)", ""
        else:
            target = f"p95 < {measure.target_ms:g} ms"
            met = "yes" if p95 < measure.target_ms else "NO"
            all_met = all_met and met == "yes"
        cpu_ms = (
            f"{statistics.median(measure.cpu_seconds) * 1000:6.1f}" if measure.cpu_seconds else ""
        )
        print(
            f"{measure.label:<{width}} {len(measure.seconds):>7} "
            f"{percentile(measure.seconds, 0.50) * 1000:7.1f} {p95:7.1f} "
            f"{percentile(measure.seconds, 0.99) * 1000:7.1f} {max(measure.seconds) * 1000:7.1f} "
            f"{queries_range(measure):>7} {statistics.median(measure.sql_seconds) * 1000:6.1f} "
            f"{cpu_ms:>6}  {target:<15}{met}"
        )
    print()
    print("  eForm final submit: the whole request in this process (middleware, session, the")
    print("  wizard re-validating every step, get_or_create_customer, open_case and its commit,")
    print("  queueing the email task, the redirect); half the residents are known customers.")
    print("  open_case() alone: the reference, case, 'created' event and outbox row in one")
    print("  transaction, and queueing the email task on commit.")
    print("  Queue pages: the whole admin page for the signed-in member of staff (a team member,")
    print("  not a superuser), 50 rows a page (the last page may have fewer).")
    print(
        "  queries / SQL ms: per request, from the warm-up runs (not timed): how many queries and"
    )
    print("  the median time spent executing them (database and driver), the rest being Python.")
    print("  CPU ms: median CPU time of this process per timed request (Django, templates and the")
    print("  driver, not PostgreSQL): what the page costs with a core to itself; p50/p95 are wall")
    print("  clock, and include waiting for a core when other work shares the machine.")
    print("  Slowest statement of each queue page (median of the warm-up runs):")
    for measure in measures:
        if measure.label.startswith("queue"):
            took = statistics.median(seconds for seconds, _ in measure.slowest)
            sql = max(measure.slowest)[1]
            print(f"    {took * 1000:6.1f} ms  {measure.label}: {describe(sql)}")
    print("  Plans of each queue's page query and capped count (EXPLAIN ANALYZE, after timing):")
    for label, lines in counts["plans"].items():
        print(f"    {label}: {plan_summary(lines)}")
    for label in ("open (default), page 1", "open (default), page 500"):
        if label in counts["plans"]:
            print(f"  Whole plans, {label}:")
            print("      " + "\n      ".join(counts["plans"][label]))
    queue_queries = {n for m in measures if m.label.startswith("queue") for n in m.query_counts}
    if len(queue_queries) == 1:
        print(f"  Every queue page took {queue_queries.pop()} queries, whatever the page.")
    else:
        print(f"  Queue pages took different numbers of queries: {sorted(queue_queries)}.")
    print("  Samples are sequential (one request at a time); the client runs in the same process.")
    return all_met


def describe(sql: str) -> str:
    """A query in a few words: what it selects from, and how."""
    table = sql.split(" FROM ", 1)[1].split()[0].strip('"') if " FROM " in sql else "?"
    what = "COUNT(*)" if "COUNT(" in sql else "SELECT"
    tail = " ".join(part for part in ("ORDER BY", "LIMIT", "OFFSET") if part in sql)
    return f"{what} FROM {table}" + (f" ... {tail}" if tail else "")


def queries_range(measure: Measure) -> str:
    low, high = min(measure.query_counts), max(measure.query_counts)
    return str(low) if low == high else f"{low}-{high}"


def database_facts(server_url: str, name: str) -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server_version = cursor.fetchone()[0]
        cursor.execute(
            "SELECT pg_size_pretty(pg_total_relation_size('cases_case')), "
            "pg_size_pretty(pg_total_relation_size('cases_caseevent')), "
            "pg_size_pretty(pg_database_size(current_database()))"
        )
        cases, events, total = cursor.fetchone()
    parts = urlsplit(server_url)
    return {
        "version": server_version.split()[0],
        "server": f"{parts.hostname}:{parts.port or 5432}",
        "name": name,
        "sizes": f"cases {cases}, events {events}, database {total} (tables with indexes)",
    }


def check_outbox(expected: int) -> None:
    from crm.notifications.enums import OutboxStatus
    from crm.notifications.models import OutboxMessage

    statuses = set(OutboxMessage.objects.values_list("status", flat=True).distinct())
    if statuses - {OutboxStatus.PENDING}:
        raise BenchError(f"outbox messages were sent in-process ({statuses}): Celery was eager")
    if (count := OutboxMessage.objects.count()) != expected:
        raise BenchError(f"expected {expected} outbox messages, found {count}")


# --- the run ------------------------------------------------------------------------------------


def run(args: argparse.Namespace, tmp: Path, cleanups: list) -> int:
    loads = [("at start", os.getloadavg()[0])]
    name, database_url = create_database(args.server)
    cleanups.append(lambda: drop_database(args.server, name))
    print(f"Database {name} on {args.server}", flush=True)
    harness.setup_django(database_url, tmp)

    from django.core.management import call_command

    started = time.monotonic()
    call_command("migrate", interactive=False, verbosity=0)
    migrate_seconds = time.monotonic() - started
    print(f"  migrate {migrate_seconds:.1f}s", flush=True)

    staff, highways, case_types, officers = create_people_and_types()
    print(f"Generating {args.cases:,} cases and {args.customers:,} customers", flush=True)
    history = generate_history(args, case_types, officers)
    print(f"  generated in {history['total']:.1f}s (VACUUM ANALYZE included)", flush=True)
    db = database_facts(args.server, name) | {"migrate": migrate_seconds}

    loads.append(("before timing", os.getloadavg()[0]))
    rng = random.Random(args.seed + 1)  # noqa: S311 (test data, not security)
    print(f"Timing {args.samples} form submits and {args.samples} open_case calls", flush=True)
    submit, direct = measure_submissions(args, rng)
    check_outbox(2 * (args.warmup + args.samples))
    print(f"Timing the queue pages x {args.samples}, interleaved", flush=True)
    queues, counts = measure_queues(args, staff, highways, case_types)
    print(f"Timing the case page x {args.samples}", flush=True)
    case_page = measure_case_page(args, staff, highways)
    searches = []
    if args.search:
        print(f"Timing {len(SEARCH_TERMS)} searches x {args.samples}", flush=True)
        searches, matched = measure_search(args)
    loads.append(("after", os.getloadavg()[0]))
    measures = [submit, direct, *queues, case_page, *searches]
    met = report(args, db, history, measures, counts, loads)
    if args.search:
        print("  Search matches:")
        for term, _target in SEARCH_TERMS:
            matches, share = matched[term]
            print(f'    "{term}": {matches:,} cases ({share:.1f}%), the page shows the best 50')
            print("      " + "\n      ".join(matched[f"plan {term}"]))
    return 0 if met else 1


def main() -> int:
    return harness.main(run, parse_args(), prefix="doorstep-bench-cases-")


if __name__ == "__main__":
    sys.exit(main())
