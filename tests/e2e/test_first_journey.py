"""The first end-to-end journey: a resident reports fly-tipping, staff pick it up, the resident
follows it, in Chromium, with every public page checked by axe-core.

The resident's part runs with JavaScript on and off; the staff part and My Account run once.
"""

import re

import pytest
from django.core import mail
from PIL import Image
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

FORM = "/forms/report-fly-tipping/"
REFERENCE = re.compile(r"DS-\d{4}-\d{6}")
LOCATION = "Outside 12 Mill Lane, by the post box"
NEW_LOCATION = "Outside 14 Mill Lane, next to the bus stop"
LOCATION_DETAILS = "Behind the low wall"
HAZARD = "Broken asbestos sheets"
PHOTO = "fly-tipping.jpg"
RESIDENT_EMAIL = "resident@example.com"
STAFF_MESSAGE = "We will clear this by Friday."


def at_step(step: str):
    """The address of a page of the form. Without JavaScript, following an error link leaves a
    fragment on the address, which the browser keeps through the redirects that follow."""
    return re.compile(re.escape(FORM + step) + r"(#[\w-]*)?$")


def heading(page):
    return page.get_by_role("heading", level=1)


def continue_button(page):
    return page.get_by_role("button", name="Continue", exact=True)


@pytest.fixture
def photo(tmp_path):
    """A small real JPEG (the form checks files by their content)."""
    path = tmp_path / PHOTO
    Image.new("RGB", (64, 48), (90, 120, 60)).save(path, format="JPEG")
    return path


