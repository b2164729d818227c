"""One customer record per person, matched by email address whatever its case."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from crm.cases.models import Customer
from crm.cases.services import get_or_create_customer
from tests.crm.factories import CustomerFactory

pytestmark = pytest.mark.django_db


def test_new_customers_are_stored_with_a_lower_case_email():
    customer = get_or_create_customer(
        name=" Ria Resident ",
        email=" Ria.Resident@Example.COM ",
        phone="01632 960001",
        address={"address_line_1": "1 Mill Lane", "town": "Doorstep", "postcode": "DS1 2BB"},
    )
    assert customer.email == "ria.resident@example.com"
    assert customer.name == "Ria Resident"
    assert customer.postcode == "DS1 2BB"
    assert not customer.email_verified


def test_emails_match_whatever_their_case():
    first = get_or_create_customer(name="Ria", email="ria@example.com")
    again = get_or_create_customer(name="Ria R", email="RIA@EXAMPLE.COM")
    assert again.pk == first.pk
    assert Customer.objects.count() == 1


def test_an_unverified_submission_never_changes_an_existing_record():
    existing = CustomerFactory(email="ria@example.com", name="Ria Resident", phone="0100")
    matched = get_or_create_customer(name="Someone Else", email="ria@example.com", phone="0999")
    matched.refresh_from_db()
    assert matched.pk == existing.pk
    assert (matched.name, matched.phone) == ("Ria Resident", "0100")


def test_a_verified_submission_updates_the_details_and_marks_the_email_verified():
    existing = CustomerFactory(email="ria@example.com", name="Ria", phone="0100")
    matched = get_or_create_customer(
        name="Ria Resident", email="Ria@example.com", address={"postcode": "DS9 9ZZ"}, verified=True
    )
    matched.refresh_from_db()
    assert matched.pk == existing.pk
    assert (matched.name, matched.phone, matched.postcode) == ("Ria Resident", "0100", "DS9 9ZZ")
    assert matched.email_verified


def test_without_an_email_every_submission_is_a_new_record():
    get_or_create_customer(name="Anon", email="")
    get_or_create_customer(name="Anon", email="")
    assert Customer.objects.filter(email="").count() == 2


@pytest.mark.parametrize(("name", "email"), [("", "a@example.com"), ("Ria", "not-an-email")])
def test_name_and_a_valid_email_are_required(name, email):
    with pytest.raises(ValidationError):
        get_or_create_customer(name=name, email=email)


def test_the_database_refuses_a_second_record_for_the_same_email():
    CustomerFactory(email="ria@example.com")
    with pytest.raises(IntegrityError):
        Customer.objects.create(name="Ria", email="RIA@example.com")  # saved lower-cased
