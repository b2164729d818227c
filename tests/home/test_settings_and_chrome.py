"""Council settings and the chrome around every page: header, navigation, footer, robots, errors."""

import pytest
from django.core.exceptions import ValidationError
from django.template import loader
from django.test import RequestFactory

from home.colours import validate_brand_colour
from home.views import server_error
from tests.csp import assert_policy_allows_page
from tests.factories import ServiceIndexPageFactory, ServicePageFactory

# --- Brand colour --------------------------------------------------------------------------------


@pytest.mark.parametrize("colour", ["#1d70b8", "#0B0C0C", "#00703c"])
def test_brand_colour_dark_enough_for_white_text_is_accepted(colour):
    validate_brand_colour(colour)


def test_brand_colour_too_light_is_refused_with_the_contrast():
    with pytest.raises(ValidationError) as error:
        validate_brand_colour("#ffdd00")
    message = error.value.messages[0]
    assert "contrast" in message
    assert "#ffdd00" in message
    assert "4.5:1" in message


@pytest.mark.parametrize("colour", ["blue", "#1d70b", "1d70b8", "#1d70bz", ""])
def test_brand_colour_in_the_wrong_format_is_refused(colour):
    with pytest.raises(ValidationError) as error:
        validate_brand_colour(colour)
    assert error.value.messages == [
        "Enter the colour as a # followed by six hex digits, like #1d70b8"
    ]


def test_council_settings_refuse_a_light_brand_colour(council_settings):
    council_settings.brand_colour = "#ffdd00"
    with pytest.raises(ValidationError) as error:
        council_settings.full_clean()
    assert "contrast" in error.value.message_dict["brand_colour"][0]


# --- Header --------------------------------------------------------------------------------------


def test_header_shows_the_council_name_and_brand_colour(client, council_settings, soup):
    council_settings.council_name = "Anytown Borough Council"
    council_settings.brand_colour = "#00703c"
    council_settings.save()

    page = soup(client.get("/"))
    assert page.select_one(".ds-header__homepage-link").get_text(strip=True) == (
        "Anytown Borough Council"
    )
    assert page.title.get_text(strip=True) == "Anytown Borough Council"
    inline_styles = " ".join(style.get_text() for style in page.find_all("style"))
    assert "--ds-brand: #00703c;" in inline_styles
    assert page.find("meta", attrs={"name": "theme-color"})["content"] == "#00703c"


def test_content_page_title_names_the_council(client, council_settings, soup):
    council_settings.council_name = "Anytown Borough Council"
    council_settings.save()
    service = ServicePageFactory(title="Report a missed bin")
    page = soup(client.get(service.url))
    assert page.title.get_text(strip=True) == "Report a missed bin - Anytown Borough Council"


# --- Service navigation and breadcrumbs ----------------------------------------------------------


@pytest.fixture
def sections(home_page):
    bins = ServiceIndexPageFactory(title="Bins and recycling", show_in_menus=True)
    ServiceIndexPageFactory(title="Council Tax", show_in_menus=True)
    ServiceIndexPageFactory(title="Staff only", show_in_menus=False)
    ServiceIndexPageFactory(title="Coming soon", show_in_menus=True, draft=True)
    missed_bin = ServicePageFactory(title="Report a missed bin", parent=bins)
    return bins, missed_bin


def navigation(page_soup):
    nav = page_soup.select_one(".govuk-service-navigation")
    if nav is None:
        return []
    return [
        (link.get_text(strip=True), link["href"], link.get("aria-current"))
        for link in nav.select("a.govuk-service-navigation__link")
    ]


def test_navigation_lists_sections_shown_in_menus(client, sections, soup):
    assert navigation(soup(client.get("/"))) == [
        ("Bins and recycling", "/bins-and-recycling/", None),
        ("Council Tax", "/council-tax/", None),
    ]


def test_navigation_marks_the_current_section(client, sections, soup):
    bins, missed_bin = sections
    assert navigation(soup(client.get(bins.url))) == [
        ("Bins and recycling", "/bins-and-recycling/", "page"),
        ("Council Tax", "/council-tax/", None),
    ]
    assert navigation(soup(client.get(missed_bin.url))) == [
        ("Bins and recycling", "/bins-and-recycling/", "true"),
        ("Council Tax", "/council-tax/", None),
    ]


def test_no_navigation_without_sections(client, home_page, soup):
    assert soup(client.get("/")).select_one(".govuk-service-navigation") is None


def test_breadcrumbs_on_a_nested_page(client, sections, soup):
    bins, missed_bin = sections
    subsection = ServiceIndexPageFactory(title="Garden waste", parent=bins)
    leaflet = ServicePageFactory(title="Subscribe to garden waste", parent=subsection)

    crumbs = soup(client.get(leaflet.url)).select(".govuk-breadcrumbs a")
    assert [(crumb.get_text(strip=True), crumb["href"]) for crumb in crumbs] == [
        ("Home", "/"),
        ("Bins and recycling", "/bins-and-recycling/"),
        ("Garden waste", "/bins-and-recycling/garden-waste/"),
    ]


