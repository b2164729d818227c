"""The resident's booking and paying journey: priced items, choosing a date, sending (the case
opens with its booking held and its payment pending), paying in the sandbox, and what happens
when a payment is declined or cancelled or the last place is taken by someone else."""

from datetime import timedelta

import pytest
from django.utils import timezone

from crm.bookings.enums import BookingStatus
from crm.bookings.models import Booking
from crm.bookings.services import SlotUnavailable
from crm.cases.models import Case
from crm.payments.enums import PaymentState
from crm.payments.models import Payment
from tests.crm.bookings.factories import BookingFactory, OfficerFactory, RoomFactory, RoundFactory
from tests.crm.payments.factories import PaymentServiceFactory
from tests.csp import assert_policy_allows_page
from tests.forms import factories as f
from tests.forms.bookings import (
    ADDRESS,
    booking_slot,
    bulky_waste_form,
    fill_in,
    on_sandbox,
    press_pay,
    slot_options,
)
from tests.forms.steps import answer, url

pytestmark = pytest.mark.django_db

CHECK = "check-your-answers"


@pytest.fixture
def round_(db):
    return RoundFactory(name="North round", daily_capacity=10)


@pytest.fixture
def eform(case_type, round_):
    return bulky_waste_form(case_type, fee="5.00", fee_label="Collection fee")


def send(client, eform):
    return client.post(url(eform, CHECK))


# --- Priced items -------------------------------------------------------------------------------


def test_each_item_has_a_number_box_with_its_price(client, eform):
    page = client.get(url(eform, "items")).content.decode()
    assert 'name="items-items__fridge"' in page
    assert 'name="items-items__sofa"' in page
    assert "£25.00 each. Up to 2." in page
    assert "£30.00 each. Up to 3." in page


@pytest.mark.parametrize(
    ("fridges", "sofas", "message"),
    [
        ("two", "", "Enter how many fridges as a number, or 0"),
        ("3", "", "Enter 2 or fewer fridges"),
        ("", "0", "Choose at least one item"),
    ],
)
def test_priced_items_errors(client, eform, fridges, sofas, message):
    response = answer(client, eform, "items", {"items__fridge": fridges, "items__sofa": sofas})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert page.count(message) == 2  # the summary and the question
    assert response.context["errors"][0]["href"] == "#id_items-items__fridge"


def test_check_your_answers_lists_the_items_and_the_total(client, eform):
    fill_in(client, eform, fridges="2", sofas="1")
    response = client.get(url(eform, CHECK))
    page = response.content.decode()
    assert "2 x Fridges (£50.00)" in page
    assert "1 x Sofas (£30.00)" in page
    rows = [(row["label"], row["amount"]) for row in response.context["payment_rows"]]
    assert rows == [("Collection fee", "£5.00"), ("2 x Fridges", "£50.00"), ("1 x Sofas", "£30.00")]
    assert response.context["payment_total"] == "£85.00"
    assert "Total" in page
    assert "Continue to payment" in page
    assert "Accept and send" not in page


# --- Choosing a date ----------------------------------------------------------------------------


def test_the_slot_step_offers_dates_with_room_for_the_items(client, eform, round_):
    answer(client, eform, "items", {"items__fridge": "2"})
    answer(client, eform, "address", ADDRESS)
    first_day = timezone.localdate() + timedelta(days=1)
    BookingFactory(on=round_, day=first_day, quantity=9)  # one place left: not enough for two
    response, options = slot_options(client, eform)
    assert len(options) == 10
    assert all(option["value"].startswith(f"{round_.slug}@") for option in options)
    assert first_day.isoformat() not in options[0]["value"]
    assert 'type="radio"' in response.content.decode()


