"""The booking and paying journey in Chromium: a signed-in resident books a bulky waste collection
from its service page, pays in the sandbox, finds the booking and the receipt in My Account and
cancels (and is refunded); separately, a declined payment brings her back to the pay page with an
error and her answers intact, and paying again works. Every public page is checked by axe-core,
and the site's Content-Security-Policy is enforced throughout.

Both journeys run with JavaScript on and off. Staff see the booking and payment on the case page
(once, with JavaScript on).
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SERVICE_PAGE = "/bins-and-recycling/book-a-bulky-waste-collection/"
FORM = "/forms/book-a-bulky-waste-collection/"
REFERENCE = re.compile(r"DS-\d{4}-\d{6}")
RESIDENT_EMAIL = "resident@example.com"
RESIDENT_PASSWORD = "resident-demo-2026"  # the demo account (demo/content/council.py)
ROUND = "Bulky waste: North round"  # FN1 2 is on the North round (demo/bookings.py)
ADDRESS = {"Address line 1": "2 Mill Lane", "Town or city": "Fernleigh", "Postcode": "FN1 2AB"}
TOTAL = "£45.00"  # a fridge (£25) and a sofa (£20)
DECLINED = "Your payment was declined. No money has been taken."


@pytest.fixture
def axe(axe):
    """axe once the page has finished loading: a click returns when the next page's heading is
    there, which can be before its stylesheet is applied (seen with JavaScript off)."""

    def check(page):
        page.wait_for_load_state("load")
        axe(page)

    return check


def at(path: str):
    """The address of a page of the form; without JavaScript an error link's fragment stays."""
    return re.compile(re.escape(path) + r"(\?[^#]*)?(#[\w-]*)?$")


def heading(page):
    return page.get_by_role("heading", level=1)


def continue_button(page):
    return page.get_by_role("button", name="Continue", exact=True)


