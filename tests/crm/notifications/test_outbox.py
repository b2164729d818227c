"""The outbox: written with the case, sent after the commit, retried, swept, sent once."""

import logging
import socket
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone
from kombu.exceptions import OperationalError

from crm.cases.links import resident_tracking_url
from crm.cases.selectors import get_case_for_tracking_token
from crm.cases.services import change_case_status, open_case
from crm.notifications.enums import EmailKind, OutboxStatus
from crm.notifications.models import EmailTemplate, OutboxMessage
from crm.notifications.tasks import MAX_ATTEMPTS, retry_delay, send_outbox_message, sweep_outbox
from tests.crm.factories import CaseFactory

ANSWERS = [{"question": "What is the problem?", "answer": "Pothole"}]


@pytest.fixture
def open_with_commit(case_type, customer, django_capture_on_commit_callbacks):
    """Open a case and run what happens on commit (with eager Celery: the send itself)."""

    def run(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return open_case(case_type=case_type, answers=ANSWERS, customer=customer, **kwargs)

    return run


@pytest.fixture
def smtp_server_down(settings):
    """A real SMTP backend pointed at a local port nobody listens on (no network needed)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 2
    return settings


def age(minutes: int = 2) -> None:
    """Pretend time has passed: every message is older and due."""
    past = timezone.now() - timedelta(minutes=minutes)
    OutboxMessage.objects.update(created_at=past, available_at=past)


def test_opening_a_case_writes_exactly_one_pending_message(case_type, customer):
    case = open_case(case_type=case_type, answers=ANSWERS, customer=customer)
    message = OutboxMessage.objects.get()
    assert (message.case, message.status, message.attempts) == (case, OutboxStatus.PENDING, 0)
    assert mail.outbox == []  # nothing is sent before the commit


def test_the_email_is_sent_after_the_commit(open_with_commit):
    case = open_with_commit()

    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["ria@example.com"]
    assert email.subject == f"We have received your request {case.reference}"
    assert "Dear resident," in email.body  # nobody has verified the address: no typed name
    assert resident_tracking_url(case) in email.body
    message = OutboxMessage.objects.get()
    assert message.status == OutboxStatus.SENT
    assert message.sent_at is not None
    assert message.attempts == 1


def test_a_failing_mail_server_leaves_the_message_pending_for_the_sweep(
    open_with_commit, smtp_server_down, caplog
):
    caplog.set_level(logging.INFO)
    open_with_commit()

    message = OutboxMessage.objects.get()
    assert message.status == OutboxStatus.PENDING
    assert message.attempts == 1
    assert message.last_error == "ConnectionRefusedError"
    assert message.available_at > timezone.now() + timedelta(seconds=50)  # backoff
    assert "ria@example.com" not in caplog.text
    assert "Ria" not in caplog.text

    assert sweep_outbox() == 0  # not due yet
    smtp_server_down.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    age()
    assert sweep_outbox() == 1

    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    assert message.attempts == 2
    assert len(mail.outbox) == 1


def test_sending_twice_sends_one_email(open_with_commit):
    open_with_commit()
    message = OutboxMessage.objects.get()

    assert send_outbox_message(message.pk) == "skipped"
    assert send_outbox_message.delay(message.pk).get() == "skipped"
    age()
    assert sweep_outbox() == 0
    assert len(mail.outbox) == 1


def test_a_message_being_sent_by_another_worker_is_left_alone(case_type, customer):
    open_case(case_type=case_type, answers=ANSWERS, customer=customer)
    message = OutboxMessage.objects.get()
    message.status = OutboxStatus.SENDING
    message.available_at = timezone.now() + timedelta(minutes=10)  # its lease
    message.save()

    assert send_outbox_message(message.pk) == "skipped"
    assert sweep_outbox() == 0
    assert mail.outbox == []

    # The worker died: once its lease runs out the sweep sends it.
    age(minutes=11)
    assert sweep_outbox() == 1
    assert len(mail.outbox) == 1


def test_the_sweep_leaves_messages_younger_than_a_minute_to_their_own_task(case_type, customer):
    open_case(case_type=case_type, answers=ANSWERS, customer=customer)  # on_commit not run
    assert sweep_outbox() == 0
    age()
    assert sweep_outbox() == 1
    assert len(mail.outbox) == 1


def test_a_broker_outage_at_commit_loses_nothing(open_with_commit, caplog):
    caplog.set_level(logging.INFO)
    with mock.patch.object(
        send_outbox_message, "delay", side_effect=OperationalError("connection refused")
    ):
        case = open_with_commit()  # the resident's submission still succeeds

    assert case.pk is not None
    message = OutboxMessage.objects.get()
    assert message.status == OutboxStatus.PENDING
    assert "sweep will retry" in caplog.text
    assert "ria@example.com" not in caplog.text
    assert mail.outbox == []

    age()
    assert sweep_outbox() == 1
    assert len(mail.outbox) == 1


def test_backoff_grows_and_the_outbox_gives_up_eventually(case_type, customer, smtp_server_down):
    assert [retry_delay(n).total_seconds() / 60 for n in (1, 2, 3, 4)] == [1, 2, 4, 8]
    assert retry_delay(50) == timedelta(hours=6)

    open_case(case_type=case_type, answers=ANSWERS, customer=customer)
    message = OutboxMessage.objects.get()
    for _attempt in range(MAX_ATTEMPTS):
        age()
        send_outbox_message(message.pk)
    message.refresh_from_db()
    assert message.attempts == MAX_ATTEMPTS
    assert message.status == OutboxStatus.FAILED
    age()
    assert sweep_outbox() == 0


def test_emails_use_the_template_staff_edited(
    case_type, customer, officer, django_capture_on_commit_callbacks
):
    template = EmailTemplate.objects.get(key=EmailKind.CASE_UPDATED)
    template.subject = "{{ reference }}: {{ status }}"
    template.body = "Hello {{ name }}. {{ message }} ({{ case_type }}) {{ case_url }}"
    template.save()
    case = CaseFactory(case_type=case_type, customer=customer)

    with django_capture_on_commit_callbacks(execute=True):
        change_case_status(
            case, to_status="resolved", actor=officer, public_message="We filled it in."
        )

    email = mail.outbox[-1]
    assert email.subject == f"{case.reference}: Resolved"
    text, case_url = email.body.rsplit(" ", 1)
    assert text == f"Hello resident. We filled it in. ({case_type.name})"
    # A tracking link, signed when the email was written, that leads to this case.
    assert case_url.startswith(resident_tracking_url(case).split("/track/")[0] + "/track/")
    assert get_case_for_tracking_token(case_url.rstrip("/").rsplit("/", 1)[1]) == case


def test_the_template_in_use_is_the_one_at_send_time(case_type, customer):
    open_case(case_type=case_type, answers=ANSWERS, customer=customer)
    EmailTemplate.objects.filter(key=EmailKind.CASE_OPENED).update(subject="Edited {{ reference }}")
    send_outbox_message(OutboxMessage.objects.get().pk)
    assert mail.outbox[0].subject.startswith("Edited DS-")


def test_emails_still_go_when_the_templates_are_missing(open_with_commit):
    EmailTemplate.objects.all().delete()  # as after a flushed test database
    case = open_with_commit()
    assert mail.outbox[0].subject == f"We have received your request {case.reference}"
    assert EmailTemplate.objects.filter(key=EmailKind.CASE_OPENED).exists()


def test_subjects_stay_on_one_line(case_type, customer):
    EmailTemplate.objects.filter(key=EmailKind.CASE_OPENED).update(
        subject="Request\n{{ reference }}\r\nreceived"
    )
    open_case(case_type=case_type, answers=ANSWERS, customer=customer)
    send_outbox_message(OutboxMessage.objects.get().pk)
    assert mail.outbox[0].subject.startswith("Request DS-")
    assert mail.outbox[0].subject.endswith(" received")


def test_a_template_that_cannot_render_is_a_failed_attempt(case_type, customer):
    EmailTemplate.objects.filter(key=EmailKind.CASE_OPENED).update(body='{% include "x.html" %}')
    open_case(case_type=case_type, answers=ANSWERS, customer=customer)
    message = OutboxMessage.objects.get()
    assert send_outbox_message(message.pk) == "failed"
    message.refresh_from_db()
    assert (message.status, message.last_error) == (OutboxStatus.PENDING, "TemplateDoesNotExist")
    assert mail.outbox == []


def test_the_sweep_runs_every_minute_under_beat(settings):
    from config.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["notifications-sweep-outbox"]
    assert entry["task"] == "notifications.sweep_outbox"
    assert entry["schedule"] == 60.0
    assert "notifications.sweep_outbox" in app.tasks
    assert "notifications.send_outbox_message" in app.tasks
