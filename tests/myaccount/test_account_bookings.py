"""Bookings in My Account: the dashboard and bookings page, cancelling a booking with its refund,
and everything a resident may not do (anyone else's booking, an unverified address, after the
cut-off, twice, by GET)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from crm.bookings.enums import BookingStatus
from crm.bookings.selectors import booking_label
from crm.cases.services import open_case
from crm.payments.enums import EventSource, PaymentState, RefundKind, RefundState
from crm.payments.providers.base import ProviderError
from crm.payments.providers.sandbox import SandboxProvider
from myaccount.templatetags.myaccount_tags import govuk_datetime
from tests.crm.factories import CustomerFactory
from tests.myaccount.conftest import make_resident
from tests.myaccount.test_account_bookings_data import (
    collection,
    collection_round,
    collection_starting_in,
    paid_payment,
)

pytestmark = pytest.mark.django_db

ANSWERS = [{"question": "What needs collecting?", "answer": "2 x Fridge, 1 x Sofa", "key": "items"}]


@pytest.fixture
def bulky_waste(case_type):
    case_type.name = "Book a bulky waste collection"
    case_type.save()
    return case_type


@pytest.fixture
def round_(db):
    return collection_round()


@pytest.fixture
def case_a(bulky_waste, customer_a):
    return open_case(case_type=bulky_waste, answers=ANSWERS, customer=customer_a)


@pytest.fixture
def case_b(bulky_waste, customer_b):
    return open_case(case_type=bulky_waste, answers=ANSWERS, customer=customer_b)


@pytest.fixture
def booking_a(case_a, round_):
    """Ria's collection in three days, paid £50.00 in the sandbox."""
    booking = collection(case_a, round_, days_ahead=3)
    paid_payment(case_a)
    return booking


@pytest.fixture
def booking_b(case_b, round_):
    booking = collection(case_b, round_, days_ahead=4)
    paid_payment(case_b)
    return booking


def cancel_url(booking):
    return f"/my-account/bookings/{booking.uuid}/cancel/"


def cards(page) -> dict:
    """Each booking card on the page: its title -> {row key: value text}, with its actions."""
    found = {}
    for card in page.select(".govuk-summary-card"):
        title = card.select_one(".govuk-summary-card__title").get_text(" ", strip=True)
        rows = {
            row.dt.get_text(strip=True): row.dd.get_text(" ", strip=True)
            for row in card.select(".govuk-summary-list__row")
        }
        rows["actions"] = [
            a.get_text(" ", strip=True) for a in card.select(".govuk-summary-card__actions a")
        ]
        rows["text"] = card.get_text(" ", strip=True)
        found[title] = rows
    return found


def refunds_of(case):
    return [refund for payment in case.payments.all() for refund in payment.refunds.all()]


# --- The bookings page ---------------------------------------------------------------------------


def test_bookings_page_lists_upcoming_then_past_with_reference_items_status_and_cancel_link(
    client, signed_in, resident_a, case_a, round_, booking_a, bulky_waste, customer_a, soup
):
    old_case = open_case(case_type=bulky_waste, answers=ANSWERS, customer=customer_a)
    collection(old_case, round_, days_ahead=10, status=BookingStatus.CANCELLED)
    signed_in(resident_a)

    response = client.get("/my-account/bookings/")

    assert response.status_code == 200
    page = soup(response)
    assert page.h1.get_text(strip=True) == "Your bookings"
    headings = [h2.get_text(strip=True) for h2 in page.select("main h2")]
    assert headings == ["Upcoming bookings", "Past and cancelled bookings"]
    shown = cards(page)
    # Upcoming first, then past and cancelled.
    assert [card["Status"] for card in shown.values()] == ["Confirmed", "Cancelled"]
    card = shown[f"Bulky waste collection: {booking_label(booking_a)}"]
    assert card["Reference"].startswith(case_a.reference)
    assert card["What"] == "Bulky waste collection"
    assert card["When"] == booking_label(booking_a)
    assert card["Items"] == "2 x Fridge 1 x Sofa"
    assert card["Address"] == "12 Mill Lane, Doorstep"
    assert card["actions"][0].startswith("Cancel booking")
    deadline = govuk_datetime(booking_a.starts_at - timedelta(hours=24))
    assert f"You can cancel this booking online until {deadline}." in card["text"]
    assert page.find("a", href=cancel_url(booking_a)) is not None
    assert page.find("a", href=f"/my-account/requests/{case_a.uuid}/") is not None
    cancelled = list(shown.values())[1]
    assert cancelled["actions"] == []
    assert "You can no longer cancel" not in cancelled["text"]


