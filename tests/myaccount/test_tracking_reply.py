"""Replying from the tracking link in an email, without an account.

When the council asks the resident something (the case's state has "their reply moves the case
to"), the request's page behind the link shows a "Reply" form once the resident has entered the
one-time code. The reply moves the case on: an FOI request waiting for clarification restarts its
clock from day one (FOIA section 1(3)).
"""

import time
from datetime import timedelta
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from crm.cases.calendar import foi_due_date
from crm.cases.enums import CaseStatus, EventKind
from crm.cases.models import Case, Workflow
from crm.cases.services import (
    change_case_status,
    open_case,
    revoke_tracking_links,
)
from crm.cases.tracking import make_tracking_token
from crm.notifications.enums import EmailKind
from crm.notifications.models import OutboxMessage
from tests.crm.factories import CaseTypeFactory, CustomerFactory

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n" + b"\x00" * 64
SIGNED_AT = time.time()
QUESTION = "Please tell us which years you mean."


@pytest.fixture
def foi_type(team):
    return CaseTypeFactory(
        name="Freedom of Information request",
        team=team,
        workflow=Workflow.objects.get(slug="information-request"),
        clock_rule="foi",
        sla_working_days=20,
        max_extension_working_days=20,
    )


@pytest.fixture
def foi_case(foi_type, officer):
    """An FOI request from someone without an account, waiting for them to clarify it."""
    customer = CustomerFactory(name="Gail Guest", email="gail@example.com")
    case = open_case(
        case_type=foi_type,
        answers=[{"question": "What do you want to know?", "answer": "Spending on consultants"}],
        customer=customer,
    )
    change_case_status(
        case, to_status="awaiting_clarification", actor=officer, public_message=QUESTION
    )
    return Case.objects.get(pk=case.pk)


def tracking_path(case):
    with mock.patch("django.core.signing.time.time", return_value=SIGNED_AT):
        return f"/my-account/track/{make_tracking_token(case)}/"


def enter_code(client, case):
    assert client.post(f"{tracking_path(case)}code/").status_code == 302
    code = OutboxMessage.objects.filter(case=case, kind=EmailKind.TRACKING_CODE).latest("pk")
    response = client.post(f"{tracking_path(case)}code/enter/", {"code": code.context["code"]})
    assert response.status_code == 302


def reply(client, case, message="The years 2023 and 2024.", **extra):
    return client.post(f"{tracking_path(case)}reply/", {"message": message, **extra})


def error_summary(page) -> list[str]:
    summary = page.select_one(".govuk-error-summary")
    return [item.get_text(strip=True) for item in summary.select("li")] if summary else []


def test_without_a_code_the_link_offers_no_reply_form(client, foi_case, soup):
    page = soup(client.get(tracking_path(foi_case)))
    assert page.select_one(f"form[action='{tracking_path(foi_case)}reply/']") is None
    assert "Get a code to see the details" in page.get_text()


def test_with_a_code_a_request_waiting_for_the_resident_shows_the_reply_form(
    client, foi_case, soup
):
    enter_code(client, foi_case)
    page = soup(client.get(tracking_path(foi_case)))
    form = page.select_one(f"form[action='{tracking_path(foi_case)}reply/']")
    assert form is not None
    assert form["enctype"] == "multipart/form-data"
    assert page.select_one("h2#reply").get_text(strip=True) == "Reply"
    assert form.select_one("textarea[name=message]") is not None
    assert form.select_one("input[type=file][name=files]") is not None
    assert QUESTION in page.get_text()  # the question they answer is on the page


def test_a_request_not_waiting_for_the_resident_has_no_reply_form(client, foi_type, officer, soup):
    case = open_case(
        case_type=foi_type,
        answers=[{"question": "What?", "answer": "Bin collections"}],
        customer=CustomerFactory(email="gail@example.com"),
    )
    enter_code(client, case)
    page = soup(client.get(tracking_path(case)))
    assert page.select_one(f"form[action='{tracking_path(case)}reply/']") is None
    assert "create an account" in page.get_text()


def test_the_reply_moves_the_case_on_and_restarts_the_clock_from_day_one(client, foi_case, soup):
    enter_code(client, foi_case)
    response = reply(client, foi_case)
    assert response.status_code == 302
    assert response["Location"] == tracking_path(foi_case)
    assert response["Referrer-Policy"] == "strict-origin"

    case = Case.objects.get(pk=foi_case.pk)
    assert case.state == "clarified"
    assert case.status == CaseStatus.IN_PROGRESS
    assert not case.clock_stopped
    today = timezone.localdate()
    assert case.clock_started_on == today
    assert case.due_date == foi_due_date(today)

    event = case.events.get(kind=EventKind.RESIDENT_MESSAGE)
    assert event.message == "The years 2023 and 2024."
    assert event.actor is None
    assert event.is_public
    assert event.data == {
        "from": "customer",
        "customer_id": case.customer_id,
        "via": "tracking_link",
    }
    # The team hears of it.
    assert OutboxMessage.objects.filter(
        case=case, kind=EmailKind.RESIDENT_MESSAGE, recipient=case.team.email
    ).exists()

    page = soup(client.get(tracking_path(foi_case)))
    assert "Your reply has been sent" in page.get_text()
    assert "The years 2023 and 2024." in page.get_text()  # on their timeline
    # The case no longer waits for them: no reply form.
    assert page.select_one(f"form[action='{tracking_path(foi_case)}reply/']") is None


