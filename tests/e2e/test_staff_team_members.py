"""Snippets > Teams in Chromium: typing in the members' search box narrows the staff listed (a
resident is never among them); without JavaScript every staff tick box is shown."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from playwright.sync_api import expect

from tests.crm.factories import TeamFactory, UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def team_page(live_server, transactional_db):
    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    for first, last in [("Ada", "Able"), ("Bea", "Baker"), ("Cal", "Carter")]:
        UserFactory(first_name=first, last_name=last).user_permissions.add(access_admin)
    UserFactory(first_name="Ria", last_name="Resident")
    team = TeamFactory(name="Highways", slug="highways")
    admin = UserFactory(superuser=True, first_name="Ed", last_name="Itor")
    client = Client()
    client.force_login(admin)
    cookie = {
        "name": "sessionid",
        "value": client.cookies["sessionid"].value,
        "url": live_server.url,
    }
    return f"/admin/snippets/cases/team/edit/{team.pk}/", cookie


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_member_search_narrows_the_staff_listed(browser, live_server, team_page, javascript):
    url, cookie = team_page
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=javascript, locale="en-GB"
    )
    try:
        context.add_cookies([cookie])
        page = context.new_page()
        page.goto(url)
        members = page.locator("[data-staff-members]")
        boxes = members.get_by_role("checkbox")
        expect(boxes).to_have_count(4)  # three officers and the superuser, no resident
        expect(members).not_to_contain_text("Ria Resident")
        search = page.get_by_label("Search staff by name or email")
        if not javascript:
            expect(search).to_be_hidden()
            return
        search.fill("bak")
        expect(members.get_by_role("checkbox", name="Bea Baker")).to_be_visible()
        expect(members.get_by_role("checkbox", name="Ada Able")).to_be_hidden()
        members.get_by_role("checkbox", name="Bea Baker").check()
        search.fill("")
        expect(members.get_by_role("checkbox", name="Ada Able")).to_be_visible()
    finally:
        context.close()
