"""Read queries for cases, with access decided here, per case.

Staff: superusers see every case; other staff see their teams' cases and cases assigned to them.
Residents: the cases whose customer email is one of the addresses verified on their account *now*
(My Account knows which and passes them in). The customer record's link to an account is not an
access rule: removing an address from the account ends access to the cases made with it.
Anything else is a 404 — never a 403, which would tell a guesser the case exists.
"""

import base64
import binascii
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import Permission
from django.db import models
from django.db.models import (
    Count,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan
from django.db.models.functions import Replace
from django.http import Http404
from django.utils import timezone

from .clock_flags import due_soon_q
from .enums import FINISHED_STATUSES, INTERNAL_EVENT_KINDS, OPEN_STATUSES, CaseStatus, EventKind
from .models import (
    LOCATION_IGNORED,
    Case,
    CaseAttachment,
    CaseEvent,
    CaseLink,
    CaseQuerySet,
    CaseType,
    Customer,
    Team,
    normalise_email,
    normalised_location_expression,
)
from .search import search_case_ids
from .tracking import link_is_current, read_tracking_token
from .workflows import case_state

# Everything a queue row or case page header shows, fetched with the case in one query.
CASE_RELATED = ("case_type", "team", "assigned_to", "customer")

QUEUE_ORDERS: dict[str, tuple[str, ...]] = {
    "due_date": ("due_date", "created_at", "pk"),
    "-due_date": ("-due_date", "-created_at", "-pk"),
    "created_at": ("created_at", "pk"),
    "-created_at": ("-created_at", "-pk"),
    "reference": ("reference",),
}


def _as_uuid(value) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        raise Http404 from None


def _values(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    return list(value)


# --- Staff --------------------------------------------------------------------------------------


def _start_of_day(day: date) -> datetime:
    """Midnight at the start of `day` in the site's time zone, so that a date filter is a
    timestamp range an index on `created_at` can use (`created_at__date` cannot)."""
    return timezone.make_aware(datetime.combine(day, time.min))


def on_days(queryset: QuerySet, field: str, start: date | None, end: date | None) -> QuerySet:
    """Rows whose timestamp `field` falls on the days from `start` to `end` (local time, both
    included; None: open-ended), as a timestamp range an index can use."""
    if start is not None:
        queryset = queryset.filter(**{f"{field}__gte": _start_of_day(start)})
    if end is not None:
        queryset = queryset.filter(**{f"{field}__lt": _start_of_day(end + timedelta(days=1))})
    return queryset


def cases_for_team_queue(
    *,
    user: AbstractBaseUser | None = None,
    team: Team | None = None,
    officer: AbstractBaseUser | None = None,
    case_type: CaseType | None = None,
    status: str | Iterable[str] | None = None,
    channel: str | Iterable[str] | None = None,
    overdue: bool | None = None,
    due_on: date | None = None,
    created_from: date | None = None,
    created_to: date | None = None,
    due_soon: bool | None = None,
    order: str = "due_date",
    today: date | None = None,
) -> CaseQuerySet:
    """A work queue: cases filtered as asked, with everything a row shows fetched in the same
    query, so a page of any length costs the same number of queries.

    `user` limits the queue to cases that member of staff may see (pass it from views); `status`
    and `channel` take one value or several (such as `OPEN_STATUSES`); `overdue=True` keeps open
    cases past their due date, `False` the rest; `due_on` keeps cases due that day; `due_soon`
    keeps open cases with a running clock due within the next few working days
    (`crm.cases.clock_flags.due_soon_q`);
    `created_from`/`created_to` are inclusive dates.

    Every condition is one an index can serve (migration 0005's partial indexes of open work, in
    the queue's sort orders): overdue is a plain condition, not a subquery, and the dates are a
    timestamp range. The answers and search words, the biggest columns, are not fetched.
    """
    if order not in QUEUE_ORDERS:
        raise ValueError(f"Unknown queue order {order!r}; use one of {sorted(QUEUE_ORDERS)}")
    cases = Case.objects.all() if user is None else Case.objects.visible_to_staff(user)
    if team is not None:
        cases = cases.for_team(team)
    if officer is not None:
        cases = cases.for_officer(officer)
    if case_type is not None:
        cases = cases.filter(case_type=case_type)
    if status is not None:
        cases = cases.filter(status__in=sorted(_values(status)))
    if channel is not None:
        cases = cases.filter(channel__in=sorted(_values(channel)))
    if overdue is not None:
        late = Q(status__in=sorted(OPEN_STATUSES), due_date__lt=today or timezone.localdate())
        cases = cases.filter(late) if overdue else cases.exclude(late)
    if due_on is not None:
        cases = cases.filter(due_date=due_on)
    if due_soon:
        cases = cases.filter(due_soon_q(today or timezone.localdate()))
    cases = on_days(cases, "created_at", created_from, created_to)
    return (
        cases.select_related(*CASE_RELATED)
        .defer("answers", "search_vector")
        .order_by(*QUEUE_ORDERS[order])
    )


# --- Keyset (cursor) pages ----------------------------------------------------------------------

# A count stops here: past it a queue says "1,000+ cases" instead of counting a million rows.
COUNT_CAP = 1_000


class BadCursor(ValueError):
    """A cursor that is not one this queue made (tampered with, or from another sort order)."""


@dataclass(frozen=True)
class QueuePage:
    """One page of a queue: its cases, the cursors of the pages either side (None at an end),
    and how many cases the queue holds, counted up to `COUNT_CAP` (`count_capped` past it)."""

    cases: list[Case]
    next_cursor: str | None
    previous_cursor: str | None
    count: int
    count_capped: bool


def _order_keys(cases: QuerySet) -> list[str]:
    keys = [str(key) for key in cases.query.order_by]
    if not keys:
        raise ValueError("A keyset page needs an ordered queryset")
    descending = {key.startswith("-") for key in keys}
    if len(descending) != 1:
        raise ValueError(f"Keyset pages need every sort key in one direction, not {keys}")
    return keys


def _key_value(case: Case, key: str):
    value = getattr(case, key.lstrip("-"))
    if isinstance(value, datetime):
        return {"t": value.isoformat()}
    if isinstance(value, date):
        return {"d": value.isoformat()}
    return value


def _parse_key_value(value):
    if isinstance(value, dict) and len(value) == 1:
        ((kind, text),) = value.items()
        if kind == "t" and isinstance(text, str):
            parsed = datetime.fromisoformat(text)
            if timezone.is_naive(parsed):
                raise ValueError("naive timestamp")
            return parsed
        if kind == "d" and isinstance(text, str):
            return date.fromisoformat(text)
    elif isinstance(value, (int, str)) and not isinstance(value, bool):
        return value
    raise ValueError("not a key value")


def make_cursor(keys: list[str], case: Case, *, before: bool) -> str:
    """An opaque, URL-safe cursor: the sort keys of the row a page starts after (or ends
    before), with the sort order they belong to. Not signed: every value is checked by type
    when read back and bound as a parameter, so a made-up one can only move the page."""
    data = {"o": keys, "b": before, "v": [_key_value(case, key) for key in keys]}
    raw = json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def read_cursor(cursor: str, keys: list[str]) -> tuple[bool, list]:
    """(before, values) from a cursor made for these sort keys; `BadCursor` for anything else."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        data = json.loads(raw)
        if not isinstance(data, dict) or data.get("o") != keys:
            raise BadCursor("the cursor belongs to another sort order")
        values = data["v"]
        if not isinstance(values, list) or len(values) != len(keys):
            raise BadCursor("the cursor has the wrong number of values")
        before = data["b"]
        if not isinstance(before, bool):
            raise BadCursor("the cursor has no direction")
        return before, [_parse_key_value(value) for value in values]
    except BadCursor:
        raise
    except (ValueError, TypeError, KeyError, binascii.Error, UnicodeDecodeError) as error:
        raise BadCursor("the cursor cannot be read") from error


def queue_page(
    cases: QuerySet, *, cursor: str | None = None, page_size: int = 50, offset: int = 0
) -> QueuePage:
    """A keyset page of an ordered queue: the `page_size` cases after (or before) the cursor's
    row, found through an index in the queue's order whatever the depth, where OFFSET would read
    and throw away every earlier row. Two queries: the page, and a count capped at `COUNT_CAP`.

    The sort keys must end with a unique one (the pk, or the reference) so that ties never skip
    or repeat a case between pages. `BadCursor` for a cursor this queue did not make. `offset`
    (without a cursor) serves old "?p=N" links, reading the rows it skips.
    """
    keys = _order_keys(cases)
    descending = keys[0].startswith("-")
    columns = Tuple(*(F(key.lstrip("-")) for key in keys))
    before = False
    page_cases = cases
    if cursor:
        before, values = read_cursor(cursor, keys)
        forwards = TupleLessThan if descending else TupleGreaterThan
        backwards = TupleGreaterThan if descending else TupleLessThan
        page_cases = cases.filter((backwards if before else forwards)(columns, values))
        if before:
            page_cases = page_cases.reverse()
    offset = 0 if cursor else max(0, offset)
    rows = list(page_cases[offset : offset + page_size + 1])
    more = len(rows) > page_size
    rows = rows[:page_size]
    if before:
        rows.reverse()
    has_previous = more if before else bool(cursor or offset)
    has_next = True if before else more
    counted = cases.order_by().values("pk")[: COUNT_CAP + 1].count()
    return QueuePage(
        cases=rows,
        next_cursor=make_cursor(keys, rows[-1], before=False) if rows and has_next else None,
        previous_cursor=make_cursor(keys, rows[0], before=True) if rows and has_previous else None,
        count=min(counted, COUNT_CAP),
        count_capped=counted > COUNT_CAP,
    )


def make_open_first_cursor(keys: list[str], case: Case, *, before: bool) -> str:
    """A cursor of `open_first_queue_page`: the row's group (0 open, 1 finished) and keys."""
    data = {
        "o": ["group", *keys],
        "b": before,
        "v": [0 if case.status in OPEN_STATUSES else 1, *(_key_value(case, key) for key in keys)],
    }
    raw = json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def open_first_queue_page(
    cases: QuerySet, *, cursor: str | None = None, page_size: int = 50, offset: int = 0
) -> QueuePage:
    """`queue_page` for "My cases": open cases first, then resolved and closed ones, each group
    in the queue's order. Each group is read through its own index in that order (an ORDER BY on
    "is it open?" would sort all of an officer's cases for every page), as a UNION ALL of the
    two, each LIMITed; then the page's rows are fetched with what they show. Three queries
    whatever the page: the page's ids, its rows, and the capped count. The cursor says which
    group its row is in."""
    keys = _order_keys(cases)
    fields = [key.lstrip("-") for key in keys]
    descending = keys[0].startswith("-")
    cursor_keys = ["group", *keys]
    groups = [
        cases.filter(status__in=sorted(OPEN_STATUSES)),
        cases.exclude(status__in=sorted(OPEN_STATUSES)),
    ]
    before, group, values = False, 0, None
    if cursor:
        before, cursor_values = read_cursor(cursor, cursor_keys)
        group, values = cursor_values[0], cursor_values[1:]
        if group not in (0, 1):
            raise BadCursor("the cursor names no group")
        offset = 0
    offset = max(0, offset)
    columns = Tuple(*(F(field) for field in fields))
    forwards = TupleLessThan if descending else TupleGreaterThan
    backwards = TupleGreaterThan if descending else TupleLessThan
    parts = []
    for index, rows in enumerate(groups):
        if cursor and index == group:
            rows = rows.filter((backwards if before else forwards)(columns, values))
        elif cursor and (index < group if not before else index > group):
            continue  # wholly before a forward cursor's row, or after a backward one's
        if before:
            rows = rows.reverse()
        rows = rows.annotate(group=Value(index)).values_list("pk", "group", *fields)
        parts.append(rows)
    outer = ["group", *keys]
    if before:
        outer = [key[1:] if key.startswith("-") else f"-{key}" for key in outer]
    outer = [key.replace("pk", "id") if key.lstrip("-") == "pk" else key for key in outer]
    end = offset + page_size + 1
    if len(parts) > 1:
        combined = parts[0][:end].union(*(part[:end] for part in parts[1:]), all=True)
    else:
        combined = parts[0]
    found = list(combined.order_by(*outer)[offset:end])
    more = len(found) > page_size
    ids = [row[0] for row in found[:page_size]]
    if before:
        ids.reverse()
    by_id = cases.filter(pk__in=ids).in_bulk() if ids else {}
    rows = [by_id[pk] for pk in ids if pk in by_id]
    has_previous = more if before else bool(cursor or offset)
    has_next = True if before else more

    def cursor_at(case: Case, *, before: bool) -> str:
        return make_open_first_cursor(keys, case, before=before)

    counted = cases.order_by().values("pk")[: COUNT_CAP + 1].count()
    return QueuePage(
        cases=rows,
        next_cursor=cursor_at(rows[-1], before=False) if rows and has_next else None,
        previous_cursor=cursor_at(rows[0], before=True) if rows and has_previous else None,
        count=min(counted, COUNT_CAP),
        count_capped=counted > COUNT_CAP,
    )


def get_case_for_staff(user: AbstractBaseUser | None, case_uuid: uuid.UUID | str) -> Case:
    """The case, if this member of staff may see it; Http404 otherwise."""
    case = (
        Case.objects.visible_to_staff(user)
        .select_related(*CASE_RELATED)
        .filter(uuid=_as_uuid(case_uuid))
        .first()
    )
    if case is None:
        raise Http404
    return case


def case_events_for_staff(case: Case) -> QuerySet[CaseEvent]:
    """The whole timeline, internal notes included, oldest first, with files and who did what."""
    return (
        case.events.select_related("actor")
        .prefetch_related("attachments")
        .order_by("created_at", "pk")
    )


def limited(rows: QuerySet, limit: int | None) -> tuple[list, bool]:
    """The first `limit` rows (all of them for None) and whether there were more, in one query:
    a case page shows the first few of a long list, with a link to the rest."""
    if limit is None:
        return list(rows), False
    found = list(rows[: limit + 1])
    return found[:limit], len(found) > limit


def latest_events_for_staff(case: Case, limit: int | None) -> tuple[list[CaseEvent], bool]:
    """The newest `limit` timeline events (every one for None), oldest first as the timeline
    reads, and whether older ones were left out."""
    if limit is None:
        return list(case_events_for_staff(case)), False
    newest, more = limited(case_events_for_staff(case).reverse(), limit)
    return newest[::-1], more


def attachments_for_staff(case: Case, limit: int | None) -> tuple[list[CaseAttachment], bool]:
    """The case's files, oldest first, the first `limit` of them (all for None), and whether
    there were more."""
    return limited(case.attachments.select_related("event").order_by("created_at", "pk"), limit)


# --- Residents ----------------------------------------------------------------------------------


def cases_for_verified_emails(emails: Iterable[str]) -> CaseQuerySet:
    """Cases whose customer email is one of these addresses, which the caller has verified."""
    addresses = {normalise_email(email) for email in emails} - {""}
    if not addresses:
        return Case.objects.none()
    return Case.objects.filter(customer__email__in=addresses)


def cases_for_resident(
    user: AbstractBaseUser | None, *, verified_emails: Iterable[str] = ()
) -> CaseQuerySet:
    """A resident's cases, newest first: those made with an email address that is verified on
    their account now (`verified_emails`, from My Account)."""
    if not (user and user.is_authenticated and user.is_active):
        return Case.objects.none()
    addresses = {normalise_email(email) for email in verified_emails} - {""}
    if not addresses:
        return Case.objects.none()
    return (
        Case.objects.filter(customer__email__in=addresses)
        .select_related("case_type", "customer")
        .order_by("-created_at", "-pk")
    )


def get_case_for_resident(
    user: AbstractBaseUser | None,
    case_uuid: uuid.UUID | str,
    *,
    verified_emails: Iterable[str] = (),
) -> Case:
    """The resident's own case; Http404 for anyone else's, whether or not it exists."""
    case = (
        cases_for_resident(user, verified_emails=verified_emails)
        .filter(uuid=_as_uuid(case_uuid))
        .first()
    )
    if case is None:
        raise Http404
    return case


def get_case_for_tracking_token(token: str) -> Case:
    """The case a signed tracking link (from an email) points to, for a resident who did not sign
    in; Http404 for a tampered, made-up, expired or revoked token (see `tracking`). Holding the
    link shows the status and public updates only (`tracking_events`); answers and files need
    sign-in or a one-time code."""
    signed = read_tracking_token(token)
    if signed is None:
        raise Http404
    case = (
        Case.objects.select_related("case_type", "customer").filter(uuid=signed.case_uuid).first()
    )
    if case is None or not link_is_current(case, signed):
        raise Http404
    return case


def tracking_events(case: Case) -> QuerySet[CaseEvent]:
    """What a tracking link shows without sign-in or a code: the status changes and the council's
    public updates (and a merge into another request, which closes the case), oldest first (no
    messages the resident wrote, no files)."""
    shown = (
        EventKind.CREATED,
        EventKind.STATUS_CHANGED,
        EventKind.PUBLIC_UPDATE,
        EventKind.MERGED,
    )
    return public_events(case).filter(kind__in=shown)


def with_last_public_update(cases: CaseQuerySet) -> CaseQuerySet:
    """Annotate `last_public_update`: when the newest event the resident can see happened, for
    "last updated" columns (a case's own `updated_at` misses messages and updates)."""
    newest = (
        CaseEvent.objects.filter(case=OuterRef("pk"), is_public=True)
        .exclude(kind__in=INTERNAL_EVENT_KINDS)
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    return cases.annotate(last_public_update=Subquery(newest))


def public_events(case: Case) -> QuerySet[CaseEvent]:
    """What the resident sees on their timeline, oldest first."""
    return (
        case.events.filter(is_public=True)
        .exclude(kind__in=INTERNAL_EVENT_KINDS)
        .prefetch_related("attachments")
        .order_by("created_at", "pk")
    )


def public_attachments(case: Case) -> QuerySet[CaseAttachment]:
    """Files the resident may download: those on public timeline events."""
    return case.attachments.filter(event__is_public=True).exclude(
        event__kind__in=INTERNAL_EVENT_KINDS
    )


# --- Staff: case pages and menus ----------------------------------------------------------------


def open_cases_first(cases: CaseQuerySet) -> CaseQuerySet:
    """The same cases with open ones before resolved and closed ones, keeping the order within
    each group (for "My cases"). The rank sorts in the same direction as the rest of the order,
    so the result can be paged by keyset (`queue_page`)."""
    order = [str(key) for key in cases.query.order_by] or ["-created_at", "-pk"]
    descending = order[0].startswith("-")
    finished, still_open = (0, 1) if descending else (1, 0)
    rank = models.Case(
        When(status__in=sorted(FINISHED_STATUSES), then=Value(finished)),
        default=Value(still_open),
        output_field=models.IntegerField(),
    )
    first = "-queue_rank" if descending else "queue_rank"
    return cases.annotate(queue_rank=rank).order_by(first, *order)


def other_cases_for_customer(user: AbstractBaseUser | None, case: Case) -> CaseQuerySet:
    """The customer's other cases that this member of staff may see, newest first (slice it: a
    case page shows the first few and links to the customer's page for the rest)."""
    if case.customer_id is None:
        return Case.objects.none()
    return (
        Case.objects.visible_to_staff(user)
        .filter(customer_id=case.customer_id)
        .exclude(pk=case.pk)
        .select_related("case_type")
        .defer("answers", "search_vector")
        .order_by("-created_at", "-pk")
    )


def teams_for_staff(user: AbstractBaseUser | None) -> QuerySet[Team]:
    """The teams whose queues this member of staff works: all of them for superusers."""
    if not (user and user.is_authenticated and user.is_active):
        return Team.objects.none()
    teams = Team.objects.all() if user.is_superuser else Team.objects.filter(members=user)
    return teams.order_by("name")


def officers_for_assignment() -> QuerySet:
    """People a case can be assigned to: active members of any team, by name."""
    return (
        get_user_model()
        .objects.filter(is_active=True, case_teams__isnull=False)
        .distinct()
        .order_by("first_name", "last_name", "pk")
    )


# --- Staff: dashboard, customers and accounts (issue 6) -----------------------------------------


def case_work_counts(user: AbstractBaseUser | None, *, today: date | None = None) -> dict[str, int]:
    """The admin home's figures, in one query: open cases assigned to `user`, and open cases due
    today and overdue among those they may see."""
    today = today or timezone.localdate()
    # Open cases only, read from the partial indexes of open work (not every case ever).
    open_cases = Case.objects.visible_to_staff(user).filter(status__in=sorted(OPEN_STATUSES))
    counts = open_cases.aggregate(
        my_open=Count("pk", filter=Q(assigned_to=user.pk if user else None)),
        due_today=Count("pk", filter=Q(due_date=today)),
        overdue=Count("pk", filter=Q(due_date__lt=today)),
    )
    return {name: value or 0 for name, value in counts.items()}


def team_queue_counts(user: AbstractBaseUser | None, *, today: date | None = None) -> list[Team]:
    """The member's teams (all for superusers), each with `open_count` and `overdue_count`, in
    one query."""
    today = today or timezone.localdate()
    # Joined to the open cases only (the partial indexes), not to every case the team ever had.
    open_cases = FilteredRelation("cases", condition=Q(cases__status__in=sorted(OPEN_STATUSES)))
    return list(
        teams_for_staff(user).annotate(
            open_cases=open_cases,
            open_count=Count("open_cases"),
            overdue_count=Count("open_cases", filter=Q(open_cases__due_date__lt=today)),
        )
    )


def staff_accounts() -> QuerySet:
    """Accounts that can use the Wagtail admin (staff, superusers, or given "access admin"
    directly or through a group): the only people who may join a team. Residents never."""
    access_admin = Q(codename="access_admin", content_type__app_label="wagtailadmin")
    permissions = Permission.objects.filter(access_admin).values("pk")
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(is_staff=True)
            | Q(is_superuser=True)
            | Q(user_permissions__in=permissions)
            | Q(groups__permissions__in=permissions)
        )
        .distinct()
        .order_by("first_name", "last_name", "pk")
    )


def search_customers(query: str = "") -> QuerySet[Customer]:
    """Customer records matching `query` in the name, email, phone or postcode (spaces ignored in
    phone numbers and postcodes), by name; every record without a query."""
    customers = Customer.objects.select_related("merged_into", "user").order_by("name", "pk")
    query = (query or "").strip()
    if not query:
        return customers
    compact = "".join(query.split())
    condition = Q(name__icontains=query) | Q(email__icontains=query)
    if compact:
        customers = customers.annotate(
            compact_phone=Replace("phone", Value(" "), Value("")),
            compact_postcode=Replace("postcode", Value(" "), Value("")),
        )
        condition |= Q(compact_phone__icontains=compact) | Q(compact_postcode__icontains=compact)
    return customers.filter(condition)


def cases_of_customer_for_staff(user: AbstractBaseUser | None, customer: Customer) -> CaseQuerySet:
    """The customer's cases that this member of staff may see, newest first."""
    return (
        Case.objects.visible_to_staff(user)
        .filter(customer=customer)
        .select_related("case_type", "team")
        .order_by("-created_at", "-pk")
    )


def cases_of_customer_and_merged(customer: Customer) -> CaseQuerySet:
    """The person's cases, their merged duplicates' included, oldest first (for the subject
    access and erasure screens, which staff reach with the permission for them)."""
    return (
        Case.objects.filter(Q(customer=customer) | Q(customer__merged_into=customer))
        .select_related("case_type")
        .order_by("created_at", "pk")
    )


def case_visible_to_staff(user: AbstractBaseUser | None, case_id: int) -> bool:
    """Whether this member of staff may still see the case (after an action moved it)."""
    return Case.objects.visible_to_staff(user).filter(pk=case_id).exists()


def search_cases_for_staff(
    user: AbstractBaseUser | None, query: str, *, limit: int = 50
) -> list[Case]:
    """Staff case search (`crm.cases.search`): the cases this member of staff may see that match
    `query` by reference, customer name, email, phone, postcode, type, location, answers or
    timeline words, best first (a full reference first); at most `limit`, with what a result row
    shows. Nothing for anyone who may see no case."""
    if not (user and user.is_authenticated and user.is_active):
        return []
    cases = Case.objects.visible_to_staff(user)
    team_ids = None
    if not user.is_superuser:
        team_ids = list(teams_for_staff(user).values_list("pk", flat=True))
    ids = search_case_ids(
        cases,
        query,
        limit=limit,
        visible_team_ids=team_ids,
        assigned_to_id=None if user.is_superuser else user.pk,
    )
    rows = Case.objects.select_related(*CASE_RELATED).defer("answers", "search_vector")
    found = rows.in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def state_label(case: Case) -> str:
    """The case's state as residents are told it: its workflow state's plain-English label."""
    return case_state(case).label


def event_state_label(event: CaseEvent) -> str:
    """The state a status-change event moved the case to, as the resident was told it then
    (events from before workflows: the status's label)."""
    label = (event.data or {}).get("label")
    if label:
        return label
    return str(CaseStatus(event.to_status).label) if event.to_status else ""


# --- Staff: likely duplicates and linked cases (docs/duplicates.md) -----------------------------

# What a location's text loses before two are compared: case, spaces and punctuation, so
# "Outside 12, Mill Lane." and "outside 12 mill lane" are the same place. The database side
# (`_normalised_location`) removes exactly these characters.
DUPLICATES_LIMIT = 10


# At most this many candidates from each way of matching (the page lists DUPLICATES_LIMIT).
DUPLICATE_CANDIDATES = 200


def normalise_location(text: str | None) -> str:
    """A location's text as duplicates are matched: lower case, without spaces or punctuation."""
    text = (text or "").lower()
    return "".join(char for char in text if char not in LOCATION_IGNORED)


def _linked_case_ids(case: Case) -> set[int]:
    """The cases linked to this one (a `CaseLink` is stored once per pair, either way round)."""
    pairs = CaseLink.objects.filter(Q(from_case=case) | Q(to_case=case)).values_list(
        "from_case_id", "to_case_id"
    )
    return {to_id if from_id == case.pk else from_id for from_id, to_id in pairs}


def likely_duplicates(
    user: AbstractBaseUser | None, case: Case, *, limit: int = DUPLICATES_LIMIT
) -> list[Case]:
    """Cases of the same type that may be the same request, among those this member of staff
    may see (open ones first, then the newest):

    - the same customer's cases of this type that are still open (whenever opened), or that were
      opened within the type's `duplicate_window_days` either side of this case;
    - other customers' cases of this type at the same location (`normalise_location`) opened
      within that window.

    Cases already merged (into anything), anonymised ones and those already linked to this case
    are left out: they have been dealt with. Each way of matching is its own query on its own
    index (the customer's; `cases_case_type_place_created` for the place), so a busy customer or
    a million cases cost milliseconds: one query ORing them read every case of the type."""
    window = timedelta(days=case.case_type.duplicate_window_days)
    created = case.created_at
    recent = Q(created_at__gte=created - window, created_at__lte=created + window)
    candidates = Case.objects.filter(
        case_type_id=case.case_type_id, duplicate_of__isnull=True, anonymised_at=None
    ).exclude(pk=case.pk)
    ids: set[int] = set()
    if case.customer_id is not None:
        ids.update(
            candidates.filter(customer_id=case.customer_id)
            .filter(Q(status__in=sorted(OPEN_STATUSES)) | recent)
            .order_by("-created_at")
            .values_list("pk", flat=True)[:DUPLICATE_CANDIDATES]
        )
    place = normalise_location(case.location_text)
    if place:
        ids.update(
            candidates.annotate(place=normalised_location_expression())
            .filter(recent, place=place)
            .order_by("-created_at")
            .values_list("pk", flat=True)[:DUPLICATE_CANDIDATES]
        )
    if ids:
        ids -= _linked_case_ids(case)
    if not ids:
        return []
    rank = models.Case(
        When(status__in=sorted(OPEN_STATUSES), then=Value(0)),
        default=Value(1),
        output_field=models.IntegerField(),
    )
    cases = (
        Case.objects.visible_to_staff(user)
        .filter(pk__in=ids)
        .annotate(open_rank=rank)
        .select_related(*CASE_RELATED)
        .defer("answers", "search_vector")
        .order_by("open_rank", "-created_at", "-pk")
    )
    return list(cases[:limit])


def related_cases(user: AbstractBaseUser | None, case: Case) -> list[Case]:
    """The cases linked to this one and those merged into it, that this member of staff may see,
    oldest first; each has `merged` (merged into this case) and `linked` (a `CaseLink`). Two
    queries, each on an index (the links, then the cases by id or `duplicate_of`)."""
    linked = _linked_case_ids(case)
    cases = (
        Case.objects.visible_to_staff(user)
        .filter(Q(pk__in=linked) | Q(duplicate_of=case))
        .exclude(pk=case.pk)
        .select_related(*CASE_RELATED)
        .defer("answers", "search_vector")
        .order_by("created_at", "pk")
    )
    rows = list(cases)
    for row in rows:
        row.merged = row.duplicate_of_id == case.pk
        row.linked = row.pk in linked
    return rows


def find_case_for_staff(user: AbstractBaseUser | None, value: str) -> Case | None:
    """A case this member of staff may see, by its UUID or its reference (any case); None when
    there is no such case or they may not see it (the caller says "not found" either way)."""
    value = (value or "").strip()
    if not value:
        return None
    cases = Case.objects.visible_to_staff(user).select_related(*CASE_RELATED)
    try:
        return cases.filter(uuid=uuid.UUID(value)).first()
    except ValueError:
        return cases.filter(reference__iexact=value).first()


def cases_for_staff_by_uuid(user: AbstractBaseUser | None, uuids: Iterable) -> list[Case]:
    """The cases with these UUIDs that this member of staff may see, in one query, by reference
    (for bulk actions: the ones left out are not found or not theirs to see)."""
    wanted = []
    for value in uuids:
        try:
            wanted.append(_as_uuid(value))
        except Http404:
            continue
    if not wanted:
        return []
    return list(
        Case.objects.visible_to_staff(user)
        .filter(uuid__in=wanted)
        .select_related(*CASE_RELATED, "workflow_version")
        .defer("answers", "search_vector")
        .order_by("reference")
    )