def test_show_later_and_earlier_dates_without_javascript(client, eform):
    answer(client, eform, "items", {"items__fridge": "1"})
    answer(client, eform, "address", ADDRESS)
    response, first_page = slot_options(client, eform)
    later = response.context["questions"][0]["later_url"]
    assert later.startswith("?from=")
    assert "Show later dates" in response.content.decode()
    assert "Show earlier dates" not in response.content.decode()

    response, second_page = slot_options(client, eform, later)
    assert second_page[0]["value"] > first_page[-1]["value"]
    earlier = response.context["questions"][0]["earlier_url"]
    assert "Show earlier dates" in response.content.decode()
    _response, back = slot_options(client, eform, earlier)
    assert [o["value"] for o in back] == [o["value"] for o in first_page]

    # A date chosen on a later page is kept.
    key = second_page[3]["value"]
    response = client.post(url(eform, "date") + later, {"date-collection_date": key})
    assert response.status_code == 302
    assert client.get(url(eform, "date") + later).context["questions"][0]["options"][3]["checked"]


def test_choosing_no_date_is_an_error(client, eform):
    answer(client, eform, "items", {"items__fridge": "1"})
    answer(client, eform, "address", ADDRESS)
    response = answer(client, eform, "date", {})
    assert response.status_code == 200
    assert response.context["errors"] == [
        {"href": "#id_date-collection_date", "text": "Choose a date"}
    ]


def test_an_address_outside_every_round_gets_a_clear_message(client, eform):
    answer(client, eform, "items", {"items__fridge": "1"})
    answer(client, eform, "address", {**ADDRESS, "address_postcode": "DS9 9ZZ"})
    response = client.get(url(eform, "date"))
    page = response.content.decode()
    assert "We do not collect from this address" in page
    assert "DS9 9ZZ" in page
    assert 'type="radio"' not in page
    assert "Continue" not in page
    assert f'href="{url(eform, "address")}"' in page


def test_check_your_answers_shows_the_date_chosen(client, eform):
    key = fill_in(client, eform, slot=2)
    _response, options = slot_options(client, eform)
    label = next(option["label"] for option in options if option["value"] == key)
    response = client.get(url(eform, CHECK))
    rows = [row for section in response.context["sections"] for row in section["rows"]]
    row = next(row for row in rows if row["label"] == "Choose a collection date")
    assert row["lines"] == [label]
    assert key not in response.content.decode()


# --- Sending ------------------------------------------------------------------------------------


def test_sending_holds_the_booking_and_starts_the_payment(client, eform, round_):
    key = fill_in(client, eform, fridges="2")
    response = send(client, eform)
    assert response.url == url(eform, "pay")
    case = Case.objects.get()
    booking = Booking.objects.get()
    assert booking.case == case
    assert booking.status == BookingStatus.HELD
    assert booking.hold_expires_at is not None
    assert booking.quantity == 2
    assert booking.resource == round_
    assert booking.starts_at.isoformat() == key.split("@", 1)[1]
    assert booking.postcode == "DS1 4AB"
    assert booking.items == [{"label": "Fridges", "quantity": 2}]
    payment = Payment.objects.get()
    assert payment.case == case
    assert payment.state == PaymentState.CREATED
    assert payment.amount == 5500
    assert [line["kind"] for line in payment.line_items] == ["fee", "item"]


def test_a_double_submit_opens_one_case_with_one_booking_and_one_payment(client, eform):
    fill_in(client, eform)
    assert send(client, eform).url == url(eform, "pay")
    again = send(client, eform)
    assert again.url == url(eform, "confirmation")
    assert client.get(again.url).url == url(eform, "pay")
    assert Case.objects.count() == 1
    assert Booking.objects.count() == 1
    assert Payment.objects.count() == 1


