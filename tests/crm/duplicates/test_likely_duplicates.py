"""Likely duplicates: same customer and type, or same type and location, within the window;
only cases the member of staff may see."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from crm.cases.models import CaseLink
from crm.cases.selectors import likely_duplicates, normalise_location, related_cases
from tests.crm.factories import CaseFactory, CaseTypeFactory

pytestmark = pytest.mark.django_db


def refs(cases) -> list[str]:
    return [case.reference for case in cases]


@pytest.fixture
def new_case(type_a):
    return CaseFactory(case_type=type_a, location_text="Outside 12, Mill Lane.")


def test_location_is_compared_without_case_spaces_or_punctuation():
    same = normalise_location("outside 12 mill lane")
    assert normalise_location(" Outside 12, Mill-Lane. ") == same
    assert normalise_location("") == ""


def test_same_customer_and_type_is_a_likely_duplicate(staff_a, type_a, new_case):
    same = CaseFactory(case_type=type_a, customer=new_case.customer, location_text="Elsewhere")

    assert refs(likely_duplicates(staff_a, new_case)) == [same.reference]


def test_same_customers_open_case_matches_whenever_it_was_opened(staff_a, type_a, new_case):
    old_open = CaseFactory(
        case_type=type_a,
        customer=new_case.customer,
        location_text="Elsewhere",
        created_at=timezone.now() - timedelta(days=200),
    )
    CaseFactory(  # old and closed: not a likely duplicate
        case_type=type_a,
        customer=new_case.customer,
        location_text="Elsewhere",
        created_at=timezone.now() - timedelta(days=200),
        closed=True,
    )

    assert refs(likely_duplicates(staff_a, new_case)) == [old_open.reference]


def test_same_location_from_another_customer_within_the_window(staff_a, type_a, new_case):
    near = CaseFactory(
        case_type=type_a,
        location_text="outside 12 mill lane",
        created_at=timezone.now() - timedelta(days=3),
        closed=True,  # recent: shown even though it is finished
    )

    assert refs(likely_duplicates(staff_a, new_case)) == [near.reference]


def test_same_location_outside_the_window_is_not_a_duplicate(staff_a, type_a, new_case):
    type_a.duplicate_window_days = 5
    type_a.save()
    CaseFactory(
        case_type=type_a,
        location_text="Outside 12 Mill Lane",
        created_at=timezone.now() - timedelta(days=6),
    )

    assert likely_duplicates(staff_a, new_case) == []


def test_other_type_blank_location_and_other_places_do_not_match(staff_a, team_a, type_a):
    case = CaseFactory(case_type=type_a, location_text="")
    other_type = CaseTypeFactory(team=team_a)
    CaseFactory(case_type=other_type, customer=case.customer)
    CaseFactory(case_type=type_a, location_text="")
    CaseFactory(case_type=type_a, location_text="1 Church Road")

    assert likely_duplicates(staff_a, case) == []


def test_other_teams_cases_are_not_shown(staff_a, staff_b, team_b, type_a, new_case):
    hidden = CaseFactory(case_type=type_a, customer=new_case.customer, team=team_b)

    assert likely_duplicates(staff_a, new_case) == []
    assert refs(likely_duplicates(staff_b, new_case)) == [hidden.reference]


def test_merged_and_linked_cases_are_left_out(staff_a, type_a, new_case):
    kept = CaseFactory(case_type=type_a, customer=new_case.customer)
    CaseFactory(case_type=type_a, customer=new_case.customer, duplicate_of=kept, closed=True)
    linked = CaseFactory(case_type=type_a, customer=new_case.customer)
    first, second = sorted((new_case, linked), key=lambda case: case.pk)
    CaseLink.objects.create(from_case=first, to_case=second)

    assert refs(likely_duplicates(staff_a, new_case)) == [kept.reference]
    assert refs(related_cases(staff_a, new_case)) == [linked.reference]


def test_open_cases_come_first_in_four_queries_whatever_their_number(staff_a, type_a, new_case):
    CaseFactory(case_type=type_a, customer=new_case.customer, closed=True)
    CaseFactory.create_batch(3, case_type=type_a, customer=new_case.customer)
    CaseFactory.create_batch(3, case_type=type_a, location_text="Elsewhere")

    with CaptureQueriesContext(connection) as queries:
        found = likely_duplicates(staff_a, new_case)
        [(case.customer.name, case.case_type.name) for case in found]

    # The customer's cases, the same place's, the links, then the cases with what a row shows.
    assert len(queries) == 4
    assert [case.is_open for case in found] == [True, True, True, False]

    CaseFactory.create_batch(4, case_type=type_a, customer=new_case.customer)
    with CaptureQueriesContext(connection) as more:
        [case.customer.name for case in likely_duplicates(staff_a, new_case)]
    assert len(more) == 4
