"""Stopping, restarting and extending a case's clock (crm/cases/services/clocks.py), and the
refusals: a finished case, already stopped, not stopped, no reason, a date not later, over the
limit, not extendable, not a working day, while stopped."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from crm.cases.enums import EventKind, Rule
from crm.cases.models import ClockStop
from crm.cases.services import extend_deadline, restart_clock, resume_clock, stop_clock
from crm.cases.services.clocks import due_date_for, refresh_stopped_due_dates
from crm.notifications.enums import EmailKind
from crm.notifications.models import OutboxMessage
from tests.crm.factories import CaseTypeFactory, CouncilClosureDayFactory

from .conftest import DUE, START, clock_case


def refused(code, fn, *args, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as error:
        fn(*args, **kwargs)
    assert error.value.code == code, error.value.messages
    return error.value


def test_the_fixture_case_is_due_ten_working_days_after_its_start(case):
    assert case.due_date == DUE


# --- Stop and restart ---------------------------------------------------------------------------


def test_a_stop_moves_the_due_date_by_the_working_days_stopped(case, officer):
    stop = stop_clock(case, actor=officer, reason="Waiting for photos", on=date(2026, 3, 4))
    case.refresh_from_db()
    assert case.clock_stopped
    assert stop.reason == "Waiting for photos" and stop.stopped_by == officer
    resume_clock(case, actor=officer, on=date(2026, 3, 6))  # Wed to Fri: 3 working days
    case.refresh_from_db()
    assert not case.clock_stopped
    assert case.due_date == date(2026, 3, 19)  # Mon 16 + 3 working days
    stop.refresh_from_db()
    assert stop.resumed_on == date(2026, 3, 6) and stop.resumed_by == officer
    stopped, restarted = case.events.order_by("pk")
    assert (stopped.kind, stopped.is_public, stopped.message) == (
        EventKind.CLOCK_STOPPED,
        False,
        "Waiting for photos",
    )
    assert restarted.kind == EventKind.CLOCK_RESTARTED and not restarted.is_public
    assert restarted.data["due_date"] == "2026-03-19"


def test_a_stop_over_a_weekend_counts_only_its_working_days(case, officer):
    stop_clock(case, actor=officer, reason="Waiting", on=date(2026, 3, 6))  # Friday
    resume_clock(case, actor=officer, on=date(2026, 3, 9))  # Monday: Fri + Mon stopped
    case.refresh_from_db()
    assert case.due_date == date(2026, 3, 18)


def test_a_stop_after_the_due_date_changes_nothing(case, officer):
    stop_clock(case, actor=officer, reason="Late stop", on=date(2026, 3, 17))
    resume_clock(case, actor=officer, on=date(2026, 3, 20))
    case.refresh_from_db()
    assert case.due_date == DUE


def test_stops_before_the_clock_started_are_taken_from_its_start(case, officer):
    stop = stop_clock(case, actor=officer, reason="Back-dated", on=date(2026, 2, 1))
    assert stop.stopped_on == START


def test_a_finished_case_clock_cannot_be_stopped_or_restarted(case_type, officer):
    closed = clock_case(case_type, closed=True)
    refused("finished", stop_clock, closed, actor=officer, reason="Why")
    refused("finished", resume_clock, closed, actor=officer)
    refused("finished", restart_clock, closed, actor=officer)
    assert not ClockStop.objects.exists()
    assert not closed.events.exists()


def test_a_stopped_clock_cannot_be_stopped_again(case, officer):
    stop_clock(case, actor=officer, reason="First")
    refused("already_stopped", stop_clock, case, actor=officer, reason="Second")
    assert ClockStop.objects.count() == 1


def test_a_running_clock_cannot_be_restarted(case, officer):
    refused("not_stopped", resume_clock, case, actor=officer)
    assert not case.events.exists()


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_stop_needs_a_reason(case, officer, reason):
    error = refused("required", stop_clock, case, actor=officer, reason=reason)
    assert error.messages == ["Enter why the clock is stopped."]
    case.refresh_from_db()
    assert not case.clock_stopped and not ClockStop.objects.exists()


def test_a_reason_too_long_is_refused(case, officer):
    refused("too_long_reason", stop_clock, case, actor=officer, reason="x" * 301)


def test_the_check_uses_the_clock_in_the_database_not_a_stale_object(case, officer):
    stale = type(case).objects.get(pk=case.pk)
    stop_clock(case, actor=officer, reason="First")
    refused("already_stopped", stop_clock, stale, actor=officer, reason="Second")


def test_a_new_clock_counts_from_day_one_and_drops_the_old_extension(case, officer):
    extend_deadline(case, actor=officer, new_due_date=date(2026, 3, 18), reason="Busy")
    stop_clock(case, actor=officer, reason="Clarification", on=date(2026, 3, 4))
    restart_clock(case, actor=officer, target_days=20, on=date(2026, 3, 9))
    case.refresh_from_db()
    assert case.clock_started_on == date(2026, 3, 9)
    assert case.clock_target_days == 20 and case.extension_working_days == 0
    assert not case.clock_stopped
    assert case.due_date == date(2026, 4, 8)  # 20 working days, over Good Friday and Easter Monday
    assert ClockStop.objects.get().resumed_on == date(2026, 3, 9)


def test_a_stopped_clock_due_date_is_where_it_would_be_if_it_ran_again(case, officer):
    stop_clock(case, actor=officer, reason="Waiting", on=date(2026, 3, 4))
    case.refresh_from_db()
    # Stopped Wednesday; on Friday it would be due three working days later than planned.
    assert due_date_for(case, today=date(2026, 3, 6)) == date(2026, 3, 19)
    assert refresh_stopped_due_dates(today=date(2026, 3, 6)) == 1
    case.refresh_from_db()
    assert case.due_date == date(2026, 3, 19)
    assert refresh_stopped_due_dates(today=date(2026, 3, 6)) == 0  # nothing more to move


# --- Extensions ---------------------------------------------------------------------------------


def test_an_extension_moves_the_due_date_and_tells_the_resident(case, officer):
    extend_deadline(
        case, actor=officer, new_due_date=date(2026, 3, 20), reason="We are waiting for a survey."
    )
    case.refresh_from_db()
    assert case.due_date == date(2026, 3, 20)
    assert case.extension_working_days == 4
    event = case.events.get(kind=EventKind.DEADLINE_EXTENDED)
    assert event.is_public and event.actor == officer
    assert "20 March 2026" in event.message and "We are waiting for a survey." in event.message
    assert event.data["working_days"] == 4
    email = OutboxMessage.objects.get()
    assert email.kind == EmailKind.CASE_UPDATED and email.recipient == case.customer.email
    assert "We are waiting for a survey." in email.context["message"]


def test_extensions_add_up_to_the_limit(case, officer):
    extend_deadline(case, actor=officer, new_due_date=date(2026, 3, 23), reason="One")  # 5
    extend_deadline(case, actor=officer, new_due_date=date(2026, 3, 30), reason="Two")  # 10
    case.refresh_from_db()
    assert case.extension_working_days == 10 and case.due_date == date(2026, 3, 30)
    error = refused(
        "too_long", extend_deadline, case, actor=officer, new_due_date=date(2026, 3, 31), reason="3"
    )
    assert "up to 10 working days in all" in error.messages[0]
    assert "would make it 11" in error.messages[0]


def test_an_extension_over_the_limit_is_refused(case, officer):
    refused(
        "too_long",
        extend_deadline,
        case,
        actor=officer,
        new_due_date=date(2026, 3, 31),  # 11 working days after the 16th
        reason="Too long",
    )
    case.refresh_from_db()
    assert case.due_date == DUE and case.extension_working_days == 0
    assert not OutboxMessage.objects.exists()


@pytest.mark.parametrize("new_due_date", [DUE, date(2026, 3, 10)])
def test_the_new_date_must_be_later(case, officer, new_due_date):
    error = refused(
        "not_later", extend_deadline, case, actor=officer, new_due_date=new_due_date, reason="R"
    )
    assert error.messages == ["The new date must be after the current due date, 16 March 2026."]


def test_the_new_date_must_be_a_working_day(case, officer):
    error = refused(
        "not_working_day",
        extend_deadline,
        case,
        actor=officer,
        new_due_date=date(2026, 3, 21),  # a Saturday
        reason="R",
    )
    assert "Choose a working day, such as 20 March 2026" in error.messages[0]


def test_an_extension_needs_a_reason(case, officer):
    refused(
        "required", extend_deadline, case, actor=officer, new_due_date=date(2026, 3, 17), reason=" "
    )


def test_a_case_type_without_extensions_refuses_them(team, officer):
    fixed = clock_case(CaseTypeFactory(team=team, max_extension_working_days=0))
    refused(
        "not_extendable",
        extend_deadline,
        fixed,
        actor=officer,
        new_due_date=date(2026, 3, 17),
        reason="R",
    )


def test_no_extension_while_the_clock_is_stopped(case, officer):
    stop_clock(case, actor=officer, reason="Waiting")
    refused(
        "clock_stopped",
        extend_deadline,
        case,
        actor=officer,
        new_due_date=date(2026, 4, 30),
        reason="R",
    )


def test_a_finished_case_cannot_be_extended(case_type, officer):
    resolved = clock_case(case_type, resolved=True)
    refused(
        "finished",
        extend_deadline,
        resolved,
        actor=officer,
        new_due_date=date(2026, 3, 17),
        reason="R",
    )


def test_an_extension_counts_its_days_on_the_case_type_rule(team, officer):
    """Council closure days are not working days for the council but are under the FOI Act,
    and St Patrick's Day (17 March, Northern Ireland) is not one under the FOI Act even for a
    council in England: the same dates make different extensions."""
    CouncilClosureDayFactory(date=date(2026, 3, 24))
    CouncilClosureDayFactory(date=date(2026, 3, 25))
    council = clock_case(CaseTypeFactory(team=team, max_extension_working_days=20))
    foi = clock_case(CaseTypeFactory(team=team, max_extension_working_days=20, clock_rule=Rule.FOI))
    for case in (council, foi):
        assert case.due_date == DUE
        extend_deadline(case, actor=officer, new_due_date=date(2026, 3, 27), reason="R")
        case.refresh_from_db()
        assert case.due_date == date(2026, 3, 27)
    # Council: 17-20, 23, 26, 27. FOI: 18-20, 23-27.
    assert (council.extension_working_days, foi.extension_working_days) == (7, 8)


def test_the_foi_rule_and_the_council_rule_give_a_case_different_due_dates(team):
    """Opened on Friday 27 November 2026 in England with 1 working day: the council counts
    Monday 30th (St Andrew's Day is Scotland's), the FOI Act does not (a bank holiday in any
    part of the UK); a council closure day on Tuesday 1 December moves only the council's."""
    council_type = CaseTypeFactory(team=team, sla_working_days=1)
    foi_type = CaseTypeFactory(team=team, sla_working_days=1, clock_rule=Rule.FOI)
    start = date(2026, 11, 27)
    assert clock_case(council_type, start=start).due_date == date(2026, 11, 30)
    assert clock_case(foi_type, start=start).due_date == date(2026, 12, 1)
    CouncilClosureDayFactory(date=date(2026, 11, 30))
    CouncilClosureDayFactory(date=date(2026, 12, 1))
    assert clock_case(council_type, start=start).due_date == date(2026, 12, 2)
    assert clock_case(foi_type, start=start).due_date == date(2026, 12, 1)


def test_an_extension_skips_a_later_stop_consistently(case, officer):
    """A stop after the old due date (the case was overdue then) is not counted in the extension,
    and the extended clock still falls due on the date asked for."""
    stop_clock(case, actor=officer, reason="Overdue, waiting", on=date(2026, 3, 17))
    resume_clock(case, actor=officer, on=date(2026, 3, 18))
    case.refresh_from_db()
    assert case.due_date == DUE
    extend_deadline(case, actor=officer, new_due_date=date(2026, 3, 20), reason="R")
    case.refresh_from_db()
    assert case.due_date == date(2026, 3, 20)
    assert case.extension_working_days == 2  # the 19th and 20th; the 17th and 18th were stopped
