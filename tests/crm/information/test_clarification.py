"""Clarification end to end: staff "Ask for clarification" (the clock stops), the resident's
reply (`add_resident_message`) moves the case to "Clarification received", and the 20 working
day clock starts again from day one on the day the reply arrived (FOIA s1(3), s10(6)(b)), with
the FOI rule's due dates."""

from datetime import date

import pytest

from crm.cases.calendar import foi_due_date
from crm.cases.enums import CaseStatus, EventKind
from crm.cases.exceptions import CaseTransitionError
from crm.cases.services import add_resident_message, change_case_status
from crm.information.services import send_response, statutory_due_date

from .conftest import received_on


def ask_for_clarification(case, actor, message="Which roads, and for which years?"):
    change_case_status(
        case, to_status="awaiting_clarification", actor=actor, public_message=message
    )
    case.refresh_from_db()
    return case


def reply(case, requester, text="The A123 and B456, 2024 and 2025."):
    add_resident_message(case, customer_user=requester.user, text=text)
    case.refresh_from_db()
    return case


def test_asking_for_clarification_needs_a_message(foi_case, foi_officer):
    with pytest.raises(CaseTransitionError) as refused:
        change_case_status(foi_case, to_status="awaiting_clarification", actor=foi_officer)
    assert refused.value.code == "message_required"
    foi_case.refresh_from_db()
    assert not foi_case.clock_stopped


def test_received_on_a_friday_before_a_bank_holiday_then_clarified(
    foi_case, foi_officer, requester, today
):
    # Received Friday 22 May 2026; Monday 25 May is the spring bank holiday, so Tuesday 26 May
    # is day 1. Monday 15 June (Scotland's World Cup bank holiday) is not a working day under
    # FOIA s10(6) either: due Tuesday 23 June, not Monday 22 June.
    today(date(2026, 5, 22))
    received_on(foi_case, date(2026, 5, 22))
    assert foi_case.due_date == foi_due_date(date(2026, 5, 22)) == date(2026, 6, 23)
    assert statutory_due_date(foi_case) == date(2026, 6, 23)

    today(date(2026, 5, 27))
    ask_for_clarification(foi_case, foi_officer)
    assert (foi_case.state, foi_case.status) == ("awaiting_clarification", "awaiting_customer")
    assert foi_case.clock_stopped
    stop = foi_case.clock_stops.get()
    assert (stop.stopped_on, stop.resumed_on) == (date(2026, 5, 27), None)
    assert statutory_due_date(foi_case) is None  # no due date until they reply

    today(date(2026, 6, 4))  # Thursday: the reply arrives
    reply(foi_case, requester)

    assert (foi_case.state, foi_case.status) == ("clarified", CaseStatus.IN_PROGRESS)
    assert not foi_case.clock_stopped
    assert foi_case.clock_started_on == date(2026, 6, 4)
    # Day one again: Friday 5 June is day 1, 15 June is skipped, day 20 is Friday 3 July.
    assert foi_case.due_date == foi_due_date(date(2026, 6, 4)) == date(2026, 7, 3)
    assert statutory_due_date(foi_case) == date(2026, 7, 3)
    stop.refresh_from_db()
    assert stop.resumed_on == date(2026, 6, 4)
    restarted = foi_case.events.filter(kind=EventKind.CLOCK_RESTARTED).get()
    assert restarted.data["due_date"] == "2026-07-03"

    # Work goes on: the date stays; the response can be sent from here.
    today(date(2026, 6, 10))
    change_case_status(foi_case, to_status="in_progress", actor=foi_officer)
    foi_case.refresh_from_db()
    assert foi_case.due_date == date(2026, 7, 3)
    send_response(foi_case, actor=foi_officer, message="Here is the information.")
    foi_case.refresh_from_db()
    assert foi_case.state == "responded"


def test_clarified_over_christmas_and_new_year(foi_case, foi_officer, requester, today):
    # Received Friday 18 December 2026; asked the same day; the reply comes on New Year's Eve.
    # 1 January and Scotland's 4 January (2 January observed) are not working days.
    today(date(2026, 12, 18))
    received_on(foi_case, date(2026, 12, 18))
    assert foi_case.due_date == date(2027, 1, 21)
    ask_for_clarification(foi_case, foi_officer)

    today(date(2026, 12, 31))
    reply(foi_case, requester)

    assert foi_case.state == "clarified"
    assert foi_case.clock_started_on == date(2026, 12, 31)
    assert foi_case.due_date == foi_due_date(date(2026, 12, 31)) == date(2027, 2, 1)


def test_a_second_clarification_restarts_from_the_second_reply(
    foi_case, foi_officer, requester, today
):
    today(date(2026, 5, 22))
    received_on(foi_case, date(2026, 5, 22))
    today(date(2026, 5, 26))
    ask_for_clarification(foi_case, foi_officer)
    today(date(2026, 5, 28))
    reply(foi_case, requester)
    assert foi_case.due_date == foi_due_date(date(2026, 5, 28))

    today(date(2026, 6, 2))
    ask_for_clarification(foi_case, foi_officer, "And which budget lines?")
    assert foi_case.clock_stopped
    today(date(2026, 6, 9))
    reply(foi_case, requester, "Resurfacing only.")

    assert foi_case.state == "clarified"
    assert foi_case.clock_started_on == date(2026, 6, 9)
    assert foi_case.due_date == foi_due_date(date(2026, 6, 9))


def test_a_message_when_no_clarification_was_asked_moves_nothing(
    foi_case, foi_officer, requester, today
):
    today(date(2026, 5, 22))
    received_on(foi_case, date(2026, 5, 22))
    change_case_status(foi_case, to_status="in_progress", actor=foi_officer)
    today(date(2026, 6, 1))
    reply(foi_case, requester, "Any news?")
    assert foi_case.state == "in_progress"
    assert foi_case.clock_started_on == date(2026, 5, 22)
    assert foi_case.due_date == date(2026, 6, 23)
