"""Read queries for cases, with access decided here, per case.

Staff: superusers see every case; other staff see their teams' cases and cases assigned to them.
Residents: the cases whose customer email is one of the addresses verified on their account *now*
(My Account knows which and passes them in). The customer record's link to an account is not an
access rule: removing an address from the account ends access to the cases made with it.
Anything else is a 404 — never a 403, which would tell a guesser the case exists.
"""

import uuid
from collections.abc import Iterable
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import Permission
from django.db import models
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Replace
from django.http import Http404
from django.utils import timezone

from .enums import FINISHED_STATUSES, INTERNAL_EVENT_KINDS, OPEN_STATUSES, EventKind
from .models import (
    Case,
    CaseAttachment,
    CaseEvent,
    CaseQuerySet,
    CaseType,
    Customer,
    Team,
    normalise_email,
)
from .search import search_case_ids
from .tracking import link_is_current, read_tracking_token

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
    order: str = "due_date",
    today: date | None = None,
) -> CaseQuerySet:
    """A work queue: cases filtered as asked, with everything a row shows fetched in the same
    query, so a page of any length costs the same number of queries.

    `user` limits the queue to cases that member of staff may see (pass it from views); `status`
    and `channel` take one value or several (such as `OPEN_STATUSES`); `overdue=True` keeps open
    cases past their due date, `False` the rest; `due_on` keeps cases due that day;
    `created_from`/`created_to` are inclusive dates.
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
        cases = cases.filter(status__in=_values(status))
    if channel is not None:
        cases = cases.filter(channel__in=_values(channel))
    if overdue is not None:
        overdue_cases = Case.objects.overdue(today).values("pk")
        cases = (
            cases.filter(pk__in=overdue_cases) if overdue else cases.exclude(pk__in=overdue_cases)
        )
    if due_on is not None:
        cases = cases.filter(due_date=due_on)
    if created_from is not None:
        cases = cases.filter(created_at__date__gte=created_from)
    if created_to is not None:
        cases = cases.filter(created_at__date__lte=created_to)
    return cases.select_related(*CASE_RELATED).order_by(*QUEUE_ORDERS[order])


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
    public updates, oldest first (no messages the resident wrote, no files)."""
    shown = (EventKind.CREATED, EventKind.STATUS_CHANGED, EventKind.PUBLIC_UPDATE)
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
    each group (for "My cases")."""
    finished_rank = models.Case(
        When(status__in=list(FINISHED_STATUSES), then=Value(1)),
        default=Value(0),
        output_field=models.IntegerField(),
    )
    order = cases.query.order_by or ("-created_at",)
    return cases.annotate(finished_rank=finished_rank).order_by("finished_rank", *order)


def other_cases_for_customer(user: AbstractBaseUser | None, case: Case) -> CaseQuerySet:
    """The customer's other cases that this member of staff may see, newest first."""
    if case.customer_id is None:
        return Case.objects.none()
    return (
        Case.objects.visible_to_staff(user)
        .filter(customer_id=case.customer_id)
        .exclude(pk=case.pk)
        .select_related("case_type")
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
    open_cases = Q(status__in=list(OPEN_STATUSES))
    counts = Case.objects.visible_to_staff(user).aggregate(
        my_open=Count("pk", filter=open_cases & Q(assigned_to=user.pk if user else None)),
        due_today=Count("pk", filter=open_cases & Q(due_date=today)),
        overdue=Count("pk", filter=open_cases & Q(due_date__lt=today)),
    )
    return {name: value or 0 for name, value in counts.items()}


def team_queue_counts(user: AbstractBaseUser | None, *, today: date | None = None) -> list[Team]:
    """The member's teams (all for superusers), each with `open_count` and `overdue_count`, in
    one query."""
    today = today or timezone.localdate()
    open_cases = Q(cases__status__in=list(OPEN_STATUSES))
    return list(
        teams_for_staff(user).annotate(
            open_count=Count("cases", filter=open_cases),
            overdue_count=Count("cases", filter=open_cases & Q(cases__due_date__lt=today)),
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
