"""Whose bank holidays count: DOORSTEP_NATION, its system check, and each nation's holidays.

The bank holidays come from the `holidays` package; these tests check the dates it gives against
the rules of the Banking and Financial Dealings Act 1971 (and the proclamations GOV.UK lists),
worked out independently here, for every year from 2000 to 2040. No database: closure days are
passed in (`closed=()`).
"""

from datetime import date, timedelta

import holidays
import pytest
from dateutil.easter import easter
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from crm.cases.calendar import (
    NATIONS,
    Rule,
    check_nation,
    is_bank_holiday,
    is_working_day,
    working_days_between,
)

YEARS = range(2000, 2041)
NATION_NAMES = sorted(NATIONS)


def weekdays_from(day: date, count: int) -> list[date]:
    """The first `count` weekdays on or after `day` (how substitute days fall)."""
    found = []
    while len(found) < count:
        if day.weekday() < 5:
            found.append(day)
        day += timedelta(days=1)
    return found


def mondays(year: int, month: int) -> list[date]:
    first = date(year, month, 1)
    day = first + timedelta(days=(7 - first.weekday()) % 7)
    result = []
    while day.month == month:
        result.append(day)
        day += timedelta(days=7)
    return result


def expected_holidays(year: int, nation: str) -> set[date]:
    """The weekday bank holidays of a nation, from the rules (not from the `holidays` package)."""
    days = set(weekdays_from(date(year, 12, 25), 2))  # Christmas and Boxing Day, or substitutes
    days.add(easter(year) - timedelta(days=2))  # Good Friday
    days.add(
        date(2020, 5, 8) if year == 2020 else mondays(year, 5)[0]  # Early May (VE Day in 2020)
    )
    spring = {2002: date(2002, 6, 4), 2012: date(2012, 6, 4), 2022: date(2022, 6, 2)}
    days.add(spring.get(year, mondays(year, 5)[-1]))
    one_off = {
        2002: [date(2002, 6, 3)],  # Golden Jubilee
        2011: [date(2011, 4, 29)],  # Royal wedding
        2012: [date(2012, 6, 5)],  # Diamond Jubilee
        2022: [date(2022, 6, 3), date(2022, 9, 19)],  # Platinum Jubilee, the Queen's funeral
        2023: [date(2023, 5, 8)],  # Coronation
    }
    days.update(one_off.get(year, []))
    if nation == "scotland":
        days.update(weekdays_from(date(year, 1, 1), 2))  # 1 and 2 January, or substitutes
        days.add(mondays(year, 8)[0])  # first Monday in August
        if year >= 2007:  # St Andrew's Day Bank Holiday (Scotland) Act 2007
            days.update(weekdays_from(date(year, 11, 30), 1))
        if year == 2026:  # by proclamation (2026): Scotland at the FIFA World Cup
            days.add(date(2026, 6, 15))
    else:
        days.update(weekdays_from(date(year, 1, 1), 1))  # New Year's Day, or the Monday
        days.add(easter(year) + timedelta(days=1))  # Easter Monday
        days.add(mondays(year, 8)[-1])  # last Monday in August
    if nation == "northern-ireland":
        days.update(weekdays_from(date(year, 3, 17), 1))  # St Patrick's Day
        days.update(weekdays_from(date(year, 7, 12), 1))  # Battle of the Boyne
    return days


def weekday_bank_holidays(year: int, nation: str) -> set[date]:
    listed = holidays.country_holidays("GB", subdiv=NATIONS[nation], years=year)
    return {day for day in listed if day.weekday() < 5}


@pytest.mark.parametrize("nation", NATION_NAMES)
def test_the_holidays_package_agrees_with_the_rules_every_year(nation):
    for year in YEARS:
        listed = weekday_bank_holidays(year, nation)
        if (nation, year) == ("scotland", 2006):
            # The package has St Andrew's Day 2006, before the 2007 Act made it a bank holiday;
            # the calendar leaves it out (calendar.NOT_BANK_HOLIDAYS).
            assert listed - expected_holidays(year, nation) == {date(2006, 11, 30)}
            assert is_working_day(date(2006, 11, 30), nation="scotland", closed=())
            continue
        assert listed == expected_holidays(year, nation), year


def test_wales_has_englands_bank_holidays():
    for year in YEARS:
        wales = holidays.country_holidays("GB", subdiv="WLS", years=year)
        england = holidays.country_holidays("GB", subdiv="ENG", years=year)
        assert set(wales) == set(england), year


