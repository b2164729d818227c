"""A resident deletes their account from My Account, with JavaScript on and off; every page
checked with axe-core (WCAG 2.2 AA)."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from crm.cases.models import Case
from crm.cases.services import open_case
from tests.crm.factories import CaseTypeFactory, CustomerFactory, UserFactory

pytestmark = pytest.mark.browser

EMAIL = "nia@example.com"
PASSWORD = "a-long-test-password"


@pytest.fixture
def resident(demo_content):
    user = UserFactory(email=EMAIL, first_name="Nia", last_name="Resident")
    EmailAddress.objects.create(user=user, email=EMAIL, verified=True, primary=True)
    customer = CustomerFactory(name="Nia Resident", email=EMAIL, user=user, email_verified=True)
    case = open_case(
        case_type=CaseTypeFactory(name="Report a pothole"),
        answers=[{"question": "Where is it?", "answer": "Outside the library"}],
        customer=customer,
    )
    return user, case


def heading(page):
    return page.get_by_role("heading", level=1)


@pytest.mark.parametrize("javascript_enabled", [True, False])
def test_a_resident_deletes_their_account(resident, new_context, axe, javascript_enabled):
    user, case = resident
    page = new_context(javascript_enabled=javascript_enabled).new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(heading(page)).to_have_text("Your account")

    page.get_by_role("link", name="Delete your account").click()
    expect(heading(page)).to_have_text("Delete your account")
    expect(page.locator(".govuk-warning-text")).to_contain_text("You cannot undo this")
    expect(page.get_by_role("main")).to_contain_text("Your requests stay with the council")
    axe(page)

    # A wrong password: the GOV.UK error summary, linked to the field, and nothing deleted.
    page.get_by_label("Enter your password to confirm").fill("not-my-password")
    page.get_by_role("button", name="Delete account").click()
    expect(page).to_have_title(re.compile(r"^Error: Delete your account"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The password is not correct")
    axe(page)
    summary.get_by_role("link", name="The password is not correct").click()
    expect(page.get_by_label("Enter your password to confirm")).to_be_focused()

    page.get_by_label("Enter your password to confirm").fill(PASSWORD)
    page.get_by_role("button", name="Delete account").click()
    expect(page.locator(".govuk-panel__title")).to_have_text("Your account has been deleted")
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
    axe(page)

    assert not get_user_model().objects.filter(pk=user.pk).exists()
    assert Case.objects.get(pk=case.pk).customer.user is None

    page.goto("/my-account/")
    expect(heading(page)).to_have_text("Sign in")