def test_the_loser_of_a_race_for_the_last_place_chooses_again(client, eform, round_):
    key = fill_in(client, eform, fridges="2")
    # Someone else takes the day while this resident is on check your answers.
    day = timezone.localdate() + timedelta(days=1)
    other = BookingFactory(on=round_, day=day, quantity=9, held=True).case
    assert key.split("@")[1].startswith(day.isoformat())

    response = send(client, eform)
    assert response.url == url(eform, "date")
    assert not Case.objects.exclude(pk=other.pk).exists()
    assert Booking.objects.count() == 1  # only the other resident's

    page = client.get(url(eform, "date"))
    assert page.status_code == 200
    assert page.context["errors"][0]["text"] == (
        "That date or time is no longer available. Choose another."
    )
    options = page.context["questions"][0]["options"]
    assert key not in [option["value"] for option in options]  # the next dates with room

    # Every other answer is still there: choose again and send.
    answer(client, eform, "date", {"collection_date": options[0]["value"]})
    assert send(client, eform).url == url(eform, "pay")
    case = Case.objects.exclude(pk=other.pk).get()
    answers = {answer["key"]: answer["answer"] for answer in case.answers}
    assert answers["name"] == "Ann Other"
    assert answers["items"] == "2 x Fridges (£50.00)"


def test_a_hold_refused_when_sending_rolls_everything_back(client, eform, monkeypatch):
    fill_in(client, eform)

    def taken(**kwargs):
        raise SlotUnavailable()

    monkeypatch.setattr("forms.services.hold_booking", taken)
    response = send(client, eform)
    assert response.url == url(eform, "date")
    assert not Case.objects.exists()
    assert not Payment.objects.exists()
    page = client.get(url(eform, "date"))
    assert "That date or time is no longer available. Choose another." in page.content.decode()
    monkeypatch.undo()
    page = client.get(url(eform, "date"))
    assert "There is a problem" not in page.content.decode()  # said once


# --- Paying -------------------------------------------------------------------------------------


def test_the_pay_page_says_what_is_paid(client, eform):
    fill_in(client, eform, fridges="1", sofas="2")
    send(client, eform)
    case = Case.objects.get()
    response = client.get(url(eform, "pay"))
    page = response.content.decode()
    assert case.reference in page
    assert "Collection fee" in page
    assert "1 x Fridges" in page
    assert "2 x Sofas" in page
    assert "£90.00" in page
    booking = Booking.objects.get()
    assert response.context["booking"] in page
    assert str(booking.starts_at.astimezone().year) in response.context["booking"]
    assert "Pay £90.00" in page


def test_pay_sends_the_resident_to_the_providers_page(client, eform):
    fill_in(client, eform)
    send(client, eform)
    sandbox = press_pay(client, eform)
    payment = Payment.objects.get()
    assert sandbox == f"/payments/sandbox/{payment.provider_id}/"
    assert payment.state == PaymentState.SUBMITTED
    assert payment.return_url == "http://testserver/forms/bulky-waste/pay/return/"


def test_a_successful_payment_confirms_the_booking(client, eform, soup):
    fill_in(client, eform)
    send(client, eform)
    response = on_sandbox(client, press_pay(client, eform), "pay")
    assert response.url == url(eform, "confirmation")
    page = client.get(response.url)
    text = page.content.decode()
    assert Case.objects.get().reference in text
    assert "Form sent" in text
    rows = [
        " ".join(row.get_text(" ").split()) for row in soup(page).select(".govuk-summary-list__row")
    ]
    assert "Amount paid £55.00" in rows
    assert page.context["booking"] in text
    assert Booking.objects.get().status == BookingStatus.CONFIRMED
    assert Payment.objects.get().state == PaymentState.SUCCESS
    # Paid: the pay page has nothing more to do.
    assert client.get(url(eform, "pay")).url == url(eform, "confirmation")


