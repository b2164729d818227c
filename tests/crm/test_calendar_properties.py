"""Working-day arithmetic, property by property, for any day from 2000 to 2040 in each nation.

Hypothesis picks the start day, the number of working days, the nation, the rule, council
closure days and clock stops. No database: closure days are passed in (`closed=`), which is the
path batch jobs use too. Kept quick: a few hundred examples per property, no deadline.
"""

from datetime import date, timedelta
from functools import cache

import holidays
from dateutil.easter import easter
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from crm.cases.calendar import (
    NATIONS,
    Rule,
    Stop,
    add_working_days,
    due_date_with_stops,
    is_working_day,
    restarted_due_date,
    stopped_working_days,
    subtract_working_days,
    working_days_between,
)

# No example database: nothing is written into the shared checkout between runs.
FAST = hypothesis_settings(max_examples=150, deadline=None, database=None)

days_2000_to_2040 = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))
nations = st.sampled_from(sorted(NATIONS))
rules = st.sampled_from(list(Rule))
counts = st.integers(min_value=0, max_value=70)


@st.composite
def closures(draw, near=None):
    """A few council closure days, some of them close to `near` so that they matter."""
    around = near or draw(days_2000_to_2040)
    offsets = draw(st.lists(st.integers(min_value=-5, max_value=60), max_size=12))
    return {around + timedelta(days=offset) for offset in offsets}


def bank_holiday_set(day: date, nation: str, rule: Rule) -> frozenset[date]:
    """The days the law makes holidays, straight from the `holidays` package (an oracle)."""
    return _holidays_of_year(day.year, nation, Rule(rule))


@cache
def _holidays_of_year(year: int, nation: str, rule: Rule) -> frozenset[date]:
    if rule == Rule.FOI and nation != "scotland":  # FOIA s10(6): any part of the UK
        parts = ["ENG", "WLS", "SCT", "NIR"]
        extra = {date(year, 12, 25), easter(year) - timedelta(days=2)}
    else:  # the council's nation; FOISA s73 for Scotland (Christmas Day is listed anyway)
        parts, extra = [NATIONS[nation]], {date(year, 12, 25)}
    found = set(extra)
    for part in parts:
        found |= set(holidays.country_holidays("GB", subdiv=part, years=year))
    # Not yet a bank holiday (see test_calendar_nations).
    return frozenset(found - {date(2006, 11, 30)})


@FAST
@given(day=days_2000_to_2040, nation=nations, rule=rules, data=st.data())
def test_a_working_day_is_a_weekday_that_is_no_holiday_and_for_the_council_not_closed(
    day, nation, rule, data
):
    closed = data.draw(closures(near=day))
    expected = (
        day.weekday() < 5
        and day not in bank_holiday_set(day, nation, rule)
        and (rule == Rule.FOI or day not in closed)
    )
    assert is_working_day(day, rule=rule, nation=nation, closed=closed) is expected


@FAST
@given(start=days_2000_to_2040, days=counts, nation=nations, rule=rules, data=st.data())
def test_adding_then_counting_gives_back_the_days(start, days, nation, rule, data):
    closed = data.draw(closures(near=start))
    options = {"rule": rule, "nation": nation, "closed": closed}
    due = add_working_days(start, days, **options)
    assert working_days_between(start, due, **options) == days
    if days:
        assert due > start
        # The due date is itself a working day: never a weekend, a holiday or (council) closed.
        assert due.weekday() < 5
        assert is_working_day(due, **options)
        # And it is the first day on which the count is reached.
        assert working_days_between(start, due - timedelta(days=1), **options) == days - 1


@FAST
@given(start=days_2000_to_2040, span=st.integers(0, 120), nation=nations, rule=rules)
def test_weekends_are_never_counted(start, span, nation, rule):
    end = start + timedelta(days=span)
    weekdays = sum((start + timedelta(days=n)).weekday() < 5 for n in range(1, span + 1))
    counted = working_days_between(start, end, rule=rule, nation=nation, closed=())
    holidays_on_weekdays = {
        day
        for n in range(1, span + 1)
        for day in [start + timedelta(days=n)]
        if day.weekday() < 5 and day in bank_holiday_set(day, nation, rule)
    }
    assert counted == weekdays - len(holidays_on_weekdays)


