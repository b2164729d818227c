"""In Chromium with JavaScript off: an officer picks a canned reply on a case page, sees it
filled in for the case, edits it and sends it; the resident's timeline and email get the edited
text. The case type's knowledge base article is listed and opens on its read view."""

import os
import shutil
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from crm.cases.enums import EventKind
from crm.notifications.models import OutboxMessage
from tests.crm.factories import (
    CaseFactory,
    CaseTypeFactory,
    CustomerFactory,
    TeamFactory,
    UserFactory,
)

from .conftest import CannedReplyFactory, KnowledgeArticleFactory

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("DOORSTEP_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = os.environ.get("DOORSTEP_SCREENSHOTS", "")  # a folder: keep pictures of the page


@pytest.fixture(scope="module")
def chromium():
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's loop, Django's database
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        yield browser
        browser.close()
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def shot(locator, name: str) -> None:
    if SCREENSHOTS:
        locator.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"))


@pytest.fixture(autouse=True)
def _permissions_and_content_types(transactional_db):
    """A live-server test runs after the tests with serialized_rollback=True (tests/conftest.py),
    whose flush leaves no content types or permissions: put back what migrations create, as the
    browser tests in tests/e2e do."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.management.sql import emit_post_migrate_signal

    ContentType.objects.clear_cache()
    if not Permission.objects.exists():
        emit_post_migrate_signal(verbosity=0, interactive=False, db="default")


@pytest.mark.django_db(transaction=True)
def test_pick_edit_and_send_a_canned_reply_without_javascript(chromium, live_server):
    from playwright.sync_api import expect

    officer = UserFactory(first_name="Ada", last_name="Able")
    officer.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    pothole = CaseTypeFactory(name="Pothole", team=TeamFactory(name="Highways", members=[officer]))
    case = CaseFactory(
        case_type=pothole,
        reference="FDC-2026-000042",
        customer=CustomerFactory(name="Ria Resident", verified=True),
    )
    CannedReplyFactory(
        title="Inspection booked",
        body="Dear {first_name}, an inspector will look at {reference} this week.\n{officer_name}",
        case_types=[pothole],
    )
    KnowledgeArticleFactory(
        title="Pothole depths we repair",
        body="<p>We repair potholes deeper than 40mm.</p>",
        case_types=[pothole],
    )
    client = Client()
    client.force_login(officer)
    context = chromium.new_context(
        base_url=live_server.url, java_script_enabled=False, locale="en-GB"
    )
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    try:
        page = context.new_page()
        page.goto(f"/admin/cases/{case.uuid}/")
        page.get_by_role("combobox", name="Reply to start from").select_option(
            label="Inspection booked"
        )
        page.get_by_role("button", name="Use this reply").click()

        text = page.get_by_label("Reply to the resident")
        expect(text).to_have_value(
            "Dear Ria, an inspector will look at FDC-2026-000042 this week.\nAda Able"
        )
        shot(page.get_by_role("region", name="Reply with a canned reply"), "canned-reply-picked")
        shot(page.locator("form.case-page__canned-send"), "canned-reply-send-form")
        text.fill("Dear Ria, an inspector will look at FDC-2026-000042 on Friday.\nAda Able")
        page.get_by_role("button", name="Send to resident").click()

        expect(page.get_by_text("The reply has been sent to the resident.")).to_be_visible()
        event = case.events.get(kind=EventKind.PUBLIC_UPDATE)
        assert event.actor == officer
        assert "on Friday" in event.message
        assert "on Friday" in OutboxMessage.objects.get(case=case).context["message"]

        page.get_by_role("link", name="Pothole depths we repair").click()
        expect(page.get_by_text("We repair potholes deeper than 40mm.")).to_be_visible()
        shot(page.locator("main"), "knowledge-article")
    finally:
        context.close()


AXE_PATH = Path(__file__).resolve().parents[3] / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
OUR_SECTIONS = [
    ["section[aria-labelledby='case-knowledge-heading']"],
    ["section[aria-labelledby='case-canned-reply-heading']"],
]


def axe_on_our_sections(page) -> list[dict]:
    """axe-core's WCAG 2.2 A/AA rules on this app's two sections of the case page (the rest of
    the page is crm/cases' and Wagtail's)."""
    page.evaluate(AXE_PATH.read_text(encoding="utf-8"))
    return page.evaluate(
        """async ([include, tags]) => {
            const results = await axe.run({include}, {runOnly: {type: 'tag', values: tags}});
            return results.violations.map((v) => ({id: v.id, nodes: v.nodes.map((n) => n.html)}));
        }""",
        [OUR_SECTIONS, AXE_TAGS],
    )


@pytest.mark.django_db(transaction=True)
def test_the_case_page_sections_have_no_axe_violations(chromium, live_server):
    if not AXE_PATH.exists():
        pytest.skip("node_modules/axe-core is missing: run `npm ci`")
    from playwright.sync_api import expect

    officer = UserFactory(first_name="Ada", last_name="Able")
    officer.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    pothole = CaseTypeFactory(name="Pothole", team=TeamFactory(name="Highways", members=[officer]))
    case = CaseFactory(case_type=pothole)
    reply = CannedReplyFactory(title="Inspection booked", case_types=[pothole])
    KnowledgeArticleFactory(title="Pothole depths we repair", case_types=[pothole])
    client = Client()
    client.force_login(officer)
    context = chromium.new_context(base_url=live_server.url, locale="en-GB")
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    try:
        page = context.new_page()
        page.goto(f"/admin/cases/{case.uuid}/?canned_reply={reply.pk}")
        assert axe_on_our_sections(page) == []

        # A refusal: the error above the text box, and on it.
        page.get_by_label("Reply to the resident").fill("")
        page.get_by_role("button", name="Send to resident").click()
        expect(page.get_by_text("Enter the text of the reply.").first).to_be_visible()
        assert axe_on_our_sections(page) == []
    finally:
        context.close()
