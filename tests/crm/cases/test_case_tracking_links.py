"""Signed tracking links for residents without an account: they expire, they can be revoked, and
linking a record to an account (or unlinking it) moves the links on."""

import contextlib
import threading
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.http import Http404
from django.test import override_settings
from django.utils import timezone

from crm.cases.enums import CaseStatus, EventKind
from crm.cases.links import resident_tracking_url
from crm.cases.models import Case, Customer
from crm.cases.selectors import cases_for_resident, get_case_for_tracking_token
from crm.cases.services import (
    change_case_status,
    link_customer_to_user,
    revoke_tracking_links,
    unlink_customer_email,
)
from crm.cases.tracking import make_tracking_token, read_tracking_token
from tests.crm.factories import CaseFactory, CustomerFactory, UserFactory

pytestmark = pytest.mark.django_db

DAY = 24 * 60 * 60


def token_signed_days_ago(case, days: int) -> str:
    with mock.patch("django.core.signing.time.time", return_value=time.time() - days * DAY):
        return make_tracking_token(case)


def test_a_tracking_token_leads_to_its_case_and_only_its_case():
    case, other = CaseFactory(), CaseFactory()
    token = make_tracking_token(case)
    assert get_case_for_tracking_token(token) == case
    assert read_tracking_token(token).case_uuid == case.uuid
    assert token != make_tracking_token(other)
    assert resident_tracking_url(case).startswith("http://testserver/my-account/track/")
    assert get_case_for_tracking_token(resident_tracking_url(case).split("/")[-2]) == case


@pytest.mark.parametrize("tamper", ["swap_case", "swap_nonce", "truncate", "garbage", "bare_uuid"])
def test_altered_or_made_up_tokens_are_404(tamper):
    case, other = CaseFactory(), CaseFactory()
    token = make_tracking_token(case)
    case_hex, nonce, rest = token.split(".", 2)
    forged = {
        "swap_case": f"{other.uuid.hex}.{nonce}.{rest}",
        "swap_nonce": f"{case_hex}.{other.tracking_nonce}.{rest}",
        "truncate": token[:-2],
        "garbage": "not-a-token",
        "bare_uuid": str(case.uuid),
    }[tamper]
    with pytest.raises(Http404):
        get_case_for_tracking_token(forged)


def test_an_unsigned_link_of_the_old_kind_no_longer_works():
    """Before expiry, links were a plain signature of the UUID that worked for ever."""
    from django.core import signing

    case = CaseFactory()
    old_style = signing.Signer(salt="doorstep.crm.cases.tracking", sep=".").sign(case.uuid.hex)
    with pytest.raises(Http404):
        get_case_for_tracking_token(old_style)


@override_settings(DOORSTEP_TRACKING_LINK_MAX_AGE_DAYS=365)
def test_a_link_older_than_the_maximum_age_is_404_even_for_an_open_case():
    case = CaseFactory()
    assert get_case_for_tracking_token(token_signed_days_ago(case, 364)) == case
    with pytest.raises(Http404):
        get_case_for_tracking_token(token_signed_days_ago(case, 366))


@override_settings(DOORSTEP_TRACKING_LINK_DAYS_AFTER_CLOSE=90)
@pytest.mark.parametrize("status", [CaseStatus.CLOSED, CaseStatus.RESOLVED])
def test_a_link_stops_working_the_set_number_of_days_after_the_case_finishes(status, officer):
    case = CaseFactory()
    token = make_tracking_token(case)
    change_case_status(case, to_status=status, actor=officer)
    assert get_case_for_tracking_token(token) == case

    finished = timezone.now() - timedelta(days=89)
    Case.objects.filter(pk=case.pk).update(closed_at=finished, resolved_at=finished)
    assert get_case_for_tracking_token(token) == case

    finished = timezone.now() - timedelta(days=91)
    Case.objects.filter(pk=case.pk).update(closed_at=finished, resolved_at=finished)
    with pytest.raises(Http404):
        get_case_for_tracking_token(token)


@override_settings(DOORSTEP_TRACKING_LINK_DAYS_AFTER_CLOSE=90)
def test_reopening_a_long_closed_case_brings_its_link_back(officer):
    case = CaseFactory(closed=True, closed_at=timezone.now() - timedelta(days=200))
    token = make_tracking_token(case)
    with pytest.raises(Http404):
        get_case_for_tracking_token(token)
    change_case_status(case, to_status=CaseStatus.IN_PROGRESS, actor=officer)
    assert get_case_for_tracking_token(token) == case


def test_revoking_stops_every_link_sent_so_far_and_new_links_work(officer):
    case = CaseFactory()
    old_links = [make_tracking_token(case), token_signed_days_ago(case, 3)]

    revoke_tracking_links(case, actor=officer)

    for token in old_links:
        with pytest.raises(Http404):
            get_case_for_tracking_token(token)
    case.refresh_from_db()
    assert get_case_for_tracking_token(make_tracking_token(case)) == case
    event = case.events.get(kind=EventKind.INTERNAL_NOTE)
    assert (event.is_public, event.actor) == (False, officer)
    assert event.data == {"action": "tracking_links_revoked"}
    assert "revoked" in event.message


