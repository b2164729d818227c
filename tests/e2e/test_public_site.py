"""A resident's journeys through the demo council site in Chromium, each page checked with axe-core.

Every test loads the demo content (the live server empties the database after each test), so
there are few tests, each covering a lot of pages.
"""

import json
import re

import pytest
from django.http.cookie import parse_cookie
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

COUNCIL = "Fernleigh District Council"
SERVICE_INDEX = "/bins-and-recycling/"
SERVICE = "/bins-and-recycling/report-a-missed-bin/"
GUIDE = "/housing/join-the-housing-register/"
GUIDE_PART_2 = "/housing/join-the-housing-register/who-can-join/"
STEP_BY_STEP = "/planning-and-building-control/building-an-extension/"
NEWS_INDEX = "/news/"
NEWS_STORY = "/news/christmas-bin-collections/"
COOKIES = "/cookies/"
SEARCH = "/search/?q=bin"
NOT_FOUND = "/no-such-page/"

# Every public page type, with the main heading each must show.
PAGES = [
    ("/", "How can we help?"),
    (SERVICE_INDEX, "Bins and recycling"),
    (SERVICE, "Report a missed bin"),
    (GUIDE, "Overview"),
    (GUIDE_PART_2, "Who can join"),
    (STEP_BY_STEP, "Building an extension: step by step"),
    (NEWS_INDEX, "News"),
    (NEWS_STORY, "Christmas and New Year bin collection dates"),
    (COOKIES, "Cookies"),
    (SEARCH, "Search"),
]
MOBILE = {"width": 375, "height": 812}


def heading(page):
    return page.get_by_role("heading", level=1)


def site_sections(page):
    """The service navigation: the site's top-level sections."""
    return page.get_by_role("navigation", name="Menu")


def consent(context) -> dict:
    """The visitor's saved cookie choices, read as the server reads them."""
    cookies = {cookie["name"]: cookie for cookie in context.cookies()}
    policy = cookies["doorstep_cookies_policy"]
    assert policy["httpOnly"] is True
    assert policy["sameSite"] == "Lax"
    return json.loads(parse_cookie(f"c={policy['value']}")["c"])


def cookie_banner(page):
    return page.get_by_role("region", name=f"Cookies on {COUNCIL}")


def test_resident_browses_site(demo_content, new_context, axe):
    page = new_context().new_page()

    page.goto("/")
    expect(page).to_have_title(COUNCIL)
    expect(heading(page)).to_have_text("How can we help?")
    axe(page)

    site_sections(page).get_by_role("link", name="Bins and recycling").click()
    expect(page).to_have_url(re.compile(re.escape(SERVICE_INDEX) + "$"))
    expect(heading(page)).to_have_text("Bins and recycling")
    expect(site_sections(page).locator("[aria-current=page]")).to_have_text("Bins and recycling")
    axe(page)

    page.get_by_role("main").get_by_role("link", name="Report a missed bin").click()
    expect(page).to_have_url(re.compile(re.escape(SERVICE) + "$"))
    expect(heading(page)).to_have_text("Report a missed bin")
    breadcrumbs = page.get_by_role("navigation", name="Breadcrumb").get_by_role("link")
    expect(breadcrumbs).to_have_text(["Home", "Bins and recycling"])
    expect(site_sections(page).locator("[aria-current=true]")).to_have_text("Bins and recycling")
    axe(page)

    # A guide: the first part, then on to the second through the pagination link.
    page.goto(GUIDE)
    expect(heading(page)).to_have_text("Overview")
    expect(page.get_by_role("navigation", name="Contents")).to_be_visible()
    axe(page)
    page.get_by_role("navigation", name="Guide pages").get_by_role("link", name="Next").click()
    expect(page).to_have_url(re.compile(re.escape(GUIDE_PART_2) + "$"))
    expect(heading(page)).to_have_text("Who can join")
    axe(page)

    page.goto(STEP_BY_STEP)
    expect(heading(page)).to_have_text("Building an extension: step by step")
    expect(page.get_by_role("heading", level=2, name="Step 1:")).to_be_visible()
    axe(page)

    page.goto(NEWS_INDEX)
    expect(heading(page)).to_have_text("News")
    page.get_by_role("main").get_by_role(
        "link", name="Christmas and New Year bin collection dates"
    ).click()
    expect(page).to_have_url(re.compile(re.escape(NEWS_STORY) + "$"))
    axe(page)
    page.goto(NEWS_INDEX)
    axe(page)

    page.goto(COOKIES)
    expect(heading(page)).to_have_text("Cookies")
    axe(page)

    # Search from the header, on any page.
    page.get_by_role("searchbox", name="Search this site").first.fill("missed bin")
    page.get_by_role("searchbox", name="Search this site").first.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=missed\+bin$"))
    expect(
        page.get_by_role("heading", name=re.compile(r"^\d+ results? for ‘missed bin’$"))
    ).to_be_visible()
    expect(page.get_by_role("main").get_by_role("link", name="Report a missed bin")).to_be_visible()
    axe(page)

    response = page.goto(NOT_FOUND)
    assert response.status == 404
    expect(heading(page)).to_have_text("Page not found")
    axe(page)

    # A phone: the service navigation folds behind a "Menu" button.
    phone = new_context(viewport=MOBILE).new_page()
    phone.goto("/")
    menu = phone.get_by_role("button", name="Menu")
    expect(menu).to_be_visible()
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(site_sections(phone).get_by_role("link", name="Bins and recycling")).to_be_hidden()
    axe(phone)
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(site_sections(phone).get_by_role("link", name="Bins and recycling")).to_be_visible()
    axe(phone)


