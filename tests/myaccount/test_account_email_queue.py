"""allauth's emails leave the request: rendered there, sent by a Celery task after commit.

myaccount/adapter.py queues; myaccount/tasks.py sends and retries. Nothing about the resident
(address, subject, body with its one-time link) reaches a log.
"""

import logging
import smtplib

import pytest
from django.core import mail
from django.db import transaction

from myaccount import adapter as account_adapter
from myaccount.tasks import MAX_RETRIES, AccountEmailError, retry_countdown, send_account_email

from .conftest import make_resident

pytestmark = pytest.mark.django_db

SIGNUP = {
    "name": "Ria Resident",
    "email": "ria@example.com",
    "password1": "correct-horse-battery-staple",
    "password2": "correct-horse-battery-staple",
}


@pytest.fixture
def send_on_commit_only(monkeypatch):
    """Undo the package's autouse fixture: on_commit is Django's own again in these tests."""
    monkeypatch.setattr(account_adapter, "transaction", transaction)


def test_sign_up_sends_nothing_in_the_request_and_queues_the_email_on_commit(
    client, send_on_commit_only, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post("/accounts/signup/", SIGNUP)
        assert response.status_code == 302
        assert mail.outbox == []  # nothing sent while the request runs

    assert len(callbacks) == 1
    callbacks[0]()  # the commit: the task runs (eagerly in tests)

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ria@example.com"]
    assert mail.outbox[0].subject == "Confirm your email address"
    assert "http://testserver/accounts/confirm-email/" in mail.outbox[0].body


def test_an_email_for_a_rolled_back_request_is_never_sent(
    client, send_on_commit_only, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        client.post("/accounts/password/reset/", {"email": "nobody@example.com"})
    # The callbacks are dropped, as a rolled-back transaction drops them.
    assert mail.outbox == []
    assert len(callbacks) == 1


def test_the_queued_task_carries_no_readable_personal_data_for_celery_logs(
    client, monkeypatch, send_on_commit_only, django_capture_on_commit_callbacks
):
    make_resident("ria@example.com")
    queued = []
    monkeypatch.setattr(send_account_email, "apply_async", lambda **options: queued.append(options))

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": "ria@example.com"})

    assert len(queued) == 1
    assert queued[0]["kwargs"]["to"] == ["ria@example.com"]
    assert queued[0]["kwargs"]["subject"] == "Reset your password"
    shown = queued[0]["kwargsrepr"]
    assert "ria@example.com" not in shown
    assert "password/reset/key" not in shown


class RefusingBackend:
    """An SMTP relay that refuses the recipient, naming them in the error as smtplib does."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({"ria@example.com": (550, b"No such user")})


def test_an_smtp_failure_is_retried_later_and_logged_without_the_address(
    settings, monkeypatch, caplog
):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    retries = []

    def retry(**options):
        retries.append(options)
        return RuntimeError("queued again")

    monkeypatch.setattr(send_account_email, "retry", retry)
    payload = {
        "subject": "Reset your password",
        "body": "Reset it at http://testserver/accounts/password/reset/key/secret-key/",
        "from_email": "Doorstep <no-reply@doorstep.example>",
        "to": ["ria@example.com"],
    }

    with caplog.at_level(logging.INFO), pytest.raises(RuntimeError, match="queued again"):
        send_account_email(**payload)

    assert len(retries) == 1
    assert retries[0]["countdown"] == 60
    assert retries[0]["max_retries"] == MAX_RETRIES
    # What Celery records if the retries run out: the error's class, not smtplib's text.
    assert isinstance(retries[0]["exc"], AccountEmailError)
    assert str(retries[0]["exc"]) == "SMTPRecipientsRefused"
    assert "SMTPRecipientsRefused" in caplog.text
    assert "ria@example.com" not in caplog.text
    assert "secret-key" not in caplog.text


def test_retries_back_off_up_to_an_hour():
    assert [retry_countdown(n) for n in range(8)] == [60, 120, 240, 480, 960, 1920, 3600, 3600]


def test_an_html_only_email_keeps_its_content_type(settings):
    send_account_email.apply(
        kwargs={
            "subject": "Notice",
            "body": "<p>Hello</p>",
            "from_email": "no-reply@doorstep.example",
            "to": ["ria@example.com"],
            "content_subtype": "html",
        }
    )
    assert mail.outbox[0].content_subtype == "html"
