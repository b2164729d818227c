"""Reports > Email outbox, `resend_outbox_message`, and failed emails on the case page."""

from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.utils import timezone

from crm.notifications.enums import EmailKind, OutboxStatus
from crm.notifications.models import OutboxMessage
from crm.notifications.services import resend_outbox_message
from tests.crm.admin.conftest import admin_user
from tests.crm.factories import CaseFactory, UserFactory

OUTBOX = "/admin/email-outbox/"
BODY_WORDS = "Your bin will be collected on Friday"


def outbox_message(case, *, status=OutboxStatus.FAILED, age=timedelta(hours=2), **fields):
    created = timezone.now() - age
    defaults = {
        "kind": EmailKind.CASE_UPDATED,
        "recipient": case.customer.email,
        "context": {"reference": case.reference, "message": BODY_WORDS},
        "status": status,
        "attempts": 10 if status == OutboxStatus.FAILED else 1,
        "last_error": "SMTPServerDisconnected" if status == OutboxStatus.FAILED else "",
        "created_at": created,
        "available_at": created,
    }
    defaults.update(fields)
    return OutboxMessage.objects.create(case=case, **defaults)


def grant(user, *codenames):
    for codename in codenames:
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label="notifications", codename=codename)
        )
    return type(user).objects.get(pk=user.pk)


@pytest.fixture
def operator(client, db):
    """Runs the email service: may see and resend the outbox, works no team's cases."""
    user = grant(admin_user(), "view_outboxmessage", "change_outboxmessage")
    client.force_login(user)
    return user


# --- resend_outbox_message ----------------------------------------------------------------------


def test_resend_resets_a_failed_email_and_queues_it_on_commit(
    type_a, staff_a, django_capture_on_commit_callbacks
):
    message = outbox_message(CaseFactory(case_type=type_a))

    with mock.patch("crm.notifications.services.enqueue_outbox_message") as enqueue:
        with django_capture_on_commit_callbacks() as callbacks:
            resend_outbox_message(message, actor=staff_a)
        enqueue.assert_not_called()  # nothing is queued before the commit
        for callback in callbacks:
            callback()

    enqueue.assert_called_once_with(message.pk)
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == (OutboxStatus.PENDING, 0, "")
    assert message.available_at <= timezone.now()


def test_resend_takes_a_stuck_email(type_a, staff_a):
    stuck = outbox_message(
        CaseFactory(case_type=type_a),
        status=OutboxStatus.SENDING,
        available_at=timezone.now() - timedelta(hours=1),
    )

    resend_outbox_message(stuck, actor=staff_a)

    stuck.refresh_from_db()
    assert stuck.status in (OutboxStatus.PENDING, OutboxStatus.SENT)  # eager Celery sends at once


@pytest.mark.parametrize(
    "fields",
    [
        {"status": OutboxStatus.SENT, "sent_at": timezone.now()},
        {"status": OutboxStatus.PENDING, "age": timedelta(seconds=30)},
        {"status": OutboxStatus.SENDING, "available_at": timezone.now() + timedelta(minutes=5)},
    ],
)
def test_resend_refuses_sent_and_in_flight_emails(type_a, staff_a, fields):
    message = outbox_message(CaseFactory(case_type=type_a), **fields)
    before = (message.status, message.attempts)

    with pytest.raises(ValidationError, match="cannot be sent again"):
        resend_outbox_message(message, actor=staff_a)

    message.refresh_from_db()
    assert (message.status, message.attempts) == before


# --- The outbox screen --------------------------------------------------------------------------


def test_outbox_lists_state_attempts_error_and_times_but_never_the_words(client, operator, type_a):
    case = CaseFactory(case_type=type_a, reference="DS-2026-000555")
    outbox_message(case)
    outbox_message(case, status=OutboxStatus.SENT, sent_at=timezone.now())

    response = client.get(OUTBOX)

    html = response.content.decode()
    assert response.status_code == 200
    assert "DS-2026-000555" in html
    assert "Failed" in html and "Sent" in html
    assert "SMTPServerDisconnected" in html
    assert BODY_WORDS not in html
    # The operator works no team, so the recipient's address stays hidden.
    assert case.customer.email not in html
    assert "Hidden: you cannot see this case" in html
    assert "Email outbox" in client.get("/admin/").content.decode()  # Reports menu


def test_outbox_filters_by_state(client, operator, type_a):
    case = CaseFactory(case_type=type_a)
    failed = outbox_message(case)
    outbox_message(case, status=OutboxStatus.SENT, sent_at=timezone.now())

    response = client.get(OUTBOX, {"status": OutboxStatus.FAILED})

    assert list(response.context["object_list"]) == [failed]
    attention = client.get(OUTBOX, {"needs_attention": "true"})
    assert list(attention.context["object_list"]) == [failed]


def test_case_worker_with_the_permission_sees_the_recipient_of_their_cases(
    client, staff_a, type_a, type_b
):
    staff_a = grant(staff_a, "view_outboxmessage")
    client.force_login(staff_a)
    mine = CaseFactory(case_type=type_a)
    theirs = CaseFactory(case_type=type_b)
    outbox_message(mine)
    outbox_message(theirs)

    html = client.get(OUTBOX).content.decode()

    assert mine.customer.email in html
    assert theirs.customer.email not in html


