"""Working days in England and Wales: weekends, bank holidays and council closure days."""

from datetime import date, timedelta

import holidays
import pytest

from crm.cases.calendar import (
    add_working_days,
    is_bank_holiday,
    is_working_day,
    working_days_between,
)
from tests.crm.factories import CouncilClosureDayFactory

pytestmark = pytest.mark.django_db


def test_our_calendar_agrees_with_the_holidays_package_for_christmas_2026():
    bank_holidays = holidays.country_holidays("GB", subdiv="ENG", years=2026)
    # Boxing Day 2026 is a Saturday, so its bank holiday moves to Monday 28 December.
    assert date(2026, 12, 25) in bank_holidays
    assert date(2026, 12, 28) in bank_holidays
    assert is_bank_holiday(date(2026, 12, 28))
    assert not is_bank_holiday(date(2026, 12, 29))


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 12, 23), True),  # Wednesday
        (date(2026, 12, 25), False),  # Christmas Day
        (date(2026, 12, 26), False),  # Saturday (Boxing Day)
        (date(2026, 12, 27), False),  # Sunday
        (date(2026, 12, 28), False),  # Boxing Day (substitute)
        (date(2026, 12, 29), True),
        (date(2026, 4, 3), False),  # Good Friday
        (date(2026, 4, 6), False),  # Easter Monday
        (date(2026, 8, 31), False),  # Summer bank holiday (England, not Scotland)
    ],
)
def test_is_working_day(day, working):
    assert is_working_day(day) is working


def test_scotland_has_its_own_bank_holidays():
    assert not is_working_day(date(2026, 8, 31))
    assert is_working_day(date(2026, 8, 31), subdiv="SCT")


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (date(2026, 12, 24), 3, date(2026, 12, 31)),  # Thursday: skips 25, 26-27, 28
        (date(2026, 12, 24), 1, date(2026, 12, 29)),
        (date(2026, 12, 24), 0, date(2026, 12, 24)),
        (date(2026, 11, 20), 1, date(2026, 11, 23)),  # Friday -> Monday
        (date(2026, 11, 21), 1, date(2026, 11, 23)),  # opened on a Saturday
        (date(2026, 11, 16), 5, date(2026, 11, 23)),  # a full week
        (date(2026, 4, 1), 2, date(2026, 4, 7)),  # Wed: Thu 2, (Good Fri, weekend, Easter Mon)
        (date(2026, 12, 31), 1, date(2027, 1, 4)),  # New Year's Day and a weekend
    ],
)
def test_add_working_days(start, days, due):
    assert add_working_days(start, days) == due


def test_council_closure_days_are_not_working_days():
    CouncilClosureDayFactory(date=date(2026, 12, 29))
    CouncilClosureDayFactory(date=date(2026, 12, 30))
    CouncilClosureDayFactory(date=date(2026, 12, 31))
    assert not is_working_day(date(2026, 12, 29))
    # 29-31 closed, 1 Jan bank holiday, 2-3 weekend: the first working day is Monday 4 January.
    assert add_working_days(date(2026, 12, 24), 1) == date(2027, 1, 4)
    assert working_days_between(date(2026, 12, 24), date(2027, 1, 4)) == 1


def test_long_periods_cross_many_closure_days():
    # 60 closure days in a row force the look-up window to widen.
    for offset in range(60):
        CouncilClosureDayFactory(date=date(2027, 2, 1) + timedelta(days=offset))
    due = add_working_days(date(2027, 1, 29), 1)  # a Friday
    assert due == date(2027, 4, 2)  # 1 Feb + 60 days = 2 April, a Friday
    assert working_days_between(date(2027, 1, 29), due) == 1


def test_working_days_between():
    assert working_days_between(date(2026, 12, 24), date(2026, 12, 31)) == 3
    assert working_days_between(date(2026, 12, 31), date(2026, 12, 24)) == 0


def test_negative_days_are_an_error():
    with pytest.raises(ValueError):
        add_working_days(date(2026, 1, 5), -1)