@FAST
@given(
    start=days_2000_to_2040,
    first=counts,
    second=counts,
    shift=st.integers(0, 30),
    nation=nations,
    rule=rules,
    data=st.data(),
)
def test_more_days_or_a_later_start_never_give_an_earlier_due_date(
    start, first, second, shift, nation, rule, data
):
    closed = data.draw(closures(near=start))
    options = {"rule": rule, "nation": nation, "closed": closed}
    low, high = sorted((first, second))
    assert add_working_days(start, low, **options) <= add_working_days(start, high, **options)
    later = start + timedelta(days=shift)
    assert add_working_days(start, high, **options) <= add_working_days(later, high, **options)
    end = start + timedelta(days=high)
    assert working_days_between(start, end, **options) <= working_days_between(
        start, end + timedelta(days=shift), **options
    )


@FAST
@given(start=days_2000_to_2040, days=st.integers(1, 70), nation=nations, data=st.data())
def test_closure_days_move_the_council_clock_but_never_the_foi_clock(start, days, nation, data):
    closed = data.draw(closures(near=start))
    council = add_working_days(start, days, nation=nation, closed=closed)
    open_every_day = add_working_days(start, days, nation=nation, closed=())
    assert council >= open_every_day
    # The council's clock moves by exactly the closure days that fell on working days.
    skipped = {day for day in closed if start < day <= council and day.weekday() < 5}
    skipped = {
        day for day in skipped if is_working_day(day, nation=nation, closed=())
    }  # a closure on a bank holiday changes nothing
    assert working_days_between(start, council, nation=nation, closed=()) == days + len(skipped)
    foi = add_working_days(start, days, rule=Rule.FOI, nation=nation, closed=closed)
    assert foi == add_working_days(start, days, rule=Rule.FOI, nation=nation)


@FAST
@given(start=days_2000_to_2040, nation=nations, rule=rules)
def test_christmas_day_and_good_friday_are_never_working_days(start, nation, rule):
    year = start.year
    for day in (date(year, 12, 25), easter(year) - timedelta(days=2)):
        assert not is_working_day(day, rule=rule, nation=nation, closed=())


@FAST
@given(end=days_2000_to_2040, days=counts, nation=nations, rule=rules, data=st.data())
def test_subtracting_working_days_mirrors_adding_them(end, days, nation, rule, data):
    closed = data.draw(closures(near=end - timedelta(days=60)))
    options = {"rule": rule, "nation": nation, "closed": closed}
    start = subtract_working_days(end, days, **options)
    if days == 0:
        assert start == end
        return
    assert start < end
    assert is_working_day(start, **options)
    # `days` working days from `start` (included) up to `end` (not included) ...
    before_end = end - timedelta(days=1)
    assert working_days_between(start - timedelta(days=1), before_end, **options) == days
    # ... so adding them back reaches the first working day on or after `end`.
    back = add_working_days(start, days, **options)
    assert back >= end
    assert working_days_between(end - timedelta(days=1), back, **options) == 1


# --- Clock stops -------------------------------------------------------------------------------


@st.composite
def a_stop(draw, start):
    """A stop that begins within 40 days of `start` and lasts up to 30 days."""
    stopped_on = start + timedelta(days=draw(st.integers(0, 40)))
    resumed_on = stopped_on + timedelta(days=draw(st.integers(0, 30)))
    return Stop(stopped_on, resumed_on)


