"""A real Celery worker on Redis for tests about tasks (fixtures `redis_worker`, `task_threads`).

Runs only when REDIS_URL is set (CI with a Redis service). The worker runs in a thread of this
process (solo pool) on a Celery app of its own, consuming a queue with a random name, so it never
takes another test run's or a development worker's tasks. Tests wait for the effect with a
deadline rather than sleep.
"""

import os
import threading
import uuid

import pytest
import redis
from celery import Celery
from celery import _state as celery_state
from celery import current_app as current_celery_app
from celery.contrib.testing.worker import start_worker
from celery.signals import task_prerun
from django.db import connections

REDIS_URL = os.environ.get("REDIS_URL", "")
WAIT_SECONDS = 30

needs_redis = pytest.mark.skipif(not REDIS_URL, reason="needs a real broker: set REDIS_URL")


@pytest.fixture
def redis_worker():
    queue = f"doorstep-test-{uuid.uuid4().hex}"
    app = Celery("doorstep-worker-test", set_as_current=False)
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


@pytest.fixture(autouse=True)
def join_results_after_a_worker():
    """A worker started in this process (above) may mark it as "inside a worker" after
    `start_worker` has cleared the mark (its pool starts in the worker's thread), and then every
    later eager `task.delay().get()` in the run raises "Never call result.get() within a task".
    Clear the mark after each test."""
    yield
    celery_state._set_task_join_will_block(False)


@pytest.fixture
def task_threads():
    """The threads tasks ran in, to prove the worker (not this thread, eagerly) sent the email."""
    threads = []

    def record(sender=None, **kwargs):
        threads.append(threading.current_thread())

    task_prerun.connect(record, weak=False)
    yield threads
    task_prerun.disconnect(record)
