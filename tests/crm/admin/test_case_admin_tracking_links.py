"""Revoking a case's tracking links from the staff case page."""

import pytest

from crm.cases.enums import EventKind
from crm.cases.models import Case
from crm.cases.tracking import make_tracking_token
from tests.crm.factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(type_a):
    return CaseFactory(case_type=type_a)


def revoke_url(case) -> str:
    return f"/admin/cases/{case.uuid}/tracking-links/revoke/"


def test_the_case_page_offers_the_revoke_button(client_a, case, soup):
    page = soup(client_a.get(f"/admin/cases/{case.uuid}/"))

    button = page.find("button", string="Revoke tracking link")
    assert button is not None
    assert button.find_parent("form")["action"] == revoke_url(case)
    assert button.find_parent("form")["method"] == "post"


def test_revoking_stops_the_old_link_and_notes_it_for_staff(client, client_a, staff_a, case):
    old_link = f"/my-account/track/{make_tracking_token(case)}/"
    assert client.get(old_link).status_code == 200

    response = client_a.post(revoke_url(case), follow=True)

    assert response.redirect_chain[-1][0] == f"/admin/cases/{case.uuid}/"
    messages = [str(message) for message in response.context["messages"]]
    assert any("no longer work" in message for message in messages)
    client.logout()
    assert client.get(old_link).status_code == 404
    fresh = Case.objects.get(pk=case.pk)
    assert client.get(f"/my-account/track/{make_tracking_token(fresh)}/").status_code == 200
    event = fresh.events.get(kind=EventKind.INTERNAL_NOTE)
    assert (event.actor, event.is_public) == (staff_a, False)
    assert "Tracking links revoked" in response.content.decode()


def test_staff_who_cannot_see_the_case_cannot_revoke_it(client, staff_b, case):
    client.force_login(staff_b)
    nonce = case.tracking_nonce

    assert client.post(revoke_url(case)).status_code == 404
    assert Case.objects.get(pk=case.pk).tracking_nonce == nonce


def test_a_get_changes_nothing(client_a, case):
    nonce = case.tracking_nonce

    response = client_a.get(revoke_url(case))

    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).tracking_nonce == nonce