def test_a_reply_can_carry_files(client, foi_case):
    enter_code(client, foi_case)
    upload = SimpleUploadedFile("years.pdf", PDF_BYTES, content_type="application/pdf")
    assert reply(client, foi_case, files=upload).status_code == 302
    event = foi_case.events.get(kind=EventKind.RESIDENT_MESSAGE)
    attachment = event.attachments.get()
    assert attachment.original_name == "years.pdf"
    assert attachment.uploaded_by is None


def test_a_file_that_breaks_the_upload_rule_is_refused_and_the_text_kept(client, foi_case, soup):
    enter_code(client, foi_case)
    fake = SimpleUploadedFile("years.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = reply(client, foi_case, message="Keep this text", files=fake)
    assert response.status_code == 400
    page = soup(response)
    assert error_summary(page)
    assert page.select_one("textarea[name=message]").get_text().strip() == "Keep this text"
    assert page.title.get_text().startswith("Error:")
    assert not foi_case.events.filter(kind=EventKind.RESIDENT_MESSAGE).exists()
    assert Case.objects.get(pk=foi_case.pk).state == "awaiting_clarification"


def test_an_empty_reply_is_refused_next_to_the_field(client, foi_case, soup):
    enter_code(client, foi_case)
    response = reply(client, foi_case, message="   ")
    assert response.status_code == 400
    page = soup(response)
    assert error_summary(page) == ["Enter a message"]
    assert (
        page.select_one("#message-error") is not None
        or "Enter a message" in page.select_one(".govuk-form-group--error").get_text()
    )
    assert not foi_case.events.filter(kind=EventKind.RESIDENT_MESSAGE).exists()
    assert Case.objects.get(pk=foi_case.pk).state == "awaiting_clarification"


def test_a_reply_without_a_code_is_refused(client, foi_case, soup):
    response = reply(client, foi_case)
    assert response.status_code == 403
    page = soup(response)
    assert error_summary(page) == [
        "Get a code to see the details of your request before you reply."
    ]
    assert not foi_case.events.filter(kind=EventKind.RESIDENT_MESSAGE).exists()
    assert Case.objects.get(pk=foi_case.pk).state == "awaiting_clarification"


def test_a_reply_after_the_code_access_ran_out_is_refused(client, foi_case, settings):
    enter_code(client, foi_case)
    later = time.time() + settings.DOORSTEP_TRACKING_ACCESS_MINUTES * 60 + 5
    with mock.patch("myaccount.tracking.time.time", return_value=later):
        assert reply(client, foi_case).status_code == 403
    assert not foi_case.events.filter(kind=EventKind.RESIDENT_MESSAGE).exists()


def test_a_reply_through_a_revoked_link_is_404(client, foi_case, officer):
    enter_code(client, foi_case)
    old_path = tracking_path(foi_case)
    revoke_tracking_links(foi_case, actor=officer)
    assert client.post(f"{old_path}reply/", {"message": "Hello"}).status_code == 404
    assert not foi_case.events.filter(kind=EventKind.RESIDENT_MESSAGE).exists()


def test_a_reply_through_an_expired_link_is_404(client, foi_case, settings):
    enter_code(client, foi_case)
    path = tracking_path(foi_case)
    later = (
        SIGNED_AT + timedelta(days=settings.DOORSTEP_TRACKING_LINK_MAX_AGE_DAYS + 1).total_seconds()
    )
    with mock.patch("django.core.signing.time.time", return_value=later):
        assert client.post(f"{path}reply/", {"message": "Hello"}).status_code == 404
    assert not foi_case.events.filter(kind=EventKind.RESIDENT_MESSAGE).exists()


def test_a_reply_to_a_closed_request_is_refused(client, foi_case, officer, soup):
    enter_code(client, foi_case)
    Case.objects.filter(pk=foi_case.pk).update(
        status=CaseStatus.CLOSED, state="closed", closed_at=timezone.now()
    )
    response = reply(client, foi_case, message="Too late?")
    assert response.status_code == 400
    page = soup(response)
    assert error_summary(page) == [
        "This request is closed. Start a new request if you need more help."
    ]
    assert page.select_one("textarea[name=message]").get_text().strip() == "Too late?"
    assert not foi_case.events.filter(kind=EventKind.RESIDENT_MESSAGE).exists()


def test_get_is_not_allowed_on_the_reply_address(client, foi_case):
    assert client.get(f"{tracking_path(foi_case)}reply/").status_code == 405


def test_a_signed_in_resident_replying_from_my_account_moves_the_case_on(
    foi_type, officer, resident_a, signed_in
):
    case = open_case(
        case_type=foi_type,
        answers=[{"question": "What?", "answer": "Parking fines"}],
        customer=CustomerFactory(email=resident_a.email),
    )
    change_case_status(
        case, to_status="awaiting_clarification", actor=officer, public_message=QUESTION
    )
    client = signed_in(resident_a)
    response = client.post(
        f"/my-account/requests/{case.uuid}/", {"message": "The town centre, 2024."}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == "clarified"
    assert case.due_date == foi_due_date(timezone.localdate())
    event = case.events.get(kind=EventKind.RESIDENT_MESSAGE)
    assert event.actor == resident_a
