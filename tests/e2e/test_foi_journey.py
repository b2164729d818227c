"""A Freedom of Information request from end to end, in Chromium, with JavaScript on and off for
the resident (staff use the Wagtail admin with JavaScript on):

1. the resident makes the request on the website's form (from its service page's "Start now");
2. staff ask for clarification on the case page: the clock stops;
3. the resident replies from the tracking link in the email, after the one-time code: the clock
   starts again from day one (FOIA section 1(3)), due the 20th working day after the reply;
4. staff send the response from the case page's FOI panel ("Send the response") and prepare the
   disclosure log entry ("Prepare a disclosure log entry"), then publish it in the page editor;
5. the resident finds the published response with the site search.

Every public page passes axe-core (WCAG 2.2 AA) and the site's CSP.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from crm.cases.calendar import foi_due_date
from crm.cases.models import Case
from crm.notifications.enums import EmailKind
from crm.notifications.models import OutboxMessage
from demo.content.council import DEMO_ACCOUNTS
from services.disclosure import entry_for_case

pytestmark = pytest.mark.browser

SERVICE_PAGE = "/your-council/make-a-freedom-of-information-request/"
EMAIL = "robin.request@example.com"
REQUEST = "How many public toilets does the council run, and what did cleaning them cost?"
QUESTION = "Which years would you like the cleaning costs for?"
REPLY = "The financial years 2023 to 2024 and 2024 to 2025, please."
# A word only the response has, to find it with the site search.
RESPONSE = "We run 7 public toilets (Zephyrine Gardens among them). Cleaning cost £84,000."
SEARCH_WORD = "Zephyrine"


def heading(page):
    return page.get_by_role("heading", level=1)


def continue_button(page):
    return page.get_by_role("button", name="Continue", exact=True)


def sign_in_to_the_admin(page):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill(DEMO_ACCOUNTS["admin"]["password"])
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def tracking_path(case) -> str:
    """The link in the latest email to the resident (not signed up: a tracking link)."""
    message = (
        OutboxMessage.objects.filter(case=case, recipient=EMAIL)
        .exclude(kind=EmailKind.TRACKING_CODE)
        .latest("pk")
    )
    url = message.context["case_url"]
    assert "/my-account/track/" in url, url
    return urlsplit(url).path


def emailed_code(case) -> str:
    message = OutboxMessage.objects.filter(case=case, kind=EmailKind.TRACKING_CODE).latest("pk")
    return message.context["code"]


@pytest.mark.parametrize("javascript_enabled", [True, False], ids=["js", "no-js"])
def test_an_foi_request_from_the_form_to_the_disclosure_log(
    demo_content, new_context, axe, javascript_enabled
):
    resident = new_context(javascript_enabled=javascript_enabled).new_page()
    staff = new_context().new_page()

    # 1. The request, from the service page.
    resident.goto(SERVICE_PAGE)
    expect(heading(resident)).to_have_text("Make a Freedom of Information request")
    axe(resident)
    resident.get_by_role("main").get_by_role("button", name="Start now").click()
    expect(heading(resident)).to_have_text("Make a Freedom of Information request")
    axe(resident)
    resident.get_by_role("button", name="Start now").click()

    expect(heading(resident)).to_have_text("What information do you want?")
    continue_button(resident).click()  # nothing filled in: the errors, next to the fields
    summary = resident.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the information you want")
    expect(summary).to_contain_text("Select how you would like to get it")
    assert resident.title().startswith("Error:")
    axe(resident)
    resident.get_by_label("What information do you want?").fill(REQUEST)
    resident.get_by_role("radio", name="By email").check()
    continue_button(resident).click()

    expect(heading(resident)).to_have_text("Your details")
    resident.get_by_label("Full name").fill("Robin Request")
    resident.get_by_label("Email address").fill(EMAIL)
    axe(resident)
    continue_button(resident).click()

    expect(heading(resident)).to_have_text("Check your answers before sending your form")
    expect(resident.get_by_role("main")).to_contain_text(REQUEST)
    axe(resident)
    resident.get_by_role("button", name="Accept and send").click()
    expect(resident.get_by_role("main")).to_contain_text("Form sent")
    axe(resident)

    case = Case.objects.get(customer__email=EMAIL)
    assert case.case_type.slug == "freedom-of-information-request"
    assert case.state == "received"

    # 2. Staff ask for clarification: the clock stops.
    sign_in_to_the_admin(staff)
    staff.goto(f"/admin/cases/{case.uuid}/")
    expect(staff.get_by_role("heading", level=1)).to_contain_text(case.reference)
    staff.get_by_label("Move the case to").select_option(label="Ask for clarification")
    staff.get_by_label("Message to the resident").fill(QUESTION)
    staff.get_by_role("button", name="Change status").click()
    expect(staff.get_by_text("Clock stopped").first).to_be_visible()
    case.refresh_from_db()
    assert case.state == "awaiting_clarification"
    assert case.clock_stopped

    # 3. The resident replies from the email's link, after the one-time code.
    link = tracking_path(case)
    resident.goto(link)
    expect(heading(resident)).to_have_text("Freedom of Information request")
    expect(resident.get_by_role("main")).to_contain_text(QUESTION)
    expect(resident.get_by_role("button", name="Send reply")).to_have_count(0)
    axe(resident)
    resident.get_by_role("button", name="Get a code to see the details").click()
    expect(heading(resident)).to_have_text("Get a code to see the details")
    resident.get_by_role("button", name="Send the code").click()
    expect(heading(resident)).to_have_text("Enter the code")
    resident.get_by_label("Code").fill(emailed_code(case))
    continue_button(resident).click()

    expect(heading(resident)).to_have_text("Freedom of Information request")
    expect(resident.get_by_role("heading", name="Reply", exact=True)).to_be_visible()
    axe(resident)
    resident.get_by_role("button", name="Send reply").click()  # empty: refused, clearly
    expect(resident.locator(".govuk-error-summary")).to_contain_text("Enter a message")
    assert resident.title().startswith("Error:")
    axe(resident)
    resident.get_by_label("Your message").fill(REPLY)
    resident.get_by_role("button", name="Send reply").click()
    expect(resident.get_by_role("main")).to_contain_text("Your reply has been sent")
    expect(resident.get_by_role("main")).to_contain_text(REPLY)
    expect(resident.get_by_role("button", name="Send reply")).to_have_count(0)
    axe(resident)

    case.refresh_from_db()
    today = timezone.localdate()
    assert case.state == "clarified"
    assert not case.clock_stopped
    assert case.clock_started_on == today
    assert case.due_date == foi_due_date(today)

    # 4. Staff send the response, then prepare the disclosure log entry and publish it.
    staff.goto(f"/admin/cases/{case.uuid}/")
    staff.get_by_label("Response to the resident").fill(RESPONSE)
    staff.get_by_role("button", name="Send the response").click()
    expect(staff.get_by_role("heading", level=1)).to_contain_text(case.reference)
    case.refresh_from_db()
    assert case.state == "responded"

    staff.get_by_role("button", name="Prepare a disclosure log entry").click()
    expect(staff).to_have_url(re.compile(r"/admin/pages/\d+/edit/$"))
    entry = entry_for_case(case)
    assert entry is not None and not entry.live
    staff.get_by_role("button", name="More actions").click()
    staff.get_by_role("button", name="Publish").click()
    expect(staff).not_to_have_url(re.compile(r"/edit/$"))
    entry.refresh_from_db()
    assert entry.live

    # 5. The resident finds it with the site search.
    resident.goto(f"/search/?q={SEARCH_WORD}")
    result = resident.get_by_role("link", name=entry.title)
    expect(result).to_be_visible()
    axe(resident)
    result.click()
    expect(heading(resident)).to_have_text(entry.title)
    main = resident.get_by_role("main")
    expect(main).to_contain_text(SEARCH_WORD)
    expect(main).not_to_contain_text("Robin")  # the requester's name is removed
    axe(resident)
