"""Clock flags (crm/cases/clock_flags.py): "due soon" counted on the calendar (bank holidays of
each nation, the FOI rule), the flags of a case, and the querysets."""

from datetime import date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from crm.cases.clock_flags import (
    FlagCode,
    acknowledgement_overdue_q,
    case_flags,
    due_soon,
    due_soon_until,
    flags_for_cases,
    overdue_q,
)
from crm.cases.enums import Rule
from crm.cases.models import Case
from tests.crm.factories import CaseFactory, CaseTypeFactory, CouncilClosureDayFactory


@pytest.mark.parametrize(
    ("nation", "rule", "today", "until"),
    [
        # An ordinary week: two working days after Monday.
        ("england-and-wales", Rule.COUNCIL, date(2026, 3, 2), date(2026, 3, 4)),
        # Over a weekend.
        ("england-and-wales", Rule.COUNCIL, date(2026, 3, 5), date(2026, 3, 9)),
        # Christmas 2026: 25th, Boxing Day on a Saturday (substitute Monday 28th).
        ("england-and-wales", Rule.COUNCIL, date(2026, 12, 24), date(2026, 12, 30)),
        ("scotland", Rule.COUNCIL, date(2026, 12, 24), date(2026, 12, 30)),
        # New Year 2027: Scotland's 2 January is a Saturday, so Monday 4th is a holiday there.
        ("england-and-wales", Rule.COUNCIL, date(2026, 12, 31), date(2027, 1, 5)),
        ("scotland", Rule.COUNCIL, date(2026, 12, 31), date(2027, 1, 6)),
        ("northern-ireland", Rule.COUNCIL, date(2026, 12, 31), date(2027, 1, 5)),
        # ...and under FOIA s10(6) a bank holiday anywhere in the UK is not a working day.
        ("england-and-wales", Rule.FOI, date(2026, 12, 31), date(2027, 1, 6)),
        # Easter 2027: Good Friday 26 March, Easter Monday 29 March (not in Scotland).
        ("england-and-wales", Rule.COUNCIL, date(2027, 3, 25), date(2027, 3, 31)),
        ("scotland", Rule.COUNCIL, date(2027, 3, 25), date(2027, 3, 30)),
        # St Patrick's Day 2027 (Wednesday) in Northern Ireland only.
        ("northern-ireland", Rule.COUNCIL, date(2027, 3, 16), date(2027, 3, 19)),
        ("england-and-wales", Rule.COUNCIL, date(2027, 3, 16), date(2027, 3, 18)),
        # From a Saturday: Monday and Tuesday.
        ("england-and-wales", Rule.COUNCIL, date(2026, 3, 7), date(2026, 3, 10)),
    ],
)
def test_due_soon_until_counts_working_days(db, settings, nation, rule, today, until):
    settings.DOORSTEP_NATION = nation
    assert due_soon_until(today, rule=rule) == until


def test_due_soon_until_skips_council_closure_days_but_not_for_foi(db):
    CouncilClosureDayFactory(date=date(2026, 3, 3))
    assert due_soon_until(date(2026, 3, 2)) == date(2026, 3, 5)
    assert due_soon_until(date(2026, 3, 2), rule=Rule.FOI) == date(2026, 3, 4)


def test_the_window_is_a_setting(db, settings):
    settings.DOORSTEP_DUE_SOON_WORKING_DAYS = 5
    assert due_soon_until(date(2026, 3, 2)) == date(2026, 3, 9)
    settings.DOORSTEP_DUE_SOON_WORKING_DAYS = 0
    assert due_soon_until(date(2026, 3, 2)) == date(2026, 3, 2)


TODAY = date(2026, 12, 24)  # due soon: up to Wednesday 30 December


