"""A resident browses the demo disclosure log in Chromium, with and without JavaScript: filters by
year and topic, opens a response and its document, and finds a response through site search.
axe-core checks the log and an entry each way."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

LOG = "/your-council/disclosure-log/"
ENTRY_TITLE = "Long-term empty homes in the district"


@pytest.mark.parametrize("javascript_enabled", [True, False], ids=["js", "no-js"])
def test_resident_browses_and_searches_the_disclosure_log(
    demo_content, new_context, axe, javascript_enabled
):
    page = new_context(javascript_enabled=javascript_enabled).new_page()

    page.goto(LOG)
    expect(page.get_by_role("heading", level=1)).to_have_text("Disclosure log")
    # The demo's four entries, and the FOI response published from a demo case (demo/statutory.py).
    expect(page.locator("#disclosure-result-count")).to_have_text("5 responses")
    axe(page)

    # Filter by topic, then by year too: a plain GET form, the same with or without scripts.
    page.get_by_label("Topic").select_option(label="Council finance")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#disclosure-result-count")).to_contain_text("2 responses about")
    # The demo's parking fines response was answered 40 days ago; the other finance one, a year
    # before that.
    year = (timezone.localdate() - timedelta(days=40)).year
    page.get_by_label("Year responded").select_option(str(year))
    page.get_by_role("button", name="Apply filters").click()
    assert "topic=finance" in page.url
    expect(page.locator("#disclosure-result-count")).to_contain_text(f"1 response in {year}")
    expect(page.locator(".disclosure-log__entries h2")).to_have_text(
        "Parking fines issued in the town centre"
    )
    axe(page)

    page.get_by_role("link", name="Clear filters").click()
    page.get_by_role("link", name=ENTRY_TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ENTRY_TITLE)
    expect(page.get_by_text("s40(2) personal information")).to_be_visible()
    document = page.get_by_role("link", name="empty-homes-by-ward.csv")
    expect(document).to_be_visible()
    axe(page)
    assert page.request.get(document.get_attribute("href")).ok

    page.goto("/search/?q=nitrogen+dioxide")
    expect(page.get_by_role("link", name="Air quality readings on Mill Road")).to_be_visible()
