"""Fixtures for My Account: residents with verified email addresses, and their requests."""

from types import SimpleNamespace

import pytest
from allauth.account.models import EmailAddress

from tests.crm.factories import CaseTypeFactory, CustomerFactory, TeamFactory, UserFactory

PASSWORD = "a-long-test-password"


def make_resident(email: str, *, verified: bool = True, name: str = "Ria Resident"):
    """An account as allauth leaves it after sign-up (and, by default, email confirmation)."""
    first_name, _, last_name = name.partition(" ")
    user = UserFactory(email=email, first_name=first_name, last_name=last_name)
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


@pytest.fixture
def resident_a(db):
    return make_resident("ria@example.com", name="Ria Resident")


@pytest.fixture
def resident_b(db):
    return make_resident("bob@example.com", name="Bob Builder")


@pytest.fixture
def officer(db):
    return UserFactory(first_name="Olu", last_name="Officer")


@pytest.fixture
def team(officer):
    return TeamFactory(name="Highways", email="highways@council.example", members=[officer])


@pytest.fixture
def case_type(team):
    return CaseTypeFactory(name="Report a pothole", team=team)


@pytest.fixture
def customer_a(resident_a):
    """Ria's customer record, made by a form before she had an account (not linked)."""
    return CustomerFactory(name="Ria Resident", email=resident_a.email)


@pytest.fixture
def customer_b(resident_b):
    return CustomerFactory(name="Bob Builder", email=resident_b.email)


@pytest.fixture
def signed_in(client):
    """Sign a resident in to the test client."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture(autouse=True)
def _account_emails_sent_at_once(monkeypatch):
    """allauth's emails are queued on commit (myaccount/adapter.py), and a test's transaction
    never commits: send them at once here, so tests can read mail.outbox after a request.
    test_account_email_queue.py checks the on-commit queueing itself."""
    monkeypatch.setattr(
        "myaccount.adapter.transaction",
        SimpleNamespace(on_commit=lambda callback, using=None, robust=False: callback()),
    )