def sign_in(page, axe):
    page.goto("/accounts/login/")
    axe(page)
    page.get_by_label("Email address").fill(RESIDENT_EMAIL)
    page.get_by_label("Password", exact=True).fill(RESIDENT_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/my-account/$"))


def book_bulky_waste(page, axe, *, javascript: bool) -> str:
    """From the service page to check your answers and "Continue to payment"; returns the label
    of the collection date chosen. Leaves the browser on the pay page."""
    page.goto(SERVICE_PAGE)
    expect(heading(page)).to_have_text("Book a bulky waste collection")
    axe(page)
    page.get_by_role("main").get_by_role("button", name="Start now").click()
    expect(page).to_have_url(at(FORM))
    expect(heading(page)).to_have_text("Book a bulky waste collection")
    axe(page)
    page.get_by_role("button", name="Start now").click()

    expect(page).to_have_url(at(FORM + "address/"))
    expect(heading(page)).to_have_text("Where should we collect from?")
    axe(page)
    for label, value in ADDRESS.items():
        page.get_by_label(label, exact=True).fill(value)
    continue_button(page).click()

    # Items: too many fridges first, which is refused with what was typed kept.
    expect(page).to_have_url(at(FORM + "items/"))
    expect(heading(page)).to_have_text("What do you want us to collect?")
    axe(page)
    fridges = page.get_by_label("Fridge or freezer", exact=True)
    sofas = page.get_by_label("Sofa or armchair", exact=True)
    fridges.fill("3")
    sofas.fill("1")
    continue_button(page).click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Enter 2 or fewer")
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(sofas).to_have_value("1")
    if javascript:
        expect(summary).to_be_focused()
    axe(page)
    fridges.fill("1")
    continue_button(page).click()

    # The first dates the North round has room for, as radios.
    expect(page).to_have_url(at(FORM + "date/"))
    expect(heading(page)).to_have_text("Choose a collection date")
    axe(page)
    first_date = page.get_by_role("radio").first
    date_label = page.locator(f"label[for='{first_date.get_attribute('id')}']").inner_text()
    assert re.fullmatch(r"\w+day \d{1,2} \w+ \d{4}", date_label.strip()), date_label
    first_date.check()
    continue_button(page).click()

    expect(page).to_have_url(at(FORM + "your-details/"))
    expect(heading(page)).to_have_text("Your details")
    axe(page)
    page.get_by_label("Full name").fill("Jane Fletcher")
    page.get_by_label("Email address").fill(RESIDENT_EMAIL)
    continue_button(page).click()

    # Check your answers, with the running total, then on to pay.
    expect(page).to_have_url(at(FORM + "check-your-answers/"))
    expect(heading(page)).to_have_text("Check your answers before sending your form")
    main = page.get_by_role("main")
    expect(main).to_contain_text("1 x Fridge or freezer (£25.00)")
    expect(main).to_contain_text("1 x Sofa or armchair (£20.00)")
    expect(main).to_contain_text(date_label.strip())
    expect(main).to_contain_text("FN1 2AB")
    expect(page.locator("#payment-total")).to_contain_text(TOTAL)
    axe(page)
    page.get_by_role("button", name="Continue to payment").click()
    return date_label.strip()


def on_pay_page(page, axe, date_label: str) -> str:
    """The pay page says what is paid and for what; returns the case reference it shows."""
    expect(page).to_have_url(at(FORM + "pay/"))
    expect(heading(page)).to_have_text("Pay for your booking")
    main = page.get_by_role("main")
    expect(main).to_contain_text(REFERENCE)
    expect(main).to_contain_text(date_label)
    expect(main.get_by_role("table")).to_contain_text(TOTAL)
    axe(page)
    return REFERENCE.search(main.inner_text()).group(0)


def sandbox(page, axe, action: str):
    """Press Pay (on our pay page), then `action` on the sandbox's test payment page."""
    page.get_by_role("button", name=f"Pay {TOTAL}").click()
    expect(page).to_have_url(re.compile(r"/payments/sandbox/[\w-]+/$"))
    expect(heading(page)).to_have_text("Test payment page")
    expect(page.locator("#sandbox-amount")).to_have_text(TOTAL)
    axe(page)
    page.get_by_role("button", name=action, exact=True).click()


def confirmed(page, axe, reference: str, date_label: str):
    expect(page).to_have_url(at(FORM + "confirmation/"))
    panel = page.locator(".govuk-panel--confirmation")
    expect(panel.get_by_role("heading", level=1)).to_have_text("Form sent")
    expect(panel).to_contain_text(reference)
    main = page.get_by_role("main")
    expect(main).to_contain_text(date_label)
    paid = main.locator(".govuk-summary-list__row").filter(has_text="Amount paid")
    expect(paid).to_contain_text(TOTAL)
    axe(page)


def the_booking(reference: str):
    from crm.bookings.models import Booking

    return Booking.objects.select_related("resource", "case").get(case__reference=reference)


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_book_pay_see_in_my_account_and_cancel(demo_content, new_context, axe, javascript):
    from crm.bookings.enums import BookingStatus
    from crm.payments.enums import PaymentState, RefundKind
    from crm.payments.models import Payment

    page = new_context(javascript_enabled=javascript).new_page()
    sign_in(page, axe)
    date_label = book_bulky_waste(page, axe, javascript=javascript)
    reference = on_pay_page(page, axe, date_label)
    booking = the_booking(reference)
    assert booking.status == BookingStatus.HELD  # held while she pays
    assert booking.resource.name == ROUND and booking.quantity == 2

    sandbox(page, axe, "Pay")
    confirmed(page, axe, reference, date_label)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    payment = Payment.objects.get(case__reference=reference)
    assert (payment.state, payment.amount) == (PaymentState.SUCCESS, 4500)

    # My Account: the booking, and the payment with its receipt.
    page.goto("/my-account/bookings/")
    expect(heading(page)).to_have_text("Your bookings")
    card = page.locator(f"#booking-{booking.uuid}")
    expect(card).to_contain_text(f"{ROUND}: {date_label}")
    expect(card).to_contain_text(reference)
    expect(card).to_contain_text("Confirmed")
    axe(page)
    page.goto("/my-account/payments/")
    expect(heading(page)).to_have_text("Your payments")
    row = page.get_by_role("row").filter(has_text=reference)
    expect(row).to_contain_text(TOTAL)
    axe(page)
    row.get_by_role("link", name=re.compile(r"^View receipt")).click()
    expect(heading(page)).to_have_text("Receipt")
    expect(page.get_by_role("main")).to_contain_text(reference)
    expect(page.get_by_role("main")).to_contain_text(TOTAL)
    axe(page)

    # Cancel, before the cut-off: a full refund.
    page.goto("/my-account/bookings/")
    page.locator(f"#booking-{booking.uuid}").get_by_role(
        "link", name=re.compile(r"^Cancel booking")
    ).click()
    expect(heading(page)).to_have_text("Are you sure you want to cancel your booking?")
    expect(page.get_by_role("main")).to_contain_text(
        f"We will refund {TOTAL} to the card you paid with."
    )
    axe(page)
    page.get_by_role("button", name="Yes, cancel booking").click()
    expect(page).to_have_url(re.compile(r"/my-account/bookings/$"))
    expect(page.get_by_role("main")).to_contain_text(
        f"Booking cancelled. We will refund {TOTAL} to the card you paid with."
    )
    expect(page.locator(f"#booking-{booking.uuid}")).to_contain_text("Cancelled")
    axe(page)

    booking.refresh_from_db()
    payment.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    refund = payment.refunds.get()
    assert (refund.amount, refund.kind) == (4500, RefundKind.CANCELLATION)
    assert payment.refunded_amount == 4500
    page.goto("/my-account/payments/")
    expect(page.get_by_role("row").filter(has_text=reference)).to_contain_text(
        re.compile(r"[Rr]efund")
    )
    axe(page)

    # She was told each time, at the address she gave.
    subjects = {m.subject: m for m in mail.outbox if reference in m.subject}
    assert {
        f"Payment received: {reference}",
        f"Your booking is confirmed: {reference}",
        f"Your booking {reference} is cancelled",
    } <= set(subjects)
    assert subjects[f"Payment received: {reference}"].to == [RESIDENT_EMAIL]
    assert TOTAL in subjects[f"Your booking {reference} is cancelled"].body

    if javascript:
        staff_see_the_booking_and_payment(new_context, reference, date_label)


def staff_see_the_booking_and_payment(new_context, reference: str, date_label: str):
    """The case page in the admin lists the booking and the payment (with its refund)."""
    from crm.cases.models import Case

    case = Case.objects.get(reference=reference)
    staff = new_context().new_page()
    staff.goto("/admin/login/")
    staff.get_by_label("Username").fill("admin")
    staff.get_by_label("Password").fill("admin-demo-2026")
    staff.get_by_role("button", name="Sign in").click()
    expect(staff).to_have_url(re.compile(r"/admin/$"))
    staff.goto(f"/admin/cases/{case.uuid}/")
    expect(heading(staff)).to_contain_text(f"Case {reference}")
    bookings = staff.get_by_role("region", name="Bookings")
    expect(bookings).to_contain_text(ROUND)
    expect(bookings).to_contain_text("Cancelled")
    payments = staff.get_by_role("region", name="Payments")
    expect(payments).to_contain_text(TOTAL)
    expect(payments).to_contain_text(re.compile(r"[Rr]efund"))


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_a_declined_payment_returns_to_the_pay_page_then_paying_works(
    demo_content, new_context, axe, javascript
):
    from crm.bookings.enums import BookingStatus
    from crm.cases.models import Case
    from crm.payments.enums import PaymentState
    from crm.payments.models import Payment

    page = new_context(javascript_enabled=javascript).new_page()
    sign_in(page, axe)
    date_label = book_bulky_waste(page, axe, javascript=javascript)
    reference = on_pay_page(page, axe, date_label)
    case = Case.objects.get(reference=reference)
    answers = list(case.answers)

    sandbox(page, axe, "Decline")
    expect(page).to_have_url(at(FORM + "pay/"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading", level=2)).to_have_text("There is a problem")
    expect(summary).to_contain_text(DECLINED)
    if javascript:
        expect(summary).to_be_focused()
    # Her answers, her reference and her booking are all still there, and nothing was paid.
    assert on_pay_page(page, axe, date_label) == reference
    case.refresh_from_db()
    assert case.answers == answers
    assert the_booking(reference).status == BookingStatus.HELD
    assert [p.state for p in Payment.objects.filter(case=case)] == [PaymentState.FAILED]

    sandbox(page, axe, "Pay")
    confirmed(page, axe, reference, date_label)
    assert the_booking(reference).status == BookingStatus.CONFIRMED
    states = sorted(p.state for p in Payment.objects.filter(case=case))
    assert states == sorted([PaymentState.FAILED, PaymentState.SUCCESS])
    assert Case.objects.filter(customer=case.customer, case_type=case.case_type).count() == 1
