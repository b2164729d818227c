"""Clock stops, property by property, for any day from 2000 to 2040 in each nation, under both
rules, with council closure days: stopping for k working days moves the due date by exactly k
working days; a stop entirely after the due date changes nothing.

The calendar-only properties need no database and run many examples; the service properties run
`stop_clock`/`resume_clock` on a real case (closure days as `CouncilClosureDay` rows) with fewer.
"""

from datetime import date, timedelta

import pytest
from django.test import override_settings
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from crm.cases.calendar import (
    NATIONS,
    Rule,
    Stop,
    add_working_days,
    due_date_with_stops,
    stopped_working_days,
)
from crm.cases.models import CouncilClosureDay
from crm.cases.services import resume_clock, stop_clock
from crm.cases.services.clocks import due_date_for

FAST = hypothesis_settings(max_examples=200, deadline=None, database=None)
WITH_DB = hypothesis_settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

days_2000_to_2040 = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 11, 30))
nations = st.sampled_from(sorted(NATIONS))
rules = st.sampled_from(list(Rule))
targets = st.integers(min_value=1, max_value=40)


@st.composite
def closures(draw, near):
    offsets = draw(st.lists(st.integers(min_value=0, max_value=70), max_size=10))
    return {near + timedelta(days=offset) for offset in offsets}


@st.composite
def stop_before_due(draw, start, due):
    """A stop beginning after the clock started, no later than its due date."""
    stopped_on = start + timedelta(days=draw(st.integers(1, (due - start).days)))
    resumed_on = stopped_on + timedelta(days=draw(st.integers(0, 30)))
    return Stop(stopped_on, resumed_on)


@st.composite
def stop_after_due(draw, due):
    stopped_on = due + timedelta(days=draw(st.integers(1, 30)))
    return Stop(stopped_on, stopped_on + timedelta(days=draw(st.integers(0, 30))))


@FAST
@given(start=days_2000_to_2040, target=targets, nation=nations, rule=rules, data=st.data())
def test_stopping_for_k_working_days_moves_the_due_date_by_exactly_k(
    start, target, nation, rule, data
):
    options = {"rule": rule, "nation": nation, "closed": data.draw(closures(start))}
    due = add_working_days(start, target, **options)
    stop = data.draw(stop_before_due(start, due))
    k = stopped_working_days([stop], until=stop.resumed_on, **options)
    moved = due_date_with_stops(start, target, [stop], **options)
    assert moved == add_working_days(due, k, **options)
    assert moved > stop.resumed_on  # the clock still had days to run after the stop


@FAST
@given(start=days_2000_to_2040, target=targets, nation=nations, rule=rules, data=st.data())
def test_a_stop_entirely_after_the_due_date_changes_nothing(start, target, nation, rule, data):
    options = {"rule": rule, "nation": nation, "closed": data.draw(closures(start))}
    due = add_working_days(start, target, **options)
    stop = data.draw(stop_after_due(due))
    assert due_date_with_stops(start, target, [stop], **options) == due


@FAST
@given(start=days_2000_to_2040, target=targets, nation=nations, rule=rules, data=st.data())
def test_two_stops_move_the_due_date_by_their_days_together(start, target, nation, rule, data):
    options = {"rule": rule, "nation": nation, "closed": data.draw(closures(start))}
    due = add_working_days(start, target, **options)
    first = data.draw(stop_before_due(start, due))
    after_first = due_date_with_stops(start, target, [first], **options)
    second = data.draw(stop_before_due(first.resumed_on, after_first))
    k = stopped_working_days([first, second], until=second.resumed_on, **options)
    assert due_date_with_stops(start, target, [first, second], **options) == add_working_days(
        due, k, **options
    )


# --- Through the services, on a case ---------------------------------------------------------


@pytest.mark.django_db
@WITH_DB
@given(start=days_2000_to_2040, target=targets, nation=nations, rule=rules, data=st.data())
def test_the_services_move_a_case_due_date_by_the_working_days_stopped(
    case_type, officer, start, target, nation, rule, data
):
    from .conftest import clock_case  # noqa: PLC0415

    closed = data.draw(closures(start))
    CouncilClosureDay.objects.all().delete()
    CouncilClosureDay.objects.bulk_create(
        [CouncilClosureDay(date=day, reason="Closed") for day in closed]
    )
    case_type.sla_working_days, case_type.clock_rule = target, rule
    case_type.save()
    with override_settings(DOORSTEP_NATION=nation):
        case = clock_case(case_type, start=start)
        due = case.due_date
        assert due == add_working_days(start, target, rule=rule, nation=nation, closed=closed)
        after = data.draw(st.booleans())
        stop = data.draw(stop_after_due(due) if after else stop_before_due(start, due))
        stop_clock(case, actor=officer, reason="Waiting", on=stop.stopped_on)
        resume_clock(case, actor=officer, on=stop.resumed_on)
        case.refresh_from_db()
        options = {"rule": rule, "nation": nation, "closed": closed}
        if after:
            assert case.due_date == due
        else:
            k = stopped_working_days([stop], until=stop.resumed_on, **options)
            assert case.due_date == add_working_days(due, k, **options)
        assert case.due_date == due_date_for(case)
