"""Staff correct and merge customer records: `update_customer` and `merge_customers`."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from crm.cases.enums import EventKind
from crm.cases.models import Case, CaseEvent, Customer
from crm.cases.services import merge_customers, update_customer
from tests.crm.factories import CaseFactory, CustomerFactory, UserFactory


@pytest.fixture
def actor(db):
    return UserFactory(first_name="Ada", last_name="Able")


def notes(case) -> list[CaseEvent]:
    return list(case.events.filter(kind=EventKind.INTERNAL_NOTE))


# --- update_customer ----------------------------------------------------------------------------


def test_correction_saves_and_notes_it_on_each_case(actor, case_type):
    customer = CustomerFactory(name="Ria Resdent", email="ria@example.com", verified=True)
    first, second = (
        CaseFactory(case_type=case_type, customer=customer),
        CaseFactory(case_type=case_type, customer=customer),
    )

    updated, changed = update_customer(
        customer, actor=actor, name="Ria Resident", email="RIA.NEW@example.com ", phone=""
    )

    assert changed == ["name", "email", "phone"]
    customer.refresh_from_db()
    assert (customer.name, customer.email, customer.phone) == (
        "Ria Resident",
        "ria.new@example.com",
        "",
    )
    assert customer.email_verified is False  # staff typed it: not verified
    for case in (first, second):
        (note,) = notes(case)
        assert note.is_public is False
        assert note.actor == actor
        assert "Ada Able" in note.message and "name" in note.message
        assert note.data == {"customer_fields": ["name", "email", "phone"]}


def test_correction_without_changes_writes_nothing(actor, case_type, customer):
    case = CaseFactory(case_type=case_type, customer=customer)

    _updated, changed = update_customer(customer, actor=actor, name=customer.name)

    assert changed == []
    assert notes(case) == []


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": "  "}, "name", "Enter a name."),
        ({"email": "not-an-email"}, "email", "Enter an email address in the correct format."),
        ({"email": "taken@example.com"}, "email", "Merge the two records instead."),
    ],
)
def test_correction_refuses_bad_details(actor, customer, changes, field, message):
    CustomerFactory(email="taken@example.com")

    with pytest.raises(ValidationError) as error:
        update_customer(customer, actor=actor, **changes)

    assert message in " ".join(error.value.message_dict[field])
    customer.refresh_from_db()
    assert customer.name == "Ria Resident" and customer.email == "ria@example.com"


def test_correction_refuses_merged_and_erased_records(actor, customer):
    merged = CustomerFactory(merged_into=customer)
    erased = CustomerFactory(erased_at=timezone.now())

    with pytest.raises(ValidationError, match="merged into another one"):
        update_customer(merged, actor=actor, name="New name")
    with pytest.raises(ValidationError, match="erased"):
        update_customer(erased, actor=actor, name="New name")


# --- merge_customers ----------------------------------------------------------------------------


def test_merge_moves_cases_and_keeps_both_histories(actor, case_type):
    keep = CustomerFactory(name="Ria Resident", email="ria@example.com", phone="")
    duplicate = CustomerFactory(name="R Resident", email="ria.work@example.com", phone="01632 1")
    kept_case = CaseFactory(case_type=case_type, customer=keep)
    moved = [CaseFactory(case_type=case_type, customer=duplicate) for _ in range(2)]
    earlier = CustomerFactory(merged_into=duplicate)

    result = merge_customers(keep, duplicate, actor=actor)

    assert result == keep
    duplicate.refresh_from_db()
    keep.refresh_from_db()
    assert duplicate.merged_into == keep  # the duplicate's row stays, pointing at the kept one
    assert duplicate.email == "ria.work@example.com"
    assert keep.phone == "01632 1"  # a blank filled from the duplicate
    assert set(Case.objects.filter(customer=keep)) == {kept_case, *moved}
    for case in moved:
        (note,) = notes(case)
        assert note.is_public is False
        assert f"#{duplicate.pk}" in note.message and "Ada Able" in note.message
        assert note.data == {"merged_customer": duplicate.pk, "kept_customer": keep.pk}
    assert notes(kept_case) == []
    earlier.refresh_from_db()
    assert earlier.merged_into == keep


def test_merge_moves_the_account_link_and_email_when_only_the_duplicate_has_them(actor):
    keep = CustomerFactory(email="", phone="")
    duplicate = CustomerFactory(with_account=True, email="ria@example.com")
    account = duplicate.user

    merge_customers(keep, duplicate, actor=actor)

    keep.refresh_from_db()
    duplicate.refresh_from_db()
    assert (keep.user, keep.email, keep.email_verified) == (account, "ria@example.com", True)
    assert (duplicate.user, duplicate.email) == (None, "")


def test_merge_refuses_a_record_into_itself(actor, customer):
    with pytest.raises(ValidationError, match="cannot be merged into itself"):
        merge_customers(customer, customer, actor=actor)


def test_merge_refuses_an_already_merged_record(actor, customer):
    other = CustomerFactory()
    merged = CustomerFactory(merged_into=other)

    with pytest.raises(ValidationError, match="already been merged"):
        merge_customers(customer, merged, actor=actor)
    with pytest.raises(ValidationError, match="already been merged"):
        merge_customers(merged, customer, actor=actor)


def test_merge_refuses_an_erased_record(actor, customer):
    erased = CustomerFactory(erased_at=timezone.now())

    with pytest.raises(ValidationError, match="was erased"):
        merge_customers(customer, erased, actor=actor)
    with pytest.raises(ValidationError, match="was erased"):
        merge_customers(erased, customer, actor=actor)


def test_merge_refuses_records_linked_to_different_accounts(actor, case_type):
    keep = CustomerFactory(with_account=True)
    duplicate = CustomerFactory(with_account=True)
    case = CaseFactory(case_type=case_type, customer=duplicate)

    with pytest.raises(ValidationError, match="different resident accounts"):
        merge_customers(keep, duplicate, actor=actor)

    case.refresh_from_db()
    duplicate.refresh_from_db()
    assert case.customer == duplicate
    assert duplicate.merged_into is None
    assert notes(case) == []


def test_merge_is_one_transaction(actor, case_type, monkeypatch):
    keep, duplicate = CustomerFactory(), CustomerFactory()
    case = CaseFactory(case_type=case_type, customer=duplicate)

    def fail(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(CaseEvent.objects, "bulk_create", fail)
    with pytest.raises(RuntimeError):
        merge_customers(keep, duplicate, actor=actor)

    case.refresh_from_db()
    assert case.customer == duplicate
    assert Customer.objects.get(pk=duplicate.pk).merged_into is None
