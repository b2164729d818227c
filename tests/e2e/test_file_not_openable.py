"""A file waiting for its virus scan, seen by the resident in Chromium (JavaScript on and off):
named with its state on the request's page, and a page that says why if its address is opened.
Both pages pass axe-core (WCAG 2.2 AA)."""

# The browser fixtures are imported from tests/e2e and then named as test arguments.
# ruff: noqa: F811

import pytest
from playwright.sync_api import expect

from crm.cases.enums import ScanStatus
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


@pytest.fixture
def case_with_pending_file(demo_content):
    case = resident_with_case()
    case.attachments.update(scan_status=ScanStatus.PENDING)
    return case


@pytest.mark.parametrize("javascript_enabled", [True, False])
def test_a_file_waiting_for_its_scan_is_explained(
    case_with_pending_file, new_context, axe, javascript_enabled
):
    case = case_with_pending_file
    page = new_context(javascript_enabled=javascript_enabled).new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")

    page.goto(f"/my-account/requests/{case.uuid}/")
    files = page.locator("ul.govuk-list").filter(has_text="photo.jpg").first
    expect(files).to_contain_text("Waiting for the virus scan")
    expect(page.get_by_role("link", name="photo.jpg")).to_have_count(0)
    axe(page)

    attachment = case.attachments.get()
    page.goto(f"/my-account/requests/{case.uuid}/files/{attachment.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot open this file yet")
    expect(page.locator("main")).to_contain_text("waiting for a virus scan")
    axe(page)
