"""The "Clock" section of the staff case page, in Chromium with JavaScript off: an officer stops
the clock, restarts it and extends the deadline; a refused extension shows its error next to the
date with what was typed kept. The section passes axe-core (WCAG 2.2 AA), flags and errors
included, and the site's CSP."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from crm.cases.calendar import add_working_days
from crm.cases.models import ClockStop
from tests.crm.factories import CaseFactory, CaseTypeFactory, TeamFactory, UserFactory

from .conftest import AXE_TAGS, _axe_source

pytestmark = pytest.mark.browser

OUR_SECTION = [["section[aria-labelledby='case-clock-heading']"]]


@pytest.fixture
def officer(live_server, transactional_db):
    """An officer of Highways who can use the admin (content types and permissions put back
    after the serialized tests' flush, as tests/e2e/test_knowledge_canned_reply.py does)."""
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
def case(officer):
    case_type = CaseTypeFactory(
        name="Pothole",
        team=TeamFactory(name="Highways", members=[officer]),
        max_extension_working_days=10,
        acknowledge_working_days=1,
    )
    today = timezone.localdate()
    opened = today - timedelta(days=10)
    return CaseFactory(
        case_type=case_type,
        clock_started_on=opened,
        due_date=add_working_days(opened, 10),
        acknowledge_by=today - timedelta(days=1),  # flagged "Acknowledgement overdue"
    )


@pytest.fixture
def signed_in(new_context, live_server, officer):
    """`signed_in(javascript_enabled=...)`: a page in a fresh context, signed in as the officer
    (axe needs JavaScript: Playwright's evaluate never returns on a page without it)."""

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


def axe_on_our_section(page) -> list[dict]:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source())
    return page.evaluate(
        """async ([include, tags]) => {
            const results = await axe.run({include}, {runOnly: {type: 'tag', values: tags}});
            return results.violations.map((v) => ({id: v.id, nodes: v.nodes.map((n) => n.html)}));
        }""",
        [OUR_SECTION, AXE_TAGS],
    )


def test_stop_restart_and_extend_the_clock_without_javascript(signed_in, case):
    page = signed_in(javascript_enabled=False)
    page.goto(f"/admin/cases/{case.uuid}/")
    section = page.get_by_role("region", name="Clock")
    expect(section.get_by_text("Acknowledgement overdue").first).to_be_visible()

    section.get_by_label("Why is the clock stopped?").fill("Waiting for photos")
    section.get_by_role("button", name="Stop the clock").click()
    expect(page.get_by_text("The clock is stopped.")).to_be_visible()
    section = page.get_by_role("region", name="Clock")
    expect(section.get_by_role("cell", name="Waiting for photos")).to_be_visible()

    section.get_by_role("button", name="Restart the clock").click()
    expect(page.get_by_text("The clock is running again.", exact=False)).to_be_visible()
    assert ClockStop.objects.get().resumed_on is not None

    # Too far: the error is next to the date, and both fields keep what was typed.
    case.refresh_from_db()
    too_far = add_working_days(case.due_date, 11)
    section = page.get_by_role("region", name="Clock")
    section.get_by_label("New due date").fill(too_far.isoformat())
    section.get_by_label("Reason for the extension").fill("Waiting for a survey")
    section.get_by_role("button", name="Extend the deadline").click()
    section = page.get_by_role("region", name="Clock")
    expect(section.get_by_text("up to 10 working days in all", exact=False)).to_be_visible()
    expect(section.get_by_label("New due date")).to_have_value(too_far.isoformat())
    expect(section.get_by_label("Reason for the extension")).to_have_value("Waiting for a survey")

    allowed = add_working_days(case.due_date, 3)
    section.get_by_label("New due date").fill(allowed.isoformat())
    section.get_by_role("button", name="Extend the deadline").click()
    expect(page.get_by_text("The case is now due on", exact=False)).to_be_visible()
    case.refresh_from_db()
    assert case.due_date == allowed and case.extension_working_days == 3


def test_the_clock_section_has_no_axe_violations(signed_in, case):
    page = signed_in()
    page.goto(f"/admin/cases/{case.uuid}/")
    assert axe_on_our_section(page) == []  # running, with the acknowledgement flag

    section = page.get_by_role("region", name="Clock")
    section.get_by_role("button", name="Stop the clock").click()  # no reason: refused
    section = page.get_by_role("region", name="Clock")
    expect(section.get_by_text("Enter why the clock is stopped.").first).to_be_visible()
    assert axe_on_our_section(page) == []

    section.get_by_label("Why is the clock stopped?").fill("Waiting for photos")
    section.get_by_role("button", name="Stop the clock").click()
    expect(
        page.get_by_role("region", name="Clock").get_by_text("Clock stopped").first
    ).to_be_visible()
    assert axe_on_our_section(page) == []  # stopped, with its history
