"""The knowledge base on the staff case page, in Chromium: an officer picks a canned reply with
JavaScript off, sees it filled in for the case, edits it and sends it; the resident's timeline and
email get the edited text. The case type's article is listed and opens on its read view. The two
sections pass axe-core (WCAG 2.2 AA), with the error shown, and the site's CSP.

Moved here from tests/crm/knowledge so it runs like every other live-server test: this folder's
browser (which fails, not skips, without Chromium), `new_context` (the CSP enforced), the one axe
harness, and the flushed database's content types and permissions put back first."""

import os
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from playwright.sync_api import expect

from crm.cases.enums import EventKind
from crm.notifications.models import OutboxMessage
from tests.crm.factories import (
    CaseFactory,
    CaseTypeFactory,
    CustomerFactory,
    TeamFactory,
    UserFactory,
)
from tests.crm.knowledge.conftest import CannedReplyFactory, KnowledgeArticleFactory

from .conftest import AXE_TAGS, _axe_source

pytestmark = pytest.mark.browser

SCREENSHOTS = os.environ.get("DOORSTEP_SCREENSHOTS", "")  # a folder: keep pictures of the page
OUR_SECTIONS = [
    ["section[aria-labelledby='case-knowledge-heading']"],
    ["section[aria-labelledby='case-canned-reply-heading']"],
]


@pytest.fixture
def officer(live_server, transactional_db):
    """An officer of Highways who can use the admin, on a database with what migrations create.

    A live-server test runs after the tests with serialized_rollback=True (tests/conftest.py),
    whose flush leaves no content types or permissions: they are put back first, as
    `demo_content` does (this test needs no demo site, only the admin)."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.management.sql import emit_post_migrate_signal

    ContentType.objects.clear_cache()
    if not ContentType.objects.exists():
        emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    user = UserFactory(first_name="Ada", last_name="Able")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return user


@pytest.fixture
def pothole(officer):
    return CaseTypeFactory(name="Pothole", team=TeamFactory(name="Highways", members=[officer]))


@pytest.fixture
def signed_in(new_context, live_server, officer):
    """`signed_in(javascript_enabled=...)`: a page in a fresh context, signed in as the officer."""

    def open_page(*, javascript_enabled=True):
        client = Client()
        client.force_login(officer)
        context = new_context(javascript_enabled=javascript_enabled)
        context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": client.cookies["sessionid"].value,
                    "url": live_server.url,
                }
            ]
        )
        return context.new_page()

    return open_page


def shot(locator, name: str) -> None:
    if SCREENSHOTS:
        locator.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"))


def axe_on_our_sections(page) -> list[dict]:
    """axe-core's WCAG 2.2 A/AA rules on the knowledge base's two sections of the case page (the
    rest of the page is crm/cases' and Wagtail's, checked by their own tests)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source())  # evaluated, not a <script>: the CSP refuses inline ones
    return page.evaluate(
        """async ([include, tags]) => {
            const results = await axe.run({include}, {runOnly: {type: 'tag', values: tags}});
            return results.violations.map((v) => ({id: v.id, nodes: v.nodes.map((n) => n.html)}));
        }""",
        [OUR_SECTIONS, AXE_TAGS],
    )


def test_pick_edit_and_send_a_canned_reply_without_javascript(signed_in, officer, pothole):
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
    page = signed_in(javascript_enabled=False)

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


def test_the_case_page_sections_have_no_axe_violations(signed_in, pothole):
    case = CaseFactory(case_type=pothole)
    reply = CannedReplyFactory(title="Inspection booked", case_types=[pothole])
    KnowledgeArticleFactory(title="Pothole depths we repair", case_types=[pothole])
    page = signed_in()

    page.goto(f"/admin/cases/{case.uuid}/?canned_reply={reply.pk}")
    assert axe_on_our_sections(page) == []

    # A refusal: the error above the text box, and on it.
    page.get_by_label("Reply to the resident").fill("")
    page.get_by_role("button", name="Send to resident").click()
    expect(page.get_by_text("Enter the text of the reply.").first).to_be_visible()
    assert axe_on_our_sections(page) == []
