"""Every public page type renders in at most ten SQL queries for an anonymous visitor when the page
itself is not cached, and the cached site chrome (settings, navigation, footer links, alert
banners, private sections, rich text link URLs) is never stale after an editor's change.

The budget is measured as a resident meets it: the site chrome is already built (any earlier
visit to any page builds it), the page itself is visited for the first time since the cache was
emptied. Rebuilding the chrome after an editor's change costs one request about seven more.
"""

import re
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings
from wagtail.models import Page, PageViewRestriction

from forms.models import EForm
from home.models import AlertBanner, AlertType, CouncilSettings, HomePage
from services.models import (
    GuidePage,
    NewsIndexPage,
    NewsPage,
    ServiceIndexPage,
    ServicePage,
    StepByStepPage,
)

QUERY_BUDGET = 10
DEV = {"DEBUG": True, "DOORSTEP_ALLOW_DEMO_ACCOUNTS": True}  # what load_demo_content needs


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker):
    """The Fernleigh demo, loaded once for the module and rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(**DEV):
            call_command("load_demo_content", stdout=StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_site, db):
    """An empty cache for each test (what a test writes is rolled back; the cache is not)."""
    cache.clear()
    yield
    cache.clear()


def first(model):
    return model.objects.live().public().order_by("path").first()


def guide_part_url() -> str:
    guide = first(GuidePage)
    return guide.url + guide.parts[1].value["slug"] + "/"


def form_question_url(client) -> str:
    """The first question of the first live eForm, as a resident reaches it from the start."""
    eform = EForm.objects.filter(live=True).order_by("pk").first()
    start = client.get(eform.get_absolute_url()).content.decode()
    step = re.search(rf'href="({re.escape(eform.get_absolute_url())}[-a-z0-9]+/)"', start)
    return step.group(1) if step else eform.get_absolute_url() + eform.steps.first().key + "/"


PAGES = {
    "home": lambda client: "/",
    "service category": lambda client: first(ServiceIndexPage).url,
    "service page": lambda client: first(ServicePage).url,
    "guide": lambda client: first(GuidePage).url,
    "guide part": lambda client: guide_part_url(),
    "step by step": lambda client: first(StepByStepPage).url,
    "news index": lambda client: first(NewsIndexPage).url,
    "news story": lambda client: first(NewsPage).url,
    "search": lambda client: "/search/?q=bins",
    "form start": lambda client: (
        EForm.objects.filter(live=True).order_by("pk").first().get_absolute_url()
    ),
    "form question": form_question_url,
}


def warm_chrome(client) -> None:
    """An earlier visit to another page, which builds the site chrome."""
    assert client.get("/search/").status_code == 200


class Queries(list):
    """Every SQL statement the database receives while in use (an execute wrapper, not
    `CaptureQueriesContext`, whose log is capped at 9,000 entries and then counts nothing)."""

    def __call__(self, execute, sql, params, many, context):
        self.append(sql)
        return execute(sql, params, many, context)


def count_queries(client, url: str):
    queries = Queries()
    with connection.execute_wrapper(queries):
        response = client.get(url)
    return response, queries


@pytest.mark.parametrize("page_type", list(PAGES))
def test_a_public_page_needs_at_most_ten_queries(demo, client, page_type):
    url = PAGES[page_type](client)
    cache.clear()
    warm_chrome(client)

    response, captured = count_queries(client, url)

    assert response.status_code == 200, url
    sql = "\n".join(query[:200] for query in captured)
    assert len(captured) <= QUERY_BUDGET, f"{page_type} {url}: {len(captured)} queries\n{sql}"


def test_the_budget_holds_with_the_chrome_built_from_scratch_on_a_shallow_page(demo, client):
    """The first request after an editor's change rebuilds the chrome; a category page pays for
    it and still stays near the budget (this is the ceiling, not the norm)."""
    response, captured = count_queries(client, first(ServiceIndexPage).url)
    assert response.status_code == 200
    assert len(captured) <= QUERY_BUDGET + 8


def test_a_second_visit_to_a_page_costs_no_more_than_the_first(demo, client):
    url = first(StepByStepPage).url
    warm_chrome(client)
    _, first_visit = count_queries(client, url)
    _, second_visit = count_queries(client, url)
    assert len(second_visit) <= len(first_visit)


# Invalidation: an editor's change is on the next page view -----------------------------------


def nav_titles(client) -> list[str]:
    html = client.get("/search/").content.decode()
    nav = html.split('id="navigation"', 1)[1].split("</ul>", 1)[0]
    return [
        re.sub(r"<[^>]+>", "", title).strip()
        for title in re.findall(r"<a[^>]*>(.*?)</a>", nav, re.S)
    ]


def test_publishing_a_new_section_shows_it_in_the_navigation_at_once(demo, client):
    before = nav_titles(client)
    home = HomePage.objects.get()
    section = ServiceIndexPage(title="Parks and open spaces", slug="parks", show_in_menus=True)
    home.add_child(instance=section)
    section.save_revision().publish()

    after = nav_titles(client)

    assert "Parks and open spaces" not in before
    assert "Parks and open spaces" in after
    assert client.get("/parks/").status_code == 200


def test_renaming_and_unpublishing_a_section_changes_the_navigation_at_once(demo, client):
    section = first(ServiceIndexPage)
    section.show_in_menus = True
    section.save_revision().publish()
    assert section.title in nav_titles(client)

    section.title = "Rubbish and recycling collections"
    section.save_revision().publish()
    assert "Rubbish and recycling collections" in nav_titles(client)

    section.unpublish()
    assert "Rubbish and recycling collections" not in nav_titles(client)
    assert client.get(section.url_path.replace("/home", "", 1)).status_code == 404


def test_moving_a_page_changes_its_links_at_once(demo, client):
    """A breadcrumb, the category's list and a rich text link all follow a page that moved."""
    step_by_step = first(StepByStepPage)
    html = client.get(step_by_step.url).content.decode()
    linked = re.findall(r'<div class="govuk-body">.*?href="(/[^"]+)"', html, re.S)
    assert linked, "the demo step by step links to a page in its rich text"
    target = Page.objects.get(url_path="/home" + linked[0]).specific
    old_url = target.url

    target.slug = target.slug + "-renamed"
    target.save_revision().publish()
    target.refresh_from_db()

    html = client.get(step_by_step.url).content.decode()
    assert f'href="{old_url}"' not in html
    assert f'href="{target.url}"' in html
    assert client.get(target.url).status_code == 200
    assert client.get(old_url).status_code == 404


