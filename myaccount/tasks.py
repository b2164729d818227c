"""Send allauth's account emails (verification, password reset, notices) from a Celery worker.

The adapter (myaccount/adapter.py) renders each message in the request and queues it here after
the transaction commits, so a slow or unreachable SMTP relay costs the resident nothing but a
short wait for the email, never a hung page or an error. Nothing here logs an address or a body.
"""

import logging

from celery import shared_task
from django.core.mail import EmailMultiAlternatives

logger = logging.getLogger(__name__)

MAX_RETRIES = 5
FIRST_RETRY_SECONDS = 60
LONGEST_RETRY_SECONDS = 60 * 60


class AccountEmailError(Exception):
    """Stands in for the SMTP error, whose text can name the recipient (SMTPRecipientsRefused)."""


def retry_countdown(retries: int) -> int:
    """1, 2, 4, 8, 16 minutes; at most an hour."""
    return min(FIRST_RETRY_SECONDS * 2**retries, LONGEST_RETRY_SECONDS)


def build_message(
    *,
    subject: str,
    body: str,
    from_email: str,
    to: list[str],
    alternatives: list[tuple[str, str]] | None = None,
    headers: dict[str, str] | None = None,
    content_subtype: str = "plain",
) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(subject, body, from_email, to, headers=headers or None)
    message.content_subtype = content_subtype  # "html" when allauth found only an HTML template
    for content, mimetype in alternatives or []:
        message.attach_alternative(content, mimetype)
    return message


@shared_task(bind=True, name="myaccount.send_account_email", ignore_result=True)
def send_account_email(self, **payload) -> None:
    """Send one rendered account email; on an SMTP or network error, try again later."""
    try:
        build_message(**payload).send(fail_silently=False)
    except OSError as error:  # smtplib.SMTPException and socket timeouts are OSErrors
        attempt = self.request.retries + 1
        logger.warning("Account email failed on attempt %s with %s", attempt, type(error).__name__)
        raise self.retry(
            exc=AccountEmailError(type(error).__name__),
            countdown=retry_countdown(self.request.retries),
            max_retries=MAX_RETRIES,
        ) from None
