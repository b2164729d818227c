"""The one working-day calendar: every deadline measured in working days comes from here.

Two rules, because the law and the council count differently (docs/statutory-clocks.md):

- `Rule.COUNCIL` (the default): not a Saturday or Sunday, not a bank holiday in the council's
  nation (`settings.DOORSTEP_NATION`), and not a council closure day (`CouncilClosureDay` rows
  that staff set). Used for service-level targets and the complaints code.
- `Rule.FOI`: a "working day" as the information access laws define it. In England, Wales and
  Northern Ireland that is the Freedom of Information Act 2000 s10(6) (and the Environmental
  Information Regulations 2004 reg 2(1), which borrows it): any day other than a Saturday, a
  Sunday, Christmas Day, Good Friday or a day which is a bank holiday under the Banking and
  Financial Dealings Act 1971 *in any part of the United Kingdom* - so St Patrick's Day and
  Scotland's 2 January are not working days for a council in England. In Scotland it is the
  Freedom of Information (Scotland) Act 2002 s73 (and the EIR (Scotland) 2004, which borrow it):
  any day other than a Saturday, a Sunday, Christmas Day or a bank holiday in Scotland under the
  1971 Act. Council closure days are working days under this rule.

Bank holidays come from the `holidays` package (GOV.UK's lists, including substitute days such as
Boxing Day observed on a Monday, and one-off days appointed by proclamation under s1(3) of the
1971 Act, such as 19 September 2022); Wales has England's bank holidays.

Counting: `add_working_days(start, n)` returns the n-th working day after `start`; `start` itself
is never counted (it need not be a working day), so a case opened on a Saturday with 1 working
day is due on Monday, and an FOI request received on day D is due on the 20th working day after
D ("the day after receipt is day 1" when that day is a working day).

Every function that needs closure days takes `closed=`: pass an iterable of dates to skip the
database (tests, batch jobs); leave it out and the `CouncilClosureDay` rows are read.
"""

from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from functools import lru_cache
from typing import NamedTuple

import holidays
from dateutil.easter import easter
from django.conf import settings
from django.core import checks

from .enums import Rule
from .models import CouncilClosureDay

COUNTRY = "GB"
# The Django setting DOORSTEP_NATION -> the `holidays` package's GB subdivision whose bank
# holidays count. Wales ("WLS") has exactly England's bank holidays, so "ENG" stands for both.
NATIONS: dict[str, str] = {
    "england-and-wales": "ENG",
    "scotland": "SCT",
    "northern-ireland": "NIR",
}
# Every part of the UK, for FOIA s10(6)'s "bank holiday ... in any part of the United Kingdom".
ALL_SUBDIVISIONS = ("ENG", "WLS", "SCT", "NIR")
DEFAULT_SUBDIVISION = "ENG"
SATURDAY = 5
# FOIA s10(1), EIR reg 5(2), FOISA s10(1): the twentieth working day following receipt.
FOI_WORKING_DAYS = 20


class Stop(NamedTuple):
    """A period when a clock was stopped. `resumed_on` is None while it is still stopped.

    Both ends are inclusive: the working days from `stopped_on` to `resumed_on`, both included,
    are disregarded (as FOIA s10(2) does for a fees notice: "the period beginning with the day on
    which the fees notice is given ... and ending with the day on which the fee is received").
    The clock runs again from the day after `resumed_on`.
    """

    stopped_on: date
    resumed_on: date | None = None

    def covers(self, day: date) -> bool:
        return self.stopped_on <= day and (self.resumed_on is None or day <= self.resumed_on)


# --- Nations -----------------------------------------------------------------------------------


def council_subdivision() -> str:
    """The `holidays` subdivision of the council's nation (settings.DOORSTEP_NATION)."""
    try:
        return NATIONS[settings.DOORSTEP_NATION]
    except KeyError:
        raise ValueError(
            f"DOORSTEP_NATION is {settings.DOORSTEP_NATION!r}; expected one of {sorted(NATIONS)}"
        ) from None


