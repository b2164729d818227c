"""Sign-in abuse: a burst of wrong passwords blocks the client that sent it, and nobody else.

Both sign-in pages count through allauth's rate limits (ACCOUNT_RATE_LIMITS, kept in the cache):
residents' /accounts/login/ and the Wagtail admin's /admin/login/ (myaccount/admin_login.py).
The client is REMOTE_ADDR, or behind a proxy the X-Forwarded-For entry ALLAUTH_TRUSTED_PROXY_COUNT
from the right, which the client cannot forge by adding entries of its own.
"""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.test import Client

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"
ATTACKER, NEIGHBOUR, PROXY = "203.0.113.5", "203.0.113.6", "10.0.0.2"
# login_failed is "10/m/ip,5/5m/key": ten wrong passwords from one client in a minute.
BURST = 10


@pytest.fixture
def resident(db):
    user = UserFactory(username="ria", email="ria@example.com")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def staff(db):
    """Staff sign in to the admin by username, like the demo user "staff"."""
    user = UserFactory(username="staff", email="staff@council.example")
    user.groups.add(Group.objects.get(name="Editors"))  # has wagtailadmin.access_admin
    return user


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def resident_sign_in(client: Client, login: str, password: str, **meta):
    return client.post("/accounts/login/", {"login": login, "password": password}, **meta)


def admin_sign_in(client: Client, username: str, password: str, **meta):
    return client.post("/admin/login/", {"username": username, "password": password}, **meta)


def guess_passwords(sign_in, guesses: list[str], **meta) -> None:
    """A credential-stuffing burst: one wrong password for each of many accounts."""
    for login in guesses:
        client = Client()
        response = sign_in(client, login, "Password123!", **meta)
        assert response.status_code == 200
        assert not signed_in(client)


# --- Residents: /accounts/login/ ---------------------------------------------------------------


def test_a_burst_of_wrong_passwords_blocks_that_client_and_not_its_neighbour(resident, soup):
    guess_passwords(
        resident_sign_in, [f"guess{n}@example.com" for n in range(BURST)], REMOTE_ADDR=ATTACKER
    )

    attacker = Client()
    response = resident_sign_in(attacker, "ria@example.com", PASSWORD, REMOTE_ADDR=ATTACKER)
    assert not signed_in(attacker)  # even the right password is refused from that client now
    assert "Too many failed login attempts" in soup(response).get_text()

    neighbour = Client()
    response = resident_sign_in(neighbour, "ria@example.com", PASSWORD, REMOTE_ADDR=NEIGHBOUR)
    assert response.status_code == 302
    assert signed_in(neighbour)


def test_behind_a_proxy_the_limit_keys_on_the_forwarded_client(resident, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    # The attacker adds forged entries on the left; the proxy appends the real address last.
    for n in range(BURST):
        client = Client()
        resident_sign_in(
            client,
            f"guess{n}@example.com",
            "Password123!",
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, {ATTACKER}",
        )
        assert not signed_in(client)

    attacker = Client()
    resident_sign_in(
        attacker,
        "ria@example.com",
        PASSWORD,
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=f"192.0.2.99, {ATTACKER}",
    )
    assert not signed_in(attacker)

    neighbour = Client()
    resident_sign_in(
        neighbour, "ria@example.com", PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=NEIGHBOUR
    )
    assert signed_in(neighbour)


def test_without_the_trusted_proxy_count_everyone_behind_the_proxy_is_one_client(
    resident, settings
):
    """Why ALLAUTH_TRUSTED_PROXY_COUNT must be set behind a load balancer (docs/deployment.md)."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    guess_passwords(
        resident_sign_in,
        [f"guess{n}@example.com" for n in range(BURST)],
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=ATTACKER,
    )

    neighbour = Client()
    resident_sign_in(
        neighbour, "ria@example.com", PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=NEIGHBOUR
    )
    assert not signed_in(neighbour)


def test_repeated_wrong_passwords_for_one_account_are_limited_from_any_client(resident):
    """A slow guess at one account from many addresses is capped per account (5 in 5 minutes)."""
    for n in range(5):
        client = Client()
        resident_sign_in(client, "ria@example.com", "wrong-password", REMOTE_ADDR=f"192.0.2.{n}")
        assert not signed_in(client)

    client = Client()
    resident_sign_in(client, "ria@example.com", PASSWORD, REMOTE_ADDR="192.0.2.50")
    assert not signed_in(client)


# --- Staff: the Wagtail admin's /admin/login/ ---------------------------------------------------


def test_staff_sign_in_to_the_admin_with_their_username(staff):
    client = Client()
    response = admin_sign_in(client, "staff", PASSWORD, REMOTE_ADDR=NEIGHBOUR)
    assert response.status_code == 302
    assert response.url == "/admin/"
    assert signed_in(client)
    assert client.get("/admin/").status_code == 200


def test_a_burst_of_wrong_admin_passwords_blocks_that_client_and_not_its_neighbour(staff, soup):
    guess_passwords(admin_sign_in, [f"guess{n}" for n in range(BURST)], REMOTE_ADDR=ATTACKER)

    attacker = Client()
    response = admin_sign_in(attacker, "staff", PASSWORD, REMOTE_ADDR=ATTACKER)
    assert not signed_in(attacker)
    assert "Too many failed login attempts" in soup(response).get_text()

    neighbour = Client()
    response = admin_sign_in(neighbour, "staff", PASSWORD, REMOTE_ADDR=NEIGHBOUR)
    assert response.status_code == 302
    assert signed_in(neighbour)


def test_admin_limits_key_on_the_forwarded_client_behind_a_proxy(staff, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    guess_passwords(
        admin_sign_in,
        [f"guess{n}" for n in range(BURST)],
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=ATTACKER,
    )

    attacker = Client()
    admin_sign_in(attacker, "staff", PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ATTACKER)
    assert not signed_in(attacker)

    neighbour = Client()
    admin_sign_in(neighbour, "staff", PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=NEIGHBOUR)
    assert signed_in(neighbour)


def test_the_admin_and_residents_sign_in_share_one_wrong_password_count(resident, staff):
    """Guessing at /accounts/login/ uses up the client's allowance at /admin/login/ too."""
    guess_passwords(
        resident_sign_in, [f"guess{n}@example.com" for n in range(BURST)], REMOTE_ADDR=ATTACKER
    )

    attacker = Client()
    admin_sign_in(attacker, "staff", PASSWORD, REMOTE_ADDR=ATTACKER)
    assert not signed_in(attacker)


def test_a_resident_is_never_signed_in_to_the_admin(resident, soup):
    client = Client()
    response = admin_sign_in(client, "ria", PASSWORD, REMOTE_ADDR=NEIGHBOUR)
    assert response.status_code == 200
    assert not signed_in(client)
    assert "didn't match" in soup(response).get_text()  # the same answer as a wrong password


def test_the_admin_has_no_emailed_password_reset(staff, soup):
    client = Client()
    page = soup(client.get("/admin/login/"))
    assert not page.find("a", href="/admin/password_reset/")
    assert client.get("/admin/password_reset/").status_code == 404
