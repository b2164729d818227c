"""A resident sees the requests made with the addresses verified on their account now: removing
an address, or replacing the primary one, ends access to the requests made with it."""

import contextlib
import threading

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.db import connection
from django.test import Client

from crm.cases.models import Case, Customer
from crm.cases.services import open_case
from crm.cases.tracking import read_tracking_token
from crm.notifications.models import OutboxMessage
from tests.crm.factories import CaseFactory, CustomerFactory, UserFactory
from tests.myaccount.conftest import make_resident

pytestmark = pytest.mark.django_db

ANSWERS = [{"question": "Where is the pothole?", "answer": "Outside 12 Mill Lane"}]


@pytest.fixture
def ria(db):
    """Ria with two verified addresses; her old address's record is linked to her account."""
    user = make_resident("ria@example.com")
    EmailAddress.objects.create(user=user, email="old@example.com", verified=True, primary=False)
    return user


@pytest.fixture
def old_case(ria, case_type):
    customer = CustomerFactory(email="old@example.com", user=ria, email_verified=True)
    return open_case(case_type=case_type, answers=ANSWERS, customer=customer)


@pytest.fixture
def new_case(ria, case_type):
    return open_case(
        case_type=case_type, answers=ANSWERS, customer=CustomerFactory(email="ria@example.com")
    )


def can_see(client, case) -> bool:
    status = client.get(f"/my-account/requests/{case.uuid}/").status_code
    assert status in (200, 404)
    return status == 200


def test_removing_an_address_ends_access_to_the_requests_made_with_it(
    client, signed_in, ria, old_case, new_case
):
    signed_in(ria)
    assert can_see(client, old_case) and can_see(client, new_case)

    response = client.post("/accounts/email/", {"action_remove": "", "email": "old@example.com"})

    assert response.status_code == 302
    assert not EmailAddress.objects.filter(email="old@example.com").exists()
    assert not can_see(client, old_case)
    assert can_see(client, new_case)
    dashboard = client.get("/my-account/").content.decode()
    assert old_case.reference not in dashboard
    assert new_case.reference in dashboard


def test_a_removed_address_is_unlinked_and_its_emails_carry_a_fresh_tracking_link(
    client, signed_in, ria, old_case, officer
):
    from crm.cases.services import add_public_update

    signed_in(ria)
    nonce = old_case.tracking_nonce

    client.post("/accounts/email/", {"action_remove": "", "email": "old@example.com"})

    customer = Customer.objects.get(email="old@example.com")
    assert customer.user is None
    case = Case.objects.get(pk=old_case.pk)
    assert case.tracking_nonce != nonce
    add_public_update(case, actor=officer, text="Fixed.")
    url = OutboxMessage.objects.filter(case=case).latest("pk").context["case_url"]
    assert "/my-account/track/" in url
    assert read_tracking_token(url.rstrip("/").split("/")[-1]).nonce == case.tracking_nonce


def test_replacing_the_primary_address_ends_access_to_the_old_addresss_requests(
    client, signed_in, settings, case_type
):
    """With ACCOUNT_CHANGE_EMAIL, confirming a new address replaces the old one."""
    settings.ACCOUNT_CHANGE_EMAIL = True
    user = make_resident("ria@example.com")
    customer = CustomerFactory(email="ria@example.com", user=user, email_verified=True)
    old_case = open_case(case_type=case_type, answers=ANSWERS, customer=customer)
    new_address = EmailAddress.objects.create(user=user, email="new@example.com", verified=False)
    new_customer = CustomerFactory(email="new@example.com")
    new_case = CaseFactory(customer=new_customer)
    signed_in(user)
    assert can_see(client, old_case)

    key = EmailConfirmationHMAC(new_address).key
    response = client.post(f"/accounts/confirm-email/{key}/")

    assert response.status_code == 302
    assert list(EmailAddress.objects.filter(user=user).values_list("email", flat=True)) == [
        "new@example.com"
    ]
    assert not can_see(client, old_case)
    assert can_see(client, new_case)
    customer.refresh_from_db()
    new_customer.refresh_from_db()
    assert customer.user is None
    assert new_customer.user == user  # the account's record is now the new address's


def test_making_another_address_primary_moves_the_link_but_keeps_both_addresses_requests(
    client, signed_in, ria, old_case, new_case
):
    """Both addresses are still verified on the account, so both sets of requests stay visible;
    the record linked to the account becomes the new primary address's."""
    EmailAddress.objects.filter(user=ria).update(primary=False)
    EmailAddress.objects.filter(email="old@example.com").update(primary=True)
    signed_in(ria)

    client.post("/accounts/email/", {"action_primary": "", "email": "ria@example.com"})

    assert EmailAddress.objects.get(primary=True, user=ria).email == "ria@example.com"
    assert Customer.objects.get(email="old@example.com").user is None
    assert Customer.objects.get(email="ria@example.com").user == ria
    assert can_see(client, old_case) and can_see(client, new_case)


def test_an_account_with_no_verified_address_sees_no_requests(client, signed_in, case_type):
    user = make_resident("ria@example.com", verified=False)
    case = open_case(
        case_type=case_type,
        answers=ANSWERS,
        customer=CustomerFactory(email="ria@example.com", user=user),
    )
    signed_in(user)

    assert not can_see(client, case)


# --- Two confirmations at once --------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's row locks")
def test_two_accounts_confirming_the_same_address_at_once_get_no_server_error(monkeypatch):
    """Two sign-ups with one address, confirmed at the same moment: both pass allauth's "nobody
    else has it verified" check, and the second save breaks the unique constraint. Before, that
    was a 500; now the second is told another account has the address."""
    customer = CustomerFactory(email="same@example.com")
    case = CaseFactory(customer=customer)
    addresses = []
    for name in ("first", "second"):
        user = UserFactory(username=name, email="same@example.com")
        addresses.append(EmailAddress.objects.create(user=user, email="same@example.com"))
    keys = [EmailConfirmationHMAC(address).key for address in addresses]

    barrier = threading.Barrier(2)
    calls = []
    original = EmailAddress.can_set_verified

    def checked_together(self):
        result = original(self)
        calls.append(self.pk)
        if len(calls) <= 2:  # the two confirmations check, then go on together
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait(timeout=5)
        return result

    monkeypatch.setattr(EmailAddress, "can_set_verified", checked_together)
    responses, browsers = {}, {}

    def confirm(key):
        browser = browsers[key] = Client(raise_request_exception=False)
        try:
            responses[key] = browser.post(f"/accounts/confirm-email/{key}/")
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm, args=(key,)) for key in keys]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    statuses = sorted(response.status_code for response in responses.values())
    assert 500 not in statuses, statuses
    assert EmailAddress.objects.filter(email="same@example.com", verified=True).count() == 1
    winner = EmailAddress.objects.get(email="same@example.com", verified=True).user
    customer.refresh_from_db()
    assert customer.user in (None, winner)
    # Both are sent on to sign in; the one that lost is told why.
    assert statuses == [302, 302]
    told = [
        "a different account has already confirmed it" in browser.get(response.url).content.decode()
        for key, browser in browsers.items()
        for response in [responses[key]]
    ]
    assert sorted(told) == [False, True]
    assert Case.objects.filter(pk=case.pk).exists()
