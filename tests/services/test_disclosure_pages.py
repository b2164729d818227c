"""The public disclosure log: residents browse responses by year, month and topic (plain GET
filters), page through them newest first, open one with its documents, and find it through
site search. Drafts are never shown."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.documents import get_document_model

from services.models import (
    DisclosureLogDocument,
    DisclosureLogEntryPage,
    DisclosureLogPage,
    DisclosureTopic,
    NewsIndexPage,
)
from tests.factories import DoorstepPageFactory

pytestmark = pytest.mark.django_db


class DisclosureLogPageFactory(DoorstepPageFactory):
    title = "Disclosure log"
    slug = "disclosure-log"
    summary = "Responses to Freedom of Information requests."

    class Meta:
        model = DisclosureLogPage


def make_entry(log, title, responded, *, topics=(), live=True, **fields):
    entry = DisclosureLogEntryPage(
        title=title,
        reference=fields.pop("reference", ""),
        date_received=responded - datetime.timedelta(days=15),
        date_responded=responded,
        request_text=fields.pop("request_text", f"Please tell me about {title.lower()}."),
        response=fields.pop("response", "<p>Here is the information.</p>"),
        live=live,
        has_unpublished_changes=not live,
        **fields,
    )
    log.add_child(instance=entry)
    if topics:
        entry.topics.set(topics)
        entry.save()
    return entry


@pytest.fixture
def log(home_page):
    return DisclosureLogPageFactory()


@pytest.fixture
def topics(db):
    return {
        "housing": DisclosureTopic.objects.create(name="Housing", slug="housing"),
        "parking": DisclosureTopic.objects.create(name="Parking", slug="parking"),
    }


def entry_titles(page_soup) -> list[str]:
    return [h.a.get_text(strip=True) for h in page_soup.main.select(".disclosure-log__entries h2")]


def result_count(page_soup) -> str:
    return " ".join(page_soup.main.find(id="disclosure-result-count").get_text().split())


def test_the_log_lists_published_responses_newest_first_with_a_count(client, log, soup):
    make_entry(log, "Empty homes", datetime.date(2025, 3, 4))
    make_entry(log, "Parking fines", datetime.date(2025, 11, 20))
    make_entry(log, "Pothole claims", datetime.date(2024, 6, 1))
    make_entry(log, "Unfinished draft", datetime.date(2025, 12, 1), live=False)

    page = soup(client.get(log.url))

    assert entry_titles(page) == ["Parking fines", "Empty homes", "Pothole claims"]
    assert result_count(page) == "3 responses"
    assert "Unfinished draft" not in page.get_text()


def test_filter_by_year_and_month_without_javascript(client, log, soup):
    make_entry(log, "Empty homes", datetime.date(2025, 3, 4))
    make_entry(log, "Parking fines", datetime.date(2025, 11, 20))
    make_entry(log, "Pothole claims", datetime.date(2024, 6, 1))

    by_year = soup(client.get(log.url, {"year": "2025"}))
    by_month = soup(client.get(log.url, {"year": "2025", "month": "3"}))

    assert entry_titles(by_year) == ["Parking fines", "Empty homes"]
    assert result_count(by_year) == "2 responses in 2025"
    assert entry_titles(by_month) == ["Empty homes"]
    assert result_count(by_month) == "1 response in March 2025"
    # The form is a plain GET form with the years that have responses.
    form = by_month.main.find("form")
    assert form["method"] == "get"
    years = [o["value"] for o in form.find("select", id="disclosure-year").find_all("option")]
    assert years == ["", "2025", "2024"]
    assert form.find("option", selected=True)["value"] == "2025"


def test_filter_by_topic(client, log, topics, soup):
    make_entry(log, "Empty homes", datetime.date(2025, 3, 4), topics=[topics["housing"]])
    make_entry(log, "Parking fines", datetime.date(2025, 11, 20), topics=[topics["parking"]])

    page = soup(client.get(log.url, {"topic": "housing"}))

    assert entry_titles(page) == ["Empty homes"]
    assert result_count(page) == "1 response about Housing"
    assert page.main.find("a", string="Clear filters")


def test_nonsense_filters_are_ignored_and_an_empty_result_says_so(client, log, soup):
    make_entry(log, "Empty homes", datetime.date(2025, 3, 4))

    ignored = soup(client.get(log.url, {"year": "twenty", "month": "13"}))
    nothing = soup(client.get(log.url, {"topic": "no-such-topic"}))

    assert entry_titles(ignored) == ["Empty homes"]
    assert entry_titles(nothing) == []
    assert "No responses match these filters." in nothing.get_text()


def test_pagination_keeps_the_filters(client, log, soup):
    for day in range(1, 24):
        make_entry(log, f"Request {day}", datetime.date(2025, 5, day))
    make_entry(log, "Other year", datetime.date(2024, 5, 1))

    first = soup(client.get(log.url, {"year": "2025"}))
    second = soup(client.get(log.url, {"year": "2025", "page": "2"}))

    assert len(entry_titles(first)) == 20
    assert entry_titles(first)[0] == "Request 23"
    assert entry_titles(second) == ["Request 3", "Request 2", "Request 1"]
    pagination = first.find("nav", class_="govuk-pagination")
    assert pagination.find("a", rel="next")["href"] == "?year=2025&page=2"
    assert result_count(second) == "23 responses in 2025"


def test_an_entry_shows_its_facts_and_documents(client, log, topics, soup):
    document = get_document_model().objects.create(
        title="Empty homes list", file=ContentFile(b"a,b\n1,2\n", name="empty-homes.csv")
    )
    entry = make_entry(
        log,
        "Empty homes in the district",
        datetime.date(2025, 3, 4),
        reference="FOI-2025-000123",
        exemptions="s40(2) personal information\ns31 law enforcement",
        outcome=DisclosureLogEntryPage.Outcome.PART,
        request_type=DisclosureLogEntryPage.RequestType.FOI,
        topics=[topics["housing"]],
    )
    DisclosureLogDocument.objects.create(page=entry, document=document)

    page = soup(client.get(entry.url))
    text = " ".join(page.main.get_text().split())

    assert "FOI-2025-000123" in text
    assert "Granted in part" in text
    assert "s40(2) personal information" in text
    assert "s31 law enforcement" in text
    assert "Freedom of Information (FOI)" in text
    link = page.main.find("a", string="Empty homes list")
    assert link["href"] == document.url
    assert client.get(document.url).status_code == 200
    topic_link = page.main.find("a", string="Housing")
    assert topic_link["href"] == log.url + "?topic=housing"


def test_a_draft_entry_is_not_public(client, log):
    entry = make_entry(log, "Unfinished", datetime.date(2025, 3, 4), live=False)
    assert client.get(entry.url_path.replace("/home", "", 1)).status_code == 404


def test_site_search_finds_an_entry_by_words_in_its_request_and_response(client, log, soup):
    make_entry(
        log,
        "Request FOI-1",
        datetime.date(2025, 3, 4),
        request_text="How many streetlights were converted to LED lanterns?",
        response="<p>We converted 4,312 columns to zeppelinium lanterns.</p>",
    )
    make_entry(
        log,
        "Hidden draft",
        datetime.date(2025, 3, 4),
        live=False,
        request_text="How many streetlights?",
    )

    by_request = soup(client.get("/search/", {"q": "streetlights"}))
    by_response = soup(client.get("/search/", {"q": "zeppelinium"}))

    assert "Request FOI-1" in by_request.main.get_text()
    assert "Hidden draft" not in by_request.main.get_text()
    assert "Request FOI-1" in by_response.main.get_text()


def test_entries_live_only_under_a_log():
    assert DisclosureLogEntryPage.allowed_parent_page_models() == [DisclosureLogPage]
    assert NewsIndexPage not in DisclosureLogEntryPage.allowed_parent_page_models()
    assert DisclosureLogPage.allowed_subpage_models() == [DisclosureLogEntryPage]


def test_editors_can_add_a_log_under_the_home_page_or_a_section():
    from home.models import HomePage
    from services.models import ServiceIndexPage

    assert DisclosureLogPage in HomePage.allowed_subpage_models()
    assert DisclosureLogPage in ServiceIndexPage.allowed_subpage_models()


def test_renaming_a_topic_shows_on_cached_entries_at_once(client, log, topics, settings):
    settings.DOORSTEP_PAGE_CACHE_SECONDS = 300
    entry = make_entry(
        log, "Parking fines 2025", datetime.date(2026, 3, 2), topics=[topics["parking"]]
    )
    client.get(entry.url)
    assert client.get(entry.url)["X-Doorstep-Cache"] == "hit"
    topics["parking"].name = "Parking and permits"
    topics["parking"].save()
    response = client.get(entry.url)
    assert "Parking and permits" in response.content.decode()


@pytest.mark.parametrize("which", ["log", "entry"])
def test_public_pages_stay_within_the_query_budget(client, log, topics, which):
    """At most ten queries uncached, as every public page type (tests/performance)."""
    for day in range(1, 26):
        make_entry(log, f"Request {day}", datetime.date(2025, 5, day), topics=[topics["housing"]])
    entry = DisclosureLogEntryPage.objects.live().first()
    url = {"log": log.url + "?year=2025&topic=housing", "entry": entry.url}[which]
    client.get("/search/")  # the site chrome is built by an earlier visit

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)

    assert response.status_code == 200
    assert len(queries) <= 10, "\n".join(q["sql"][:150] for q in queries.captured_queries)