@pytest.mark.parametrize("nation", NATION_NAMES)
def test_council_working_days_are_weekdays_that_are_not_the_nations_bank_holidays(nation):
    for year in YEARS:
        expected = expected_holidays(year, nation)
        day = date(year, 1, 1)
        while day.year == year:
            working = is_working_day(day, nation=nation, closed=())
            assert working is (day.weekday() < 5 and day not in expected), day
            day += timedelta(days=1)
        # And counting a whole year agrees, day by day.
        weekdays = sum(
            (date(year, 1, 1) + timedelta(days=n)).weekday() < 5
            for n in range((date(year, 12, 31) - date(year, 1, 1)).days + 1)
        )
        counted = working_days_between(
            date(year - 1, 12, 31), date(year, 12, 31), nation=nation, closed=()
        )
        assert counted == weekdays - len(expected), year


@pytest.mark.parametrize("nation", ["england-and-wales", "northern-ireland"])
def test_the_foi_act_excludes_a_bank_holiday_in_any_part_of_the_uk(nation):
    for year in YEARS:
        everywhere = set().union(*(expected_holidays(year, name) for name in NATION_NAMES))
        day = date(year, 1, 1)
        while day.year == year:
            working = is_working_day(day, rule=Rule.FOI, nation=nation)
            assert working is (day.weekday() < 5 and day not in everywhere), day
            day += timedelta(days=1)


def test_foisa_excludes_only_scotlands_bank_holidays_and_christmas_day():
    for year in YEARS:
        scottish = expected_holidays(year, "scotland")
        assert date(year, 12, 25) in scottish or date(year, 12, 25).weekday() >= 5
        day = date(year, 1, 1)
        while day.year == year:
            working = is_working_day(day, rule=Rule.FOI, nation="scotland")
            assert working is (day.weekday() < 5 and day not in scottish), day
            day += timedelta(days=1)


def test_substitute_days_when_christmas_falls_on_a_weekend():
    # 2021 and 2027: Christmas on a Saturday, so Monday 27 and Tuesday 28 December are holidays.
    # 2022: Christmas on a Sunday, so Monday 26 and Tuesday 27. 2026: Boxing Day on a Saturday.
    for nation in NATION_NAMES:
        for rule in Rule:
            for day in (date(2021, 12, 27), date(2021, 12, 28), date(2027, 12, 28)):
                assert not is_working_day(day, rule=rule, nation=nation, closed=())
            assert not is_working_day(date(2022, 12, 27), rule=rule, nation=nation, closed=())
            assert not is_working_day(date(2026, 12, 28), rule=rule, nation=nation, closed=())
            assert is_working_day(date(2026, 12, 29), rule=rule, nation=nation, closed=())


def test_the_setting_picks_the_nation(settings):
    summer_in_england, summer_in_scotland = date(2026, 8, 31), date(2026, 8, 3)
    st_patricks_day = date(2026, 3, 17)
    settings.DOORSTEP_NATION = "england-and-wales"
    assert not is_working_day(summer_in_england, closed=())
    assert is_working_day(summer_in_scotland, closed=())
    assert is_working_day(st_patricks_day, closed=())
    settings.DOORSTEP_NATION = "scotland"
    assert is_working_day(summer_in_england, closed=())
    assert not is_working_day(summer_in_scotland, closed=())
    assert is_bank_holiday(summer_in_scotland)
    settings.DOORSTEP_NATION = "northern-ireland"
    assert not is_working_day(st_patricks_day, closed=())
    # The FOI rule follows the setting only as far as the law does: every part of the UK for
    # FOIA, Scotland's own list for FOISA.
    settings.DOORSTEP_NATION = "england-and-wales"
    assert not is_working_day(st_patricks_day, rule=Rule.FOI)
    assert not is_working_day(summer_in_scotland, rule=Rule.FOI)
    settings.DOORSTEP_NATION = "scotland"
    assert is_working_day(st_patricks_day, rule=Rule.FOI)
    assert is_working_day(summer_in_england, rule=Rule.FOI)


@pytest.mark.parametrize("nation", NATION_NAMES)
def test_the_system_check_accepts_each_nation(settings, nation):
    settings.DOORSTEP_NATION = nation
    assert check_nation() == []


@pytest.mark.parametrize("value", ["wales", "England", "", None])
def test_the_system_check_refuses_an_unknown_nation(settings, value):
    settings.DOORSTEP_NATION = value
    [error] = check_nation()
    assert error.id == "cases.E001"
    assert repr(value) in error.msg
    assert '"england-and-wales", "scotland", "northern-ireland"' in error.hint


def test_manage_py_check_fails_on_an_unknown_nation(settings):
    settings.DOORSTEP_NATION = "wales"
    with pytest.raises(SystemCheckError, match="DOORSTEP_NATION is 'wales'"):
        call_command("check")


def test_the_calendar_refuses_to_guess_an_unknown_nation(settings):
    settings.DOORSTEP_NATION = "wales"
    with pytest.raises(ValueError, match="DOORSTEP_NATION"):
        is_working_day(date(2026, 1, 5), closed=())
