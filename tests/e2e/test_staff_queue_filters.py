"""The team queue's filter bar in real Chromium: at phone, tablet, laptop and desktop widths no
two filter boxes overlap (at 1,400 pixels the case type and status boxes used to run together),
each box has its visible label, and the page has no axe violations."""

import os
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from tests.crm.factories import CaseFactory, CaseTypeFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.browser

QUEUE = "/admin/cases/queues/"
WIDTHS = [375, 1024, 1400, 1920]
# Set DOORSTEP_SCREENSHOTS=<folder> to keep a PNG of the filter bar at each width.
SCREENSHOTS = os.environ.get("DOORSTEP_SCREENSHOTS")


@pytest.fixture
def signed_in_officer(live_server, transactional_db):
    """An officer in a team with a few cases, and the session cookie that signs them in."""
    officer = UserFactory(first_name="Ada", last_name="Able")
    officer.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    team = TeamFactory(
        name="Highways and street lighting maintenance", members=[officer], slug="highways"
    )
    case_type = CaseTypeFactory(name="Report a damaged or missing road sign", team=team)
    for _ in range(3):
        CaseFactory(case_type=case_type)
    client = Client()
    client.force_login(officer)
    return {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}


def overlaps(a: dict, b: dict) -> bool:
    """Whether two bounding boxes share any area (touching edges do not count)."""
    return (
        a["x"] < b["x"] + b["width"] - 0.5
        and b["x"] < a["x"] + a["width"] - 0.5
        and a["y"] < b["y"] + b["height"] - 0.5
        and b["y"] < a["y"] + a["height"] - 0.5
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_queue_filter_boxes_do_not_overlap(browser, live_server, signed_in_officer, width):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 900}, locale="en-GB"
    )
    try:
        context.add_cookies([signed_in_officer])
        page = context.new_page()
        page.goto(QUEUE)
        if SCREENSHOTS:
            Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=f"{SCREENSHOTS}/queue-filters-{width}.png", full_page=True)
        filters = page.get_by_role("form", name="Filter cases")
        controls = filters.locator("select, input")
        count = controls.count()
        assert count >= 8
        boxes = []
        for index in range(count):
            control = controls.nth(index)
            label = page.locator(f"label[for='{control.get_attribute('id')}']")
            assert label.count() == 1, f"no label for {control.get_attribute('name')}"
            box = control.bounding_box()
            assert box is not None and box["width"] > 0
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, (
                f"{control.get_attribute('name')} runs off the page at {width}px"
            )
            boxes.append((control.get_attribute("name"), box, label.bounding_box()))
        for i, (name, box, label_box) in enumerate(boxes):
            for other, other_box, other_label in boxes[i + 1 :]:
                assert not overlaps(box, other_box), f"{name} overlaps {other} at {width}px"
                assert not overlaps(label_box, other_box), (
                    f"{name}'s label overlaps {other} at {width}px"
                )
                assert not overlaps(box, other_label), (
                    f"{name} overlaps {other}'s label at {width}px"
                )
    finally:
        context.close()
