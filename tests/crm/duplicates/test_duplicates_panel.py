"""The "Possible duplicates" section of the staff case page and its buttons."""

import pytest

from crm.cases.enums import CaseStatus
from crm.cases.models import CaseLink
from crm.cases.services import merge_cases
from tests.crm.factories import CaseFactory

pytestmark = pytest.mark.django_db


def page(case) -> str:
    return f"/admin/cases/{case.uuid}/"


@pytest.fixture
def case(type_a):
    return CaseFactory(case_type=type_a, in_progress=True)


@pytest.fixture
def other(type_a, case):
    return CaseFactory(case_type=type_a, customer=case.customer)


def test_the_case_page_lists_likely_duplicates_with_their_buttons(client_a, case, other):
    html = client_a.get(page(case)).content.decode()

    assert "Possible duplicates" in html
    assert other.reference in html
    assert f"Merge {other.reference} into this case" in html
    assert f"Link {other.reference} to this case" in html


def test_a_duplicate_in_another_team_is_not_shown(client_a, case, team_b, type_a):
    hidden = CaseFactory(case_type=type_a, customer=case.customer, team=team_b)

    html = client_a.get(page(case)).content.decode()

    assert hidden.reference not in html


def test_merge_button_closes_the_other_case(client_a, case, other):
    response = client_a.post(
        f"{page(case)}duplicates/merge/", {"duplicates-other": str(other.uuid)}
    )

    assert response.status_code == 302
    assert response["Location"].endswith("#case-duplicates-heading")
    other.refresh_from_db()
    assert other.duplicate_of == case
    assert other.status == CaseStatus.CLOSED
    html = client_a.get(page(case)).content.decode()
    assert "merged into this case" in html


def test_a_refused_merge_shows_why_on_the_case_page(client_a, case, type_a):
    finished = CaseFactory(case_type=type_a, resolved=True)
    # Merging this case into itself is refused by the service; so is a finished target:
    other = CaseFactory(case_type=type_a, customer=case.customer)
    response = client_a.post(
        f"{page(finished)}duplicates/merge/", {"duplicates-other": str(other.uuid)}
    )

    assert response.status_code == 200
    assert "is finished: merge into an open case" in response.content.decode()
    other.refresh_from_db()
    assert other.duplicate_of is None


def test_link_by_reference_then_unlink(client_a, case, type_a):
    far = CaseFactory(case_type=type_a, location_text="Elsewhere")

    client_a.post(
        f"{page(case)}duplicates/link/", {"duplicates-other": far.reference.lower(), "typed": "1"}
    )
    assert CaseLink.objects.count() == 1
    html = client_a.get(page(case)).content.decode()
    assert f"Unlink {far.reference} from this case" in html

    client_a.post(f"{page(case)}duplicates/unlink/", {"duplicates-other": str(far.uuid)})
    assert not CaseLink.objects.exists()


def test_linking_a_case_in_another_team_says_not_found(client_a, case, team_b, type_a):
    hidden = CaseFactory(case_type=type_a, team=team_b)

    response = client_a.post(
        f"{page(case)}duplicates/link/", {"duplicates-other": hidden.reference, "typed": "1"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert f"There is no case {hidden.reference} that you can see." in html
    assert f'value="{hidden.reference}"' in html  # what was typed is kept
    assert not CaseLink.objects.exists()


def test_a_merged_case_says_where_it_went_and_offers_no_merges(client_a, case, other, staff_a):
    merge_cases(other, case, actor=staff_a)

    html = client_a.get(page(other)).content.decode()

    assert f"This case was merged into case {case.reference}" in html
    assert "Merge into this case" not in html


def test_a_finished_case_offers_link_but_not_merge(client_a, type_a, case):
    finished = CaseFactory(case_type=type_a, customer=case.customer, closed=True)

    html = client_a.get(page(finished)).content.decode()

    assert f"Link {case.reference} to this case" in html
    assert f"Merge {case.reference} into this case" not in html
