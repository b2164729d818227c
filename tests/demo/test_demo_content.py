"""`load_demo_content`: the Fernleigh demo site, safe to run again, accounts only in dev, and never
with DEBUG off (tests turn DEBUG on, as the dev settings do, to load it)."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from wagtail.models import GroupPagePermission, Locale, Page, Revision, Site

from crm.cases.models import Case, CaseEvent, CaseType, Team
from demo.content.council import ALERT, DEMO_ACCOUNTS, TOP_TASKS
from forms.models import EForm, EFormStep
from home.colours import validate_brand_colour
from home.models import AlertBanner, AlertType, CouncilSettings, HomePage
from services.models import (
    GuidePage,
    NewsIndexPage,
    NewsPage,
    ServiceIndexPage,
    ServicePage,
    StepByStepPage,
)

User = get_user_model()
DEV = {"DEBUG": True, "DOORSTEP_ALLOW_DEMO_ACCOUNTS": True}  # what config/settings/dev.py sets


@pytest.fixture(autouse=True)
def _dev_settings(settings):
    for name, value in DEV.items():
        setattr(settings, name, value)


def load(*args) -> str:
    out = StringIO()
    call_command("load_demo_content", *args, stdout=out)
    return out.getvalue()


def demo_pages():
    """Every page under the home page, as its specific type."""
    return list(Page.objects.descendant_of(HomePage.objects.get()).specific())


def stream_fields(page):
    for name in ("body", "parts", "steps", "top_tasks"):
        if hasattr(page, name):
            yield name, getattr(page, name)


@pytest.fixture(scope="class")
def demo_site(django_db_setup, django_db_blocker):
    """Load the demo once for a class of tests that only look at it; roll it back afterwards.

    Each test still runs in its own transaction (a savepoint inside this one), so what a test
    writes, such as a session when it signs in, is undone before the next.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(**DEV):
            output = load()
        yield output
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_site, db):
    return demo_site


DEMO_MODELS = (
    Page,
    User,
    AlertBanner,
    Group,
    Revision,
    Site,
    Locale,
    EForm,
    EFormStep,
    Team,
    CaseType,
    Case,
    CaseEvent,
)


@pytest.mark.django_db
def test_running_twice_adds_nothing(django_assert_max_num_queries):
    output = load()
    assert re.search(r"Created \d+ pages", output)
    assert "4 demo accounts" in output
    assert "editor / editor-demo-2026" in output
    counts = {model.__name__: model.objects.count() for model in DEMO_MODELS}
    # A second `make run` must start quickly: a handful of existence checks, no rewrites.
    with django_assert_max_num_queries(60):
        output = load()
    assert "Demo content already present" in output
    assert counts == {model.__name__: model.objects.count() for model in DEMO_MODELS}


@pytest.mark.django_db
def test_running_again_keeps_what_editors_changed():
    load()
    page = ServicePage.objects.get(slug="report-a-missed-bin")
    page.title = "Report a missed collection"
    page.save_revision().publish()
    settings = CouncilSettings.for_site(Site.objects.get(is_default_site=True))
    settings.council_name = "Fernleigh Council"
    settings.phone = "01632 960555"
    settings.save()
    home = HomePage.objects.get()
    home.top_tasks = [(task.block_type, task.value) for task in home.top_tasks][:2]
    home.save_revision().publish()
    AlertBanner.objects.update(message="<p>Collections are back to normal.</p>")

    load()

    page.refresh_from_db()
    settings.refresh_from_db()
    assert page.title == "Report a missed collection"
    assert ServicePage.objects.filter(slug="report-a-missed-bin").count() == 1
    assert (settings.council_name, settings.phone) == ("Fernleigh Council", "01632 960555")
    assert len(HomePage.objects.get().top_tasks) == 2
    assert AlertBanner.objects.get().message == "<p>Collections are back to normal.</p>"

    ServicePage.objects.get(slug="grass-cutting").delete()
    assert "Created 1 page " in load()
    assert ServicePage.objects.get(slug="grass-cutting").live


