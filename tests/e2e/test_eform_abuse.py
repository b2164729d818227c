"""The eForm's defences as a resident's browser meets them, with JavaScript on and off: looking
at a form sets no cookie, the honeypot stays out of everyone's way, and the pages for a refused
post (403) and for too many uploads (429) are clear and pass axe."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

FORM = "/forms/report-fly-tipping/"


@pytest.fixture
def photo(tmp_path):
    from PIL import Image

    path = tmp_path / "fly-tipping.jpg"
    Image.new("RGB", (64, 48), (90, 120, 60)).save(path, format="JPEG")
    return path


def cookie_names(context) -> set[str]:
    return {cookie["name"] for cookie in context.cookies()}


def continue_button(page):
    return page.get_by_role("button", name="Continue", exact=True)


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_form_sets_no_cookie_until_answered_and_explains_refusals(
    demo_content, new_context, axe, photo, settings, live_server, javascript
):
    context = new_context(javascript_enabled=javascript)
    page = context.new_page()
    page.goto(FORM)
    page.get_by_role("button", name="Start now").click()
    expect(page).to_have_url(re.compile(re.escape(FORM + "location/") + "$"))
    axe(page)  # the honeypot is hidden from assistive technology and out of the tab order
    assert cookie_names(context) == set()

    page.get_by_label("Where is the fly-tipping?", exact=True).fill("Outside 12 Mill Lane")
    continue_button(page).click()
    expect(page).to_have_url(re.compile(re.escape(FORM + "waste/") + "$"))
    assert "sessionid" in cookie_names(context)

    # A post whose CSRF token does not match (as a forged one would not) is refused clearly.
    context.add_cookies([{"name": "csrftoken", "value": "a" * 32, "url": live_server.url}])
    page.get_by_role("checkbox", name="Furniture").check()
    continue_button(page).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Sorry, your answers could not be saved"
    )
    axe(page)
    page.get_by_role("link", name="Go back to Report fly-tipping").click()

    # The resident carries on; then uploads more files than the limit allows.
    page.goto(FORM + "waste/")
    page.get_by_role("checkbox", name="Furniture").check()
    continue_button(page).click()
    page.get_by_role("radio", name="No").check()
    continue_button(page).click()
    expect(page).to_have_url(re.compile(re.escape(FORM + "photos/") + "$"))
    settings.EFORMS_RATE_LIMITS = {"upload": {"ip": "100/h", "session": "0/h"}}
    page.get_by_label("Upload photos (optional)").set_input_files(photo)
    continue_button(page).click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("You have uploaded too many files in a short time.")
    expect(page).to_have_title(re.compile(r"^Error: "))
    axe(page)
