"""Rate limits while the shared cache is away: they still hold, counted in each web process
(docs/scaling.md, "When Redis fails"), rather than letting every request through."""

import socket

import pytest
from allauth.account.models import EmailAddress
from django.test import Client

from crm.cases.models import Case
from tests.crm.factories import CaseTypeFactory
from tests.factories import UserFactory
from tests.forms.steps import answer, url, where_photos_you_form

pytestmark = pytest.mark.django_db

ATTACKER, NEIGHBOUR = "203.0.113.5", "203.0.113.6"
PASSWORD = "a-long-test-password"


@pytest.fixture(autouse=True)
def redis_is_down(settings):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
        }
    }


@pytest.fixture
def eform():
    return where_photos_you_form(
        CaseTypeFactory(name="Dead animal"), title="Report a dead animal", slug="dead-animal"
    )


def send(client: Client, eform):
    answer(client, eform, "where", {"where": "By the bus stop"})
    answer(client, eform, "photos")
    answer(client, eform, "you", {"name": "Ann Other", "email": "ann@example.com"})
    return client.post(url(eform, "check-your-answers"))


def test_sending_forms_is_still_limited_per_client_address(eform, settings):
    settings.EFORMS_RATE_LIMITS = {"send": {"ip": "2/h", "session": "100/h"}}
    for _ in range(2):
        assert send(Client(REMOTE_ADDR=ATTACKER), eform).status_code == 302
    assert send(Client(REMOTE_ADDR=ATTACKER), eform).status_code == 429
    assert send(Client(REMOTE_ADDR=NEIGHBOUR), eform).status_code == 302
    assert Case.objects.count() == 3


def test_a_burst_of_wrong_passwords_still_blocks_that_client(soup):
    user = UserFactory(username="ria", email="ria@example.com")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    for n in range(10):  # login_failed: 10 a minute from one client
        guesser = Client(REMOTE_ADDR=ATTACKER)
        guesser.post("/accounts/login/", {"login": f"guess{n}@example.com", "password": "x1!"})

    attacker = Client(REMOTE_ADDR=ATTACKER)
    response = attacker.post("/accounts/login/", {"login": "ria@example.com", "password": PASSWORD})
    assert "_auth_user_id" not in attacker.session
    assert "Too many failed login attempts" in soup(response).get_text()

    neighbour = Client(REMOTE_ADDR=NEIGHBOUR)
    response = neighbour.post(
        "/accounts/login/", {"login": "ria@example.com", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert "_auth_user_id" in neighbour.session
