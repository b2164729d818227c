"""Cookie consent: nothing optional is set or loaded until the visitor accepts it."""

import json

import pytest

from tests.csp import assert_policy_allows_page
from tests.factories import ServicePageFactory

pytestmark = pytest.mark.django_db

POLICY = "doorstep_cookies_policy"
ANALYTICS_ID = "G-TEST123"
SAME_ORIGIN = {"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"}


@pytest.fixture(autouse=True)
def analytics_configured(council_settings):
    council_settings.google_analytics_id = ANALYTICS_ID
    council_settings.save()


@pytest.fixture
def service(home_page):
    return ServicePageFactory(title="Report a missed bin")


def banner(page_soup):
    """The cookie banner's question form, or None."""
    return page_soup.find("form", action="/cookies/", class_="govuk-button-group")


def analytics_scripts(page_soup):
    return [
        script
        for script in page_soup.find_all("script", src=True)
        if "googletagmanager.com" in script["src"] or "analytics.js" in script["src"]
    ]


def choose(client, choice, next_url="/report-a-missed-bin/", headers=SAME_ORIGIN):
    data = {"analytics": choice}
    if next_url is not None:
        data["next"] = next_url
    return client.post("/cookies/", data, headers=headers)


@pytest.mark.parametrize("path", ["/", "/report-a-missed-bin/", "/cookies/", "/search/?q=bins"])
def test_first_visit_sets_no_cookies_and_asks(client, service, soup, path):
    response = client.get(path)
    assert response.status_code == 200
    assert not response.cookies
    assert not client.cookies
    form = banner(soup(response))
    assert form is not None
    buttons = {button.get_text(strip=True): button["value"] for button in form.find_all("button")}
    assert buttons == {"Accept additional cookies": "yes", "Reject additional cookies": "no"}
    assert form.find("input", attrs={"name": "next"})["value"] == path


def test_no_analytics_before_consent(client, service, soup):
    response = client.get(service.url)
    assert analytics_scripts(soup(response)) == []
    assert ANALYTICS_ID not in response.content.decode()


def test_accepting_from_the_banner(client, service, soup):
    response = choose(client, "yes")

    assert response.status_code == 302
    assert response["Location"] == "/report-a-missed-bin/"
    cookie = response.cookies[POLICY]
    assert json.loads(cookie.value) == {"analytics": True}
    assert cookie["max-age"] == 365 * 24 * 60 * 60
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"

    confirmed = client.get(response["Location"])
    page = soup(confirmed)
    assert "You’ve accepted additional cookies." in page.get_text()
    assert page.find("a", string="change your cookie settings")["href"] == "/cookies/"
    assert banner(page) is None
    scripts = analytics_scripts(page)
    assert scripts[0]["src"] == f"https://www.googletagmanager.com/gtag/js?id={ANALYTICS_ID}"
    assert_policy_allows_page(confirmed)

    # The confirmation shows once; the analytics stay.
    later = soup(client.get("/"))
    assert "You’ve accepted additional cookies." not in later.get_text()
    assert banner(later) is None
    assert analytics_scripts(later)


def test_rejecting_from_the_banner(client, service, soup):
    response = choose(client, "no", next_url="/")

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert json.loads(response.cookies[POLICY].value) == {"analytics": False}

    page = soup(client.get("/"))
    assert "You’ve rejected additional cookies." in page.get_text()
    assert banner(page) is None
    assert analytics_scripts(page) == []
    assert ANALYTICS_ID not in str(page)


def test_changing_the_choice_on_the_cookies_page(client, service, soup):
    choose(client, "yes")
    response = client.post("/cookies/", {"analytics": "no"}, headers=SAME_ORIGIN)
    assert response["Location"] == "/cookies/"
    assert json.loads(response.cookies[POLICY].value) == {"analytics": False}

    page = soup(client.get("/cookies/"))
    assert "You’ve set your cookie preferences." in page.get_text()
    assert page.find("input", id="analytics-no").has_attr("checked")
    assert not page.find("input", id="analytics-yes").has_attr("checked")
    assert analytics_scripts(page) == []


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site"},
        {"Origin": "https://evil.example"},
        {"Referer": "https://evil.example/page"},
    ],
    ids=["sec-fetch-site", "origin", "referer"],
)
def test_cross_site_choice_is_refused(client, service, headers):
    response = choose(client, "yes", headers=headers)
    assert response.status_code == 403
    assert not response.cookies
    assert POLICY not in client.cookies


def test_no_choice_shows_an_error(client, service, soup):
    response = client.post("/cookies/", {}, headers=SAME_ORIGIN)
    assert response.status_code == 400
    assert not response.cookies
    page = soup(response)
    summary = page.select_one(".govuk-error-summary")
    assert summary.select_one(".govuk-error-summary__title").get_text() == "There is a problem"
    link = summary.find("a", href="#analytics-yes")
    assert link.get_text() == "Select whether you want to accept analytics cookies"
    assert page.title.get_text().startswith("Error: Cookies")


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example/", "http://testserver.evil.example/"],
)
def test_unsafe_next_is_not_followed(client, service, next_url):
    response = choose(client, "yes", next_url=next_url)
    assert response.status_code == 302
    assert response["Location"] == "/cookies/"
    assert json.loads(response.cookies[POLICY].value) == {"analytics": True}


@pytest.mark.parametrize(
    "value",
    ["not json", '{"analytics":"yes"}', '{"analytics":1}', '["analytics"]', "true", ""],
)
def test_tampered_cookie_counts_as_no_choice(client, service, soup, value):
    client.cookies[POLICY] = value
    page = soup(client.get(service.url))
    assert banner(page) is not None
    assert analytics_scripts(page) == []
