"""A resident follows a request from the link in an email, then gets a one-time code to see their
answers and files, in Chromium with JavaScript on and off. Every page passes axe-core (WCAG 2.2
AA) and the site's CSP."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from crm.cases.services import add_public_update, open_case
from crm.cases.tracking import make_tracking_token
from crm.notifications.enums import EmailKind
from crm.notifications.models import OutboxMessage
from tests.crm.factories import CaseTypeFactory, CustomerFactory, UserFactory

pytestmark = pytest.mark.browser

PDF_BYTES = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n" + b"\x00" * 64


@pytest.fixture
def guest_case(demo_content):
    case = open_case(
        case_type=CaseTypeFactory(name="Report a pothole"),
        answers=[{"question": "Where is the pothole?", "answer": "Outside the library"}],
        customer=CustomerFactory(name="Gail Guest", email="gail@example.com"),
        attachments=[SimpleUploadedFile("map.pdf", PDF_BYTES, content_type="application/pdf")],
    )
    add_public_update(case, actor=UserFactory(), text="We will fill it this week.")
    return case


def heading(page):
    return page.get_by_role("heading", level=1)


@pytest.mark.parametrize("javascript_enabled", [True, False])
def test_a_code_from_the_email_shows_the_answers_and_files(
    guest_case, new_context, axe, javascript_enabled
):
    case = guest_case
    page = new_context(javascript_enabled=javascript_enabled).new_page()

    page.goto(f"/my-account/track/{make_tracking_token(case)}/")
    expect(heading(page)).to_have_text("Report a pothole")
    main = page.get_by_role("main")
    expect(main).to_contain_text("We will fill it this week.")
    expect(main).not_to_contain_text("Outside the library")
    expect(page.get_by_role("link", name="map.pdf")).to_have_count(0)
    axe(page)

    page.get_by_role("button", name="Get a code to see the details").click()
    expect(heading(page)).to_have_text("Get a code to see the details")
    axe(page)

    page.get_by_role("button", name="Send the code").click()
    expect(heading(page)).to_have_text("Enter the code")
    axe(page)
    code = (
        OutboxMessage.objects.filter(case=case, kind=EmailKind.TRACKING_CODE)
        .latest("pk")
        .context["code"]
    )

    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    page.get_by_label("Code").fill(wrong)
    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The code is not correct")
    assert page.title().startswith("Error:")
    expect(page.get_by_label("Code")).to_have_value(wrong)
    axe(page)

    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Continue").click()
    expect(heading(page)).to_have_text("Report a pothole")
    expect(page.get_by_role("main")).to_contain_text("Outside the library")
    expect(page.get_by_role("link", name="map.pdf").first).to_be_visible()
    axe(page)
