"""Replying with a canned reply on a case page: pick a reply (a GET form, no JavaScript), see it
filled in for the case in a textarea, edit it, send it: a public update from the officer and the
"update on your request" email. Refusals keep the typed text and say why."""

import pytest
from bs4 import BeautifulSoup

from crm.cases.enums import EventKind
from crm.cases.services import anonymise_case
from crm.notifications.enums import EmailKind
from crm.notifications.models import OutboxMessage
from crm.notifications.tasks import send_outbox_message
from tests.crm.factories import CaseFactory, CustomerFactory

from .conftest import CannedReplyFactory

PANEL = "#case-canned-reply-heading"


@pytest.fixture
def case(type_a):
    return CaseFactory(
        case_type=type_a,
        reference="FDC-2026-000042",
        customer=CustomerFactory(name="Ria Resident", email="ria@example.com", verified=True),
    )


@pytest.fixture
def reply(type_a):
    return CannedReplyFactory(
        title="Inspection booked",
        body="Dear {first_name}, an inspector will visit about {reference}. {officer_name}",
        case_types=[type_a],
    )


def page_url(case) -> str:
    return f"/admin/cases/{case.uuid}/"


def send_url(case) -> str:
    return f"/admin/knowledge/case/{case.uuid}/canned-reply/"


def send_data(reply, text: str) -> dict:
    return {"canned-reply-reply": str(reply.pk), "canned-reply-text": text}


