"""End to end with a real broker: a Celery worker picks the outbox email up from Redis.

Runs only when REDIS_URL is set (CI with a Redis service, or `REDIS_URL=redis://127.0.0.1:6379/0
pytest tests/crm/notifications`). The worker runs in a thread of this process (solo pool) on a
Celery app of its own, consuming a queue with a random name, so it never takes another test run's
or a development worker's tasks. The test waits for the email with a deadline rather than sleeps.
"""

import threading
import time

import pytest
from django.core import mail

import crm.notifications.tasks  # noqa: F401 - registers the tasks with every Celery app
from crm.cases.services import open_case
from crm.notifications.enums import OutboxStatus
from crm.notifications.models import OutboxMessage
from tests.celery_worker import WAIT_SECONDS, needs_redis
from tests.crm.factories import CaseTypeFactory, CustomerFactory

pytestmark = needs_redis


def _wait_until_sent(message_id: int) -> OutboxMessage:
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        message = OutboxMessage.objects.get(pk=message_id)
        if message.status == OutboxStatus.SENT or time.monotonic() > deadline:
            return message
        time.sleep(0.1)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_sends_the_email_for_a_new_case(redis_worker, task_threads):
    customer = CustomerFactory(name="Wes Worker", email="wes@example.com")
    case = open_case(case_type=CaseTypeFactory(), answers=[], customer=customer)  # commits

    message = _wait_until_sent(OutboxMessage.objects.get(case=case).pk)

    assert message.status == OutboxStatus.SENT, f"not sent within {WAIT_SECONDS}s"
    assert message.attempts == 1
    assert [email.to for email in mail.outbox] == [["wes@example.com"]]
    assert case.reference in mail.outbox[0].subject
    assert task_threads
    assert threading.current_thread() not in task_threads