@pytest.mark.parametrize(
    ("fields", "codes"),
    [
        ({"due_date": date(2026, 12, 23)}, [FlagCode.OVERDUE]),
        ({"due_date": date(2026, 11, 2)}, [FlagCode.OVERDUE]),
        ({"due_date": TODAY}, [FlagCode.DUE_TODAY]),
        ({"due_date": date(2026, 12, 29)}, [FlagCode.DUE_SOON]),
        ({"due_date": date(2026, 12, 30)}, [FlagCode.DUE_SOON]),
        ({"due_date": date(2026, 12, 31)}, []),
        ({"due_date": date(2026, 12, 23), "clock_stopped": True}, [FlagCode.CLOCK_STOPPED]),
        ({"due_date": TODAY, "clock_stopped": True}, [FlagCode.CLOCK_STOPPED]),
        ({"due_date": date(2026, 12, 23), "status": "closed"}, []),
        ({"due_date": date(2026, 12, 23), "status": "resolved"}, []),
        (
            {"due_date": date(2027, 1, 20), "acknowledge_by": date(2026, 12, 23)},
            [FlagCode.ACKNOWLEDGEMENT_OVERDUE],
        ),
        ({"due_date": date(2027, 1, 20), "acknowledge_by": TODAY}, []),
        (
            {
                "due_date": date(2027, 1, 20),
                "acknowledge_by": date(2026, 12, 1),
                "acknowledged_at": timezone.make_aware(datetime(2026, 12, 2, 9)),
            },
            [],
        ),
        (
            {"due_date": date(2026, 12, 22), "acknowledge_by": date(2026, 12, 21)},
            [FlagCode.OVERDUE, FlagCode.ACKNOWLEDGEMENT_OVERDUE],
        ),
    ],
)
def test_case_flags(db, fields, codes):
    case = CaseFactory(**fields)
    flags = case_flags(case, TODAY)
    assert [flag.code for flag in flags] == codes
    assert all(flag.label and flag.tag_class.startswith("w-status") for flag in flags)
    # The page helper and the querysets agree with the single-case flags.
    assert [flag.code for flag in flags_for_cases([case], TODAY)[case.pk]] == codes
    in_due_soon = due_soon(Case.objects.filter(pk=case.pk), TODAY).exists()
    assert in_due_soon == (FlagCode.DUE_SOON in codes)
    assert Case.objects.filter(overdue_q(TODAY), pk=case.pk).exists() == (FlagCode.OVERDUE in codes)
    assert Case.objects.filter(acknowledgement_overdue_q(TODAY), pk=case.pk).exists() == (
        FlagCode.ACKNOWLEDGEMENT_OVERDUE in codes
    )


def test_due_soon_uses_each_case_type_rule(db):
    """31 December 2026 in England: the council's due soon ends on 5 January, FOI's on the 6th
    (Scotland's substitute 2 January holiday on Monday 4th counts under FOIA s10(6))."""
    today = date(2026, 12, 31)
    council = CaseFactory(due_date=date(2027, 1, 6))
    foi = CaseFactory(due_date=date(2027, 1, 6), case_type=CaseTypeFactory(clock_rule=Rule.FOI))
    assert set(due_soon(Case.objects.all(), today)) == {foi}
    assert case_flags(council, today) == []
    assert [flag.code for flag in case_flags(foi, today)] == [FlagCode.DUE_SOON]


def test_flags_for_a_page_of_cases_take_a_few_queries(db):
    cases = [CaseFactory(due_date=date(2026, 12, 29)) for _ in range(5)]
    cases += [
        CaseFactory(due_date=date(2026, 12, 29), case_type=CaseTypeFactory(clock_rule=Rule.FOI))
        for _ in range(5)
    ]
    with CaptureQueriesContext(connection) as queries:
        flags = flags_for_cases(Case.objects.filter(pk__in=[case.pk for case in cases]), TODAY)
    assert len(queries) <= 3  # the cases, their types' rules, the council's closure days
    assert {tuple(flag.code for flag in found) for found in flags.values()} == {
        (FlagCode.DUE_SOON,)
    }
