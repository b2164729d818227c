"""What a script, a crawler or a forged page cannot do to a form: make sessions by looking,
post from another site, send or upload without limit, or get a case opened through the honeypot.
"""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from crm.cases.models import Case
from forms.views import HONEYPOT_FIELD
from tests.forms.steps import answer, url, where_photos_you_form
from tests.forms.uploads import jpeg

pytestmark = pytest.mark.django_db

SAME_SITE = "http://testserver"


@pytest.fixture
def eform(case_type):
    return where_photos_you_form(case_type, title="Report a dead animal", slug="report-dead-animal")


def complete(client, eform, *, name="Ann Other", **extra):
    answer(client, eform, "where", {"where": "By the bus stop on Mill Lane"}, **extra)
    answer(client, eform, "photos", **extra)
    response = answer(client, eform, "you", {"name": name, "email": "ann@example.com"}, **extra)
    assert response.status_code == 302, response.content
    return response


def csrf_token_on(page_html: str) -> str | None:
    marker = 'name="csrfmiddlewaretoken" value="'
    if marker not in page_html:
        return None
    return page_html.split(marker, 1)[1].split('"', 1)[0]


# --- Looking creates nothing --------------------------------------------------------------------


def test_looking_at_a_form_creates_no_session_and_sets_no_cookie(client, eform):
    eform.intro = "<p>It takes 2 minutes.</p>"
    eform.save()
    for page in (url(eform), url(eform, "where"), url(eform, "photos"), url(eform, "you")):
        response = client.get(page)
        assert response.status_code == 200, page
        assert not response.cookies, page  # neither a session nor a csrftoken cookie
    assert client.get(url(eform, "check-your-answers")).status_code == 302
    assert not Session.objects.exists()

    # The run starts with the first answer.
    response = answer(client, eform, "where", {"where": "By the bus stop"})
    assert response.url == url(eform, "photos")
    assert "sessionid" in response.cookies
    assert Session.objects.count() == 1


def test_start_now_goes_to_the_first_question_without_starting_a_run(client, eform, soup):
    eform.intro = "<p>It takes 2 minutes.</p>"
    eform.save()
    start = soup(client.get(url(eform))).select_one(".govuk-button--start")
    assert start["href"] == url(eform, "where")
    assert not soup(client.get(start["href"])).select('input[name="csrfmiddlewaretoken"]')
    assert not client.cookies


def test_pages_carry_a_csrf_token_once_the_run_has_started(client, eform):
    answer(client, eform, "where", {"where": "By the bus stop"})
    assert csrf_token_on(client.get(url(eform, "photos")).content.decode())


# --- Forged posts -------------------------------------------------------------------------------


def test_the_first_answer_is_refused_from_another_site(eform, soup):
    browser = Client(enforce_csrf_checks=True)
    forged = browser.post(
        url(eform, "where"),
        {"where-where": "Spam"},
        headers={"Origin": "https://attacker.example", "Sec-Fetch-Site": "cross-site"},
    )
    assert forged.status_code == 403
    assert soup(forged).h1.get_text() == "Sorry, your answers could not be saved"
    assert not Session.objects.exists()

    same_site = browser.post(
        url(eform, "where"),
        {"where-where": "By the bus stop"},
        headers={"Origin": SAME_SITE, "Sec-Fetch-Site": "same-origin"},
    )
    assert same_site.url == url(eform, "photos")


def test_once_a_run_has_started_every_post_needs_the_token(eform):
    browser = Client(enforce_csrf_checks=True)
    browser.post(url(eform, "where"), {"where-where": "By the bus"}, headers={"Origin": SAME_SITE})

    without_token = browser.post(url(eform, "photos"), {}, headers={"Origin": SAME_SITE})
    assert without_token.status_code == 403

    token = csrf_token_on(browser.get(url(eform, "photos")).content.decode())
    with_token = browser.post(
        url(eform, "photos"), {"csrfmiddlewaretoken": token}, headers={"Origin": SAME_SITE}
    )
    assert with_token.url == url(eform, "you")


def test_signed_in_residents_always_get_and_need_a_token(eform, resident):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(resident)
    page = browser.get(url(eform, "where")).content.decode()
    assert csrf_token_on(page)
    forged = browser.post(
        url(eform, "where"), {"where-where": "Spam", "save_draft": 1}, headers={"Origin": SAME_SITE}
    )
    assert forged.status_code == 403


# --- Honeypot -----------------------------------------------------------------------------------


def test_question_pages_have_a_honeypot_people_cannot_reach(client, eform, soup):
    page = soup(client.get(url(eform, "where")))
    trap = page.select_one(f'input[name="{HONEYPOT_FIELD}"]')
    assert trap["tabindex"] == "-1"
    assert trap["autocomplete"] == "off"
    assert trap["value"] == ""
    wrapper = trap.find_parent("div")
    assert wrapper["aria-hidden"] == "true"
    assert "govuk-visually-hidden" in wrapper["class"]
    assert page.select_one(f'label[for="{trap["id"]}"]').get_text() == "Leave this field empty"


def test_a_filled_honeypot_drops_the_run_without_opening_a_case(client, eform):
    complete(client, eform)
    response = answer(
        client,
        eform,
        "you",
        {"name": "Bot", "email": "bot@example.com"},
        **{HONEYPOT_FIELD: "https://spam.example"},
    )
    assert response.url == url(eform, "check-your-answers")  # nothing tells the script
    sent = client.post(url(eform, "check-your-answers"))
    assert sent.url == url(eform)
    assert not Case.objects.exists()