def report_fly_tipping(page, axe, photo, *, javascript: bool) -> str:
    """The resident's side of the form, from the home page to the confirmation; returns the
    case reference shown on the confirmation panel."""
    page.goto("/")
    axe(page)
    sections = page.get_by_role("navigation", name="Menu")
    sections.get_by_role("link", name="Streets and roads").click()
    expect(heading(page)).to_have_text("Streets and roads")
    axe(page)
    page.get_by_role("main").get_by_role("link", name="Report fly-tipping").click()
    expect(heading(page)).to_have_text("Report fly-tipping")
    axe(page)
    page.get_by_role("main").get_by_role("button", name="Start now").click()
    # The form's own start page (its intro), then the first question.
    expect(page).to_have_url(re.compile(re.escape(FORM) + "$"))
    expect(heading(page)).to_have_text("Report fly-tipping")
    axe(page)
    page.get_by_role("button", name="Start now").click()

    # Where: sent with only the optional answer, so the required one is missing.
    expect(page).to_have_url(at_step("location/"))
    expect(heading(page)).to_have_text("Where is the fly-tipping?")
    expect(page).to_have_title(re.compile(r"^Where is the fly-tipping\? - Report fly-tipping"))
    axe(page)
    location = page.get_by_label("Where is the fly-tipping?", exact=True)
    details = page.get_by_label("Anything else that will help us find it (optional)")
    details.fill(LOCATION_DETAILS)
    continue_button(page).click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading", level=2)).to_have_text("There is a problem")
    expect(page).to_have_title(re.compile(r"^Error: "))
    error_link = summary.get_by_role("link", name="Enter where the fly-tipping is")
    field_id = location.get_attribute("id")
    expect(error_link).to_have_attribute("href", f"#{field_id}")
    expect(page.locator(".govuk-error-message")).to_contain_text("Enter where the fly-tipping is")
    expect(details).to_have_value(LOCATION_DETAILS)  # what was typed is kept
    if javascript:
        expect(summary).to_be_focused()  # GOV.UK Frontend moves focus to the summary
    axe(page)
    error_link.click()
    if javascript:
        # GOV.UK Frontend's error summary moves focus to the field itself.
        expect(location).to_be_focused()
    else:
        expect(page).to_have_url(re.compile(f"#{re.escape(field_id)}$"))
    location.fill(LOCATION)
    continue_button(page).click()

    # What has been dumped (one question: its legend is the page heading).
    expect(page).to_have_url(at_step("waste/"))
    expect(heading(page)).to_have_text("What has been dumped?")
    axe(page)
    page.get_by_role("checkbox", name="Furniture").check()
    page.get_by_role("checkbox", name="Mattresses").check()
    continue_button(page).click()

    expect(page).to_have_url(at_step("hazardous/"))
    expect(heading(page)).to_have_text("Is anything hazardous?")
    axe(page)
    page.get_by_role("radio", name="Yes").check()
    continue_button(page).click()

    # "Yes" brings in the step about the hazard.
    expect(page).to_have_url(at_step("hazard/"))
    expect(heading(page)).to_have_text("What is hazardous about it?")
    axe(page)
    page.get_by_label("What is hazardous about it?").fill(HAZARD)
    continue_button(page).click()

    expect(page).to_have_url(at_step("photos/"))
    expect(heading(page)).to_have_text("Upload photos (optional)")
    axe(page)
    page.get_by_label("Upload photos (optional)").set_input_files(photo)
    continue_button(page).click()

    expect(page).to_have_url(at_step("your-details/"))
    expect(heading(page)).to_have_text("Your details")
    axe(page)
    page.get_by_label("Full name").fill("Sam Resident")
    page.get_by_label("Email address").fill(RESIDENT_EMAIL)
    continue_button(page).click()

    # Check your answers, then change where the fly-tipping is.
    expect(page).to_have_url(at_step("check-your-answers/"))
    expect(heading(page)).to_have_text("Check your answers before sending your form")
    expect(page).to_have_title(re.compile(r"^Check your answers"))
    main = page.get_by_role("main")
    expect(main).to_contain_text(LOCATION)
    expect(main).to_contain_text(HAZARD)
    expect(main).to_contain_text(PHOTO)
    axe(page)
    page.get_by_role("link", name="Change Where is the fly-tipping?").click()
    expect(page).to_have_url(at_step("location/?change=1"))
    location = page.get_by_label("Where is the fly-tipping?", exact=True)
    expect(location).to_have_value(LOCATION)
    expect(page.get_by_role("link", name="Back")).to_have_attribute(
        "href", FORM + "check-your-answers/"
    )
    axe(page)
    location.fill(NEW_LOCATION)
    continue_button(page).click()

    expect(page).to_have_url(at_step("check-your-answers/"))
    main = page.get_by_role("main")
    expect(main).to_contain_text(NEW_LOCATION)
    expect(main).not_to_contain_text(LOCATION)
    expect(main).to_contain_text(LOCATION_DETAILS)
    axe(page)
    page.get_by_role("button", name="Accept and send").click()

    expect(page).to_have_url(at_step("confirmation/"))
    panel = page.locator(".govuk-panel--confirmation")
    expect(panel.get_by_role("heading", level=1)).to_have_text("Form sent")
    expect(panel).to_contain_text(REFERENCE)
    expect(page.get_by_role("main")).to_contain_text(
        f"We have sent a confirmation email to {RESIDENT_EMAIL}."
    )
    axe(page)
    return REFERENCE.search(panel.inner_text()).group(0)


def emails_about(reference: str) -> list:
    return [message for message in mail.outbox if reference in message.subject]


