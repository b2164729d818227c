"""Site search over published pages."""

import pytest

from tests.factories import ServicePageFactory

pytestmark = pytest.mark.django_db


def results(page_soup):
    """(title, link) for each result listed."""
    listing = page_soup.find("ul", attrs={"aria-labelledby": "results-heading"})
    if listing is None:
        return []
    return [(link.get_text(strip=True), link["href"]) for link in listing.select("h3 a")]


def results_heading(page_soup):
    heading = page_soup.find(id="results-heading")
    return " ".join(heading.get_text().split()) if heading else None


@pytest.fixture
def garden_waste(home_page):
    return ServicePageFactory(
        title="Garden waste collections",
        summary="Pay for a brown bin.",
        body_text="We collect garden waste fortnightly from March to November.",
    )


def test_finds_a_live_page_by_a_word_in_its_body(client, garden_waste, soup):
    ServicePageFactory(title="Council Tax bands", body_text="Check your band online.")

    page = soup(client.get("/search/", {"q": "fortnightly"}))
    assert results(page) == [("Garden waste collections", "/garden-waste-collections/")]
    assert results_heading(page) == "1 result for ‘fortnightly’"
    assert "Pay for a brown bin." in page.main.get_text()


def test_does_not_find_drafts(client, garden_waste, soup):
    ServicePageFactory(
        title="Garden waste price rise", draft=True, body_text="From April, fortnightly costs more."
    )
    page = soup(client.get("/search/", {"q": "fortnightly"}))
    assert results(page) == [("Garden waste collections", "/garden-waste-collections/")]


def test_no_match_says_so(client, garden_waste, soup):
    page = soup(client.get("/search/", {"q": "swimming"}))
    assert results(page) == []
    assert results_heading(page) == "0 results for ‘swimming’"
    assert "Check your spelling or try different words." in page.main.get_text()


@pytest.mark.parametrize("query", [None, "", "   "])
def test_empty_query_shows_no_results_section(client, garden_waste, soup, query):
    response = client.get("/search/", {} if query is None else {"q": query})
    assert response.status_code == 200
    page = soup(response)
    assert page.find(id="results-heading") is None
    assert "Check your spelling" not in page.main.get_text()
    assert page.find("input", id="search-q") is not None


def test_query_is_kept_in_the_search_boxes(client, garden_waste, soup):
    page = soup(client.get("/search/", {"q": "fortnightly"}))
    assert page.find("input", id="search-q")["value"] == "fortnightly"
    assert page.find("input", id="header-search")["value"] == "fortnightly"
    assert page.title.get_text().startswith("Search results for ‘fortnightly’")


def test_results_are_paginated(client, home_page, soup):
    for number in range(1, 13):
        ServicePageFactory(
            title=f"Parking zone {number}", body_text="Apply for a resident parking permit."
        )

    first = soup(client.get("/search/", {"q": "permit"}))
    assert results_heading(first) == "12 results for ‘permit’"
    assert len(results(first)) == 10
    assert first.select_one('nav.govuk-pagination a[rel="next"]')["href"] == "?q=permit&page=2"

    second = soup(client.get("/search/", {"q": "permit", "page": 2}))
    assert len(results(second)) == 2
    assert second.select_one('nav.govuk-pagination a[rel="prev"]')["href"] == "?q=permit&page=1"
    assert {title for title, _ in results(first) + results(second)} == {
        f"Parking zone {number}" for number in range(1, 13)
    }