def test_a_filled_honeypot_on_the_first_page_creates_no_session(client, eform):
    response = answer(client, eform, "where", {"where": "Spam"}, **{HONEYPOT_FIELD: "x"})
    assert response.url == url(eform, "photos")
    assert not response.cookies
    assert not Session.objects.exists()


# --- Throttles ----------------------------------------------------------------------------------


def test_sending_is_limited_per_client_address(eform, settings, soup):
    settings.EFORMS_RATE_LIMITS = {"send": {"ip": "2/h", "session": "100/h"}}
    for _ in range(2):
        browser = Client(REMOTE_ADDR="203.0.113.7")
        complete(browser, eform)
        assert browser.post(url(eform, "check-your-answers")).status_code == 302

    third = Client(REMOTE_ADDR="203.0.113.7")
    complete(third, eform, name="Third Person")
    refused = third.post(url(eform, "check-your-answers"))
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    page = soup(refused)
    assert (
        page.select_one(".govuk-error-summary a")
        .get_text()
        .startswith("You have sent too many forms in a short time. Try again in ")
    )
    assert "Third Person" in page.select_one("main").get_text()  # the answers are kept
    assert Case.objects.count() == 2

    elsewhere = Client(REMOTE_ADDR="198.51.100.20")
    complete(elsewhere, eform)
    assert elsewhere.post(url(eform, "check-your-answers")).status_code == 302
    assert Case.objects.count() == 3


def test_sending_is_limited_per_session(client, eform, settings):
    settings.EFORMS_RATE_LIMITS = {"send": {"ip": "100/h", "session": "1/h"}}
    complete(client, eform)
    assert client.post(url(eform, "check-your-answers")).status_code == 302
    complete(client, eform)
    assert client.post(url(eform, "check-your-answers")).status_code == 429

    other_browser = Client()  # same address, its own session
    complete(other_browser, eform)
    assert other_browser.post(url(eform, "check-your-answers")).status_code == 302
    assert Case.objects.count() == 2


def test_behind_a_proxy_the_limit_is_per_client_not_per_proxy(eform, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.EFORMS_RATE_LIMITS = {"send": {"ip": "1/h", "session": "100/h"}}
    for client_address in ("203.0.113.7", "203.0.113.8"):
        browser = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=client_address)
        complete(browser, eform)
        assert browser.post(url(eform, "check-your-answers")).status_code == 302
    again = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    complete(again, eform)
    assert again.post(url(eform, "check-your-answers")).status_code == 429


def test_uploads_are_limited_and_the_page_keeps_what_was_typed(client, eform, settings, soup):
    settings.EFORMS_RATE_LIMITS = {"upload": {"ip": "100/h", "session": "2/h"}}
    answer(client, eform, "where", {"where": "By the bus stop"})
    first = client.post(url(eform, "photos"), {"photos-photos": [jpeg("a.jpg"), jpeg("b.jpg")]})
    assert first.url == url(eform, "you")

    refused = client.post(url(eform, "photos"), {"photos-photos": [jpeg("c.jpg")]})
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    page = soup(refused)
    error = page.select_one(".govuk-error-summary a")
    assert error["href"] == "#id_photos-photos"
    assert error.get_text().startswith("You have uploaded too many files in a short time.")
    # The files already uploaded are still there; the refused one was not saved.
    assert [v.get_text() for v in page.select(".govuk-summary-list__value")] == ["a.jpg", "b.jpg"]


def test_staff_taking_calls_are_not_limited(client, walk, eform, staff, settings):
    settings.EFORMS_RATE_LIMITS = {"send": {"ip": "1/h", "session": "1/h"}}
    client.force_login(staff)
    for _ in range(2):
        response = client.post("/admin/eforms/assisted/", {"form": eform.pk, "channel": "phone"})
        client.get(response.url)
        complete(client, eform)
        assert client.post(url(eform, "check-your-answers")).status_code == 302
    assert Case.objects.count() == 2


def test_limits_refuse_nothing_when_there_is_room(eform, settings):
    settings.EFORMS_RATE_LIMITS = {"send": {"ip": "5/h", "session": "5/h"}}
    for _ in range(5):
        browser = Client()
        complete(browser, eform)
        assert browser.post(url(eform, "check-your-answers")).status_code == 302


# --- Crawlers and old sessions ------------------------------------------------------------------


def test_robots_txt_keeps_crawlers_out_of_forms_and_my_account(client):
    lines = client.get("/robots.txt").content.decode().splitlines()
    assert "Disallow: /forms/" in lines
    assert "Disallow: /my-account/" in lines


def test_expired_sessions_are_cleared_daily(settings):
    from home.tasks import clear_expired_sessions

    entries = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == clear_expired_sessions.name
    ]
    assert len(entries) == 1
    Session.objects.create(
        session_key="old", session_data="", expire_date=timezone.now() - timedelta(days=1)
    )
    Session.objects.create(
        session_key="current", session_data="", expire_date=timezone.now() + timedelta(days=1)
    )
    clear_expired_sessions.delay()
    assert list(Session.objects.values_list("session_key", flat=True)) == ["current"]
