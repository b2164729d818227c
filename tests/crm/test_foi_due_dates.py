"""FOI and EIR due dates, checked exactly against dates worked out by hand from the law.

The law (docs/statutory-clocks.md): FOIA 2000 s10(1) - "not later than the twentieth working day
following the date of receipt"; s10(6) - the date of receipt is "the day on which the public
authority receives the request", and a working day is "any day other than a Saturday, a Sunday,
Christmas Day, Good Friday or a day which is a bank holiday under the Banking and Financial
Dealings Act 1971 in any part of the United Kingdom". In Scotland, FOISA 2002 s73: "any day other
than a Saturday, a Sunday, Christmas Day or a day which, under the Banking and Financial Dealings
Act 1971, is a bank holiday in Scotland". The date of receipt may be a non-working day; the first
working day after it is day 1 (ICO line to take LTT47, and the ICO's guidance "Time limits for
compliance under the Freedom of Information Act (section 10)").

No database: the statutory rule never reads council closure days.
"""

from datetime import date

import pytest

from crm.cases.calendar import (
    Rule,
    Stop,
    add_working_days,
    due_date_with_stops,
    foi_due_date,
    restarted_due_date,
)

# Worked by hand; each row says which days are not counted. "any part of the UK" holidays that
# are not England's are marked (SCT) / (NI).
HAND_WORKED = [
    # Received on a Friday: day 1 is Monday 9 Nov; Monday 30 Nov is St Andrew's Day (SCT), so
    # day 20 is Monday 7 December (an English council's own 20 working days end on Friday 4th).
    ("england-and-wales", date(2026, 11, 6), date(2026, 12, 7)),
    # Received on a Saturday: day 1 is Monday 9 March; 17 March is St Patrick's Day (NI), 3 April
    # Good Friday and 6 April Easter Monday, so day 20 is Wednesday 8 April.
    ("england-and-wales", date(2026, 3, 7), date(2026, 4, 8)),
    # The day before Good Friday (Thursday 25 March 2027): Good Friday, the weekend and Easter
    # Monday pass, so day 1 is Tuesday 30 March and day 20 is Monday 26 April.
    ("england-and-wales", date(2027, 3, 25), date(2027, 4, 26)),
    # 23 December 2026 (Wednesday): day 1 is Christmas Eve; 25th, Boxing Day moved to Monday 28th,
    # 1 January and 4 January (Scotland's 2 January moved from the Saturday, SCT) do not count:
    # day 20 is Tuesday 26 January 2027.
    ("england-and-wales", date(2026, 12, 23), date(2027, 1, 26)),
    # Christmas on a Saturday (2027): 27 and 28 December are the substitute days; New Year's Day
    # is a Saturday too, so 3 January and (SCT) 4 January 2028 are bank holidays: day 20 is
    # Thursday 27 January 2028.
    ("england-and-wales", date(2027, 12, 24), date(2028, 1, 27)),
    # A Friday in July: 12 July (NI, Battle of the Boyne) and 2 August (SCT, summer bank holiday)
    # do not count, so day 20 is Tuesday 3 August rather than Friday 30 July.
    ("england-and-wales", date(2027, 7, 2), date(2027, 8, 3)),
    # Northern Ireland counts exactly as England and Wales under the same Act.
    ("northern-ireland", date(2026, 3, 7), date(2026, 4, 8)),
    ("northern-ireland", date(2027, 7, 2), date(2027, 8, 3)),
    # Scotland (FOISA s73) counts only Scotland's bank holidays, Christmas Day and weekends:
    # St Patrick's Day and Easter Monday are working days, so the Saturday request is due on
    # Monday 6 April (Good Friday, a Scottish bank holiday, still does not count) ...
    ("scotland", date(2026, 3, 7), date(2026, 4, 6)),
    # ... the day before Good Friday: day 1 is Easter Monday 29 March, day 20 Friday 23 April ...
    ("scotland", date(2027, 3, 25), date(2027, 4, 23)),
    # ... 12 July is a working day and 2 August falls after day 20 (Friday 30 July) ...
    ("scotland", date(2027, 7, 2), date(2027, 7, 30)),
    # ... and St Andrew's Day and Scotland's 2 January (moved to 4 January) still count.
    ("scotland", date(2026, 11, 6), date(2026, 12, 7)),
    ("scotland", date(2026, 12, 23), date(2027, 1, 26)),
]


@pytest.mark.parametrize(("nation", "received", "due"), HAND_WORKED)
def test_foi_due_dates_worked_by_hand(nation, received, due):
    assert foi_due_date(received, nation=nation) == due


