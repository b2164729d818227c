"""The sandbox's test payment page: Pay, Decline and Cancel go through the same webhook code as
a real provider's notification, then back to the service."""

import pytest
from django.test import Client
from django.urls import reverse

from crm.notifications.enums import EmailKind
from crm.notifications.models import OutboxMessage
from crm.payments.enums import PaymentState
from crm.payments.models import Payment, SandboxCharge, WebhookEvent
from tests.crm.payments.factories import RETURN_URL, sandbox_payment

pytestmark = pytest.mark.django_db


@pytest.fixture
def payment(case):
    return sandbox_payment(case=case, amount=4250)


def _url(payment) -> str:
    return reverse("payments:sandbox", kwargs={"provider_id": payment.provider_id})


def test_the_page_is_labelled_a_test_and_shows_what_is_paid(client, payment, soup):
    response = client.get(_url(payment))

    assert response.status_code == 200
    page = soup(response)
    assert "Test payment page: no money will be taken" in page.select_one(
        ".govuk-warning-text"
    ).get_text(" ", strip=True)
    assert page.select_one("#sandbox-amount").get_text(strip=True) == "£42.50"
    assert "Bulky waste collection" in page.select_one(".govuk-summary-list").get_text()
    form = page.select_one("main form")
    assert form["method"] == "post"
    assert form.select_one("input[name=csrfmiddlewaretoken]") is not None
    buttons = {b["value"]: b.get_text(strip=True) for b in form.select("button[name=action]")}
    assert buttons == {"pay": "Pay", "decline": "Decline", "cancel": "Cancel"}
    assert not page.select("main [style]") and not page.select("main script")
    assert "Content-Security-Policy" in response.headers


def test_pay_marks_the_payment_paid_and_returns_to_the_service(client, payment):
    response = client.post(_url(payment), {"action": "pay"})

    assert response.status_code == 302
    assert response["Location"] == RETURN_URL
    payment.refresh_from_db()
    assert payment.state == PaymentState.SUCCESS
    assert SandboxCharge.objects.get().state == PaymentState.SUCCESS
    # The same path as a real provider's notification: recorded by its event id.
    event = payment.events.get(to_state=PaymentState.SUCCESS)
    assert event.source == "webhook"
    assert WebhookEvent.objects.get().event_id == event.provider_event_id
    assert OutboxMessage.objects.filter(kind=EmailKind.PAYMENT_RECEIVED).count() == 1


def test_decline_fails_the_payment_and_returns_to_the_service(client, payment):
    response = client.post(_url(payment), {"action": "decline"})

    assert response["Location"] == RETURN_URL
    payment.refresh_from_db()
    assert payment.state == PaymentState.FAILED
    assert payment.failure_code == "P0010"
    assert not OutboxMessage.objects.filter(kind=EmailKind.PAYMENT_RECEIVED).exists()


def test_cancel_returns_by_the_cancel_link(client, payment):
    response = client.post(_url(payment), {"action": "cancel"})

    assert response["Location"] == f"{RETURN_URL}?cancelled=1"
    payment.refresh_from_db()
    assert payment.state == PaymentState.CANCELLED


def test_a_finished_charge_cannot_be_paid_again(client, payment, soup):
    client.post(_url(payment), {"action": "decline"})

    response = client.post(_url(payment), {"action": "pay"})

    assert response.status_code == 200
    page = soup(response)
    assert page.h1.get_text(strip=True) == "This test payment has finished"
    assert page.select_one("#sandbox-status").get_text(strip=True) == "Declined or failed"
    assert not page.select("button[name=action]")
    assert Payment.objects.get().state == PaymentState.FAILED
    assert WebhookEvent.objects.count() == 1


def test_a_post_without_the_csrf_token_is_refused(payment):
    client = Client(enforce_csrf_checks=True)

    response = client.post(_url(payment), {"action": "pay"})

    assert response.status_code == 403
    assert Payment.objects.get().state == PaymentState.SUBMITTED


def test_an_unknown_action_changes_nothing(client, payment):
    assert client.post(_url(payment), {"action": "refund"}).status_code == 400
    assert SandboxCharge.objects.get().state == PaymentState.SUBMITTED


def test_an_unknown_charge_is_not_found(client, db):
    url = reverse("payments:sandbox", kwargs={"provider_id": "sbx_nope"})
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "pay"}).status_code == 404


def test_the_page_is_gone_when_the_sandbox_is_switched_off(client, payment, settings):
    settings.DOORSTEP_PAYMENTS_SANDBOX = False

    assert client.get(_url(payment)).status_code == 404
    assert client.post(_url(payment), {"action": "pay"}).status_code == 404
    assert Payment.objects.get().state == PaymentState.SUBMITTED


def test_a_return_address_on_another_site_is_not_followed(client, payment):
    SandboxCharge.objects.update(return_url="https://evil.example/steal")

    response = client.post(_url(payment), {"action": "pay"})

    assert response["Location"] == "/"
