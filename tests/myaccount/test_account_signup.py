"""Creating an account, confirming the email address, signing in and out, resetting a password."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail

from crm.cases.models import Customer
from tests.crm.factories import CaseFactory, CustomerFactory

from .conftest import PASSWORD, make_resident

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "correct-horse-battery-staple"
SIGNUP = {
    "name": "Ria Resident",
    "email": "Ria@Example.com",
    "password1": NEW_PASSWORD,
    "password2": NEW_PASSWORD,
}


def link_in(email, path_prefix: str) -> str:
    match = re.search(rf"http://testserver({re.escape(path_prefix)}\S+)", email.body)
    assert match, email.body
    return match.group(1)


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


def sign_up(client, **changes):
    return client.post("/accounts/signup/", {**SIGNUP, **changes})


def confirm_email(client):
    confirm_path = link_in(mail.outbox[-1], "/accounts/confirm-email/")
    page = client.get(confirm_path)
    assert page.status_code == 200
    return client.post(confirm_path)


def sign_in(client, email="ria@example.com", password=NEW_PASSWORD, **extra):
    return client.post("/accounts/login/", {"login": email, "password": password, **extra})


# --- Sign-up and email verification --------------------------------------------------------------


def test_sign_up_sends_a_verification_email_and_asks_the_resident_to_check_it(client, soup):
    response = sign_up(client)

    assert response.status_code == 302
    assert response.url == "/accounts/confirm-email/"
    user = get_user_model().objects.get(email="ria@example.com")
    assert user.get_full_name() == "Ria Resident"
    assert not EmailAddress.objects.get(user=user).verified
    assert signed_in_user_id(client) is None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ria@example.com"]
    assert mail.outbox[0].subject == "Confirm your email address"
    assert "/accounts/confirm-email/" in mail.outbox[0].body

    page = soup(client.get(response.url))
    assert page.h1.get_text(strip=True) == "Check your email"
    assert page.title.get_text().startswith("Check your email - ")


def test_sign_in_is_refused_until_the_email_address_is_verified(client):
    sign_up(client)

    response = sign_in(client)

    assert signed_in_user_id(client) is None
    assert response.status_code == 302
    assert response.url == "/accounts/confirm-email/"
    assert client.get("/my-account/").status_code == 302


def test_after_verifying_earlier_requests_with_that_email_appear_on_the_dashboard(client, soup):
    earlier_customer = CustomerFactory(name="Ria R", email="ria@example.com")
    earlier = CaseFactory(customer=earlier_customer, case_type__name="Report a pothole")
    someone_elses = CaseFactory(customer__email="other@example.com")
    sign_up(client)

    confirm_email(client)
    sign_in(client)
    dashboard = client.get("/my-account/")

    user = get_user_model().objects.get(email="ria@example.com")
    assert signed_in_user_id(client) == str(user.pk)
    assert EmailAddress.objects.get(user=user).verified
    assert dashboard.status_code == 200
    text = soup(dashboard).get_text()
    assert earlier.reference in text
    assert "Report a pothole" in text
    assert someone_elses.reference not in text
    # ...and the customer record is now linked to the account, its email verified.
    earlier_customer.refresh_from_db()
    assert earlier_customer.user == user
    assert earlier_customer.email_verified


def test_confirming_does_not_take_a_customer_record_linked_to_another_account(client):
    other = make_resident("someone@example.com")
    taken = CustomerFactory(email="ria@example.com", user=other)
    sign_up(client)

    confirm_email(client)

    taken.refresh_from_db()
    assert taken.user == other
    assert not Customer.objects.filter(user__email="ria@example.com").exists()


def test_an_address_that_already_has_an_account_gets_an_email_not_a_second_account(client):
    make_resident("ria@example.com")

    response = sign_up(client)

    assert response.status_code == 302
    assert get_user_model().objects.filter(email__iexact="ria@example.com").count() == 1
    assert mail.outbox[-1].subject == "You already have an account"


# --- GOV.UK pages --------------------------------------------------------------------------------


def test_sign_up_errors_use_the_govuk_error_summary(client, soup):
    response = sign_up(client, name="", email="not-an-email", password2="something-else")

    assert response.status_code == 200
    page = soup(response)
    assert page.title.get_text().startswith("Error: Create an account - ")
    summary = page.find(class_="govuk-error-summary")
    links = {a["href"]: a.get_text(strip=True) for a in summary.find_all("a")}
    assert links["#id_name"] == "Enter your full name"
    assert links["#id_email"] == (
        "Enter an email address in the correct format, like name@example.com"
    )
    assert "#id_password2" in links
    # Each field shows its own message, linked from the input for screen readers.
    email_input = page.find("input", id="id_email")
    assert "id_email-error" in email_input["aria-describedby"]
    assert page.find(id="id_email-error").get_text(" ", strip=True).startswith("Error:")
    assert email_input["value"] == "not-an-email"
    assert len(page.find_all("h1")) == 1


def test_sign_in_with_a_wrong_password_shows_one_error_linked_to_the_first_field(client, soup):
    make_resident("ria@example.com")

    response = sign_in(client, password="wrong-password")

    page = soup(response)
    assert signed_in_user_id(client) is None
    assert page.title.get_text().startswith("Error: Sign in - ")
    links = page.find(class_="govuk-error-summary").find_all("a")
    assert [a["href"] for a in links] == ["#id_login"]


@pytest.mark.parametrize(
    ("path", "fields"),
    [
        ("/accounts/login/", {"login": "email", "password": "current-password"}),
        (
            "/accounts/signup/",
            {"name": "name", "email": "email", "password1": "new-password"},
        ),
        ("/accounts/password/reset/", {"email": "email"}),
    ],
)
def test_account_forms_have_labels_and_autocomplete(client, soup, path, fields):
    page = soup(client.get(path))

    assert len(page.find_all("h1")) == 1
    for name, autocomplete in fields.items():
        field = page.find(attrs={"name": name})
        assert field["autocomplete"] == autocomplete
        assert "placeholder" not in field.attrs
        label = page.find("label", attrs={"for": field["id"]})
        assert label is not None and label.get_text(strip=True)
    assert page.find("form", attrs={"novalidate": True}) is not None
    assert page.find("button", class_="govuk-button", type="submit") is not None


def test_signed_in_residents_see_my_account_and_sign_out_in_the_header(client, soup):
    resident = make_resident("ria@example.com")
    client.force_login(resident)

    header = soup(client.get("/accounts/password/change/")).find("header")

    assert header.find("a", string="My account")["href"] == "/my-account/"
    sign_out = header.find("form", action="/accounts/logout/")
    assert sign_out["method"] == "post"
    assert sign_out.find("button").get_text(strip=True) == "Sign out"
    assert header.find("a", string="Sign in") is None


def test_visitors_see_sign_in_in_the_header(client, soup):
    header = soup(client.get("/accounts/signup/")).find("header")

    assert header.find("a", string="Sign in")["href"] == "/accounts/login/"
    assert header.find("a", string="My account") is None


def test_signing_out_needs_a_post(client):
    client.force_login(make_resident("ria@example.com"))

    client.get("/accounts/logout/")
    assert signed_in_user_id(client) is not None

    client.post("/accounts/logout/")
    assert signed_in_user_id(client) is None


# --- Password reset ------------------------------------------------------------------------------


def test_password_reset_sends_an_email_with_a_link_that_sets_a_new_password(client, soup):
    resident = make_resident("ria@example.com")

    response = client.post("/accounts/password/reset/", {"email": "ria@example.com"})

    assert response.status_code == 302
    assert response.url == "/accounts/password/reset/done/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ria@example.com"]
    assert mail.outbox[0].subject == "Reset your password"
    reset_link = link_in(mail.outbox[0], "/accounts/password/reset/key/")

    form_page = client.get(reset_link, follow=True)
    assert soup(form_page).h1.get_text(strip=True) == "Create a new password"
    done = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else reset_link,
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert done.status_code == 302
    resident.refresh_from_db()
    assert resident.check_password(NEW_PASSWORD)
    assert not resident.check_password(PASSWORD)


def test_password_reset_for_an_unknown_address_reveals_nothing_on_the_page(client):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.com"})

    assert response.status_code == 302
    assert response.url == "/accounts/password/reset/done/"
