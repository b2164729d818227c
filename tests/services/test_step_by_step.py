"""Step by step navigation: 'and'/'or' steps share the number of the step before them."""

import pytest

from tests.factories import StepByStepPageFactory, step

pytestmark = pytest.mark.django_db


def rendered_steps(page_soup):
    """(what the numbered circle shows, the heading a screen reader hears) for each step."""
    return [
        (
            item.select_one(".ds-step-nav__circle").get_text(strip=True),
            " ".join(item.h2.get_text(" ", strip=True).split()),
        )
        for item in page_soup.select("ol.ds-step-nav > li.ds-step-nav__step")
    ]


def test_and_or_steps_share_the_previous_number(client, home_page, soup):
    page = StepByStepPageFactory(
        title="Build an extension",
        steps=[
            step("Check if you need planning permission"),
            step("Apply for planning permission"),
            step("Get building regulations approval", logic="and"),
            step("Hire a builder"),
            step("Use a council-approved installer", logic="or"),
            step("Tell us when the work is finished"),
        ],
    )
    response = client.get(page.url)
    assert response.status_code == 200
    assert rendered_steps(soup(response)) == [
        ("1", "Step 1: Check if you need planning permission"),
        ("2", "Step 2: Apply for planning permission"),
        ("and", "and Get building regulations approval"),
        ("3", "Step 3: Hire a builder"),
        ("or", "or Use a council-approved installer"),
        ("4", "Step 4: Tell us when the work is finished"),
    ]


def test_a_first_step_marked_and_is_still_step_one(client, home_page, soup):
    page = StepByStepPageFactory(
        steps=[step("Check the rules", logic="and"), step("Apply", logic="or"), step("Build")]
    )
    assert rendered_steps(soup(client.get(page.url))) == [
        ("1", "Step 1: Check the rules"),
        ("or", "or Apply"),
        ("2", "Step 2: Build"),
    ]


def test_step_body_is_shown(client, home_page, soup):
    page = StepByStepPageFactory(
        steps=[step("Check the rules", text="Most small extensions do not need permission")]
    )
    body = soup(client.get(page.url)).select_one("li.ds-step-nav__step .govuk-body")
    assert "Most small extensions do not need permission." in body.get_text()
