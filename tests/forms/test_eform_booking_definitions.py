"""Editors add priced items and booking questions without code; the definition checks say what
is wrong, next to the question, and a form that charges needs a payment service."""

import pytest
from django.core.exceptions import ValidationError

from forms.models import EForm
from forms.preview import preview_context
from tests.crm.bookings.factories import RoomFactory
from tests.crm.payments.factories import PaymentServiceFactory
from tests.forms import factories as f
from tests.forms.bookings import booking_slot, bulky_waste_form, priced_items
from tests.forms.test_eform_definitions import ADD_URL, admin_post_data

pytestmark = pytest.mark.django_db


def problems(eform) -> list[str]:
    try:
        EForm.objects.get(pk=eform.pk).full_clean()
    except ValidationError as error:
        return error.messages
    return []


def test_the_bulky_waste_form_passes(case_type):
    assert problems(bulky_waste_form(case_type)) == []


def test_quantity_must_come_from_a_priced_items_question_on_an_earlier_step(case_type):
    eform = f.EFormFactory(
        case_type=case_type,
        payment_service=PaymentServiceFactory(),
        steps=[
            f.step("address", "Address", f.address(), f.number("items", "How many?")),
            f.step("date", "Date", booking_slot(quantity_from="items")),
            f.step("later", "Later", priced_items("things")),
        ],
    )
    assert any("“items” is not a priced items question" in p for p in problems(eform))


def test_a_priced_items_question_after_the_booking_does_not_count(case_type):
    eform = f.EFormFactory(
        case_type=case_type,
        payment_service=PaymentServiceFactory(),
        steps=[
            f.step("address", "Address", f.address()),
            f.step("date", "Date", booking_slot(quantity_from="items")),
            f.step("items", "Items", priced_items()),
        ],
    )
    assert any("“items” is not a priced items question" in p for p in problems(eform))


def test_a_collection_date_needs_an_address_on_an_earlier_step(case_type):
    eform = f.EFormFactory(
        case_type=case_type,
        payment_service=PaymentServiceFactory(),
        steps=[
            f.step("items", "Items", priced_items()),
            f.step("date", "Date", booking_slot()),
            f.step("address", "Address", f.address()),
        ],
    )
    assert any("needs a UK address question on an earlier step" in p for p in problems(eform))


def test_a_room_booking_needs_no_address(case_type):
    eform = f.EFormFactory(
        case_type=case_type,
        steps=[
            f.step(
                "date",
                "Date",
                booking_slot(
                    label="Choose a date and time",
                    resource_kind="room",
                    resource=RoomFactory().pk,
                    quantity_from="",
                ),
            )
        ],
    )
    assert problems(eform) == []


def hall_form(case_type, which_hall):
    RoomFactory(slug="north-hall")
    RoomFactory(slug="south-hall")
    return f.EFormFactory(
        case_type=case_type,
        steps=[
            f.step("hall", "Hall", which_hall),
            f.step(
                "date",
                "Date",
                booking_slot(
                    label="Choose a date and time",
                    resource_kind="room",
                    resource_from="hall",
                    quantity_from="",
                ),
            ),
        ],
    )


def test_the_resident_may_choose_the_hall_on_an_earlier_step(case_type):
    which_hall = f.radios("hall", "Which hall?", choices=("North hall", "South hall"))
    assert problems(hall_form(case_type, which_hall)) == []


def test_the_hall_must_come_from_a_choice_question(case_type):
    eform = hall_form(case_type, f.short_text("hall", "Which hall?"))
    assert any("“hall” is not a choice question on an earlier step" in p for p in problems(eform))


def test_each_answer_of_the_hall_question_must_be_a_hall(case_type):
    which_hall = f.radios("hall", "Which hall?", choices=("North hall", "Town hall"))
    assert any(
        "not the slugs of resources of this kind taking bookings: town-hall" in p
        for p in problems(hall_form(case_type, which_hall))
    )


def test_a_form_has_at_most_one_booking_question(case_type):
    eform = f.EFormFactory(
        case_type=case_type,
        steps=[
            f.step("address", "Address", f.address()),
            f.step("date", "Date", booking_slot(quantity_from="")),
            f.step("again", "Again", booking_slot(key="second_date", quantity_from="")),
        ],
    )
    assert "Step “Again”: A form can have only one booking question" in problems(eform)


def test_priced_items_fees_and_deposits_need_a_payment_service(case_type):
    eform = f.EFormFactory(
        case_type=case_type,
        fee="10.00",
        deposit="50.00",
        steps=[f.step("items", "Items", priced_items())],
    )
    found = problems(eform)
    assert "Choose a payment service for the fee, or set the fee to 0" in found
    assert "Choose a payment service for the deposit, or set it to 0" in found
    assert (
        "Choose a payment service: the priced items question “What do you want collected?” "
        "is paid for" in found
    )


def test_the_admin_refuses_priced_items_without_a_payment_service(client, superuser, case_type):
    client.force_login(superuser)
    steps = [f.step("items", "Items", priced_items())]
    data = admin_post_data(case_type, steps)
    data.update(
        {
            "steps-0-fields-0-value-items-count": "1",
            "steps-0-fields-0-value-items-0-value-value": "fridge",
            "steps-0-fields-0-value-items-0-value-label": "Fridges",
            "steps-0-fields-0-value-items-0-value-price": "25.00",
            "steps-0-fields-0-value-items-0-value-max_quantity": "2",
            "steps-0-fields-0-value-items-0-deleted": "",
            "steps-0-fields-0-value-items-0-order": "0",
            "steps-0-fields-0-value-items-0-id": "",
        }
    )
    response = client.post(ADD_URL, data)
    assert response.status_code == 200
    assert "Choose a payment service: the priced items question" in response.content.decode()
    assert not EForm.objects.filter(slug="report-fly-tipping").exists()

    data["payment_service"] = PaymentServiceFactory().pk
    data["fee"] = "5.00"
    data["fee_label"] = "Collection fee"
    response = client.post(ADD_URL, data)
    assert response.status_code == 302, response.context["form"].errors
    eform = EForm.objects.get(slug="report-fly-tipping")
    item = eform.steps.get().fields[0].value["items"][0]
    assert (item["label"], str(item["price"]), item["max_quantity"]) == ("Fridges", "25.00", 2)


def test_the_edit_form_has_a_payment_panel(client, superuser, case_type):
    client.force_login(superuser)
    eform = bulky_waste_form(case_type)
    page = client.get(f"/admin/snippets/eforms/eform/edit/{eform.pk}/").content.decode()
    assert "Payment" in page
    for name in ("payment_service", "fee", "fee_label", "deposit"):
        assert f'name="{name}"' in page


def test_the_preview_of_a_booking_step_says_where_the_dates_go(case_type):
    eform = f.EFormFactory(
        case_type=case_type,
        steps=[
            f.step(
                "date",
                "Date",
                booking_slot(resource_kind="room", resource=RoomFactory().pk, quantity_from=""),
            )
        ],
    )
    question = preview_context(eform)["questions"][0]
    assert question["options"] == []
    assert "Residents see the first dates or times with room here" in question["no_slots_message"]