def panel(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return soup.find(id="case-canned-reply-heading").parent


def messages_of(response) -> list[str]:
    return [str(message).strip() for message in response.context["messages"]]


def test_the_picker_is_a_plain_get_form_offering_the_case_types_replies(client_a, case, reply):
    every_type = CannedReplyFactory(title="General acknowledgement")
    CannedReplyFactory(title="Other type", case_types=[CaseFactory().case_type])
    CannedReplyFactory(title="Switched off", case_types=[case.case_type], is_active=False)

    section = panel(client_a.get(page_url(case)))

    form = section.find("form")
    assert form["method"] == "get"
    assert form["action"] == page_url(case) + PANEL
    options = [option.get_text() for option in form.find_all("option") if option["value"]]
    assert options == [every_type.title, reply.title]  # by order, then title
    assert form.find("button").get_text() == "Use this reply"
    assert section.find("textarea") is None  # nothing to send until a reply is picked


def test_use_this_reply_reloads_the_page_with_the_text_filled_in(client_a, case, reply):
    response = client_a.get(page_url(case), {"canned_reply": reply.pk})

    section = panel(response)
    textarea = section.find("textarea")
    assert textarea.get_text().strip() == (
        "Dear Ria, an inspector will visit about FDC-2026-000042. Ada Able"
    )
    send_form = textarea.find_parent("form")
    assert send_form["method"] == "post" and send_form["action"] == send_url(case)
    assert send_form.find("input", {"name": "canned-reply-reply"})["value"] == str(reply.pk)
    assert section.find("option", selected=True)["value"] == str(reply.pk)


def test_sending_adds_a_public_update_from_the_officer_and_emails_it(
    client_a, staff_a, case, reply, mailoutbox
):
    text = "Dear Ria, an inspector will visit on Friday. Ada Able"

    response = client_a.post(send_url(case), send_data(reply, text), follow=True)

    assert response.redirect_chain[-1][0] == page_url(case)
    assert "The reply has been sent to the resident." in messages_of(response)
    event = case.events.get(kind=EventKind.PUBLIC_UPDATE)
    assert (event.is_public, event.actor, event.message) == (True, staff_a, text)
    outbox = OutboxMessage.objects.get(case=case)
    assert (outbox.kind, outbox.recipient) == (EmailKind.CASE_UPDATED, "ria@example.com")
    send_outbox_message(outbox.pk)
    assert len(mailoutbox) == 1 and text in mailoutbox[0].body


def test_a_reply_for_every_type_can_be_sent_on_any_case(client_a, case):
    general = CannedReplyFactory(title="General")

    client_a.post(send_url(case), send_data(general, "Thanks, we are on it."))

    assert case.events.filter(kind=EventKind.PUBLIC_UPDATE, message="Thanks, we are on it.")


def assert_refused(response, case, message: str, typed: str):
    assert response.status_code == 200
    assert "The case has not been changed. Check the form below." in messages_of(response)
    section = panel(response)
    assert message in section.get_text()
    assert section.find("textarea").get_text().strip() == typed  # kept
    assert not case.events.filter(kind=EventKind.PUBLIC_UPDATE).exists()
    assert not OutboxMessage.objects.filter(case=case).exists()


def test_a_reply_for_another_case_type_is_refused(client_a, case, type_b):
    other = CannedReplyFactory(title="Bin collection", case_types=[type_b])

    response = client_a.post(send_url(case), send_data(other, "My edited text"))

    assert_refused(
        response,
        case,
        "The reply “Bin collection” is not for Pothole cases. Choose another reply.",
        "My edited text",
    )


def test_an_inactive_reply_is_refused(client_a, case, reply):
    reply.is_active = False
    reply.save()

    response = client_a.post(send_url(case), send_data(reply, "My edited text"))

    assert_refused(
        response,
        case,
        "The reply “Inspection booked” is no longer in use. Choose another reply.",
        "My edited text",
    )


def test_empty_text_after_editing_is_refused_on_the_textarea(client_a, case, reply):
    response = client_a.post(send_url(case), send_data(reply, "   "))

    assert_refused(response, case, "Enter the text of the reply.", "")
    error = panel(response).find(class_="error-message")
    assert error is not None and "Enter the text of the reply." in error.get_text()


def test_an_anonymised_case_is_refused(client_a, type_a, staff_a):
    case = CaseFactory(case_type=type_a, closed=True)
    anonymise_case(case)
    reply = CannedReplyFactory(title="Thanks", case_types=[type_a])

    response = client_a.post(send_url(case), send_data(reply, "Still here?"))

    assert_refused(
        response,
        case,
        "This case has been anonymised: there is no resident to write to.",
        "Still here?",
    )


def test_staff_who_may_not_see_the_case_can_neither_pick_nor_send(client, staff_b, case, reply):
    client.force_login(staff_b)

    assert client.get(page_url(case), {"canned_reply": reply.pk}).status_code == 404
    assert client.post(send_url(case), send_data(reply, "Hello")).status_code == 404
    assert not case.events.filter(kind=EventKind.PUBLIC_UPDATE).exists()
    assert not OutboxMessage.objects.exists()


def test_signed_out_visitors_are_sent_to_sign_in(client, case, reply):
    response = client.post(send_url(case), send_data(reply, "Hello"))

    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not case.events.filter(kind=EventKind.PUBLIC_UPDATE).exists()


def test_picking_a_reply_for_another_type_says_why(client_a, case, type_b):
    other = CannedReplyFactory(title="Bin collection", case_types=[type_b])

    section = panel(client_a.get(page_url(case), {"canned_reply": other.pk}))

    assert "is not for Pothole cases" in section.get_text()
    assert section.find("textarea") is None


def test_a_case_without_replies_says_so(client_a, case):
    section = panel(client_a.get(page_url(case)))

    assert "There are no canned replies for Pothole cases." in section.get_text()
    assert section.find("form") is None


def test_a_reply_deleted_since_it_was_picked_is_refused(client_a, case, reply):
    data = send_data(reply, "My edited text")
    reply.delete()

    response = client_a.post(send_url(case), data)

    assert_refused(
        response, case, "That reply no longer exists. Choose another reply.", "My edited text"
    )


def test_a_case_without_an_email_address_gets_the_reply_on_its_timeline_only(
    client_a, type_a, reply
):
    case = CaseFactory(case_type=type_a, customer=None)

    response = client_a.post(send_url(case), send_data(reply, "Noted."), follow=True)

    assert (
        "The reply is on the case timeline for the resident. There is no email address on the "
        "case, so it was not emailed."
    ) in messages_of(response)
    assert case.events.filter(kind=EventKind.PUBLIC_UPDATE, message="Noted.").exists()
    assert not OutboxMessage.objects.exists()