def test_revoking_one_case_leaves_the_others_links_alone(officer):
    case, other = CaseFactory(), CaseFactory()
    other_token = make_tracking_token(other)
    revoke_tracking_links(case, actor=officer)
    assert get_case_for_tracking_token(other_token) == other


def test_old_links_keep_working_while_the_old_secret_key_is_a_fallback(settings):
    """Rotating SECRET_KEY with the old one in SECRET_KEY_FALLBACKS keeps links working;
    dropping it from the fallbacks revokes them all."""
    case = CaseFactory()
    settings.SECRET_KEY = "old-secret-key-" + "x" * 40
    token = make_tracking_token(case)

    settings.SECRET_KEY = "new-secret-key-" + "y" * 40
    settings.SECRET_KEY_FALLBACKS = ["old-secret-key-" + "x" * 40]
    assert get_case_for_tracking_token(token) == case

    settings.SECRET_KEY_FALLBACKS = []
    with pytest.raises(Http404):
        get_case_for_tracking_token(token)


# --- Linking records to accounts -----------------------------------------------------------------


def test_verifying_an_email_links_the_customer_record_to_the_account():
    customer = CustomerFactory(email="ria@example.com")
    case = CaseFactory(customer=customer)
    user = UserFactory(email="ria@example.com")

    linked = link_customer_to_user(user, email="RIA@example.com")

    assert linked == customer
    customer.refresh_from_db()
    assert (customer.user, customer.email_verified) == (user, True)
    assert list(cases_for_resident(user, verified_emails=["ria@example.com"])) == [case]
    assert link_customer_to_user(user, email="ria@example.com") == customer  # idempotent


def test_linking_an_account_rotates_the_tracking_nonce_so_emailed_links_stop_working():
    customer = CustomerFactory(email="ria@example.com")
    case, other = CaseFactory(customer=customer), CaseFactory()
    token, other_token = make_tracking_token(case), make_tracking_token(other)

    link_customer_to_user(UserFactory(email="ria@example.com"), email="ria@example.com")

    with pytest.raises(Http404):
        get_case_for_tracking_token(token)
    assert get_case_for_tracking_token(other_token) == other
    customer.refresh_from_db()
    nonce = Case.objects.get(pk=case.pk).tracking_nonce
    link_customer_to_user(customer.user, email="ria@example.com")  # already linked: no change
    assert Case.objects.get(pk=case.pk).tracking_nonce == nonce


def test_the_customer_link_alone_gives_no_access():
    """Access comes from the addresses verified on the account now, not from `Customer.user`."""
    user = UserFactory(email="ria@example.com")
    case = CaseFactory(customer=CustomerFactory(email="ria@example.com", user=user))

    assert list(cases_for_resident(user)) == []
    assert list(cases_for_resident(user, verified_emails=["ria@example.com"])) == [case]


def test_unlinking_an_address_ends_the_link_and_rotates_the_nonce():
    user = UserFactory(email="ria@example.com")
    customer = CustomerFactory(email="ria@example.com", user=user)
    case = CaseFactory(customer=customer)
    token = make_tracking_token(case)

    assert unlink_customer_email(user, email="Ria@Example.com") == customer

    customer.refresh_from_db()
    assert customer.user is None
    with pytest.raises(Http404):
        get_case_for_tracking_token(token)


def test_unlinking_leaves_another_accounts_record_alone():
    owner = UserFactory()
    customer = CustomerFactory(email="ria@example.com", user=owner)
    assert unlink_customer_email(UserFactory(), email="ria@example.com") is None
    customer.refresh_from_db()
    assert customer.user == owner


def test_a_record_that_belongs_to_another_account_is_not_taken_over():
    owner = CustomerFactory(with_account=True, email="ria@example.com")
    intruder = UserFactory(email="ria@example.com")
    assert link_customer_to_user(intruder, email="ria@example.com") is None
    owner.refresh_from_db()
    assert owner.user != intruder


def test_no_record_no_link():
    assert link_customer_to_user(UserFactory(), email="nobody@example.com") is None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row locks (PostgreSQL)")
def test_one_account_confirming_two_addresses_at_once_links_one_record_without_an_error():
    """Two confirmations in parallel for one account, each with a customer record: before, both
    saw "no record linked yet" and the second save broke the one-to-one (IntegrityError)."""
    user = UserFactory()
    first = CustomerFactory(email="one@example.com")
    second = CustomerFactory(email="two@example.com")
    barrier = threading.Barrier(2)
    original_save = Customer.save

    def save_together(self, *args, **kwargs):
        # Both threads reach the save before either commits, if the locks allow it.
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait(timeout=2)
        return original_save(self, *args, **kwargs)

    errors = []

    def confirm(email):
        try:
            link_customer_to_user(user, email=email)
        except Exception as error:  # noqa: BLE001 - the test reports any error
            errors.append(error)
        finally:
            connection.close()

    with mock.patch.object(Customer, "save", save_together):
        threads = [threading.Thread(target=confirm, args=(c.email,)) for c in (first, second)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)

    assert errors == []
    linked = Customer.objects.filter(user=user)
    assert linked.count() == 1
    assert set(Customer.objects.values_list("email_verified", flat=True)) == {True}