# FOIMan's "ready reference chart of FOI deadlines over the festive season" 2014/15
# (https://www.foiman.com/archives/1345), which counts every UK bank holiday as we do: received
# (2014-15) -> due. It includes St Andrew's Day observed on Monday 1 December 2014 (SCT) and
# 2 January 2015 (SCT). Two of its rows are left out here and tested below.
FOIMAN_2014 = [
    ((2014, 11, 17), (2014, 12, 16)),
    ((2014, 11, 21), (2014, 12, 22)),  # a Friday
    ((2014, 11, 24), (2014, 12, 23)),
    ((2014, 11, 26), (2014, 12, 29)),
    ((2014, 11, 28), (2014, 12, 31)),  # a Friday, with St Andrew's Day observed on the Monday
    ((2014, 12, 2), (2015, 1, 5)),
    ((2014, 12, 5), (2015, 1, 8)),
    ((2014, 12, 12), (2015, 1, 15)),
    ((2014, 12, 19), (2015, 1, 22)),
    ((2014, 12, 22), (2015, 1, 23)),
    ((2014, 12, 23), (2015, 1, 26)),  # 23 December
    ((2014, 12, 24), (2015, 1, 27)),
    ((2014, 12, 29), (2015, 1, 28)),
    ((2014, 12, 31), (2015, 1, 30)),
    ((2015, 1, 5), (2015, 2, 2)),
    ((2015, 1, 9), (2015, 2, 6)),
]


@pytest.mark.parametrize(("received", "due"), FOIMAN_2014)
def test_foi_due_dates_agree_with_a_published_chart(received, due):
    assert foi_due_date(date(*received), nation="england-and-wales") == date(*due)


def test_a_request_received_on_a_bank_holiday_counts_from_the_next_working_day():
    # FOIMan's chart gives 1 December 2014 (St Andrew's Day observed) and 2 January 2015 (a
    # Scottish bank holiday) the due dates of the next working day's requests, treating the request
    # as received on that next day. The Act says the date of receipt is "the day on which the
    # public authority receives the request" and the ICO's LTT47 says it may be a non-working
    # day, so day 1 is the first working day after it: the same due date as the Friday before.
    assert foi_due_date(date(2014, 12, 1)) == foi_due_date(date(2014, 11, 28)) == date(2014, 12, 31)
    assert foi_due_date(date(2015, 1, 2)) == foi_due_date(date(2014, 12, 31)) == date(2015, 1, 30)


def test_saturday_sunday_and_friday_requests_share_a_due_date():
    friday, saturday, sunday = date(2026, 3, 6), date(2026, 3, 7), date(2026, 3, 8)
    assert foi_due_date(friday) == foi_due_date(saturday) == foi_due_date(sunday)


def test_council_closure_days_do_not_move_an_foi_due_date():
    closed = [date(2026, 12, 29), date(2026, 12, 30), date(2026, 12, 31)]
    due = add_working_days(date(2026, 12, 23), 20, rule=Rule.FOI, closed=closed)
    assert due == date(2027, 1, 26)
    # The council's own clock skips them, but counts 4 January (England's council rule).
    council = add_working_days(date(2026, 12, 23), 20, nation="england-and-wales", closed=closed)
    assert council == date(2027, 1, 28)


def test_the_queens_funeral_was_not_a_working_day():
    # 19 September 2022 was appointed a bank holiday by proclamation under s1(3) of the 1971 Act.
    # Received Friday 9 September: day 20 would be Friday 7 October; the funeral makes it the 10th.
    assert foi_due_date(date(2022, 9, 9)) == date(2022, 10, 10)


def test_clarification_restarts_the_clock_from_day_one():
    # Received Monday 1 February 2027; on Wednesday 3rd the council asks what is meant (s1(3)),
    # and the reply arrives on Monday 8th: that is the new date of receipt, Tuesday 9th is day 1
    # and day 20 is Monday 8 March.
    received = date(2027, 2, 1)
    clarification = Stop(date(2027, 2, 3), date(2027, 2, 8))
    assert restarted_due_date(received, 20, [clarification], rule=Rule.FOI) == date(2027, 3, 8)
    assert foi_due_date(date(2027, 2, 8)) == date(2027, 3, 8)
    # While the council waits for the reply there is no due date.
    assert restarted_due_date(received, 20, [Stop(date(2027, 2, 3))], rule=Rule.FOI) is None


def test_a_fees_notice_pauses_the_clock_without_restarting_it():
    # s10(2): the working days from the day the fees notice is given to the day the fee arrives,
    # both included, are disregarded. Received Monday 1 February 2027 (due Monday 1 March); the
    # notice goes on Thursday 4th (2nd and 3rd used) and the fee arrives on Wednesday 10th:
    # 4th-5th and 8th-10th (5 working days) are disregarded, so the due date is Monday 8 March.
    received = date(2027, 2, 1)
    assert foi_due_date(received) == date(2027, 3, 1)
    fee = Stop(date(2027, 2, 4), date(2027, 2, 10))
    assert due_date_with_stops(received, 20, [fee], rule=Rule.FOI) == date(2027, 3, 8)


def test_the_worked_example_in_the_docs():
    # docs/statutory-clocks.md, "Worked example": received Saturday 7 March 2026 in England.
    received = date(2026, 3, 7)
    assert foi_due_date(received) == date(2026, 4, 8)
    assert foi_due_date(received, nation="scotland") == date(2026, 4, 6)
    asked = date(2026, 3, 11)
    assert restarted_due_date(received, 20, [Stop(asked, None)], rule=Rule.FOI) is None
    replied = Stop(asked, date(2026, 3, 13))
    assert restarted_due_date(received, 20, [replied], rule=Rule.FOI) == date(2026, 4, 15)
    assert due_date_with_stops(received, 20, [replied], rule=Rule.FOI) == date(2026, 4, 13)
