"""The demo's six booking and payment eForms work as their service pages promise: each is walked
through to its pay page (or, for the free inspection, its confirmation), and paid in the sandbox.

The bulky waste journey is also walked in Chromium (tests/e2e/test_bookings_journey.py).
"""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from crm.bookings.enums import BookingStatus
from crm.bookings.models import Booking
from crm.cases.models import Case
from crm.payments.enums import LineKind, PaymentState
from crm.payments.models import Payment
from demo.bookings import load_demo_bookings
from demo.forms import load_demo_forms
from forms.models import EForm
from tests.forms.uploads import PDF_BYTES, PNG_BYTES

pytestmark = pytest.mark.django_db

YOU = {"name": "Ann Other", "email": "ann@example.com"}


@pytest.fixture
def demo(db):
    load_demo_forms()
    load_demo_bookings()


def form(slug: str) -> EForm:
    return EForm.objects.get(slug=slug)


def address(key: str, line_1="2 Mill Lane", postcode="FN1 2AB") -> dict:
    return {f"{key}_line_1": line_1, f"{key}_town": "Fernleigh", f"{key}_postcode": postcode}


def first_slot(client, eform, step: str) -> str:
    response = client.get(f"/forms/{eform.slug}/{step}/")
    assert response.status_code == 200
    options = response.context["questions"][0]["options"]
    assert options, "no dates or times offered"
    return options[0]["value"]


def send(client, eform):
    """Check your answers' button; returns where it leads."""
    response = client.post(f"/forms/{eform.slug}/check-your-answers/")
    assert response.status_code == 302, response.content.decode()[:2000]
    return response.url


def pay_in_sandbox(client, eform, action="pay"):
    response = client.post(f"/forms/{eform.slug}/pay/")
    assert response.status_code == 302
    sandbox = urlsplit(response.url).path
    assert sandbox.startswith("/payments/sandbox/")
    back = client.post(sandbox, {"action": action})
    parts = urlsplit(back.url)
    return client.get(parts.path + (f"?{parts.query}" if parts.query else ""))


def test_hall_hire_pays_the_fee_and_deposit_and_waits_for_approval(client, walk, demo):
    eform = form("hire-a-community-hall")
    client.get(eform.get_absolute_url())
    walk(eform, "hall", {"hall": "ashby-cross-village-hall"})
    key = first_slot(client, eform, "date")
    # The times offered are the chosen hall's.
    assert key.startswith("ashby-cross-village-hall@")
    walk(eform, "date", {"hall_slot": key})
    walk(eform, "event", {"purpose": "A 7th birthday party", "guests": "30", "alcohol": "no"})
    walk(eform, "your-details", YOU)
    assert send(client, eform) == "/forms/hire-a-community-hall/pay/"
    payment = Payment.objects.get()
    assert payment.amount == 15000
    assert sorted((line["kind"], line["amount"]) for line in payment.line_items) == [
        (LineKind.DEPOSIT, 10000),
        (LineKind.FEE, 5000),
    ]
    assert payment.service.name == "Community hall hire"
    booking = Booking.objects.get()
    assert booking.resource.slug == "ashby-cross-village-hall"
    # Seven days' notice at least, and a 2-hour slot.
    assert booking.starts_at.date() >= timezone.localdate() + timedelta(days=7)
    assert booking.ends_at - booking.starts_at == timedelta(hours=2)

    response = pay_in_sandbox(client, eform)
    assert response.status_code == 302 and response.url.endswith("/confirmation/")
    booking.refresh_from_db()
    assert booking.status == BookingStatus.AWAITING_APPROVAL


def test_an_inspection_is_booked_free_against_an_application_reference(client, walk, demo):
    eform = form("book-a-building-control-inspection")
    client.get(eform.get_absolute_url())
    refused = walk(eform, "reference", {"application_reference": "2026/142"})
    assert refused.status_code == 200
    assert "Enter the application reference in the format BC/2026/0142" in (
        refused.content.decode()
    )
    walk(eform, "reference", {"application_reference": "BC/2026/0142"})
    walk(eform, "site", address("site_address"))
    walk(eform, "stage", {"stage": "drains"})
    key = first_slot(client, eform, "slot")
    walk(eform, "slot", {"inspection_slot": key})
    walk(eform, "your-details", {**YOU, "phone": "01632 960555"})
    assert send(client, eform).endswith("/confirmation/")
    booking = Booking.objects.select_related("resource__officer").get()
    assert booking.status == BookingStatus.CONFIRMED  # nothing to pay
    assert booking.resource.officer.last_name in {"Hughes", "Begum"}
    assert not Payment.objects.exists()
    case = Case.objects.get()
    assert case.case_type.team.name == "Building control"
    assert any(answer["answer"] == "BC/2026/0142" for answer in case.answers)


