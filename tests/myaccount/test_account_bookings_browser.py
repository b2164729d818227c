"""My Account's bookings and payments pages in Chromium, each checked with axe-core (WCAG 2.2 AA),
with JavaScript on and off: the dashboard, the bookings page, cancelling (and the error summary
when the booking was cancelled in another tab), payments, a receipt and the request's page.

Uses the browser fixtures of tests/e2e (the live server empties the database after each test).
"""

# The browser fixtures are imported from tests/e2e and then named as test arguments.
# ruff: noqa: F811

import re

import pytest
from playwright.sync_api import expect

from crm.bookings.services import cancel_booking
from tests.e2e.conftest import (  # noqa: F401 - fixtures
    _django_beside_playwright,
    axe,
    axe_violations,
    browser,
    demo_content,
    new_context,
)
from tests.e2e.residents import EMAIL, PASSWORD, resident_with_case
from tests.myaccount.test_account_bookings_data import (
    collection,
    collection_round,
    collection_starting_in,
    paid_payment,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def bookings(demo_content):
    """Nia's request with a paid collection in three days, and one starting in ten hours."""
    case = resident_with_case()
    resource = collection_round(slug="myaccount-browser-round")
    soon = collection(case, resource, days_ahead=3)
    late = collection_starting_in(case, resource, hours=10)
    payment = paid_payment(case)
    return {"case": case, "soon": soon, "late": late, "payment": payment}


def heading(page):
    return page.get_by_role("heading", level=1)


@pytest.mark.parametrize("javascript_enabled", [True, False])
def test_bookings_and_payments_pages_pass_axe(bookings, new_context, axe, javascript_enabled):
    case, soon = bookings["case"], bookings["soon"]
    page = new_context(javascript_enabled=javascript_enabled).new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(heading(page)).to_have_text("Your account")
    expect(page.get_by_role("heading", name="Your bookings")).to_be_visible()
    axe(page)

    page.get_by_role("link", name="View or cancel your bookings").click()
    expect(heading(page)).to_have_text("Your bookings")
    expect(page.get_by_text("You can no longer cancel this booking online")).to_be_visible()
    axe(page)

    page.get_by_role("link", name=re.compile("^Cancel booking")).click()
    expect(heading(page)).to_have_text("Are you sure you want to cancel your booking?")
    expect(page.get_by_text("We will refund £50.00 to the card you paid with.")).to_be_visible()
    axe(page)

    page.get_by_role("button", name="Yes, cancel booking").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Booking cancelled. We will refund £50.00 to the card you paid with."
    )
    axe(page)

    # Once cancelled, its cancel page says it can no longer be cancelled.
    page.goto(f"/my-account/bookings/{soon.uuid}/cancel/")
    expect(heading(page)).to_have_text("You cannot cancel this booking online")
    axe(page)

    page.goto("/my-account/payments/")
    expect(heading(page)).to_have_text("Your payments")
    axe(page)

    page.get_by_role("link", name=re.compile("^View receipt")).click()
    expect(heading(page)).to_have_text("Receipt")
    expect(page.get_by_role("table", name="Refunds")).to_contain_text("£50.00")
    axe(page)

    page.goto(f"/my-account/requests/{case.uuid}/")
    expect(page.get_by_role("heading", name="Your bookings")).to_be_visible()
    axe(page)


def test_the_error_summary_passes_axe(bookings, new_context, axe):
    case = bookings["case"]
    page = new_context().new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(heading(page)).to_have_text("Your account")
    page.goto(f"/my-account/bookings/{bookings['soon'].uuid}/cancel/")
    expect(heading(page)).to_have_text("Are you sure you want to cancel your booking?")

    cancel_booking(bookings["soon"], by_resident=True)  # in another tab
    page.get_by_role("button", name="Yes, cancel booking").click()

    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text("already been cancelled")
    assert case.payments.get().refunds.count() == 1
    axe(page)
