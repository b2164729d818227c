"""End to end with a real broker: a Celery worker picks the outbox email up from Redis.

Runs only when REDIS_URL is set (CI with a Redis service, or `REDIS_URL=redis://127.0.0.1:6379/0
pytest tests/crm/notifications`). The worker runs in a thread of this process (solo pool) on a
Celery app of its own, consuming a queue with a random name, so it never takes another test run's
or a development worker's tasks. The test waits for the email with a deadline rather than sleeps.
"""

import os
import threading
import time
import uuid

import pytest
import redis
from celery import Celery
from celery import _state as celery_state
from celery import current_app as current_celery_app
from celery.contrib.testing.worker import start_worker
from celery.signals import task_prerun
from django.core import mail
from django.db import connections

import crm.notifications.tasks  # noqa: F401 - registers the tasks with every Celery app
from crm.cases.services import open_case
from crm.notifications.enums import OutboxStatus
from crm.notifications.models import OutboxMessage
from tests.crm.factories import CaseTypeFactory, CustomerFactory

REDIS_URL = os.environ.get("REDIS_URL", "")
WAIT_SECONDS = 30

pytestmark = pytest.mark.skipif(not REDIS_URL, reason="needs a real broker: set REDIS_URL")


@pytest.fixture
def redis_worker():
    queue = f"doorstep-test-{uuid.uuid4().hex}"
    app = Celery("doorstep-outbox-test", set_as_current=False)
    app.conf.update(
        broker_url=REDIS_URL,
        result_backend=None,
        task_always_eager=False,
        task_default_queue=queue,
        task_acks_late=True,
        worker_prefetch_multiplier=1,
        broker_connection_retry_on_startup=True,
        broker_connection_timeout=5,
    )
    previous = current_celery_app._get_current_object()
    # The worker makes its app the process-wide default too, which threads started later
    # (the live server's) would inherit: put both back afterwards.
    previous_default = celery_state.default_app
    app.set_current()  # shared tasks (.delay in on_commit) now go to this app's broker
    try:
        with start_worker(
            app, pool="solo", concurrency=1, perform_ping_check=False, shutdown_timeout=15
        ):
            yield app
    finally:
        previous.set_current()
        celery_state.set_default_app(previous_default)
        connections.close_all()
        _delete_queue_keys(queue)


def _delete_queue_keys(queue: str) -> None:
    """Leave nothing behind in a Redis that other people may be using."""
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
    finally:
        client.close()


def _wait_until_sent(message_id: int) -> OutboxMessage:
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        message = OutboxMessage.objects.get(pk=message_id)
        if message.status == OutboxStatus.SENT or time.monotonic() > deadline:
            return message
        time.sleep(0.1)


@pytest.fixture
def task_threads():
    """The threads tasks ran in, to prove the worker (not this thread, eagerly) sent the email."""
    threads = []

    def record(sender=None, **kwargs):
        threads.append(threading.current_thread())

    task_prerun.connect(record, weak=False)
    yield threads
    task_prerun.disconnect(record)


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