def test_a_settings_change_is_in_the_header_and_footer_at_once(demo, client):
    client.get("/")
    settings = CouncilSettings.objects.get()
    settings.council_name = "Brambleford Borough Council"
    settings.phone = "01632 960999"
    settings.save()

    html = client.get("/").content.decode()

    assert "Brambleford Borough Council" in html
    assert "01632 960999" in html


def test_an_alert_banner_appears_and_goes_at_once(demo, client):
    client.get("/")
    alert = AlertBanner.objects.create(
        title="Bin collections suspended by snow",
        message="<p>Put your bins out on Monday.</p>",
        alert_type=AlertType.EMERGENCY,
    )
    assert "Bin collections suspended by snow" in client.get("/").content.decode()

    alert.title = "Bin collections back to normal"
    alert.save()
    html = client.get("/").content.decode()
    assert "Bin collections back to normal" in html
    assert "suspended by snow" not in html

    alert.delete()
    assert "Bin collections back to normal" not in client.get("/").content.decode()


def test_a_scheduled_or_ended_alert_follows_the_clock_without_an_edit(demo, client):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    AlertBanner.objects.create(
        title="Elections next week",
        message="<p>Polling cards are out.</p>",
        starts_at=now + timedelta(seconds=2),
    )
    AlertBanner.objects.create(
        title="Storm clear-up finished",
        message="<p>Thank you.</p>",
        starts_at=now - timedelta(days=2),
        ends_at=now - timedelta(seconds=1),
    )
    html = client.get("/").content.decode()
    assert "Elections next week" not in html
    assert "Storm clear-up finished" not in html

    from unittest import mock

    with mock.patch("home.chrome.timezone.now", return_value=now + timedelta(minutes=1)):
        assert "Elections next week" in client.get("/").content.decode()


def test_an_alert_on_one_page_shows_only_there(demo, client):
    service = first(ServicePage)
    AlertBanner.objects.create(title="This form is down", message="<p>Call us.</p>", page=service)
    assert "This form is down" in client.get(service.url).content.decode()
    assert "This form is down" not in client.get("/").content.decode()


def test_making_a_section_private_refuses_anonymous_visitors_at_once(demo, client):
    service = first(ServicePage)
    assert client.get(service.url).status_code == 200
    category = service.get_parent()
    assert service.title in client.get(category.url).content.decode()

    PageViewRestriction.objects.create(page=service, restriction_type=PageViewRestriction.LOGIN)

    assert client.get(service.url).status_code == 302
    assert service.title not in client.get(category.url).content.decode()


def test_unknown_and_unpublished_addresses_are_not_found(demo, client):
    service = first(ServicePage)
    assert client.get(service.url + "no-such-page/").status_code == 404
    assert client.get("/no-such-section/" + service.slug + "/").status_code == 404
    assert client.get(first(GuidePage).url + "no-such-part/").status_code == 404
    service.unpublish()
    assert client.get(service.url_path.replace("/home", "", 1)).status_code == 404


def test_moving_a_page_to_another_section_moves_it_in_the_breadcrumbs_and_lists(demo, client):
    service = first(ServicePage)
    old_parent = service.get_parent()
    new_parent = ServiceIndexPage.objects.live().exclude(pk=old_parent.pk).order_by("path").first()
    old_url = service.url
    assert service.title in client.get(old_parent.url).content.decode()

    service.move(new_parent, pos="last-child")
    service.refresh_from_db()

    assert client.get(old_url).headers.get("Location") == service.url  # Wagtail's redirect
    html = client.get(service.url).content.decode()
    crumbs = html.split('class="govuk-breadcrumbs"', 1)[1].split("</nav>", 1)[0]
    assert new_parent.title in crumbs and old_parent.title not in crumbs
    assert service.title in client.get(new_parent.url).content.decode()
    assert service.title not in client.get(old_parent.url).content.decode()
