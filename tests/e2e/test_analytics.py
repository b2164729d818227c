"""Analytics in Chromium, with the site's CSP enforced: after consent the analytics hosts are
allowed (a request to them is no CSP violation), the page view carries no query string and no
previous address, and a tracking link's page loads no analytics at all.

Google is never reached: its script is replaced by a stub that makes the kinds of requests the
real one makes, and those requests are answered here.
"""

from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

ANALYTICS_ID = "G-TEST123"
COUNCIL = "Fernleigh District Council"
NEWS = "/news/"
# What gtag.js does, in miniature: send a hit by fetch and by image.
GTAG_STUB = """
fetch("https://region1.google-analytics.com/g/collect?v=2", {method: "POST", mode: "no-cors"});
const pixel = new Image();
pixel.src = "https://www.google-analytics.com/g/collect?v=2";
"""


@pytest.fixture
def analytics_on(demo_content):
    from wagtail.models import Site

    from home.models import CouncilSettings

    council = CouncilSettings.for_site(Site.objects.get(is_default_site=True))
    council.google_analytics_id = ANALYTICS_ID
    council.save()


def stub_google(context) -> list[str]:
    """Answer every request to Google's analytics hosts here; returns the addresses asked for."""
    requested = []

    def answer(route):
        requested.append(route.request.url)
        if "googletagmanager.com/gtag/js" in route.request.url:
            route.fulfill(content_type="text/javascript", body=GTAG_STUB)
        else:
            route.fulfill(status=204, body="")

    context.route("https://*.googletagmanager.com/**", answer)
    context.route("https://*.google-analytics.com/**", answer)
    return requested


def page_view_config(page) -> dict:
    """The settings analytics.js gave the page view (its `gtag("config", ...)` call)."""
    return page.evaluate(
        """() => {
            const call = (window.dataLayer || []).find((entry) => entry[0] === "config");
            return call ? {id: call[1], ...call[2]} : null;
        }"""
    )


def test_analytics_after_consent_within_the_csp(analytics_on, new_context, live_server, axe):
    from crm.cases.links import resident_tracking_url
    from crm.cases.models import Case

    context = new_context()
    requested = stub_google(context)
    page = context.new_page()

    # Before consent: nothing from Google.
    page.goto(NEWS)
    assert requested == []
    assert page_view_config(page) is None
    page.get_by_role("region", name=f"Cookies on {COUNCIL}").get_by_role(
        "button", name="Accept additional cookies"
    ).click()
    page.wait_for_load_state("networkidle")
    assert any("gtag/js" in url for url in requested)
    assert any("google-analytics.com/g/collect" in url for url in requested)
    axe(page)  # fails on any CSP violation, such as a blocked analytics request

    # The page view leaves out the query string and where the visitor came from.
    page.goto(f"{NEWS}?utm_source=newsletter&email=ria%40example.com#top")
    page.wait_for_load_state("networkidle")
    config = page_view_config(page)
    assert config["id"] == ANALYTICS_ID
    assert config["page_location"] == f"{live_server.url}{NEWS}"
    assert config["anonymize_ip"] is True
    page.get_by_role("link", name=COUNCIL).first.click()
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.referrer").endswith("email=ria%40example.com")
    assert page_view_config(page)["page_referrer"] == f"{live_server.url}/"

    # A tracking link: no analytics on its page, and its token does not follow the visitor.
    case = Case.objects.order_by("pk").first()
    tracking_path = urlsplit(resident_tracking_url(case)).path
    requested.clear()
    page.goto(tracking_path)
    page.wait_for_load_state("networkidle")
    assert requested == []
    assert page_view_config(page) is None
    page.get_by_role("link", name=COUNCIL).first.click()
    page.wait_for_load_state("networkidle")
    assert any("gtag/js" in url for url in requested)
    config = page_view_config(page)
    assert config["page_location"] == f"{live_server.url}/"
    assert config["page_referrer"] in {"", f"{live_server.url}/"}
    axe(page)