def absolute_form_urls(value):
    """Start buttons link to this site's forms by path; URLBlock checks for a full URL."""
    if isinstance(value, dict):
        return {
            key: "https://www.fernleigh.example" + item
            if key == "url" and isinstance(item, str) and item.startswith("/")
            else absolute_form_urls(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [absolute_form_urls(item) for item in value]
    return value


class TestTheDemoSite:
    """What a newcomer finds after `make run`: the demo loaded once for all of these."""

    def test_site_has_every_section_and_page_type(self, demo):
        sections = ServiceIndexPage.objects.child_of(HomePage.objects.get())
        assert set(sections.values_list("title", flat=True)) == {
            "Bins and recycling",
            "Streets and roads",
            "Housing",
            "Planning and building control",
            "Environmental health",
            "Licensing",
            "Council tax",
            "Your council",
        }
        assert all(sections.values_list("show_in_menus", flat=True))
        assert ServicePage.objects.count() >= 25
        guides = GuidePage.objects.all()
        planning_guide = guides.get(slug="apply-for-planning-permission")
        assert len(planning_guide.parts) >= 4
        assert guides.filter(title="Licensing: a guide for new businesses").exists()
        extension = StepByStepPage.objects.get(title="Building an extension: step by step")
        assert len(extension.steps) >= 5
        assert {step["logic"] for step in extension.numbered_steps()} >= {"and", "or"}
        news = NewsPage.objects.child_of(NewsIndexPage.objects.get(title="News"))
        assert news.count() >= 6
        dates = sorted(news.values_list("date", flat=True))
        assert dates[-1] <= timezone.localdate()
        assert dates[-1] - dates[0] >= timedelta(days=60)

    def test_footer_pages_sit_under_the_home_page_out_of_the_menus(self, demo):
        home = HomePage.objects.get()
        for title in ("Accessibility statement", "Privacy notice", "Contact us"):
            page = ServicePage.objects.child_of(home).get(title=title)
            assert not page.show_in_menus

    def test_every_page_is_published_with_a_summary_and_description(self, demo):
        pages = demo_pages()
        assert len(pages) >= 45
        for page in pages:
            assert page.live and page.last_published_at, page.title
            assert page.latest_revision_id and not page.has_unpublished_changes, page.title
            assert page.summary and len(page.summary) <= 300, page.title
            assert page.search_description, page.title

    def test_every_page_renders(self, demo, client):
        for page in [HomePage.objects.get(), *demo_pages()]:
            response = client.get(page.url)
            assert response.status_code == 200, page.url
            html = response.content.decode()
            assert page.title in html or page.depth == 2, page.url
            assert 'linktype="page"' not in html and "page:" not in html, page.url

    def test_every_guide_part_renders(self, demo, client):
        for guide in GuidePage.objects.all():
            for number in range(len(guide.parts)):
                assert client.get(guide.part_url(number)).status_code == 200, guide.part_url(number)

    def test_content_is_valid_and_uses_every_block(self, demo):
        used = set()
        for page in [HomePage.objects.get(), *demo_pages()]:
            for _name, value in stream_fields(page):
                block = value.stream_block
                raw = absolute_form_urls(value.get_prep_value())
                block.clean(block.to_python(raw))
                used.update(child.block_type for child in value)
                for child in value:
                    if child.block_type == "part":
                        used.update(item.block_type for item in child.value["body"])
        assert used >= {
            "rich_text",
            "start_button",
            "inset_text",
            "warning_text",
            "details",
            "contact_panel",
            "related_links",
            "part",
            "step",
            "task",
        }

    def test_internal_links_point_at_demo_pages(self, demo, client):
        step_by_step = StepByStepPage.objects.get(slug="moving-home-bins-and-council-tax")
        html = client.get(step_by_step.url).content.decode()
        assert f'href="{ServicePage.objects.get(slug="set-up-a-direct-debit").url}"' in html
        missed_bin = ServicePage.objects.get(slug="report-a-missed-bin")
        html = client.get(missed_bin.url).content.decode()
        assert ServicePage.objects.get(slug="report-fly-tipping").url in html
        # No demo form yet: the page says how to do it by phone instead of a dead "Start now".
        assert "/forms/report-a-missed-bin/" not in html
        assert "Call customer services on 01632 960100" in html

    def test_every_start_button_leads_to_a_working_form(self, demo, client):
        starts = []
        for page in demo_pages():
            for block in getattr(page, "body", []):
                if block.block_type == "start_button":
                    starts.append(block.value["url"])
        assert sorted(starts) == [
            "/forms/book-a-building-control-inspection/",
            "/forms/book-a-bulky-waste-collection/",
            "/forms/environmental-information-request/",
            "/forms/freedom-of-information-request/",
            "/forms/give-a-compliment/",
            "/forms/hire-a-community-hall/",
            "/forms/local-land-charges-search/",
            "/forms/make-a-comment/",
            "/forms/make-a-complaint/",
            "/forms/report-fly-tipping/",
            "/forms/report-noise/",
            "/forms/report-street-furniture/",
            "/forms/request-planning-documents/",
            "/forms/street-trading-consent/",
        ]
        for url in starts:
            assert client.get(url).status_code == 200, url

    def test_no_placeholder_text(self, demo):
        for page in [HomePage.objects.get(), *demo_pages()]:
            text = " ".join(
                [page.title, getattr(page, "summary", ""), page.search_description]
                + [str(value.get_prep_value()) for _name, value in stream_fields(page)]
            ).lower()
            for word in ("lorem", "ipsum", "todo", "placeholder", "tbc", "xxx"):
                assert word not in text, (page.title, word)

    def test_home_page_top_tasks(self, demo, client, soup):
        home = HomePage.objects.get()
        assert home.heading and home.intro and home.search_description
        tasks = [task.value for task in home.top_tasks]
        assert [task["label"] for task in tasks] == [label for _key, label in TOP_TASKS]
        assert len(tasks) == 6
        assert all(task["page"].live for task in tasks)
        page = soup(client.get("/"))
        links = {a["href"] for a in page.find_all("a", href=True)}
        assert {task["page"].url for task in tasks} <= links

    def test_council_settings(self, demo, client):
        settings = CouncilSettings.for_site(Site.objects.get(is_default_site=True))
        assert settings.council_name == "Fernleigh District Council"
        validate_brand_colour(settings.brand_colour)
        assert settings.phone.startswith("01632 960")
        assert settings.email and settings.address and settings.opening_hours
        assert len(settings.social_links) >= 3
        assert settings.accessibility_page.title == "Accessibility statement"
        assert settings.privacy_page.title == "Privacy notice"
        assert settings.contact_page.title == "Contact us"
        html = client.get("/").content.decode()
        assert "Fernleigh District Council" in html
        assert settings.accessibility_page.url in html

    def test_accessibility_statement_has_what_the_regulations_ask_for(self, demo):
        statement = ServicePage.objects.get(slug="accessibility-statement")
        text = str(statement.body.get_prep_value())
        for required in (
            "Web Content Accessibility Guidelines version 2.2",
            "partially compliant",
            "Reporting accessibility problems",
            "Enforcement procedure",
            "Equality and Human Rights Commission",
            "Equality Advisory and Support Service",
            "This statement was prepared on",
        ):
            assert required in text

    def test_one_site_wide_information_alert(self, demo, client):
        alert = AlertBanner.objects.get()
        assert alert.title == ALERT["title"]
        assert alert.alert_type == AlertType.INFORMATION
        assert alert.page is None
        assert alert in AlertBanner.objects.active()
        assert timedelta(days=29) < alert.ends_at - alert.starts_at <= timedelta(days=30)
        assert alert.title in client.get("/").content.decode()

    @pytest.mark.parametrize("username", list(DEMO_ACCOUNTS))
    def test_demo_accounts_can_sign_in(self, demo, client, username):
        assert client.login(username=username, password=DEMO_ACCOUNTS[username]["password"])

    def test_demo_account_roles(self, demo):
        editor, staff, resident, admin = (
            User.objects.get(username=name) for name in ("editor", "staff", "resident", "admin")
        )
        assert editor.groups.filter(name="Editors").exists()
        assert staff.groups.filter(name="Customer services").exists()
        assert staff.has_perm("wagtailadmin.access_admin") and not staff.is_superuser
        assert resident.email == "resident@example.com"
        if apps.is_installed("allauth.account"):
            from allauth.account.models import EmailAddress

            assert EmailAddress.objects.filter(
                user=resident, email=resident.email, verified=True, primary=True
            ).exists()
        assert not resident.has_perm("wagtailadmin.access_admin")
        assert admin.is_superuser

    @pytest.mark.parametrize("username", ["staff", "editor", "admin"])
    def test_staff_can_reach_the_admin(self, demo, client, username):
        client.login(username=username, password=DEMO_ACCOUNTS[username]["password"])
        assert client.get("/admin/").status_code == 200

    def test_resident_cannot_reach_the_admin(self, demo, client):
        client.login(username="resident", password=DEMO_ACCOUNTS["resident"]["password"])
        response = client.get("/admin/")
        assert response.status_code == 302
        assert response.url.startswith("/admin/login/")


@pytest.mark.django_db
def test_refuses_demo_accounts_where_they_are_not_allowed(settings):
    settings.DOORSTEP_ALLOW_DEMO_ACCOUNTS = False
    with pytest.raises(CommandError, match="--without-accounts"):
        load()
    assert not Page.objects.descendant_of(HomePage.objects.get()).exists()


@pytest.mark.django_db
def test_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="runs only with DEBUG on"):
        load()
    with pytest.raises(CommandError, match="runs only with DEBUG on"):
        load("--without-accounts")
    assert not Page.objects.descendant_of(HomePage.objects.get()).exists()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_without_accounts_loads_content_only(settings, client):
    settings.DOORSTEP_ALLOW_DEMO_ACCOUNTS = False
    output = load("--without-accounts")
    assert "pages" in output and "accounts" not in output
    assert not User.objects.exists()
    assert len(demo_pages()) >= 45
    assert client.get(ServicePage.objects.get(slug="report-a-missed-bin").url).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_rebuilds_what_a_flushed_database_lost(client):
    """Live-server tests flush every table, including what migrations created."""
    call_command("flush", interactive=False, verbosity=0)
    assert not Page.objects.exists() and not Site.objects.exists()

    load()

    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("localhost", 80)
    assert isinstance(site.root_page.specific, HomePage)
    assert site.root_page.get_parent().depth == 1
    assert Locale.objects.filter(language_code="en-gb").exists()
    editors = Group.objects.get(name="Editors")
    assert editors.permissions.filter(codename="access_admin").exists()
    assert GroupPagePermission.objects.filter(
        group=editors, page__depth=1, permission__codename="change_page"
    ).exists()
    assert client.get("/").status_code == 200
    assert client.get(ServicePage.objects.get(slug="report-fly-tipping").url).status_code == 200
    client.login(username="editor", password=DEMO_ACCOUNTS["editor"]["password"])
    assert client.get("/admin/").status_code == 200
    assert "Demo content already present" in load()
