"""Flags for a case's clock, for the staff queues, case page and the team leads' digest.

Stable API (other helpers build on it; add to it, do not change it):

- `Flag`: a frozen dataclass with
    - `code`: one of the `FlagCode` values, `"overdue"`, `"due_today"`, `"due_soon"`,
      `"clock_stopped"`, `"acknowledgement_overdue"` (stable: use it in tests and logic);
    - `label`: what staff read, translated ("Overdue", "Due today", "Due soon", "Clock
      stopped", "Acknowledgement overdue");
    - `tag_class`: the CSS classes of a Wagtail admin tag for it, such as
      `<span class="{{ flag.tag_class }}">{{ flag.label }}</span>` (red for overdue and
      acknowledgement overdue, amber for due today, blue for due soon, plain for stopped);
    - `severity`: `"critical"`, `"warning"`, `"info"` or `"neutral"`, to sort or count flags.
- `due_soon_until(today, *, rule=Rule.COUNCIL) -> date`: the last day that counts as "due
  soon": the `settings.DOORSTEP_DUE_SOON_WORKING_DAYS`-th (default 2) working day after `today`
  under the calendar rule (`crm.cases.calendar`).
- `case_flags(case, today) -> list[Flag]`: the flags of one case, in the order above (most
  urgent first); none for a resolved or closed case. Reads `case.case_type.clock_rule` (select
  the case type) and, for "Due soon", the council's closure days (one small query).
- `flags_for_cases(cases, today) -> dict[int, list[Flag]]`: the same for a page of cases keyed by
  case id, in at most three queries whatever the page's length (the rules of case types not
  selected with the cases, and closure days for each rule's "due soon" window). Use this on
  queues.
- `due_soon_q(today) -> Q` and `due_soon(queryset, today)`: open cases with a running clock due
  after today up to `due_soon_until` (each case type's own rule); `overdue_q(today)`,
  `due_today_q(today)` and `acknowledgement_overdue_q(today)` likewise, for filters and counts.

Rules: "Overdue" is an open case whose running clock's due date is before today (due today is not
overdue yet); "Due today" is due today; "Due soon" is due after today, no later than
`due_soon_until(today)`; a stopped clock shows "Clock stopped" instead of any of these (its due
date is where it would be if restarted); "Acknowledgement overdue" is an open case not yet
acknowledged (it has not left its workflow's first state) whose `acknowledge_by` is before today.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from .calendar import add_working_days
from .enums import OPEN_STATUSES, Rule
from .models import Case, CaseType

DEFAULT_DUE_SOON_WORKING_DAYS = 2


class FlagCode:
    OVERDUE = "overdue"
    DUE_TODAY = "due_today"
    DUE_SOON = "due_soon"
    CLOCK_STOPPED = "clock_stopped"
    ACKNOWLEDGEMENT_OVERDUE = "acknowledgement_overdue"


@dataclass(frozen=True)
class Flag:
    code: str
    label: str
    tag_class: str
    severity: str

    def __str__(self) -> str:
        return str(self.label)


_TAG = "w-status w-status--label"
OVERDUE = Flag(FlagCode.OVERDUE, _("Overdue"), f"{_TAG} w-bg-critical-50", "critical")
DUE_TODAY = Flag(FlagCode.DUE_TODAY, _("Due today"), f"{_TAG} w-bg-warning-50", "warning")
DUE_SOON = Flag(FlagCode.DUE_SOON, _("Due soon"), f"{_TAG} w-bg-info-50", "info")
CLOCK_STOPPED = Flag(FlagCode.CLOCK_STOPPED, _("Clock stopped"), _TAG, "neutral")
ACKNOWLEDGEMENT_OVERDUE = Flag(
    FlagCode.ACKNOWLEDGEMENT_OVERDUE,
    _("Acknowledgement overdue"),
    f"{_TAG} w-bg-critical-50",
    "critical",
)
ALL_FLAGS = (OVERDUE, DUE_TODAY, DUE_SOON, CLOCK_STOPPED, ACKNOWLEDGEMENT_OVERDUE)


def due_soon_working_days() -> int:
    return max(int(getattr(settings, "DOORSTEP_DUE_SOON_WORKING_DAYS", 2)), 0)


def due_soon_until(today: date, *, rule: Rule | str = Rule.COUNCIL) -> date:
    """The last day a case counts as due soon: the N-th working day after today."""
    return add_working_days(today, due_soon_working_days(), rule=Rule(rule))


def _flags(case: Case, today: date, soon_until: date) -> list[Flag]:
    if case.status not in OPEN_STATUSES:
        return []
    flags = []
    if case.clock_stopped:
        flags.append(CLOCK_STOPPED)
    elif case.due_date < today:
        flags.append(OVERDUE)
    elif case.due_date == today:
        flags.append(DUE_TODAY)
    elif case.due_date <= soon_until:
        flags.append(DUE_SOON)
    if case.acknowledged_at is None and case.acknowledge_by and case.acknowledge_by < today:
        flags.append(ACKNOWLEDGEMENT_OVERDUE)
    return flags


def case_flags(case: Case, today: date) -> list[Flag]:
    """One case's flags, most urgent first (see the module docstring)."""
    if case.status not in OPEN_STATUSES:
        return []
    return _flags(case, today, due_soon_until(today, rule=case.case_type.clock_rule))


def flags_for_cases(cases: Iterable[Case], today: date) -> dict[int, list[Flag]]:
    """Flags for a page of cases, by case id, in a few queries (see the module docstring)."""
    cases = list(cases)
    # The queues select each case's type with it; look up only the types not loaded.
    rules = {
        case.case_type_id: case.case_type.clock_rule
        for case in cases
        if Case.case_type.is_cached(case)
    }
    missing = {case.case_type_id for case in cases} - rules.keys()
    if missing:
        rules.update(CaseType.objects.filter(pk__in=missing).values_list("pk", "clock_rule"))
    until = {rule: due_soon_until(today, rule=rule) for rule in set(rules.values())}
    return {
        case.pk: _flags(case, today, until.get(rules.get(case.case_type_id), today))
        for case in cases
    }


# --- Querysets ---------------------------------------------------------------------------------


def _running(today: date) -> Q:
    return Q(status__in=sorted(OPEN_STATUSES), clock_stopped=False)


def overdue_q(today: date) -> Q:
    return _running(today) & Q(due_date__lt=today)


def due_today_q(today: date) -> Q:
    return _running(today) & Q(due_date=today)


def due_soon_q(today: date) -> Q:
    """Open, running, due after today up to `due_soon_until` under each case type's rule."""
    foi = Q(case_type__clock_rule=Rule.FOI)
    by_rule = Q(foi, due_date__lte=due_soon_until(today, rule=Rule.FOI)) | Q(
        ~foi, due_date__lte=due_soon_until(today, rule=Rule.COUNCIL)
    )
    return _running(today) & Q(due_date__gt=today) & by_rule


def acknowledgement_overdue_q(today: date) -> Q:
    return Q(
        status__in=sorted(OPEN_STATUSES),
        acknowledged_at__isnull=True,
        acknowledge_by__lt=today,
    )


def due_soon(queryset: QuerySet, today: date) -> QuerySet:
    """`queryset` (of cases) narrowed to those due soon."""
    return queryset.filter(due_soon_q(today))
