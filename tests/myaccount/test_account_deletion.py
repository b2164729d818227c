"""Residents delete their own account from My Account; their requests stay with the council."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.urls import reverse

from crm.cases.models import Case, Customer
from forms.models import FormDraft
from forms.storage import wizard_file_storage
from tests.crm.factories import CaseFactory, UserFactory
from tests.forms.factories import FormDraftFactory
from tests.myaccount.conftest import PASSWORD

URL = "/my-account/delete/"


@pytest.fixture
def ria_with_everything(resident_a, customer_a, case_type):
    """Ria with a linked customer record, a request, a draft with a file, two addresses."""
    customer_a.user = resident_a
    customer_a.save()
    case = CaseFactory(customer=customer_a, case_type=case_type)
    name = wizard_file_storage().save("photo.jpg", ContentFile(b"\xff\xd8\xff photo"))
    FormDraftFactory(
        user=resident_a,
        data={"step_files": {"s": {"photos": [{"tmp_name": name, "name": "photo.jpg"}]}}},
    )
    EmailAddress.objects.create(user=resident_a, email="ria.work@example.com", verified=True)
    return resident_a, customer_a, case, name


def test_the_dashboard_links_to_the_delete_page(signed_in, resident_a):
    response = signed_in(resident_a).get(reverse("myaccount:dashboard"))
    assert f'href="{URL}"' in response.content.decode()


def test_the_page_warns_and_says_what_happens_to_requests(signed_in, resident_a, soup):
    page = soup(signed_in(resident_a).get(URL))

    assert page.h1.get_text(strip=True) == "Delete your account"
    assert "You cannot undo this" in page.select_one(".govuk-warning-text").get_text()
    assert "Your requests stay with the council" in page.get_text()
    button = page.select_one("button.govuk-button--warning")
    assert button.get_text(strip=True) == "Delete account"
    assert page.select_one("input[type=password]")["autocomplete"] == "current-password"


def test_deleting_the_account(
    client, ria_with_everything, soup, django_capture_on_commit_callbacks
):
    user, customer, case, draft_file = ria_with_everything
    client.force_login(user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"password": PASSWORD})

    assert response.status_code == 302
    assert response.url == reverse("myaccount:account_deleted")
    assert not get_user_model().objects.filter(pk=user.pk).exists()
    assert not EmailAddress.objects.filter(
        email__in=["ria@example.com", "ria.work@example.com"]
    ).exists()
    assert not FormDraft.objects.exists()
    assert not wizard_file_storage().exists(draft_file)
    # The council keeps the request and the customer record, now without an account.
    assert Case.objects.get(pk=case.pk).customer_id == customer.pk
    assert Customer.objects.get(pk=customer.pk).user is None
    # Signed out, and told so once.
    confirmation = soup(client.get(response.url))
    assert confirmation.select_one(".govuk-panel__title").get_text(strip=True) == (
        "Your account has been deleted"
    )
    assert client.get(reverse("myaccount:account_deleted")).status_code == 302
    assert client.get(reverse("myaccount:dashboard")).status_code == 302  # to sign in


def test_a_wrong_password_is_refused_with_a_govuk_error(signed_in, ria_with_everything, soup):
    user = ria_with_everything[0]

    response = signed_in(user).post(URL, {"password": "not-my-password"})

    assert response.status_code == 400
    page = soup(response)
    assert page.title.get_text().startswith("Error: ")
    summary = page.select_one(".govuk-error-summary")
    assert summary.select_one("a")["href"] == "#id_password"
    assert summary.select_one("a").get_text() == "The password is not correct"
    assert "The password is not correct" in page.select_one(".govuk-error-message").get_text()
    assert get_user_model().objects.filter(pk=user.pk, is_active=True).exists()
    assert FormDraft.objects.filter(user=user).exists()
    assert Customer.objects.get(user=user)


def test_an_empty_password_is_refused(signed_in, resident_a, soup):
    response = signed_in(resident_a).post(URL, {"password": ""})

    assert response.status_code == 400
    assert soup(response).select_one(".govuk-error-summary a").get_text() == "Enter your password"
    assert get_user_model().objects.filter(pk=resident_a.pk).exists()


def test_password_guessing_is_rate_limited(signed_in, resident_a, soup, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "reauthenticate": "3/m/user"}
    client = signed_in(resident_a)
    for _ in range(3):
        client.post(URL, {"password": "guess"})

    response = client.post(URL, {"password": PASSWORD})

    assert response.status_code == 400
    assert "too many times" in soup(response).select_one(".govuk-error-summary").get_text()
    assert get_user_model().objects.filter(pk=resident_a.pk).exists()


def test_signed_out_visitors_are_sent_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("account_login") in response.url


def test_staff_accounts_cannot_be_deleted_here(client, db):
    staff = UserFactory(staff=True)
    client.force_login(staff)

    response = client.post(URL, {"password": PASSWORD})

    assert response.status_code == 403
    assert get_user_model().objects.filter(pk=staff.pk).exists()
