"""Hiring a hall in Chromium: a signed-in resident books a 2-hour slot at Meadowbank from the
service page, pays the fee and the deposit in the sandbox, and sees the booking waiting for
approval; a member of staff approves it from the case page and the resident sees it confirmed.
Every public page is checked by axe-core, with the Content-Security-Policy enforced.

The resident's part runs with JavaScript on and off; the staff part runs once.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_bookings_journey import REFERENCE, at, continue_button, heading, sign_in

pytestmark = pytest.mark.browser

SERVICE_PAGE = "/your-council/hire-a-community-hall/"
FORM = "/forms/hire-a-community-hall/"
HALL = "Meadowbank Community Centre, main hall"
TIME = r"\d{1,2}(:\d\d)?[ap]m"
TIMED_LABEL = re.compile(rf"^\w+day \d{{1,2}} \w+ \d{{4}}, {TIME} to {TIME}$")


@pytest.fixture
def axe(axe):
    """axe once the page has finished loading: a click returns when the next page's heading is
    there, which can be before its stylesheet is applied (seen with JavaScript off)."""

    def check(page):
        page.wait_for_load_state("load")
        axe(page)

    return check


def hire_the_hall(page, axe) -> tuple[str, str]:
    """From the service page to the confirmation; returns (reference, the slot's label)."""
    page.goto(SERVICE_PAGE)
    expect(heading(page)).to_have_text("Hire a community hall")
    axe(page)
    page.get_by_role("main").get_by_role("button", name="Start now").click()
    expect(page).to_have_url(at(FORM))
    axe(page)
    page.get_by_role("button", name="Start now").click()

    expect(page).to_have_url(at(FORM + "hall/"))
    expect(heading(page)).to_have_text("Which hall do you want to hire?")
    axe(page)
    page.get_by_role("radio", name=HALL).check()
    continue_button(page).click()

    expect(page).to_have_url(at(FORM + "date/"))
    expect(heading(page)).to_have_text("Choose a date and time")
    axe(page)
    first = page.get_by_role("radio").first
    label = page.locator(f"label[for='{first.get_attribute('id')}']").inner_text().strip()
    assert TIMED_LABEL.match(label), label
    first.check()
    continue_button(page).click()

    expect(page).to_have_url(at(FORM + "event/"))
    expect(heading(page)).to_have_text("About your event")
    axe(page)
    page.get_by_label("What is the booking for?").fill("A 7th birthday party")
    page.get_by_label("How many people will come?").fill("30")
    page.get_by_role("radio", name="No").check()
    continue_button(page).click()

    expect(page).to_have_url(at(FORM + "your-details/"))
    axe(page)
    page.get_by_label("Full name").fill("Jane Fletcher")
    page.get_by_label("Email address").fill("resident@example.com")
    continue_button(page).click()

    expect(page).to_have_url(at(FORM + "check-your-answers/"))
    total = page.locator("#payment-total")
    expect(total).to_contain_text("Hall hire (2 hours)")
    expect(total).to_contain_text("£50.00")
    expect(total).to_contain_text("£100.00")
    expect(total).to_contain_text("£150.00")
    expect(page.get_by_role("main")).to_contain_text(label)
    axe(page)
    page.get_by_role("button", name="Continue to payment").click()

    expect(page).to_have_url(at(FORM + "pay/"))
    expect(heading(page)).to_have_text("Pay for your booking")
    reference = REFERENCE.search(page.get_by_role("main").inner_text()).group(0)
    axe(page)
    page.get_by_role("button", name="Pay £150.00").click()
    expect(page).to_have_url(re.compile(r"/payments/sandbox/[\w-]+/$"))
    axe(page)
    page.get_by_role("button", name="Pay", exact=True).click()

    expect(page).to_have_url(at(FORM + "confirmation/"))
    main = page.get_by_role("main")
    expect(page.locator(".govuk-panel--confirmation")).to_contain_text(reference)
    expect(main).to_contain_text(label)
    expect(main).to_contain_text("£150.00")
    axe(page)
    return reference, label


def the_booking(reference: str):
    from crm.bookings.models import Booking

    return Booking.objects.select_related("resource").get(case__reference=reference)


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_hire_a_hall_pay_fee_and_deposit_then_staff_approve(
    demo_content, new_context, axe, javascript
):
    from crm.bookings.enums import BookingStatus
    from crm.cases.models import Case
    from crm.payments.models import Payment

    page = new_context(javascript_enabled=javascript).new_page()
    sign_in(page, axe)
    reference, label = hire_the_hall(page, axe)
    booking = the_booking(reference)
    assert booking.resource.name == HALL
    assert booking.status == BookingStatus.AWAITING_APPROVAL
    payment = Payment.objects.get(case__reference=reference)
    assert payment.amount == 15000 and payment.paid_at is not None

    page.goto("/my-account/bookings/")
    card = page.locator(f"#booking-{booking.uuid}")
    expect(card).to_contain_text(f"{HALL}: {label}")
    expect(card).to_contain_text("Waiting for approval")
    axe(page)
    if not javascript:
        return

    # A member of the Community halls team approves it from the case page.
    case = Case.objects.get(reference=reference)
    staff = new_context().new_page()
    staff.goto("/admin/login/")
    staff.get_by_label("Username").fill("staff")
    staff.get_by_label("Password").fill("staff-demo-2026")
    staff.get_by_role("button", name="Sign in").click()
    expect(staff).to_have_url(re.compile(r"/admin/$"))
    staff.goto(f"/admin/cases/{case.uuid}/")
    bookings = staff.get_by_role("region", name="Bookings")
    expect(bookings).to_contain_text(HALL)
    bookings.get_by_role("button", name="Approve booking").click()
    expect(staff.get_by_text("The booking has been approved.")).to_be_visible()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED

    page.goto("/my-account/bookings/")
    expect(page.locator(f"#booking-{booking.uuid}")).to_contain_text("Confirmed")
    axe(page)