def test_site_works_without_javascript(demo_content, new_context, axe):
    for viewport in (None, MOBILE):
        page = new_context(javascript_enabled=False, viewport=viewport).new_page()
        for path, title in PAGES if viewport is None else PAGES[:1]:
            response = page.goto(path)
            assert response.status == 200, path
            expect(heading(page)).to_have_text(title)
            # No script, no "Menu" button: every section link shows, even on a phone.
            expect(page.get_by_role("button", name="Menu")).to_be_hidden()
            bins = site_sections(page).get_by_role("link", name="Bins and recycling")
            expect(bins).to_be_visible()
            expect(page.get_by_role("link", name="Skip to main content")).to_be_attached()
            axe(page)

    response = page.goto(NOT_FOUND)
    assert response.status == 404
    expect(heading(page)).to_have_text("Page not found")
    axe(page)

    # Links and forms work without a script: a category, then search.
    page.goto("/")
    page.get_by_role("main").get_by_role("link", name="Council tax", exact=True).click()
    expect(heading(page)).to_have_text("Council tax")
    page.get_by_role("searchbox", name="Search this site").fill("council tax")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(
        page.get_by_role("heading", name=re.compile(r"^\d+ results? for ‘council tax’$"))
    ).to_be_visible()


@pytest.mark.parametrize("javascript_enabled", [True, False], ids=["js", "no-js"])
def test_cookie_banner(demo_content, new_context, axe, javascript_enabled):
    context = new_context(javascript_enabled=javascript_enabled)
    page = context.new_page()

    page.goto(SERVICE)
    expect(cookie_banner(page)).to_be_visible()
    expect(cookie_banner(page).get_by_role("heading")).to_have_text(f"Cookies on {COUNCIL}")
    assert context.cookies() == [], "no cookie may be set before the visitor chooses"
    axe(page)

    cookie_banner(page).get_by_role("button", name="Accept additional cookies").click()

    # Back on the same page, with the confirmation in place of the question.
    expect(page).to_have_url(re.compile(re.escape(SERVICE) + "$"))
    expect(heading(page)).to_have_text("Report a missed bin")
    confirmation = cookie_banner(page)
    expect(confirmation).to_contain_text("You’ve accepted additional cookies.")
    expect(page.get_by_role("button", name="Accept additional cookies")).to_have_count(0)
    axe(page)
    assert consent(context) == {"analytics": True}

    confirmation.get_by_role("button", name="Hide cookie message").click()
    expect(cookie_banner(page)).to_have_count(0)

    page.goto("/")
    expect(heading(page)).to_have_text("How can we help?")
    expect(cookie_banner(page)).to_have_count(0)

    # The cookies page shows the choice and lets the visitor change it.
    page.goto(COOKIES)
    expect(cookie_banner(page)).to_have_count(0)
    expect(page.get_by_role("radio", name="Yes")).to_be_checked()
    page.get_by_role("radio", name="No").check()
    page.get_by_role("button", name="Save cookie settings").click()
    expect(page.get_by_role("alert")).to_contain_text("You’ve set your cookie preferences.")
    axe(page)
    assert consent(context) == {"analytics": False}

    # Rejecting from the banner, in a new visit.
    context = new_context(javascript_enabled=javascript_enabled)
    page = context.new_page()
    page.goto("/")
    cookie_banner(page).get_by_role("button", name="Reject additional cookies").click()
    expect(cookie_banner(page)).to_contain_text("You’ve rejected additional cookies.")
    assert consent(context) == {"analytics": False}
    page.goto(NEWS_INDEX)
    expect(cookie_banner(page)).to_have_count(0)


def test_emergency_alert_shows_on_every_page(demo_content, new_context, axe):
    from home.models import AlertBanner

    AlertBanner.objects.create(
        title="Flooding: the A38 is closed at Fernleigh Bridge",
        message='<p>Do not drive through flood water. <a href="/news/">Latest updates</a>.</p>',
        alert_type="emergency",
    )
    page = new_context().new_page()
    for path, _title in [*PAGES, (NOT_FOUND, "Page not found")]:
        page.goto(path)
        alert = page.get_by_role("alert").first  # an emergency comes before any other alert
        expect(alert).to_be_visible()
        expect(alert.get_by_role("heading", level=2)).to_have_text(
            "Emergency: Flooding: the A38 is closed at Fernleigh Bridge"
        )
        expect(alert.get_by_role("link", name="Latest updates")).to_be_visible()
        axe(page)