def test_a_declined_payment_can_be_tried_again(client, eform):
    fill_in(client, eform)
    send(client, eform)
    response = on_sandbox(client, press_pay(client, eform), "decline")
    assert response.url == url(eform, "pay")
    page = client.get(response.url)
    assert page.context["errors"] == [
        {
            "href": "#pay",
            "text": "Your payment was declined. No money has been taken. Check your card details "
            "and try again.",
        }
    ]
    assert "Pay £55.00" in page.content.decode()
    assert client.get(url(eform, "confirmation")).url == url(eform, "pay")

    response = on_sandbox(client, press_pay(client, eform), "pay")
    assert response.url == url(eform, "confirmation")
    states = sorted(Payment.objects.values_list("state", flat=True))
    assert states == [PaymentState.FAILED, PaymentState.SUCCESS]
    assert Case.objects.count() == 1
    assert Booking.objects.get().status == BookingStatus.CONFIRMED


def test_a_cancelled_payment_returns_to_the_pay_page(client, eform):
    fill_in(client, eform)
    send(client, eform)
    response = on_sandbox(client, press_pay(client, eform), "cancel")
    assert response.url == url(eform, "pay")
    page = client.get(response.url).content.decode()
    assert "You cancelled the payment. No money has been taken." in page
    assert Payment.objects.get().state == PaymentState.CANCELLED
    assert Booking.objects.get().status == BookingStatus.HELD


def test_the_pay_page_says_when_the_booking_was_released(client, eform):
    fill_in(client, eform)
    send(client, eform)
    Booking.objects.update(status=BookingStatus.RELEASED)
    page = client.get(url(eform, "pay")).content.decode()
    assert "We could not keep your booking any longer because it was not paid in time" in page


def test_the_pay_page_needs_the_browser_that_sent_the_form(client, eform):
    assert client.get(url(eform, "pay")).url == url(eform)
    assert client.post(url(eform, "pay")).url == url(eform)
    assert client.get(url(eform, "pay") + "return/").url == url(eform)
    assert not Payment.objects.exists()


# --- Free bookings and forms without payment ---------------------------------------------------


def test_a_free_booking_is_confirmed_at_once_and_shown(client, case_type):
    officer = OfficerFactory(name="Building inspector")
    eform = f.EFormFactory(
        case_type=case_type,
        slug="book-an-inspection",
        steps=[
            f.step("reference", "Reference", f.short_text("application", "Application reference")),
            f.step(
                "date",
                "Date",
                booking_slot(
                    "inspection",
                    "Choose a date and time",
                    resource_kind="inspection",
                    quantity_from="",
                ),
            ),
            f.step("you", "Your details", f.short_text(prefill="name"), f.email(prefill="email")),
        ],
    )
    answer(client, eform, "reference", {"application": "BC/2026/0042"})
    response = client.get(url(eform, "date"))
    options = response.context["questions"][0]["options"]
    assert "Show later times" in response.content.decode()
    answer(client, eform, "date", {"inspection": options[0]["value"]})
    answer(client, eform, "you", {"name": "Ann Other", "email": "ann@example.com"})
    check = client.get(url(eform, CHECK)).content.decode()
    assert "Accept and send" in check
    assert "Continue to payment" not in check
    response = send(client, eform)
    assert response.url == url(eform, "confirmation")
    booking = Booking.objects.get()
    assert booking.resource == officer
    assert booking.status == BookingStatus.CONFIRMED
    assert not Payment.objects.exists()
    page = client.get(response.url)
    assert page.context["booking"] in page.content.decode()
    assert "Amount paid" not in page.content.decode()


def test_a_fee_only_form_pays_without_a_booking(client, case_type):
    eform = bulky_waste_form(case_type, fee="42.00", fee_label="Search fee", slug="search")
    eform.steps.filter(key__in=["items", "address", "date"]).delete()
    eform.save_revision(clean=False).publish()
    answer(client, eform, "you", {"name": "Ann Other", "email": "ann@example.com"})
    assert send(client, eform).url == url(eform, "pay")
    page = client.get(url(eform, "pay")).content.decode()
    assert "Search fee" in page
    assert "Pay £42.00" in page
    assert not Booking.objects.exists()