@FAST
@given(start=days_2000_to_2040, days=counts, nation=nations, rule=rules, data=st.data())
def test_a_stop_moves_the_due_date_by_the_working_days_stopped(start, days, nation, rule, data):
    closed = data.draw(closures(near=start))
    stop = data.draw(a_stop(start))
    options = {"rule": rule, "nation": nation, "closed": closed}
    unstopped = add_working_days(start, days, **options)
    assert due_date_with_stops(start, days, [], **options) == unstopped
    due = due_date_with_stops(start, days, [stop], **options)
    if days == 0 or stop.stopped_on > unstopped:
        assert due == unstopped  # stopped after the clock ran out: still due when it was
    else:
        # Working days stopped after `start`, from stopped_on to resumed_on, both inclusive.
        first_stopped = max(stop.stopped_on, start + timedelta(days=1))
        stopped = working_days_between(
            first_stopped - timedelta(days=1), stop.resumed_on, **options
        )
        assert due == add_working_days(start, days + stopped, **options)
    # Stopping never brings a due date forward, and a longer stop never shortens it.
    assert due >= unstopped
    longer = Stop(stop.stopped_on, stop.resumed_on + timedelta(days=data.draw(st.integers(0, 20))))
    assert due_date_with_stops(start, days, [longer], **options) >= due


@FAST
@given(start=days_2000_to_2040, days=st.integers(1, 70), nation=nations, data=st.data())
def test_while_the_clock_is_stopped_there_is_no_due_date(start, days, nation, data):
    stop = data.draw(a_stop(start))
    unstopped = add_working_days(start, days, nation=nation, closed=())
    still_stopped = Stop(stop.stopped_on, None)
    due = due_date_with_stops(start, days, [still_stopped], nation=nation, closed=())
    assert due == (None if stop.stopped_on <= unstopped else unstopped)
    assert restarted_due_date(start, days, [still_stopped], nation=nation, closed=()) is None


@FAST
@given(start=days_2000_to_2040, days=counts, nation=nations, rule=rules, data=st.data())
def test_overlapping_stops_count_once(start, days, nation, rule, data):
    first, second = data.draw(a_stop(start)), data.draw(a_stop(start))
    options = {"rule": rule, "nation": nation, "closed": ()}
    both = due_date_with_stops(start, days, [first, second], **options)
    if first.stopped_on <= second.stopped_on <= first.resumed_on:  # they overlap or touch
        merged = Stop(first.stopped_on, max(first.resumed_on, second.resumed_on))
        assert both == due_date_with_stops(start, days, [merged], **options)
    assert both >= due_date_with_stops(start, days, [first], **options)


@FAST
@given(start=days_2000_to_2040, days=counts, nation=nations, rule=rules, data=st.data())
def test_a_restart_counts_all_the_days_again_from_the_reply(start, days, nation, rule, data):
    stops = data.draw(st.lists(a_stop(start), min_size=1, max_size=3))
    options = {"rule": rule, "nation": nation, "closed": ()}
    last_reply = max(stop.resumed_on for stop in stops)
    restarted = restarted_due_date(start, days, stops, **options)
    assert restarted == add_working_days(max(start, last_reply), days, **options)
    assert working_days_between(max(start, last_reply), restarted, **options) == days
    # Starting again from day one never ends sooner than pausing and carrying on.
    paused = due_date_with_stops(start, days, stops, **options)
    assert restarted >= paused
    assert restarted_due_date(start, days, [], **options) == add_working_days(
        start, days, **options
    )


@FAST
@given(start=days_2000_to_2040, nation=nations, rule=rules, data=st.data())
def test_stopped_working_days_include_both_ends(start, nation, rule, data):
    stop = data.draw(a_stop(start))
    closed = data.draw(closures(near=start))
    options = {"rule": rule, "nation": nation, "closed": closed}
    inclusive = working_days_between(
        stop.stopped_on - timedelta(days=1), stop.resumed_on, **options
    )
    assert stopped_working_days([stop], until=stop.resumed_on, **options) == inclusive
    # A stop still open is counted up to the day asked about.
    assert stopped_working_days([Stop(stop.stopped_on)], until=stop.resumed_on, **options) == (
        inclusive
    )
    # The same stop twice counts once.
    assert stopped_working_days([stop, stop], until=stop.resumed_on, **options) == inclusive
