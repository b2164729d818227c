"""Payments in My Account: the list of payments with their refunds, the printable receipt, and
that nobody sees anyone else's payment (another resident, an unverified address, signed out)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from crm.cases.services import open_case
from crm.payments.enums import RefundKind
from crm.payments.services import refund_payment
from tests.crm.factories import CustomerFactory
from tests.myaccount.conftest import make_resident
from tests.myaccount.test_account_bookings_data import paid_payment, unpaid_payment

pytestmark = pytest.mark.django_db

ANSWERS = [{"question": "What needs collecting?", "answer": "2 x Fridge, 1 x Sofa", "key": "items"}]


@pytest.fixture
def case_a(case_type, customer_a):
    return open_case(case_type=case_type, answers=ANSWERS, customer=customer_a)


@pytest.fixture
def case_b(case_type, customer_b):
    return open_case(case_type=case_type, answers=ANSWERS, customer=customer_b)


@pytest.fixture
def payment_a(case_a):
    """Ria paid £50.00 for two fridges and a sofa; £10.00 of it was refunded by staff."""
    payment = paid_payment(case_a)
    refund_payment(payment, amount=1000, reason="One item not collected", kind=RefundKind.STAFF)
    payment.refresh_from_db()
    return payment


@pytest.fixture
def payment_b(case_b):
    return paid_payment(case_b, description="Street trading licence")


def receipt_url(payment):
    return f"/my-account/payments/{payment.uuid}/"


def summary(page) -> dict:
    return {
        row.dt.get_text(strip=True): row.dd.get_text(" ", strip=True)
        for row in page.select(".govuk-summary-list__row")
    }


def test_payments_page_lists_each_payment_with_its_refunds(
    client, signed_in, resident_a, case_a, payment_a, soup
):
    declined = unpaid_payment(case_a, description="Hall hire")
    signed_in(resident_a)

    response = client.get("/my-account/payments/")

    assert response.status_code == 200
    page = soup(response)
    assert page.h1.get_text(strip=True) == "Your payments"
    headers = [th.get_text(" ", strip=True) for th in page.select("thead th")]
    assert headers == ["Date", "Reference", "What for", "Amount", "Status", "Receipt"]
    rows = [
        [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
        for row in page.select("tbody tr")
    ]
    # Newest first: the declined attempt, then the paid one with its refund.
    assert [row[2:4] for row in rows] == [
        ["Hall hire", "£30.00"],
        ["Bulky waste collection", "£50.00"],
    ]
    assert rows[0][4] == "Declined or failed"
    assert rows[1][4].startswith("Refunded in part")
    assert "£10.00 refunded on" in rows[1][4]
    assert rows[1][1] == case_a.reference
    assert (
        page.find("a", href=receipt_url(payment_a))
        .get_text(" ", strip=True)
        .startswith("View receipt")
    )
    assert (
        page.find("a", href=receipt_url(declined))
        .get_text(" ", strip=True)
        .startswith("View details")
    )


def test_payments_page_shows_only_the_residents_own(
    client, signed_in, resident_a, payment_a, payment_b, soup
):
    signed_in(resident_a)

    page = soup(client.get("/my-account/payments/"))

    assert page.find("a", href=receipt_url(payment_a)) is not None
    assert page.find("a", href=receipt_url(payment_b)) is None
    assert "Street trading licence" not in page.get_text()


def test_no_payments_says_so(client, signed_in, resident_a, soup):
    signed_in(resident_a)

    page = soup(client.get("/my-account/payments/"))

    assert "You have not made any payments to us online." in page.get_text(" ", strip=True)
    assert page.find("table") is None


def test_receipt_shows_council_lines_total_references_and_refunds(
    client, signed_in, resident_a, case_a, payment_a, council_settings, soup
):
    council_settings.council_name = "Anytown Borough Council"
    council_settings.address = "Town Hall\nAnytown AN1 1AA"
    council_settings.save()
    signed_in(resident_a)

    response = client.get(receipt_url(payment_a))

    assert response.status_code == 200
    page = soup(response)
    assert page.h1.get_text(strip=True) == "Receipt"
    assert page.select_one(".govuk-caption-l").get_text(strip=True) == "Anytown Borough Council"
    rows = summary(page)
    assert rows["Paid to"] == "Anytown Borough Council Town Hall Anytown AN1 1AA"
    assert rows["What for"] == "Bulky waste collection"
    assert rows["Reference"] == case_a.reference
    assert str(payment_a.paid_at.year) in rows["Date paid"]
    assert rows["Payment reference"] == str(payment_a.uuid)
    assert rows["Card payment reference"] == payment_a.provider_id
    assert payment_a.provider_id.startswith("sbx_")
    lines, refunds = page.select("table")
    line_rows = [
        [cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])]
        for row in lines.select("tbody tr")
    ]
    assert line_rows == [
        ["Fridge", "2", "£20.00", "£40.00"],
        ["Sofa", "1", "£10.00", "£10.00"],
        ["Total paid", "£50.00"],
    ]
    refund_rows = [
        [cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])]
        for row in refunds.select("tbody tr")
    ]
    assert refund_rows[0][1:] == ["Refunded by staff", "Refunded", "£10.00"]
    assert refund_rows[-1] == ["Total refunded", "£10.00"]
    # Printing: the page's own navigation is left off the paper.
    assert "govuk-!-display-none-print" in page.select_one(".govuk-back-link")["class"]


def test_receipt_names_the_council_once_when_its_address_starts_with_the_name(
    client, signed_in, resident_a, payment_a, council_settings, soup
):
    council_settings.council_name = "Anytown Borough Council"
    council_settings.address = "Anytown Borough Council\nTown Hall\nAnytown AN1 1AA"
    council_settings.save()
    signed_in(resident_a)

    page = soup(client.get(receipt_url(payment_a)))

    assert summary(page)["Paid to"] == "Anytown Borough Council Town Hall Anytown AN1 1AA"


def test_a_payment_that_was_not_taken_is_not_a_receipt(client, signed_in, resident_a, case_a, soup):
    declined = unpaid_payment(case_a)
    signed_in(resident_a)

    page = soup(client.get(receipt_url(declined)))

    assert page.h1.get_text(strip=True) == "Payment not taken"
    assert "No money has been taken for this payment" in page.get_text(" ", strip=True)
    assert summary(page)["Status"] == "Declined or failed"


def test_another_residents_receipt_is_not_found(client, signed_in, resident_a, payment_b):
    signed_in(resident_a)

    assert client.get(receipt_url(payment_b)).status_code == 404


def test_an_unknown_receipt_is_not_found(client, signed_in, resident_a):
    signed_in(resident_a)

    response = client.get("/my-account/payments/00000000-0000-0000-0000-000000000000/")

    assert response.status_code == 404


def test_an_unverified_address_sees_no_payments(client, signed_in, case_type, soup):
    unverified = make_resident("una@example.com", verified=False, name="Una Verified")
    case = open_case(
        case_type=case_type, answers=ANSWERS, customer=CustomerFactory(email="una@example.com")
    )
    payment = paid_payment(case)
    signed_in(unverified)

    assert client.get(receipt_url(payment)).status_code == 404
    page = soup(client.get("/my-account/payments/"))
    assert page.find("a", href=receipt_url(payment)) is None


@pytest.mark.parametrize("path", ["/my-account/payments/", "receipt"])
def test_payments_need_sign_in(client, payment_a, path):
    path = receipt_url(payment_a) if path == "receipt" else path

    response = client.get(path)

    assert response.status_code == 302
    assert response.url == f"/accounts/login/?next={path}"


def test_payments_page_queries_do_not_grow_with_payments(client, signed_in, resident_a, case_a):
    paid_payment(case_a)
    signed_in(resident_a)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/my-account/payments/").status_code == 200
        return len(captured)

    queries()  # warms the site and settings caches
    one = queries()
    for _ in range(3):
        payment = paid_payment(case_a)
        refund_payment(payment, amount=500, reason="Part refund", kind=RefundKind.STAFF)

    assert queries() == one
