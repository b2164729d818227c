"""News: the index lists stories newest first, ten to a page; the home page shows the latest."""

import datetime

import pytest

from tests.factories import NewsIndexPageFactory, NewsPageFactory, ServiceIndexPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def news_index(home_page):
    return NewsIndexPageFactory(title="News", slug="news")


def story_titles(page_soup, heading_tag="h2"):
    return [
        heading.a.get_text(strip=True) for heading in page_soup.main.select(f"li {heading_tag}")
    ]


def make_stories(news_index, count):
    """`count` stories, one a day, "Story 1" the oldest."""
    first = datetime.date(2025, 1, 1)
    return [
        NewsPageFactory(
            title=f"Story {number}",
            date=first + datetime.timedelta(days=number),
            parent=news_index,
        )
        for number in range(1, count + 1)
    ]


def test_index_lists_newest_first(client, news_index, soup):
    NewsPageFactory(title="Library reopens", date=datetime.date(2025, 1, 10), parent=news_index)
    NewsPageFactory(
        title="New bin collection days", date=datetime.date(2025, 3, 1), parent=news_index
    )
    NewsPageFactory(title="Budget consultation", date=datetime.date(2025, 2, 1), parent=news_index)

    page = soup(client.get(news_index.url))
    assert story_titles(page) == [
        "New bin collection days",
        "Budget consultation",
        "Library reopens",
    ]
    assert page.main.find("time")["datetime"] == "2025-03-01"
    assert page.main.find("time").get_text() == "1 March 2025"


def test_index_leaves_out_drafts(client, news_index, soup):
    NewsPageFactory(title="Published story", parent=news_index)
    NewsPageFactory(title="Unfinished story", parent=news_index, draft=True)
    assert story_titles(soup(client.get(news_index.url))) == ["Published story"]


def test_index_is_paginated_ten_to_a_page(client, news_index, soup):
    make_stories(news_index, 12)

    first = soup(client.get(news_index.url))
    assert story_titles(first) == [f"Story {number}" for number in range(12, 2, -1)]
    pagination = first.select_one("nav.govuk-pagination")
    assert pagination is not None
    assert pagination.select_one('a[rel="next"]')["href"] == "?page=2"
    assert pagination.select_one('a[aria-current="page"]').get_text(strip=True) == "1"

    second = soup(client.get(news_index.url, {"page": 2}))
    assert story_titles(second) == ["Story 2", "Story 1"]
    assert second.select_one('nav.govuk-pagination a[rel="prev"]')["href"] == "?page=1"
    assert second.select_one('nav.govuk-pagination a[rel="next"]') is None


def test_index_with_ten_stories_has_no_pagination(client, news_index, soup):
    make_stories(news_index, 10)
    page = soup(client.get(news_index.url))
    assert len(story_titles(page)) == 10
    assert page.select_one("nav.govuk-pagination") is None


def test_index_copes_with_a_bad_page_number(client, news_index, soup):
    make_stories(news_index, 12)
    assert story_titles(soup(client.get(news_index.url, {"page": "lots"})))[0] == "Story 12"
    assert story_titles(soup(client.get(news_index.url, {"page": 99}))) == ["Story 2", "Story 1"]


def test_empty_index_says_so(client, news_index):
    assert "There is no news yet." in client.get(news_index.url).content.decode()


def test_home_page_shows_the_latest_three_stories(client, home_page, news_index, soup):
    make_stories(news_index, 4)
    page = soup(client.get("/"))
    latest = page.find("h2", string="Latest news").find_next_sibling("ul")
    assert [link.get_text(strip=True) for link in latest.select("h3 a")] == [
        "Story 4",
        "Story 3",
        "Story 2",
    ]
    see_all = page.find("a", string="See all news")
    assert see_all["href"] == "/news/"


def test_home_page_without_news_has_no_news_section(client, home_page):
    html = client.get("/").content.decode()
    assert "Latest news" not in html


def test_home_page_lists_categories(client, home_page, soup):
    ServiceIndexPageFactory(title="Council Tax", summary="Pay, check your band, get a discount.")
    ServiceIndexPageFactory(title="Bins and recycling", summary="Collection days and missed bins.")
    ServiceIndexPageFactory(title="Archived section", draft=True)

    page = soup(client.get("/"))
    services = page.find("h2", string="Services").find_next_sibling("ul")
    assert [(link.get_text(strip=True), link["href"]) for link in services.select("h3 a")] == [
        ("Bins and recycling", "/bins-and-recycling/"),
        ("Council Tax", "/council-tax/"),
    ]
    assert "Collection days and missed bins." in services.get_text()
