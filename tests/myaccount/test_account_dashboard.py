"""The My Account dashboard: a resident's requests and saved drafts."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from crm.cases.services import add_internal_note, add_public_update, open_case
from myaccount import drafts
from tests.crm.factories import CaseFactory, CustomerFactory

pytestmark = pytest.mark.django_db

ANSWERS = [{"question": "Where is it?", "answer": "Mill Lane"}]


def request_rows(page):
    table = page.find("table", class_="govuk-table")
    return [] if table is None else table.tbody.find_all("tr")


@pytest.mark.parametrize(
    "path",
    ["/my-account/", "/my-account/requests/8a7c7c9e-3b0e-4a47-9f53-5a5b4c3d2e1f/"],
)
def test_visitors_are_sent_to_sign_in_and_brought_back(client, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response.url == f"/accounts/login/?next={path}"


def test_the_dashboard_lists_the_residents_requests_newest_first(
    client, signed_in, resident_a, customer_a, case_type, soup
):
    older = CaseFactory(customer=customer_a, case_type=case_type, in_progress=True)
    older.created_at = timezone.now() - timedelta(days=10)
    older.save()
    newer = CaseFactory(customer=customer_a, case_type__name="Apply for a parking permit")
    someone_elses = CaseFactory(customer=CustomerFactory(email="someone@example.com"))
    signed_in(resident_a)

    response = client.get("/my-account/")

    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    page = soup(response)
    assert page.h1.get_text(strip=True) == "Your account"
    rows = request_rows(page)
    assert [row.th.get_text(strip=True) for row in rows] == [newer.reference, older.reference]
    link = rows[1].th.a
    assert link["href"] == f"/my-account/requests/{older.uuid}/"
    cells = [cell.get_text(strip=True) for cell in rows[1].find_all("td")]
    assert cells[0] == "Report a pothole"
    assert cells[1] == "In progress"
    assert rows[1].find("strong", class_="govuk-tag") is not None
    assert cells[2] == timezone.localtime(older.created_at).strftime("%-d %B %Y")
    assert someone_elses.reference not in page.get_text()


def test_last_updated_is_the_newest_thing_the_resident_can_see(
    client, signed_in, resident_a, customer_a, case_type, soup, officer
):
    case = open_case(case_type=case_type, answers=ANSWERS, customer=customer_a)
    case.events.update(created_at=timezone.now() - timedelta(days=30))
    case.created_at = timezone.now() - timedelta(days=30)
    case.save()
    update = add_public_update(case, actor=officer, text="We have inspected it.")
    update.created_at = timezone.now() - timedelta(days=2)
    update.save()
    add_internal_note(case, actor=officer, text="Staff only: not a public change.")
    signed_in(resident_a)

    row = request_rows(soup(client.get("/my-account/")))[0]

    last_updated = row.find_all("td")[-1].get_text(strip=True)
    assert last_updated == timezone.localtime(update.created_at).strftime("%-d %B %Y")


def test_a_linked_record_whose_address_is_not_on_the_account_brings_in_no_requests(
    client, signed_in, resident_a, soup
):
    """Access comes from the addresses verified on the account now, not from the record's link
    (an address removed from the account takes its requests with it)."""
    linked = CustomerFactory(email="old-address@example.com", user=resident_a)
    case = CaseFactory(customer=linked)
    signed_in(resident_a)

    assert case.reference not in soup(client.get("/my-account/")).get_text()


def test_unverified_addresses_do_not_bring_in_requests(client, signed_in, soup):
    from .conftest import make_resident

    resident = make_resident("unverified@example.com", verified=False)
    case = CaseFactory(customer=CustomerFactory(email="unverified@example.com"))
    signed_in(resident)

    assert case.reference not in soup(client.get("/my-account/")).get_text()


def test_empty_states_are_written_for_people(client, signed_in, resident_a, soup, monkeypatch):
    monkeypatch.setattr("myaccount.views.saved_drafts", lambda user: [])
    signed_in(resident_a)

    page = soup(client.get("/my-account/"))

    assert request_rows(page) == []
    text = page.get_text(" ", strip=True)
    assert "You have not asked us for anything yet." in text
    assert "ria@example.com" in text
    assert "You have no forms in progress." in text


def test_saved_drafts_are_listed_with_a_link_to_continue(
    client, signed_in, resident_a, soup, monkeypatch
):
    saved = timezone.now() - timedelta(days=1)
    draft = SimpleNamespace(
        form=SimpleNamespace(title="Apply for a blue badge"),
        updated_at=saved,
        resume_url="/forms/blue-badge/resume/1234/",
    )
    monkeypatch.setattr(
        "myaccount.views.saved_drafts",
        lambda user: [drafts.DraftSummary.from_draft(draft)] if user == resident_a else [],
    )
    signed_in(resident_a)

    page = soup(client.get("/my-account/"))

    link = page.find("a", href="/forms/blue-badge/resume/1234/")
    assert link.get_text(strip=True) == "Continue Apply for a blue badge"
    assert f"Saved {timezone.localtime(saved):%-d %B %Y}." in page.get_text(" ", strip=True)


def test_the_dashboard_links_to_account_settings(client, signed_in, resident_a, soup):
    signed_in(resident_a)

    page = soup(client.get("/my-account/"))

    assert page.find("a", href="/accounts/password/change/") is not None
    assert page.find("a", href="/accounts/email/") is not None


def test_visitors_who_are_not_signed_in_get_no_cookies_from_the_header(client, home_page):
    response = client.get("/")

    assert response.status_code == 200
    assert not response.cookies
    assert b'href="/accounts/login/"' in response.content


def test_the_dashboard_costs_the_same_queries_however_many_requests(
    client, signed_in, resident_a, customer_a, case_type
):
    signed_in(resident_a)

    def queries_for_dashboard():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/my-account/").status_code == 200
        return len(queries)

    queries_for_dashboard()  # the first page view creates the site's council settings
    CaseFactory.create_batch(2, customer=customer_a, case_type=case_type)
    with_two = queries_for_dashboard()
    CaseFactory.create_batch(8, customer=customer_a)
    assert queries_for_dashboard() == with_two