def _subdivision(nation: str | None, subdiv: str | None) -> str:
    if subdiv is not None:
        return subdiv
    if nation is not None:
        if nation not in NATIONS:
            raise ValueError(f"unknown nation {nation!r}; expected one of {sorted(NATIONS)}")
        return NATIONS[nation]
    return council_subdivision()


def check_nation(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """System check: DOORSTEP_NATION must name a nation whose bank holidays we know."""
    value = getattr(settings, "DOORSTEP_NATION", None)
    if value in NATIONS:
        return []
    return [
        checks.Error(
            f"DOORSTEP_NATION is {value!r}, which is not a nation Doorstep knows.",
            hint=(
                "Set DOORSTEP_NATION to one of "
                + ", ".join(f'"{name}"' for name in NATIONS)
                + ": it decides whose bank holidays are not working days."
            ),
            id="cases.E001",
        )
    ]


# --- Non-working days --------------------------------------------------------------------------


# Days the `holidays` package lists that were not bank holidays under the 1971 Act: St Andrew's
# Day became one by the St Andrew's Day Bank Holiday (Scotland) Act 2007 (Royal Assent January
# 2007), so 30 November 2006 was an ordinary working day.
NOT_BANK_HOLIDAYS: dict[str, frozenset[date]] = {"SCT": frozenset({date(2006, 11, 30)})}


@lru_cache(maxsize=256)
def _bank_holidays(year: int, subdiv: str) -> frozenset[date]:
    listed = holidays.country_holidays(COUNTRY, subdiv=subdiv, years=year).keys()
    return frozenset(listed) - NOT_BANK_HOLIDAYS.get(subdiv, frozenset())


@lru_cache(maxsize=256)
def _statutory_non_working(year: int, subdiv: str) -> frozenset[date]:
    """Weekdays that are not working days under the information access laws (see the module)."""
    christmas = date(year, 12, 25)
    if subdiv == "SCT":  # FOISA s73: Christmas Day or a bank holiday in Scotland
        return _bank_holidays(year, "SCT") | {christmas}
    # FOIA s10(6): Christmas Day, Good Friday or a bank holiday in any part of the UK
    days = {christmas, easter(year) - timedelta(days=2)}
    for part in ALL_SUBDIVISIONS:
        days |= _bank_holidays(year, part)
    return frozenset(days)


def is_bank_holiday(day: date, *, nation: str | None = None, subdiv: str | None = None) -> bool:
    """A bank holiday in the council's nation (or the `nation`/`subdiv` given)."""
    return day in _bank_holidays(day.year, _subdivision(nation, subdiv))


def closure_days(start: date, end: date) -> set[date]:
    """Council closure days between start and end, inclusive (one query)."""
    return set(
        CouncilClosureDay.objects.filter(date__gte=start, date__lte=end).values_list(
            "date", flat=True
        )
    )


ClosureLookup = Callable[[date, date], set[date]]


def _closure_lookup(rule: Rule, closed: Iterable[date] | None) -> ClosureLookup:
    """How to find closure days for a window: none for FOI, the given ones, or the database."""
    if rule == Rule.FOI:
        return lambda start, end: set()
    if closed is not None:
        given = set(closed)
        return lambda start, end: {day for day in given if start <= day <= end}
    return closure_days


def _is_working(day: date, closed: set[date], rule: Rule, subdiv: str) -> bool:
    if day.weekday() >= SATURDAY or day in closed:
        return False
    if rule == Rule.FOI:
        return day not in _statutory_non_working(day.year, subdiv)
    return day not in _bank_holidays(day.year, subdiv)


class _Days:
    """Walks days under one rule, forwards or backwards, fetching closure days a window at a time
    (few queries)."""

    def __init__(
        self, start: date, span: int, rule: Rule, subdiv: str, closed: Iterable[date] | None
    ) -> None:
        self.rule, self.subdiv = rule, subdiv
        self.lookup = _closure_lookup(rule, closed)
        self.span = timedelta(days=span * 2 + 30)
        self.low, self.high = start - self.span, start + self.span
        self.closed = self.lookup(self.low, self.high)

    def working(self, day: date) -> bool:
        if day > self.high:
            new_high = day + self.span
            self.closed |= self.lookup(self.high + timedelta(days=1), new_high)
            self.high = new_high
        elif day < self.low:
            new_low = day - self.span
            self.closed |= self.lookup(new_low, self.low - timedelta(days=1))
            self.low = new_low
        return _is_working(day, self.closed, self.rule, self.subdiv)


def _walk(
    start: date, days: int, step: int, rule, nation, subdiv, closed, stops: Sequence[Stop] = ()
) -> date | None:
    """The `days`-th working day after (step 1) or before (step -1) `start`, not counting it nor
    any day inside a stop; None if the count reaches a stop that has not ended."""
    if days < 0:
        raise ValueError("days must not be negative")
    if days == 0:
        return start
    walker = _Days(start, days, rule, _subdivision(nation, subdiv), closed)
    day, counted = start, 0
    while counted < days:
        day += timedelta(days=step)
        covering = [stop for stop in stops if stop.covers(day)]
        if any(stop.resumed_on is None for stop in covering):
            return None
        if covering:
            continue
        if walker.working(day):
            counted += 1
    return day


# --- Counting ----------------------------------------------------------------------------------


def is_working_day(
    day: date,
    *,
    rule: Rule = Rule.COUNCIL,
    nation: str | None = None,
    subdiv: str | None = None,
    closed: Iterable[date] | None = None,
) -> bool:
    """Whether `day` is a working day under `rule` (see the module docstring)."""
    lookup = _closure_lookup(rule, closed)
    return _is_working(day, lookup(day, day), rule, _subdivision(nation, subdiv))


def add_working_days(
    start: date,
    days: int,
    *,
    rule: Rule = Rule.COUNCIL,
    nation: str | None = None,
    subdiv: str | None = None,
    closed: Iterable[date] | None = None,
) -> date:
    """The `days`-th working day after `start` (which is not counted); `start` when days is 0."""
    return _walk(start, days, 1, rule, nation, subdiv, closed)


def subtract_working_days(
    end: date,
    days: int,
    *,
    rule: Rule = Rule.COUNCIL,
    nation: str | None = None,
    subdiv: str | None = None,
    closed: Iterable[date] | None = None,
) -> date:
    """The `days`-th working day before `end` (which is not counted); `end` when days is 0.

    For "opened 3 working days ago" (the demo data, back-dated tests); the mirror of
    `add_working_days`.
    """
    return _walk(end, days, -1, rule, nation, subdiv, closed)


def working_days_between(
    start: date,
    end: date,
    *,
    rule: Rule = Rule.COUNCIL,
    nation: str | None = None,
    subdiv: str | None = None,
    closed: Iterable[date] | None = None,
) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    if end <= start:
        return 0
    subdivision = _subdivision(nation, subdiv)
    in_window = _closure_lookup(rule, closed)(start, end)
    return sum(
        _is_working(start + timedelta(days=offset), in_window, rule, subdivision)
        for offset in range(1, (end - start).days + 1)
    )


def foi_due_date(received: date, *, nation: str | None = None) -> date:
    """When an FOI or EIR response is due: the 20th working day following the date of receipt.

    `received` is the calendar day the request arrived, whatever day it is (FOIA s10(6)); the
    first working day after it is day 1. After a clarification (s1(3)) pass the day the
    clarification arrived, or use `restarted_due_date`.
    """
    return add_working_days(received, FOI_WORKING_DAYS, rule=Rule.FOI, nation=nation)


# --- Clock stops -------------------------------------------------------------------------------


def _stops(stops: Iterable[Stop | tuple[date, date | None]]) -> list[Stop]:
    result = [Stop(*stop) for stop in stops]
    for stop in result:
        if stop.resumed_on is not None and stop.resumed_on < stop.stopped_on:
            raise ValueError("a clock cannot resume before it stopped")
    return result


def stopped_working_days(
    stops: Iterable[Stop | tuple[date, date | None]],
    *,
    until: date,
    rule: Rule = Rule.COUNCIL,
    nation: str | None = None,
    subdiv: str | None = None,
    closed: Iterable[date] | None = None,
) -> int:
    """Working days the clock was stopped, up to and including `until` (overlaps count once).

    Each stop covers `stopped_on` to `resumed_on` inclusive; a stop still open runs to `until`.
    """
    days: set[date] = set()
    for stop in _stops(stops):
        last = min(until, stop.resumed_on or until)
        day = stop.stopped_on
        while day <= last:
            days.add(day)
            day += timedelta(days=1)
    if not days:
        return 0
    subdivision = _subdivision(nation, subdiv)
    in_window = _closure_lookup(rule, closed)(min(days), max(days))
    return sum(_is_working(day, in_window, rule, subdivision) for day in days)


def due_date_with_stops(
    start: date,
    days: int,
    stops: Sequence[Stop | tuple[date, date | None]],
    *,
    rule: Rule = Rule.COUNCIL,
    nation: str | None = None,
    subdiv: str | None = None,
    closed: Iterable[date] | None = None,
) -> date | None:
    """The `days`-th running working day after `start`: the due date moved by the days stopped.

    Working days are counted one by one after `start`; a working day inside a stop (from its
    `stopped_on` to its `resumed_on`, both inclusive - see `Stop`) is not counted. A stop that
    begins after the clock has run out changes nothing (the case was already due). While a stop
    that began before then is still open (`resumed_on` None) there is no due date: None.
    """
    return _walk(start, days, 1, rule, nation, subdiv, closed, _stops(stops))


def restarted_due_date(
    start: date,
    days: int,
    stops: Sequence[Stop | tuple[date, date | None]],
    *,
    rule: Rule = Rule.COUNCIL,
    nation: str | None = None,
    subdiv: str | None = None,
    closed: Iterable[date] | None = None,
) -> date | None:
    """The due date when each stop restarts the clock from day one (FOI clarification).

    FOIA s1(3): an authority that asks for the information it needs to identify what is wanted
    need not comply until it gets it, and s10(6)(b) then makes the day the answer arrives the
    "date of receipt". So the clock counts `days` working days after the last `resumed_on` (or
    after `start` when there are no stops): the day the reply arrived is not counted, the next
    working day is day 1. While any stop is open there is no due date: None.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    periods = _stops(stops)
    if any(stop.resumed_on is None for stop in periods):
        return None
    restart = max([start, *(stop.resumed_on for stop in periods)])
    return add_working_days(restart, days, rule=rule, nation=nation, subdiv=subdiv, closed=closed)


def running_working_days_between(
    start: date,
    end: date,
    stops: Iterable[Stop | tuple[date, date | None]] = (),
    *,
    rule: Rule = Rule.COUNCIL,
    nation: str | None = None,
    subdiv: str | None = None,
    closed: Iterable[date] | None = None,
) -> int:
    """Working days after `start` up to and including `end` that no stop covers (0 when end <=
    start): how many days a clock runs from one date to another. An extension from the due date
    to a later date adds exactly this many to the target, so the clock then falls due on `end`
    (when `end` is itself a running working day)."""
    if end <= start:
        return 0
    periods = _stops(stops)
    subdivision = _subdivision(nation, subdiv)
    in_window = _closure_lookup(rule, closed)(start, end)
    days = (start + timedelta(days=offset) for offset in range(1, (end - start).days + 1))
    return sum(
        _is_working(day, in_window, rule, subdivision)
        and not any(stop.covers(day) for stop in periods)
        for day in days
    )
