"""In Chromium: a refused workflow shows each message under the field at fault in the
StreamField editor (Wagtail draws the blocks, and their errors, with JavaScript)."""

import json

import pytest
from django.test import Client
from playwright.sync_api import expect

from tests.crm.factories import UserFactory
from tests.crm.workflows.builders import admin_form_data, state, transition
from tests.e2e.conftest import _django_beside_playwright, browser  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser

ADD_URL = "/admin/snippets/cases/workflow/add/"
FIELD = "[data-field-wrapper]:not(:has([data-field-wrapper]))"  # one field, not the stream

# Fill a form with the admin's POST data and submit it, as the editor's own form would.
SUBMIT = """([url, data]) => {
  const form = document.createElement("form");
  form.method = "post";
  form.action = url;
  const token = document.querySelector("input[name=csrfmiddlewaretoken]").value;
  const add = (name, value) => {
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = name;
    input.value = value;
    form.appendChild(input);
  };
  add("csrfmiddlewaretoken", token);
  for (const [name, value] of Object.entries(data)) {
    for (const item of [].concat(value)) add(name, item);
  }
  document.body.appendChild(form);
  form.submit();
}"""


@pytest.fixture
def signed_in(live_server, transactional_db):
    client = Client()
    client.force_login(UserFactory(superuser=True))
    return {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}


def test_each_message_is_shown_under_its_blocks_field(browser, live_server, signed_in):  # noqa: F811
    blocks = [
        state("received", "Received", "received"),
        state("stuck", "Stuck", "in_progress"),
        state("done", "Done", "closed"),
        transition("received", "stuck"),
        transition("received", "finished"),
        transition("received", "done"),
    ]
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    try:
        context.add_cookies([signed_in])
        page = context.new_page()
        page.goto(ADD_URL)
        data = json.loads(json.dumps(admin_form_data("Planning appeals", "planning", blocks)))
        with page.expect_navigation():
            page.evaluate(SUBMIT, [ADD_URL, data])

        expect(
            page.get_by_text("The workflow has problems: see the messages below.")
        ).to_be_visible()
        stuck_name = page.locator(FIELD, has=page.locator("#definition-1-value-name"))
        expect(stuck_name).to_contain_text("A case in this state could never be closed")
        to_state = page.locator(FIELD, has=page.locator("#definition-4-value-to_state"))
        expect(to_state).to_contain_text("No state is called “finished”")
        expect(page.locator("#definition-4-value-to_state")).to_have_value("finished")
        received_name = page.locator(FIELD, has=page.locator("#definition-0-value-name"))
        expect(received_name).not_to_contain_text("No transition leads")
    finally:
        context.close()
