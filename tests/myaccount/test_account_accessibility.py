"""My Account and the account pages in Chromium, each page checked with axe-core (WCAG 2.2 AA).

Uses the browser fixtures of tests/e2e (the live server empties the database after each test,
so each test loads the demo content and makes its own resident).
"""

# The browser fixtures are imported from tests/e2e and then named as test arguments.
# ruff: noqa: F811

import re

import pytest
from playwright.sync_api import expect

from crm.cases.services import add_public_update
from crm.cases.tracking import make_tracking_token
from tests.e2e.conftest import (  # noqa: F401 - fixtures
    _django_beside_playwright,
    axe,
    axe_violations,
    browser,
    demo_content,
    new_context,
)
from tests.e2e.residents import EMAIL, PASSWORD, resident_with_case

pytestmark = pytest.mark.browser

MOBILE = {"width": 375, "height": 812}


@pytest.fixture
def resident_case(demo_content):
    case = resident_with_case()
    add_public_update(case, actor=None, text="We have sent a team to look at it.")
    return case


def heading(page):
    return page.get_by_role("heading", level=1)


@pytest.mark.parametrize("javascript_enabled", [True, False])
def test_account_pages_pass_axe(resident_case, new_context, axe, javascript_enabled):
    page = new_context(javascript_enabled=javascript_enabled).new_page()

    for path, title in [
        ("/accounts/signup/", "Create an account"),
        ("/accounts/password/reset/", "Reset your password"),
        ("/accounts/login/", "Sign in"),
    ]:
        page.goto(path)
        expect(heading(page)).to_have_text(title)
        axe(page)

    # A mistake: the error summary, with each error linked to its field.
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_title(re.compile(r"^Error: Sign in"))
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe(page)

    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(heading(page)).to_have_text("Your account")
    expect(page.get_by_role("link", name=resident_case.reference)).to_be_visible()
    axe(page)

    page.get_by_role("link", name=resident_case.reference).click()
    expect(heading(page)).to_have_text(resident_case.case_type.name)
    axe(page)

    page.get_by_role("button", name="Send message").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    axe(page)

    page.get_by_label("Your message").fill("Thank you.")
    page.get_by_role("button", name="Send message").click()
    expect(page.locator(".ds-timeline")).to_contain_text("Thank you.")
    axe(page)

    page.goto("/accounts/password/change/")
    axe(page)
    page.goto("/accounts/email/")
    axe(page)

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()


def test_the_tracking_page_passes_axe_on_a_phone(resident_case, new_context, axe):
    page = new_context(viewport=MOBILE).new_page()

    page.goto(f"/my-account/track/{make_tracking_token(resident_case)}/")

    expect(heading(page)).to_have_text(resident_case.case_type.name)
    axe(page)


def test_passwords_can_be_shown_with_javascript(resident_case, new_context):
    page = new_context().new_page()
    page.goto("/accounts/login/")

    password = page.get_by_label("Password", exact=True)
    expect(password).to_have_attribute("type", "password")
    page.get_by_role("button", name="Show password").click()
    expect(password).to_have_attribute("type", "text")
