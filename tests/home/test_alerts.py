"""Alert banners: site-wide or on one page, shown only between their start and end."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from home.models import AlertBanner
from tests.factories import AlertBannerFactory, ServicePageFactory

pytestmark = pytest.mark.django_db


def alert_titles(page_soup):
    """Titles of the alerts on a page, in the order a visitor meets them."""
    titles = []
    for alert in page_soup.select(".ds-alert, .govuk-notification-banner"):
        if alert.get("aria-labelledby", "").startswith("alert-"):
            title = alert.select_one(".ds-alert__title, .govuk-notification-banner__heading")
            titles.append(title.get_text(" ", strip=True).removeprefix("Emergency: "))
    return titles


@pytest.fixture
def service(home_page):
    return ServicePageFactory(title="Report a missed bin")


@pytest.mark.parametrize(
    "path", ["/", "/report-a-missed-bin/", "/search/?q=bins", "/cookies/", "/nowhere/"]
)
def test_site_wide_alert_is_on_every_page(client, service, soup, path):
    AlertBannerFactory(title="Offices closed on Monday", message="<p>We reopen on Tuesday.</p>")
    response = client.get(path)
    assert alert_titles(soup(response)) == ["Offices closed on Monday"]
    assert "We reopen on Tuesday." in response.content.decode()


def test_page_alert_is_only_on_its_page(client, service, soup):
    other = ServicePageFactory(title="Order a new bin")
    AlertBannerFactory(title="Missed bin reports are delayed", page=service)

    assert alert_titles(soup(client.get(service.url))) == ["Missed bin reports are delayed"]
    assert alert_titles(soup(client.get(other.url))) == []
    assert alert_titles(soup(client.get("/"))) == []


def test_scheduled_and_expired_alerts_are_not_shown(client, service, soup):
    AlertBannerFactory(title="Christmas collections", scheduled=True)
    AlertBannerFactory(title="Storm warning", expired=True)
    AlertBannerFactory(title="Page alert not started", page=service, scheduled=True)

    assert alert_titles(soup(client.get("/"))) == []
    assert alert_titles(soup(client.get(service.url))) == []


def test_alert_with_an_end_in_the_future_is_shown(client, home_page, soup):
    AlertBannerFactory(title="Road closed", ends_at=timezone.now() + timedelta(hours=2))
    assert alert_titles(soup(client.get("/"))) == ["Road closed"]


def test_emergency_alert_comes_first_and_is_announced(client, home_page, soup):
    now = timezone.now()
    AlertBannerFactory(title="Library hours change", starts_at=now - timedelta(minutes=5))
    AlertBannerFactory(title="Icy roads", warning=True, starts_at=now - timedelta(minutes=30))
    AlertBannerFactory(title="Flood warning", emergency=True, starts_at=now - timedelta(days=1))

    page = soup(client.get("/"))
    assert alert_titles(page) == ["Flood warning", "Icy roads", "Library hours change"]

    emergency = page.select_one(".ds-alert--emergency")
    assert emergency["role"] == "alert"
    assert "Flood warning" in emergency.get_text()
    information = page.find("p", string="Library hours change").find_parent(
        class_="govuk-notification-banner"
    )
    assert information["role"] == "region"


def test_alert_message_keeps_its_link(client, home_page, soup):
    AlertBannerFactory(message='<p>See <a href="https://roads.example/">road closures</a>.</p>')
    link = soup(client.get("/")).find("a", string="road closures")
    assert link["href"] == "https://roads.example/"


@pytest.mark.parametrize("hours", [-1, 0])
def test_end_must_be_after_start(hours):
    starts_at = timezone.now()
    alert = AlertBanner(
        title="Bad dates",
        message="<p>Oops</p>",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=hours),
    )
    with pytest.raises(ValidationError) as error:
        alert.full_clean()
    assert error.value.message_dict == {"ends_at": ["The end must be after the start"]}


def test_end_after_start_is_accepted():
    starts_at = timezone.now()
    alert = AlertBanner(
        title="Good dates",
        message="<p>Fine</p>",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=1),
    )
    alert.full_clean()
