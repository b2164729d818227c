"""Customer records in the admin: search, a record's page, corrections and merges, with the
permission each needs, and residents kept out."""

import pytest
from django.contrib.auth.models import Permission

from crm.cases.models import Case, CaseAccessLog, Customer
from tests.crm.admin.conftest import admin_user
from tests.crm.factories import CaseFactory, CustomerFactory, UserFactory

CUSTOMERS = "/admin/cases/customers/"


def messages_of(response) -> list[str]:
    return [str(message).strip() for message in response.context["messages"]]


def assert_refused(response):
    """Wagtail turns a PermissionDenied into a redirect to the dashboard with a message."""
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def grant(user, codename):
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="cases", codename=codename)
    )
    return type(user).objects.get(pk=user.pk)  # fresh permission cache


@pytest.fixture
def editor(client, staff_a, team_a):
    user = grant(staff_a, "change_customer")
    client.force_login(user)
    return user


@pytest.mark.parametrize(
    "query",
    ["ria", "RIA@EXAMPLE", "01632 960123", "01632960123", "ds1 1zz", "DS11ZZ"],
)
def test_search_finds_by_name_email_phone_or_postcode(client_a, team_a, query):
    ria = CustomerFactory(
        name="Ria Resident", email="ria@example.com", phone="01632 960123", postcode="DS1 1ZZ"
    )
    CustomerFactory(
        name="Sam Other", email="sam@example.com", phone="01632 000000", postcode="DS9 9AA"
    )

    response = client_a.get(CUSTOMERS, {"q": query})

    assert response.status_code == 200
    assert list(response.context["customers"]) == [ria]


def test_search_page_costs_the_same_queries_for_any_number_of_records(
    client_a, team_a, django_assert_max_num_queries
):
    CustomerFactory.create_batch(2, merged_into=CustomerFactory())
    client_a.get(CUSTOMERS)
    with django_assert_max_num_queries(40) as few:
        client_a.get(CUSTOMERS)
    baseline = len(few.captured_queries)
    for _ in range(10):
        CustomerFactory(merged_into=CustomerFactory(), with_account=True)

    with django_assert_max_num_queries(baseline):
        response = client_a.get(CUSTOMERS)
    assert len(response.context["customers"]) == 23


def test_record_page_lists_only_cases_the_viewer_may_see_and_logs_them(
    client_a, staff_a, type_a, type_b, customer
):
    mine = CaseFactory(case_type=type_a, customer=customer)
    hidden = CaseFactory(case_type=type_b, customer=customer, reference="TS-HIDDEN-1")

    response = client_a.get(f"{CUSTOMERS}{customer.pk}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert customer.email in html
    assert mine.reference in html
    assert hidden.reference not in html
    logged = CaseAccessLog.objects.filter(user=staff_a)
    assert [log.case for log in logged] == [mine]
    # Without the change permission there is no button to correct or merge.
    assert "Correct details" not in html and "Merge a duplicate" not in html


def test_web_editor_without_teams_cannot_search_customers(client, db):
    client.force_login(admin_user())

    assert_refused(client.get(CUSTOMERS))


def test_residents_never_reach_customer_screens(client, customer):
    client.force_login(UserFactory())

    for url in (CUSTOMERS, f"{CUSTOMERS}{customer.pk}/", f"{CUSTOMERS}{customer.pk}/merge/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


def test_correcting_needs_the_change_permission(client_a, team_a, customer):
    url = f"{CUSTOMERS}{customer.pk}/edit/"

    assert_refused(client_a.get(url))
    assert_refused(client_a.post(url, {"name": "Someone else"}))
    customer.refresh_from_db()
    assert customer.name == "Ria Resident"


def test_correction_through_the_form(client, editor, type_a, customer):
    case = CaseFactory(case_type=type_a, customer=customer)

    response = client.post(
        f"{CUSTOMERS}{customer.pk}/edit/",
        {"name": "Ria Resident-Jones", "email": "ria@example.com", "postcode": "DS2 2BB"},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == f"{CUSTOMERS}{customer.pk}/"
    assert "The customer details have been corrected." in messages_of(response)
    customer.refresh_from_db()
    assert (customer.name, customer.postcode, customer.phone) == (
        "Ria Resident-Jones",
        "DS2 2BB",
        "",
    )
    assert case.events.filter(kind="internal_note").exists()


def test_correction_error_is_shown_with_what_was_typed(client, editor, customer):
    CustomerFactory(email="taken@example.com")

    response = client.post(
        f"{CUSTOMERS}{customer.pk}/edit/", {"name": "Ria R", "email": "taken@example.com"}
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert "Merge the two records instead." in " ".join(form.errors["email"])
    assert form["name"].value() == "Ria R"


def test_merge_needs_the_change_permission(client_a, team_a, customer):
    duplicate = CustomerFactory()

    assert_refused(client_a.get(f"{CUSTOMERS}{customer.pk}/merge/", {"merge": duplicate.pk}))
    response = client_a.post(f"{CUSTOMERS}{customer.pk}/merge/", {"merge": duplicate.pk})

    assert_refused(response)
    assert Customer.objects.get(pk=duplicate.pk).merged_into is None


def test_merge_through_the_screens(client, editor, type_a, customer):
    duplicate = CustomerFactory(name="Ria R", email="ria.r@example.com")
    case = CaseFactory(case_type=type_a, customer=duplicate)
    url = f"{CUSTOMERS}{customer.pk}/merge/"

    found = client.get(url, {"q": "ria.r@"})
    assert list(found.context["candidates"]) == [duplicate]
    confirm = client.get(url, {"merge": duplicate.pk})
    assert confirm.context["duplicate"] == duplicate
    assert "ria.r@example.com" in confirm.content.decode()

    response = client.post(url, {"merge": duplicate.pk}, follow=True)

    assert response.redirect_chain[-1][0] == f"{CUSTOMERS}{customer.pk}/"
    assert "“Ria R” has been merged into this record (1 cases moved)." in messages_of(response)
    assert Case.objects.get(pk=case.pk).customer == customer
    assert Customer.objects.get(pk=duplicate.pk).merged_into == customer


def test_merge_refusal_is_shown_clearly(client, editor, customer):
    keep = CustomerFactory(with_account=True)
    other = CustomerFactory(with_account=True)

    response = client.post(f"{CUSTOMERS}{keep.pk}/merge/", {"merge": other.pk})

    assert response.status_code == 200
    assert any("different resident accounts" in text for text in messages_of(response))
    assert Customer.objects.get(pk=other.pk).merged_into is None


def test_merging_a_record_into_itself_is_refused(client, editor, customer):
    response = client.post(f"{CUSTOMERS}{customer.pk}/merge/", {"merge": customer.pk})

    assert any("cannot be merged into itself" in text for text in messages_of(response))