def test_no_breadcrumbs_on_the_home_page(client, sections, soup):
    assert soup(client.get("/")).select_one(".govuk-breadcrumbs") is None


# --- Footer --------------------------------------------------------------------------------------


def footer_links(page_soup):
    return [
        (link.get_text(strip=True), link["href"])
        for link in page_soup.select("footer .govuk-footer__inline-list a")
    ]


def test_footer_shows_the_pages_the_council_set(client, council_settings, home_page, soup):
    council_settings.accessibility_page = ServicePageFactory(title="Accessibility statement")
    council_settings.privacy_page = ServicePageFactory(title="Privacy notice")
    council_settings.contact_page = ServicePageFactory(title="Contact the council")
    council_settings.phone = "01234 567890"
    council_settings.save()

    page = soup(client.get("/"))
    assert footer_links(page) == [
        ("Accessibility statement", "/accessibility-statement/"),
        ("Privacy", "/privacy-notice/"),
        ("Cookies", "/cookies/"),
        ("Contact us", "/contact-the-council/"),
    ]
    assert page.select_one('footer a[href="tel:01234567890"]').get_text() == "01234 567890"


def test_footer_always_links_to_cookies(client, home_page, soup):
    assert footer_links(soup(client.get("/"))) == [("Cookies", "/cookies/")]


# --- robots.txt, sitemap, health check -----------------------------------------------------------


def test_robots_txt(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_sitemap_lists_live_pages_and_not_drafts(sections, sitemap_paths):
    ServicePageFactory(title="Unpublished service", draft=True)
    paths = sitemap_paths()
    assert {
        "/",
        "/bins-and-recycling/",
        "/bins-and-recycling/report-a-missed-bin/",
        "/council-tax/",
    } <= paths
    assert "/unpublished-service/" not in paths
    assert "/coming-soon/" not in paths


def test_healthz(client):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert not response.cookies


# --- Error pages ---------------------------------------------------------------------------------


def test_404_page_is_friendly(client, home_page, soup):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = soup(response)
    assert page.h1.get_text(strip=True) == "Page not found"
    assert page.title.get_text(strip=True).startswith("Page not found - ")
    assert page.main.find("a", href="/search/").get_text() == "search the website"
    assert page.main.find("a", href="/") is not None
    assert not response.cookies


def test_404_page_offers_the_phone_number(client, council_settings, soup):
    council_settings.phone = "01234 567890"
    council_settings.save()
    page = soup(client.get("/no-such-page/"))
    assert "call us on 01234 567890" in page.main.get_text()


def test_500_page_renders_without_a_request():
    html = loader.get_template("500.html").render()
    assert '<h1 class="govuk-heading-xl">Sorry, there is a problem with the service</h1>' in html
    assert "Try again later." in html


def test_500_handler_returns_server_error():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert b"Sorry, there is a problem with the service" in response.content


# --- Content Security Policy ---------------------------------------------------------------------


def test_public_pages_have_a_strict_csp_without_a_nonce(client, home_page, council_settings):
    council_settings.brand_colour = "#0b0c0c"
    council_settings.save()
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "object-src 'none'" in policy
    assert "frame-ancestors 'self'" in policy
    # The inline script and the brand colour's style are allowed by their hashes alone.
    assert_policy_allows_page(response)
    assert b"--ds-brand: #0b0c0c;" in response.content


def test_the_policy_is_the_same_for_every_visitor(client, home_page):
    """A nonce would make each response unique, and so impossible to cache."""
    first = client.get("/")["Content-Security-Policy"]
    second = client.get("/")["Content-Security-Policy"]
    assert first == second


def test_a_changed_brand_colour_changes_the_allowed_hash(client, home_page, council_settings):
    before = client.get("/")["Content-Security-Policy"]
    council_settings.brand_colour = "#0b0c0c"
    council_settings.save()
    after = client.get("/")
    assert after["Content-Security-Policy"] != before
    assert_policy_allows_page(after)


def test_admin_has_no_csp(client, db):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response


def test_the_logo_is_sharp_on_high_density_screens(client, home_page, council_settings, soup):
    """The header logo has a 2x rendition; it is above the fold, so it is not lazy."""
    from io import BytesIO

    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images import get_image_model

    buffer = BytesIO()
    PILImage.new("RGB", (400, 160), "white").save(buffer, "PNG")
    logo = get_image_model().objects.create(
        title="Council logo", file=ImageFile(buffer, name="logo.png")
    )
    council_settings.logo = logo
    council_settings.save()

    img = soup(client.get("/")).select_one("img.ds-header__logo")
    one, two = (candidate.split() for candidate in img["srcset"].split(", "))
    assert img["src"] == one[0] and one[1] == "1x" and two[1] == "2x"
    assert "height-80" in two[0]
    assert img["height"] == "40"
    assert img.get("loading") != "lazy"
