"""Cases > Search cases in the admin: the box, the results staff may see, and the menu."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from crm.cases.admin.menu import case_search_area
from crm.cases.search import update_case_search
from tests.crm.admin.conftest import admin_user
from tests.crm.factories import CaseFactory, CustomerFactory

SEARCH = "/admin/cases/search/"

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the tsvector search needs PostgreSQL"
)


def index(*cases):
    update_case_search([case.pk for case in cases])


def references(response) -> list[str]:
    return [case.reference for case in response.context["cases"]]


def test_search_is_under_the_cases_admin():
    assert reverse("cases_admin:search") == SEARCH


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(SEARCH, {"q": "pothole"})

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_empty_page_shows_the_box_and_no_results(client_a):
    response = client_a.get(SEARCH)

    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="q"' in page
    assert 'role="search"' in page
    assert "match your search" not in page


def test_the_cases_menu_offers_search_to_case_workers(client_a, team_a):
    html = client_a.get(reverse("wagtailadmin_home")).content.decode()

    assert "Search cases" in html


def test_editors_without_a_team_have_no_case_search_in_the_menu(client, db):
    client.force_login(admin_user())

    html = client.get(reverse("wagtailadmin_home")).content.decode()

    assert "Search cases" not in html


@postgres_only
def test_results_show_only_the_searchers_teams_cases(client_a, type_a, type_b):
    mine = CaseFactory(case_type=type_a, customer=CustomerFactory(name="Ria Resident"))
    theirs = CaseFactory(case_type=type_b, customer=CustomerFactory(name="Ria Resident"))
    index(mine, theirs)

    response = client_a.get(SEARCH, {"q": "ria resident"})

    page = response.content.decode()
    assert response.status_code == 200
    assert references(response) == [mine.reference]
    assert f'href="/admin/cases/{mine.uuid}/"' in page
    assert theirs.reference not in page
    assert "1 case found" in page


@postgres_only
def test_a_full_reference_opens_its_case(client_a, type_a):
    case = CaseFactory(case_type=type_a, reference="DS-2026-000123")
    index(case)

    response = client_a.get(SEARCH, {"q": " ds-2026-000123 "})

    assert response.status_code == 302
    assert response["Location"] == f"/admin/cases/{case.uuid}/"


@postgres_only
def test_another_teams_reference_finds_nothing_and_says_so(client_a, type_b):
    case = CaseFactory(case_type=type_b, reference="DS-2026-000999")
    index(case)

    response = client_a.get(SEARCH, {"q": "DS-2026-000999"})

    page = response.content.decode()
    assert response.status_code == 200
    assert references(response) == []
    assert "No cases you can see match your search." in page
    assert str(case.uuid) not in page


@postgres_only
def test_a_search_costs_the_same_queries_whatever_the_number_of_results(client_a, type_a):
    def queries_for(text):
        with CaptureQueriesContext(connection) as queries:
            response = client_a.get(SEARCH, {"q": text})
        assert response.status_code == 200
        return len(queries)

    index(CaseFactory(case_type=type_a, location_text="Orchard Close"))
    index(*(CaseFactory(case_type=type_a, location_text="Green Lane") for _ in range(6)))
    queries_for("orchard")  # warm the admin's per-process caches

    assert queries_for("green") == queries_for("orchard")


def test_a_query_longer_than_allowed_is_refused_with_a_message(client_a):
    response = client_a.get(SEARCH, {"q": "x" * 201})

    assert response.status_code == 200
    assert response.context["cases"] == []
    assert response.context["search_form"].errors["q"]


def test_staff_in_no_team_see_no_cases(client, type_a, db):
    outsider = admin_user(first_name="Out", last_name="Sider")
    index(CaseFactory(case_type=type_a, location_text="Orchard Close"))
    client.force_login(outsider)

    response = client.get(SEARCH, {"q": "orchard"})

    assert response.status_code == 200
    assert response.context["cases"] == []


def test_the_admin_search_offers_cases_to_case_workers_only(client, rf, staff_a, team_a):
    """The admin's own search (Pages, Images, ...) lists "Cases" among its areas, leading to
    Cases > Search cases with the words typed; staff with no case work do not get it."""
    client.force_login(admin_user(username="chief", is_superuser=True))
    response = client.get("/admin/pages/search/", {"q": "bollard"})
    assert f'href="{SEARCH}?q=bollard"' in response.content.decode()

    request = rf.get("/admin/pages/search/")
    request.user = staff_a
    assert case_search_area().is_shown(request)
    request = rf.get("/admin/pages/search/")
    request.user = admin_user(username="editor-no-cases")
    assert not case_search_area().is_shown(request)