def test_fly_tipping_journey_with_javascript(demo_content, new_context, axe, photo):
    from crm.cases.models import Team

    resident = new_context().new_page()
    reference = report_fly_tipping(resident, axe, photo, javascript=True)

    # The case-opened email went to the address given in the form.
    opened = emails_about(reference)
    assert [message.subject for message in opened] == [f"We have received your request {reference}"]
    assert opened[0].to == [RESIDENT_EMAIL]
    assert reference in opened[0].body

    # A member of staff finds the case in the Street scene queue and moves it on.
    staff = new_context().new_page()
    staff.goto("/admin/login/")
    staff.get_by_label("Username").fill("staff")
    staff.get_by_label("Password").fill("staff-demo-2026")
    staff.get_by_role("button", name="Sign in").click()
    expect(staff).to_have_url(re.compile(r"/admin/$"))

    team = Team.objects.get(name="Street scene")
    staff.goto(f"/admin/cases/queues/?team={team.pk}")
    expect(heading(staff)).to_contain_text("Queue: Street scene")
    staff.get_by_role("link", name=reference, exact=True).click()
    expect(staff).to_have_url(re.compile(r"/admin/cases/[0-9a-f-]{36}/$"))
    expect(heading(staff)).to_contain_text(f"Case {reference}")
    summary = staff.get_by_role("region", name="Summary")
    expect(summary).to_contain_text("Received")
    expect(summary).to_contain_text(NEW_LOCATION)

    staff.get_by_label("Move the case to").select_option(label="In progress")
    staff.get_by_label("Message to the resident", exact=True).fill(STAFF_MESSAGE)
    staff.get_by_role("button", name="Change status").click()

    expect(staff.get_by_text("The status has been changed.")).to_be_visible()
    expect(staff.get_by_role("region", name="Summary")).to_contain_text("In progress")
    timeline = staff.get_by_role("region", name="Timeline")
    status_event = timeline.get_by_role("listitem").filter(
        has=staff.get_by_role("heading", name=re.compile(r"^Status changed"))
    )
    expect(status_event).to_contain_text("From “Received” to “In progress”")
    expect(status_event).to_contain_text(STAFF_MESSAGE)

    # The update email, with the message, to the same address.
    messages = emails_about(reference)
    assert [message.subject for message in messages] == [
        f"We have received your request {reference}",
        f"Update on your request {reference}",
    ]
    update = messages[1]
    assert update.to == [RESIDENT_EMAIL]
    assert reference in update.body
    assert STAFF_MESSAGE in update.body
    assert "In progress" in update.body

    # The resident signs in and follows the case in My Account.
    resident.goto("/accounts/login/")
    resident.get_by_label("Email address").fill(RESIDENT_EMAIL)
    resident.get_by_label("Password", exact=True).fill("resident-demo-2026")
    resident.get_by_role("main").get_by_role("button", name="Sign in").click()
    expect(resident).to_have_url(re.compile(r"/my-account/$"))
    expect(heading(resident)).to_have_text("Your account")
    row = resident.get_by_role("row").filter(
        has=resident.get_by_role("link", name=reference, exact=True)
    )
    expect(row).to_contain_text("Fly-tipping")
    expect(row.get_by_role("cell").nth(1)).to_have_text("In progress")
    axe(resident)

    row.get_by_role("link", name=reference, exact=True).click()
    expect(resident).to_have_url(re.compile(r"/my-account/requests/[0-9a-f-]{36}/$"))
    main = resident.get_by_role("main")
    expect(main).to_contain_text(reference)
    expect(main.locator(".govuk-summary-list").first).to_contain_text("In progress")
    timeline = main.locator(".ds-timeline")
    expect(timeline.get_by_role("heading", name="Status changed to “In progress”")).to_be_visible()
    expect(timeline).to_contain_text(STAFF_MESSAGE)
    expect(main.get_by_role("link", name=PHOTO).first).to_be_visible()
    axe(resident)


def test_fly_tipping_journey_without_javascript(demo_content, new_context, axe, photo):
    from crm.cases.enums import Channel, EventKind
    from crm.cases.models import Case

    page = new_context(javascript_enabled=False).new_page()
    reference = report_fly_tipping(page, axe, photo, javascript=False)

    case = Case.objects.select_related("case_type", "customer").get(reference=reference)
    assert case.channel == Channel.WEB
    assert case.case_type.slug == "fly-tipping"
    assert case.customer.email == RESIDENT_EMAIL
    assert case.location_text.startswith(NEW_LOCATION)
    assert [attachment.original_name for attachment in case.attachments.all()] == [PHOTO]
    assert case.attachments.get().size > 0
    assert case.events.filter(kind=EventKind.CREATED).exists()
    assert [message.to for message in emails_about(reference)] == [[RESIDENT_EMAIL]]