def test_a_hall_hire_pays_fee_and_deposit_and_waits_for_approval(client, case_type):
    hall = RoomFactory(name="Community hall", requires_approval=True)
    eform = f.EFormFactory(
        case_type=case_type,
        slug="hire-a-hall",
        payment_service=PaymentServiceFactory(),
        fee="50.00",
        fee_label="Hall hire",
        deposit="100.00",
        steps=[
            f.step(
                "date",
                "Date",
                booking_slot(
                    "hire", "Choose a date and time", resource_kind="room", resource=hall.pk
                ),
            ),
            f.step("you", "Your details", f.short_text(prefill="name"), f.email(prefill="email")),
        ],
    )
    options = client.get(url(eform, "date")).context["questions"][0]["options"]
    answer(client, eform, "date", {"hire": options[0]["value"]})
    answer(client, eform, "you", {"name": "Ann Other", "email": "ann@example.com"})
    check = client.get(url(eform, CHECK))
    rows = [(row["label"], row["amount"]) for row in check.context["payment_rows"]]
    assert rows == [("Hall hire", "£50.00"), ("Deposit (returned after your booking)", "£100.00")]
    assert send(client, eform).url == url(eform, "pay")
    assert Payment.objects.get().line_items[1]["kind"] == "deposit"
    response = on_sandbox(client, press_pay(client, eform), "pay")
    page = client.get(response.url).content.decode()
    assert "£150.00" in page
    assert "Waiting for approval" in page
    assert Booking.objects.get().status == BookingStatus.AWAITING_APPROVAL


def test_every_page_of_the_journey_has_unique_ids_and_described_by_targets(client, eform, soup):
    answer(client, eform, "items", {"items__fridge": "x"})
    pages = [answer(client, eform, "items", {"items__fridge": "x"})]
    pages.append(client.get(url(eform, "items")))
    fill_in(client, eform)
    pages.append(client.get(url(eform, "date")))
    pages.append(answer(client, eform, "date", {}))
    pages.append(client.get(url(eform, CHECK)))
    send(client, eform)
    pages.append(client.get(url(eform, "pay")))
    on_sandbox(client, press_pay(client, eform), "decline")
    pages.append(client.get(url(eform, "pay")))
    on_sandbox(client, press_pay(client, eform), "pay")
    pages.append(client.get(url(eform, "confirmation")))
    for response in pages:
        html = soup(response)
        ids = [tag["id"] for tag in html.find_all(id=True)]
        assert len(ids) == len(set(ids)), response.request["PATH_INFO"]
        for tag in html.find_all(attrs={"aria-describedby": True}):
            for target in tag["aria-describedby"].split():
                assert html.find(id=target), (response.request["PATH_INFO"], target)
        for link in html.select(".govuk-error-summary a"):
            assert html.find(id=link["href"][1:]), link
        assert_policy_allows_page(response)  # strict CSP


def test_more_items_than_the_chosen_day_has_room_for_means_choosing_again(client, eform, round_):
    day = timezone.localdate() + timedelta(days=1)
    BookingFactory(on=round_, day=day, quantity=8)  # two places left
    key = fill_in(client, eform, fridges="1")
    assert key.split("@")[1].startswith(day.isoformat())

    response = client.post(
        url(eform, "items") + "?change=1", {"items-items__fridge": "2", "items-items__sofa": "1"}
    )
    assert response.url == url(eform, "date") + "?change=1"
    page = client.get(response.url)
    assert page.context["errors"][0]["text"] == (
        "That date or time is no longer available. Choose another."
    )
    options = page.context["questions"][0]["options"]
    assert key not in [option["value"] for option in options]
    assert "change=1" in page.context["questions"][0]["later_url"]
    response = client.post(
        url(eform, "date") + "?change=1", {"date-collection_date": options[0]["value"]}
    )
    assert response.url == url(eform, CHECK)