def test_planning_documents_are_priced_by_what_is_ordered(client, walk, demo):
    eform = form("request-planning-documents")
    client.get(eform.get_absolute_url())
    walk(eform, "reference", {"application_reference": "PL/2003/0417"})
    walk(eform, "property", address("property_address"))
    walk(eform, "documents", {"documents__decision-notice": "1", "documents__approved-plan": "3"})
    walk(eform, "your-details", YOU)
    assert send(client, eform).endswith("/pay/")
    payment = Payment.objects.get()
    assert payment.amount == 2500 + 3 * 1000
    assert payment.service.fund_code == "GF"
    assert not Booking.objects.exists()
    response = pay_in_sandbox(client, eform)
    assert response.url.endswith("/confirmation/")
    payment.refresh_from_db()
    assert payment.state == PaymentState.SUCCESS


def test_a_land_charges_search_takes_the_forms_and_the_fee(client, walk, demo):
    eform = form("local-land-charges-search")
    client.get(eform.get_absolute_url())
    walk(eform, "property", address("property_address", "7 Station Road", "FN1 1AB"))
    walk(
        eform,
        "forms",
        files={
            "search_forms": [
                SimpleUploadedFile("LLC1.pdf", PDF_BYTES, content_type="application/pdf"),
                SimpleUploadedFile("CON29.pdf", PDF_BYTES, content_type="application/pdf"),
            ],
            "plan": SimpleUploadedFile("plan.png", PNG_BYTES, content_type="image/png"),
        },
    )
    walk(eform, "your-details", {**YOU, "firm": "Ashby and Co Solicitors"})
    assert send(client, eform).endswith("/pay/")
    case = Case.objects.get()
    assert sorted(a.original_name for a in case.attachments.all()) == [
        "CON29.pdf",
        "LLC1.pdf",
        "plan.png",
    ]
    payment = Payment.objects.get()
    assert payment.amount == 14500
    assert [line["label"] for line in payment.line_items] == ["Official search (LLC1 and CON29)"]
    declined = pay_in_sandbox(client, eform, action="decline")
    assert declined.url.endswith("/pay/")
    assert "Your payment was declined" in client.get(declined.url).content.decode()


def test_a_street_trading_application_pays_its_fee(client, walk, demo):
    eform = form("street-trading-consent")
    client.get(eform.get_absolute_url())
    start = timezone.localdate() + timedelta(days=40)
    walk(
        eform,
        "trading",
        {"trading_location": "Lay-by on the A1234 by Ashby Cross", "goods": "Hot drinks"},
    )
    walk(
        eform,
        "period",
        {
            "period": "6-months",
            "start_date_day": str(start.day),
            "start_date_month": str(start.month),
            "start_date_year": str(start.year),
        },
    )
    walk(eform, "your-details", {**YOU, "business_name": "Ann's Coffee"})
    walk(eform, "declaration", {"declaration": "on"})
    assert send(client, eform).endswith("/pay/")
    payment = Payment.objects.get()
    assert payment.amount == 9500
    assert payment.service.name == "Street trading licences"
    assert Case.objects.get().case_type.team.name == "Licensing"


def test_bulky_waste_outside_every_round_is_told_so(client, walk, demo):
    eform = form("book-a-bulky-waste-collection")
    client.get(eform.get_absolute_url())
    walk(eform, "address", address("address", "1 High Street", "ZZ9 9ZZ"))
    walk(eform, "items", {"items__mattress": "1"})
    page = client.get("/forms/book-a-bulky-waste-collection/date/").content.decode()
    assert "We do not collect from this address" in page


def test_bulky_waste_on_the_south_round(client, walk, demo):
    eform = form("book-a-bulky-waste-collection")
    client.get(eform.get_absolute_url())
    walk(eform, "address", address("address", "14 Orchard Way", "FN2 3BD"))
    walk(eform, "items", {"items__mattress": "2", "items__chairs": "4"})
    walk(eform, "date", {"collection_date": first_slot(client, eform, "date")})
    walk(eform, "your-details", YOU)
    assert send(client, eform).endswith("/pay/")
    booking = Booking.objects.select_related("resource").get()
    assert (booking.resource.slug, booking.quantity) == ("bulky-waste-south", 6)
    assert booking.starts_at.weekday() in (1, 3)  # the South round works Tuesday and Thursday
    assert Payment.objects.get().amount == 2 * 1500 + 4 * 500