def test_resend_from_the_outbox(client, operator, type_a):
    message = outbox_message(CaseFactory(case_type=type_a, reference="DS-2026-000556"))
    url = f"{OUTBOX}resend/{message.pk}/"
    assert url in client.get(OUTBOX).content.decode()
    assert client.get(url).status_code == 200

    with mock.patch("crm.notifications.services.enqueue_outbox_message"):
        response = client.post(url, follow=True)

    assert response.redirect_chain[-1][0] == OUTBOX
    messages = [str(m).strip() for m in response.context["messages"]]
    assert "The email for case DS-2026-000556 will be sent again." in messages
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxStatus.PENDING, 0)


def test_resend_of_a_team_digest_which_is_about_no_case(client, operator, type_a):
    message = outbox_message(CaseFactory(case_type=type_a), kind=EmailKind.TEAM_DIGEST)
    message.case = None
    message.save(update_fields=["case"])
    url = f"{OUTBOX}resend/{message.pk}/"

    with mock.patch("crm.notifications.services.enqueue_outbox_message"):
        response = client.post(url, follow=True)

    assert response.status_code == 200
    messages = [str(m).strip() for m in response.context["messages"]]
    assert "The email will be sent again." in messages
    message.refresh_from_db()
    assert message.status == OutboxStatus.PENDING


def test_resend_from_the_outbox_needs_the_change_permission(client, type_a):
    viewer = grant(admin_user(), "view_outboxmessage")
    client.force_login(viewer)
    message = outbox_message(CaseFactory(case_type=type_a))

    assert f"{OUTBOX}resend/" not in client.get(OUTBOX).content.decode()
    response = client.post(f"{OUTBOX}resend/{message.pk}/")

    assert response.status_code == 302 and response["Location"] == "/admin/"
    message.refresh_from_db()
    assert message.status == OutboxStatus.FAILED


def test_staff_without_permission_and_residents_cannot_see_the_outbox(client, client_a, type_a):
    outbox_message(CaseFactory(case_type=type_a))

    refused = client_a.get(OUTBOX)
    assert refused.status_code == 302 and refused["Location"] == "/admin/"
    assert "Email outbox" not in client_a.get("/admin/").content.decode()

    client.force_login(UserFactory())
    resident = client.get(OUTBOX)
    assert resident.status_code == 302 and resident["Location"].startswith("/admin/login/")


def test_outbox_costs_the_same_queries_for_any_number_of_emails(
    client, operator, type_a, django_assert_max_num_queries
):
    outbox_message(CaseFactory(case_type=type_a))
    client.get(OUTBOX)
    with django_assert_max_num_queries(60) as few:
        client.get(OUTBOX)
    baseline = len(few.captured_queries)
    for _ in range(15):
        outbox_message(CaseFactory(case_type=type_a))

    with django_assert_max_num_queries(baseline):
        response = client.get(OUTBOX)
    assert len(response.context["object_list"]) == 16


# --- On the case page ---------------------------------------------------------------------------


def test_case_page_warns_of_failed_emails_with_a_resend_button(client_a, type_a):
    case = CaseFactory(case_type=type_a)
    failed = outbox_message(case)
    outbox_message(case, status=OutboxStatus.SENT, sent_at=timezone.now())

    html = client_a.get(f"/admin/cases/{case.uuid}/").content.decode()

    assert "An email about this case has not been sent" in html
    assert "SMTPServerDisconnected" in html
    assert f"/admin/cases/{case.uuid}/emails/{failed.pk}/resend/" in html


def test_case_page_has_no_warning_when_emails_went(client_a, type_a):
    case = CaseFactory(case_type=type_a)
    outbox_message(case, status=OutboxStatus.SENT, sent_at=timezone.now())

    html = client_a.get(f"/admin/cases/{case.uuid}/").content.decode()

    assert "has not been sent" not in html


def test_resend_from_the_case_page(client_a, type_a):
    case = CaseFactory(case_type=type_a)
    failed = outbox_message(case)

    with mock.patch("crm.notifications.services.enqueue_outbox_message"):
        response = client_a.post(
            f"/admin/cases/{case.uuid}/emails/{failed.pk}/resend/", follow=True
        )

    assert response.redirect_chain[-1][0] == f"/admin/cases/{case.uuid}/"
    assert "The email will be sent again." in [str(m).strip() for m in response.context["messages"]]
    failed.refresh_from_db()
    assert failed.status == OutboxStatus.PENDING


def test_resend_on_a_case_the_officer_cannot_see_is_a_404(client_a, type_b):
    case = CaseFactory(case_type=type_b)
    failed = outbox_message(case)

    response = client_a.post(f"/admin/cases/{case.uuid}/emails/{failed.pk}/resend/")

    assert response.status_code == 404
    failed.refresh_from_db()
    assert failed.status == OutboxStatus.FAILED


def test_resend_of_another_cases_email_is_a_404(client_a, type_a, type_b):
    mine = CaseFactory(case_type=type_a)
    other = outbox_message(CaseFactory(case_type=type_b))

    response = client_a.post(f"/admin/cases/{mine.uuid}/emails/{other.pk}/resend/")

    assert response.status_code == 404
