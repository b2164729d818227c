"""Signed tracking links for residents without an account, and linking records to accounts."""

import pytest
from django.http import Http404

from crm.cases.links import resident_tracking_url
from crm.cases.selectors import cases_for_resident, get_case_for_tracking_token
from crm.cases.services import link_customer_to_user
from crm.cases.tracking import make_tracking_token, read_tracking_token
from tests.crm.factories import CaseFactory, CustomerFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_tracking_token_leads_to_its_case_and_only_its_case():
    case, other = CaseFactory(), CaseFactory()
    token = make_tracking_token(case)
    assert get_case_for_tracking_token(token) == case
    assert read_tracking_token(token) == case.uuid
    assert make_tracking_token(case) == token  # stable: the same link in every email
    assert token != make_tracking_token(other)
    assert resident_tracking_url(case).endswith(f"/my-account/track/{token}/")


@pytest.mark.parametrize("tamper", ["swap_case", "truncate", "garbage", "bare_uuid"])
def test_altered_or_made_up_tokens_are_404(tamper):
    case, other = CaseFactory(), CaseFactory()
    token = make_tracking_token(case)
    forged = {
        "swap_case": other.uuid.hex + token[len(case.uuid.hex) :],
        "truncate": token[:-2],
        "garbage": "not-a-token",
        "bare_uuid": str(case.uuid),
    }[tamper]
    with pytest.raises(Http404):
        get_case_for_tracking_token(forged)


def test_verifying_an_email_links_the_customer_record_to_the_account():
    customer = CustomerFactory(email="ria@example.com")
    case = CaseFactory(customer=customer)
    user = UserFactory(email="ria@example.com")

    linked = link_customer_to_user(user, email="RIA@example.com")

    assert linked == customer
    customer.refresh_from_db()
    assert (customer.user, customer.email_verified) == (user, True)
    assert list(cases_for_resident(user)) == [case]
    assert link_customer_to_user(user, email="ria@example.com") == customer  # idempotent


def test_a_record_that_belongs_to_another_account_is_not_taken_over():
    owner = CustomerFactory(with_account=True, email="ria@example.com")
    intruder = UserFactory(email="ria@example.com")
    assert link_customer_to_user(intruder, email="ria@example.com") is None
    owner.refresh_from_db()
    assert owner.user != intruder


def test_no_record_no_link():
    assert link_customer_to_user(UserFactory(), email="nobody@example.com") is None