def test_after_the_cut_off_there_is_no_cancel_link_but_the_reason(
    client, signed_in, resident_a, case_a, round_, soup
):
    booking = collection_starting_in(case_a, round_, hours=10)
    signed_in(resident_a)

    page = soup(client.get("/my-account/bookings/"))

    assert page.find("a", href=cancel_url(booking)) is None
    text = page.get_text(" ", strip=True)
    deadline = govuk_datetime(booking.starts_at - timedelta(hours=24))
    assert (
        f"You can no longer cancel this booking online: you could cancel it until {deadline}."
        in text
    )


def test_another_residents_bookings_are_not_listed(
    client, signed_in, resident_a, booking_a, booking_b, soup
):
    signed_in(resident_a)

    page = soup(client.get("/my-account/bookings/"))

    assert page.find("a", href=cancel_url(booking_a)) is not None
    assert page.find("a", href=cancel_url(booking_b)) is None
    assert booking_b.case.reference not in page.get_text()


def test_bookings_page_needs_sign_in(client, booking_a):
    response = client.get("/my-account/bookings/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_resident_with_no_bookings_is_told_so(client, signed_in, resident_a, soup):
    signed_in(resident_a)

    text = soup(client.get("/my-account/bookings/")).get_text(" ", strip=True)

    assert "You have no upcoming bookings." in text
    assert "You have no past or cancelled bookings." in text


# --- The dashboard and the request's page ---------------------------------------------------------


def test_dashboard_shows_upcoming_bookings_and_links_to_bookings_and_payments(
    client, signed_in, resident_a, case_a, booking_a, soup
):
    signed_in(resident_a)

    page = soup(client.get("/my-account/"))

    section = page.find("h2", id="bookings")
    assert section.get_text(strip=True) == "Your bookings"
    table = section.find_next("table")
    row = [td.get_text(" ", strip=True) for td in table.tbody.tr.find_all("td")]
    assert row[1:] == ["Bulky waste collection", "Confirmed", case_a.reference]
    assert str(booking_a.date.year) in row[0]
    assert page.find("a", href="/my-account/bookings/") is not None
    assert page.find("h2", id="payments").get_text(strip=True) == "Your payments"
    assert page.find("a", href="/my-account/payments/") is not None


def test_dashboard_without_bookings_says_so(client, signed_in, resident_a, soup):
    signed_in(resident_a)

    page = soup(client.get("/my-account/"))

    assert "You have no upcoming bookings." in page.get_text(" ", strip=True)
    assert page.find("a", href="/my-account/bookings/") is None


def test_the_requests_page_shows_its_booking_and_payment_with_a_receipt_link(
    client, signed_in, resident_a, case_a, booking_a, soup
):
    payment = case_a.payments.get()
    signed_in(resident_a)

    page = soup(client.get(f"/my-account/requests/{case_a.uuid}/"))

    bookings = page.find("h2", id="bookings")
    assert bookings.get_text(strip=True) == "Your booking"
    # Near the top: after the request's summary, before what the resident told us.
    assert [h2.get_text(strip=True) for h2 in bookings.find_all_next("h2")][:1] == [
        "What you told us"
    ]
    assert page.find("a", href=cancel_url(booking_a)) is not None
    receipt = page.find("a", href=f"/my-account/payments/{payment.uuid}/")
    assert receipt.get_text(" ", strip=True).startswith("View receipt")
    assert "£50.00" in page.get_text()


# --- Cancelling ---------------------------------------------------------------------------------


def test_cancel_page_asks_first_and_says_what_will_be_refunded(
    client, signed_in, resident_a, booking_a, soup
):
    signed_in(resident_a)

    response = client.get(cancel_url(booking_a))

    assert response.status_code == 200
    page = soup(response)
    assert page.h1.get_text(strip=True) == "Are you sure you want to cancel your booking?"
    text = page.get_text(" ", strip=True)
    assert "We will refund £50.00 to the card you paid with." in text
    assert "2 x Fridge" in text
    form = page.find("form", action=cancel_url(booking_a))
    assert form["method"] == "post"
    assert form.button.get_text(strip=True) == "Yes, cancel booking"
    assert page.find("a", string="No, keep my booking")["href"] == "/my-account/bookings/"
    booking_a.refresh_from_db()
    assert booking_a.status == BookingStatus.CONFIRMED  # GET never cancels
    assert refunds_of(booking_a.case) == []


def test_cancelling_refunds_the_payment_and_says_so(client, signed_in, resident_a, booking_a, soup):
    signed_in(resident_a)

    response = client.post(cancel_url(booking_a), follow=True)

    assert response.redirect_chain == [("/my-account/bookings/", 302)]
    page = soup(response)
    banner = page.select_one(".govuk-notification-banner--success")
    assert banner.select_one(".govuk-notification-banner__heading").get_text(strip=True) == (
        "Booking cancelled. We will refund £50.00 to the card you paid with."
    )
    booking_a.refresh_from_db()
    assert booking_a.status == BookingStatus.CANCELLED
    (refund,) = refunds_of(booking_a.case)
    assert (refund.amount, refund.kind, refund.state) == (
        5000,
        RefundKind.CANCELLATION,
        RefundState.SUCCESS,
    )
    payment = booking_a.case.payments.get()
    assert payment.state == PaymentState.REFUNDED
    assert payment.refunded_amount == 5000
    # The payment's history (on the staff case page) does not call the resident's refund a
    # staff refund.
    refunded = payment.events.get(to_state=PaymentState.REFUNDED)
    assert refunded.source == EventSource.SYSTEM
    # Now under "Past and cancelled", with no cancel link.
    assert page.find("a", href=cancel_url(booking_a)) is None
    assert "Cancelled" in page.get_text()


def test_a_free_booking_cancels_with_nothing_to_refund(
    client, signed_in, resident_a, case_a, round_, soup
):
    booking = collection(case_a, round_, days_ahead=5)
    signed_in(resident_a)

    text = soup(client.get(cancel_url(booking))).get_text(" ", strip=True)
    response = client.post(cancel_url(booking), follow=True)

    assert "You have not paid anything for this booking, so there is nothing to refund." in text
    banner = soup(response).select_one(".govuk-notification-banner__heading")
    assert banner.get_text(strip=True) == "Booking cancelled."
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED


def test_cancelling_after_the_cut_off_is_refused_with_the_reason(
    client, signed_in, resident_a, case_a, round_, soup
):
    booking = collection_starting_in(case_a, round_, hours=10)
    paid_payment(case_a)
    signed_in(resident_a)

    page_before = soup(client.get(cancel_url(booking)))
    response = client.post(cancel_url(booking))

    assert page_before.h1.get_text(strip=True) == "You cannot cancel this booking online"
    assert "Yes, cancel booking" not in page_before.get_text()
    assert "You can no longer cancel this booking online" in page_before.get_text(" ", strip=True)
    assert response.status_code == 400
    page = soup(response)
    summary = page.select_one(".govuk-error-summary")
    assert summary.h2.get_text(strip=True) == "There is a problem"
    assert "You could cancel this booking online until" in summary.get_text(" ", strip=True)
    assert page.title.get_text(strip=True).startswith("Error:")
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    assert refunds_of(case_a) == []


def test_a_cancelled_booking_cannot_be_cancelled_again(
    client, signed_in, resident_a, booking_a, soup
):
    signed_in(resident_a)
    client.post(cancel_url(booking_a))

    again = client.post(cancel_url(booking_a))
    page = soup(client.get(cancel_url(booking_a)))

    assert again.status_code == 400
    summary = soup(again).select_one(".govuk-error-summary")
    assert "This booking has already been cancelled" in summary.get_text(" ", strip=True)
    assert len(refunds_of(booking_a.case)) == 1
    assert page.h1.get_text(strip=True) == "You cannot cancel this booking online"
    assert "This booking has already been cancelled." in page.get_text(" ", strip=True)


def test_when_the_refund_fails_the_booking_is_not_cancelled(
    client, signed_in, resident_a, booking_a, monkeypatch, soup
):
    """The payment provider refuses the refund: nothing changes, and the resident is told."""

    def refuse(self, payment, *, amount, refund_uuid):
        raise ProviderError("The sandbox is down")

    monkeypatch.setattr(SandboxProvider, "refund", refuse)
    signed_in(resident_a)

    response = client.post(cancel_url(booking_a))

    assert response.status_code == 400
    summary = soup(response).select_one(".govuk-error-summary")
    assert "did not make the refund" in summary.get_text(" ", strip=True)
    booking_a.refresh_from_db()
    assert booking_a.status == BookingStatus.CONFIRMED
    assert refunds_of(booking_a.case) == []


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_residents_booking_cannot_be_cancelled(
    client, signed_in, resident_a, booking_b, method
):
    signed_in(resident_a)

    response = getattr(client, method)(cancel_url(booking_b))

    assert response.status_code == 404
    booking_b.refresh_from_db()
    assert booking_b.status == BookingStatus.CONFIRMED
    assert refunds_of(booking_b.case) == []


def test_an_unknown_booking_is_not_found(client, signed_in, resident_a):
    signed_in(resident_a)

    response = client.get("/my-account/bookings/00000000-0000-0000-0000-000000000000/cancel/")

    assert response.status_code == 404


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_unverified_address_cannot_see_or_cancel_its_booking(
    client, signed_in, bulky_waste, round_, method
):
    """Someone who signed up with the booking's address but has not confirmed it."""
    unverified = make_resident("una@example.com", verified=False, name="Una Verified")
    case = open_case(
        case_type=bulky_waste, answers=ANSWERS, customer=CustomerFactory(email="una@example.com")
    )
    booking = collection(case, round_)
    signed_in(unverified)

    response = getattr(client, method)(cancel_url(booking))
    listing = client.get("/my-account/bookings/")

    assert response.status_code == 404
    assert str(booking.uuid) not in listing.content.decode()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED


def test_signed_out_cancel_goes_to_sign_in_and_changes_nothing(client, booking_a):
    response = client.post(cancel_url(booking_a))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    booking_a.refresh_from_db()
    assert booking_a.status == BookingStatus.CONFIRMED


def test_bookings_page_and_dashboard_queries_do_not_grow_with_bookings(
    client, signed_in, resident_a, case_a, round_, bulky_waste, customer_a
):
    collection(case_a, round_, days_ahead=3)
    signed_in(resident_a)

    def queries(path):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    paths = ("/my-account/", "/my-account/bookings/")
    for path in paths:
        queries(path)  # warms the site and settings caches
    one = {path: queries(path) for path in paths}
    for days in (4, 5, 6):
        case = open_case(case_type=bulky_waste, answers=ANSWERS, customer=customer_a)
        collection(case, round_, days_ahead=days)
    paid_payment(case_a)

    assert {path: queries(path) for path in one} == one
