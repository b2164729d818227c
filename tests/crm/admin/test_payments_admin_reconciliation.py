"""Reports > Payments reconciliation: one day's payments and refunds with the council's fund and
cost codes, totals per code, and the CSV finance downloads; only for superusers and staff with
"Can view payment"."""

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Permission

from crm.payments.enums import RefundKind, RefundState
from crm.payments.models import Refund
from tests.crm.factories import CaseFactory, UserFactory
from tests.crm.payments.factories import PaymentFactory, PaymentServiceFactory

from .conftest import admin_user

LONDON = ZoneInfo("Europe/London")
URL = "/admin/payments/reconciliation/"


def at(hour: int, day: int = 1) -> datetime:
    return datetime(2026, 12, day, hour, 0, tzinfo=LONDON)


@pytest.fixture
def finance(db):
    user = admin_user(first_name="Fin")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="payments", codename="view_payment")
    )
    return user


@pytest.fixture
def day_of_payments(db):
    waste = PaymentServiceFactory(name="Bulky waste", fund_code="F100", cost_code="CC-1")
    halls = PaymentServiceFactory(name="Hall hire", fund_code="F200", cost_code="CC-2")
    sofa = PaymentFactory(
        service=waste,
        case=CaseFactory(reference="DS-2026-000101"),
        amount=2500,
        paid=True,
        paid_at=at(9),
        description="Bulky waste collection",
    )
    PaymentFactory(service=waste, amount=3000, paid=True, paid_at=at(11))
    hall = PaymentFactory(
        service=halls,
        amount=10000,
        paid=True,
        paid_at=at(10),
        description="=cmd|' /C calc'!A0",  # formula injection attempt
    )
    PaymentFactory(service=waste, amount=999, paid=True, paid_at=at(9, day=2))  # next day
    PaymentFactory(service=waste, amount=777, failed=True)  # never paid
    Refund.objects.create(
        payment=sofa,
        amount=500,
        reason="Missed collection",
        kind=RefundKind.STAFF,
        state=RefundState.SUCCESS,
        settled_at=at(15),
        provider_refund_id="sbx_rfd_1",
    )
    return sofa, hall


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_finance_see_the_days_rows_and_totals_per_fund_and_cost_code(
    client, finance, day_of_payments
):
    client.force_login(finance)

    response = client.get(URL, {"day": "2026-12-01"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "DS-2026-000101" in html
    assert "£25.00" in html and "-£5.00" in html and "£100.00" in html
    assert "£9.99" not in html and "£7.77" not in html
    totals = response.context["totals"]
    assert [
        (t["fund_code"], t["cost_code"], t["payments_text"], t["refunds_text"], t["net_text"])
        for t in totals
    ] == [
        ("F100", "CC-1", "£55.00", "-£5.00", "£50.00"),
        ("F200", "CC-2", "£100.00", "£0.00", "£100.00"),
    ]
    assert response.context["grand_total"] == "£150.00"
    assert "?day=2026-12-01&amp;format=csv" in html


def test_the_csv_has_the_codes_and_negative_refunds_and_escapes_formulas(
    client, finance, day_of_payments
):
    sofa, hall = day_of_payments
    client.force_login(finance)

    response = client.get(URL, {"day": "2026-12-01", "format": "csv"})

    assert response["Content-Type"].startswith("text/csv")
    assert "reconciliation-2026-12-01.csv" in response["Content-Disposition"]
    rows = csv_rows(response)
    assert rows[0] == [
        "Date",
        "Type",
        "Case reference",
        "Payment reference",
        "Provider",
        "Provider reference",
        "Description",
        "Fund code",
        "Cost code",
        "Amount (£)",
    ]
    assert rows[1] == [
        "2026-12-01",
        "payment",
        "DS-2026-000101",
        str(sofa.uuid),
        "sandbox",
        sofa.provider_id,
        "Bulky waste collection",
        "F100",
        "CC-1",
        "25.00",
    ]
    hall_row = next(row for row in rows if row[3] == str(hall.uuid))
    assert hall_row[6] == "'=cmd|' /C calc'!A0"
    assert hall_row[7:] == ["F200", "CC-2", "100.00"]
    refund_row = rows[-1]
    assert refund_row[1] == "refund"
    assert refund_row[5] == "sbx_rfd_1"
    assert refund_row[9] == "-5.00"  # a number, not escaped as a formula
    assert len(rows) == 5


def test_a_day_without_payments_says_so(client, finance, day_of_payments):
    client.force_login(finance)

    html = client.get(URL, {"day": "2026-11-30"}).content.decode()

    assert "No payments were taken and no refunds made on this day." in html


def test_a_bad_day_is_refused_next_to_the_field(client, finance):
    client.force_login(finance)

    response = client.get(URL, {"day": "31/02/2026"})

    assert response.status_code == 200
    assert "Enter a real date" in response.content.decode()
    assert client.get(URL, {"day": "nonsense", "format": "csv"})["Content-Type"].startswith(
        "text/html"
    )


def test_superusers_may_reconcile(client, day_of_payments):
    client.force_login(UserFactory(superuser=True))

    assert client.get(URL, {"day": "2026-12-01"}).status_code == 200


def test_staff_without_the_permission_are_refused(client, staff_a, day_of_payments):
    client.force_login(staff_a)

    response = client.get(URL, {"day": "2026-12-01", "format": "csv"})

    assert response.status_code in (302, 403)
    assert b"DS-2026-000101" not in response.content


def test_residents_are_refused(client, day_of_payments):
    client.force_login(UserFactory())

    response = client.get(URL, {"day": "2026-12-01"})

    assert response.status_code in (302, 403)
    assert b"DS-2026-000101" not in response.content


def test_the_reports_menu_offers_it_to_finance_only(client, finance, staff_a):
    client.force_login(finance)
    assert URL in client.get("/admin/").content.decode()

    client.force_login(staff_a)
    assert URL not in client.get("/admin/").content.decode()


def test_a_far_off_day_is_refused_rather_than_overflow(client, finance):
    client.force_login(finance)

    response = client.get(URL, {"day": "9999-12-31"})

    assert response.status_code == 200
    assert "Enter a date between 2000 and 2200" in response.content.decode()
