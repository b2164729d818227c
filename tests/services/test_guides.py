"""Multi-part guides: one address per part, a contents list, and previous/next links."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from services.blocks import RICH_TEXT_FEATURES
from tests.factories import GuidePageFactory, guide_part

pytestmark = pytest.mark.django_db

GUIDE_URL = "/council-tax-discounts/"


@pytest.fixture
def guide(home_page):
    return GuidePageFactory(
        title="Council Tax discounts",
        parts=[
            guide_part("Overview", "overview", "You may be able to pay less Council Tax."),
            guide_part("Who can apply", "who-can-apply", "You must be the only adult at home."),
            guide_part("How to apply", "how-to-apply", "Fill in the online form."),
        ],
    )


def contents(page_soup):
    nav = page_soup.find("nav", attrs={"aria-labelledby": "guide-contents"})
    return [
        (
            item.get_text(strip=True),
            item.a["href"] if item.a else None,
            item.find(attrs={"aria-current": "page"}) is not None,
        )
        for item in nav.find_all("li")
    ]


def pagination_link(page_soup, rel):
    link = page_soup.select_one(f'nav[aria-label="Guide pages"] a[rel="{rel}"]')
    if link is None:
        return None
    label = link.select_one(".govuk-pagination__link-label").get_text(strip=True)
    return label, link["href"]


def test_first_part_is_at_the_guide_address(client, guide, soup):
    assert guide.url == GUIDE_URL
    response = client.get(GUIDE_URL)
    assert response.status_code == 200
    page = soup(response)
    assert page.h1.get_text(strip=True) == "Overview"
    assert "You may be able to pay less Council Tax." in page.main.get_text()
    assert "You must be the only adult at home." not in page.main.get_text()


def test_other_parts_have_their_own_address(client, guide, soup):
    response = client.get(GUIDE_URL + "who-can-apply/")
    assert response.status_code == 200
    page = soup(response)
    assert page.h1.get_text(strip=True) == "Who can apply"
    assert page.title.get_text().startswith("Who can apply: Council Tax discounts - ")
    assert "You must be the only adult at home." in page.main.get_text()
    assert "You may be able to pay less Council Tax." not in page.main.get_text()


def test_contents_list_marks_the_current_part(client, guide, soup):
    page = soup(client.get(GUIDE_URL + "who-can-apply/"))
    assert contents(page) == [
        ("Overview", GUIDE_URL, False),
        ("Who can apply", None, True),
        ("How to apply", GUIDE_URL + "how-to-apply/", False),
    ]

    page = soup(client.get(GUIDE_URL))
    assert contents(page) == [
        ("Overview", None, True),
        ("Who can apply", GUIDE_URL + "who-can-apply/", False),
        ("How to apply", GUIDE_URL + "how-to-apply/", False),
    ]


def test_previous_and_next_links(client, guide, soup):
    first = soup(client.get(GUIDE_URL))
    assert pagination_link(first, "prev") is None
    assert pagination_link(first, "next") == ("Who can apply", GUIDE_URL + "who-can-apply/")

    middle = soup(client.get(GUIDE_URL + "who-can-apply/"))
    assert pagination_link(middle, "prev") == ("Overview", GUIDE_URL)
    assert pagination_link(middle, "next") == ("How to apply", GUIDE_URL + "how-to-apply/")

    last = soup(client.get(GUIDE_URL + "how-to-apply/"))
    assert pagination_link(last, "prev") == ("Who can apply", GUIDE_URL + "who-can-apply/")
    assert pagination_link(last, "next") is None


def test_a_single_part_guide_has_no_contents_or_pagination(client, home_page, soup):
    guide = GuidePageFactory(title="Short guide", parts=[guide_part("Overview", "overview")])
    page = soup(client.get(guide.url))
    assert page.h1.get_text(strip=True) == "Overview"
    assert page.find(id="guide-contents") is None
    assert page.select_one('nav[aria-label="Guide pages"]') is None


@pytest.mark.parametrize(
    "path",
    [
        "no-such-part/",
        "overview/",  # the first part lives only at the guide's own address
        "who-can-apply/extra/",
    ],
)
def test_unknown_part_is_not_found(client, guide, path):
    response = client.get(GUIDE_URL + path)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_repeated_part_slugs_are_refused(guide):
    guide.parts = [
        guide_part("Overview", "overview"),
        guide_part("How to apply", "apply"),
        guide_part("Apply by post", "apply"),
    ]
    with pytest.raises(ValidationError) as error:
        guide.clean()
    assert error.value.message_dict["parts"] == ["Each part needs its own address; repeated: apply"]


def test_distinct_part_slugs_pass_clean(guide):
    guide.clean()


def test_editor_sees_the_repeated_slug_error_and_nothing_is_saved(client, guide, editor):
    client.force_login(editor)
    part = {
        "body": streamfield([("rich_text", rich_text("<p>Text</p>", features=RICH_TEXT_FEATURES))])
    }
    data = nested_form_data(
        {
            "title": guide.title,
            "slug": guide.slug,
            "summary": "",
            "parts": streamfield(
                [
                    ("part", {"title": "Overview", "slug": "overview", **part}),
                    ("part", {"title": "Apply", "slug": "overview", **part}),
                ]
            ),
        }
    )
    response = client.post(reverse("wagtailadmin_pages:edit", args=[guide.pk]), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "Each part needs its own address; repeated: overview" in str(errors["parts"])
    assert not guide.revisions.exists()


def test_sitemap_lists_every_part(guide, sitemap_paths):
    paths = sitemap_paths()
    assert {
        GUIDE_URL,
        GUIDE_URL + "who-can-apply/",
        GUIDE_URL + "how-to-apply/",
    } <= paths
    assert GUIDE_URL + "overview/" not in paths
