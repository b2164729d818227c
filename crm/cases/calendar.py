"""Working days for England and Wales: weekends, bank holidays and council closure days don't count.

Bank holidays come from the `holidays` package (GOV.UK's list, including substitute days such as
Boxing Day observed on a Monday); closure days are `CouncilClosureDay` rows that staff set. Every
deadline measured in working days (SLA due dates, FOI's 20 days, complaint stages) comes from here.

`add_working_days(start, n)` returns the n-th working day after `start`; `start` itself is never
counted, so a case opened on a Saturday with 1 working day is due on Monday.
"""

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

import holidays

from .models import CouncilClosureDay

COUNTRY = "GB"
# England and Wales share the same bank holidays; "ENG" is England in the holidays package.
DEFAULT_SUBDIVISION = "ENG"
SATURDAY = 5


@lru_cache(maxsize=64)
def _bank_holidays(year: int, subdiv: str) -> frozenset[date]:
    return frozenset(holidays.country_holidays(COUNTRY, subdiv=subdiv, years=year).keys())


def is_bank_holiday(day: date, *, subdiv: str = DEFAULT_SUBDIVISION) -> bool:
    return day in _bank_holidays(day.year, subdiv)


def closure_days(start: date, end: date) -> set[date]:
    """Council closure days between start and end, inclusive (one query)."""
    return set(
        CouncilClosureDay.objects.filter(date__gte=start, date__lte=end).values_list(
            "date", flat=True
        )
    )


def _is_working_day(day: date, closed: Iterable[date], subdiv: str) -> bool:
    return (
        day.weekday() < SATURDAY and not is_bank_holiday(day, subdiv=subdiv) and day not in closed
    )


def is_working_day(day: date, *, subdiv: str = DEFAULT_SUBDIVISION) -> bool:
    """Not a weekend, a bank holiday or a council closure day."""
    return _is_working_day(day, closure_days(day, day), subdiv)


def add_working_days(start: date, days: int, *, subdiv: str = DEFAULT_SUBDIVISION) -> date:
    """The `days`-th working day after `start` (which is not counted); `start` when days is 0."""
    if days < 0:
        raise ValueError("days must not be negative")
    if days == 0:
        return start
    # Fetch closure days for a window that comfortably holds the answer, widening if it doesn't.
    window_end = start + timedelta(days=days * 2 + 30)
    closed = closure_days(start, window_end)
    day, counted = start, 0
    while counted < days:
        day += timedelta(days=1)
        if day > window_end:
            window_end = day + timedelta(days=days * 2 + 30)
            closed |= closure_days(day, window_end)
        if _is_working_day(day, closed, subdiv):
            counted += 1
    return day


def working_days_between(start: date, end: date, *, subdiv: str = DEFAULT_SUBDIVISION) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    if end <= start:
        return 0
    closed = closure_days(start, end)
    return sum(
        _is_working_day(start + timedelta(days=offset), closed, subdiv)
        for offset in range(1, (end - start).days + 1)
    )
