"""Redis stops: the site keeps serving and accepting reports, and every email goes once it is back.

The test runs a Redis server of its own on a spare port (skipped where `redis-server` is not
installed), with the cache (config/cache.py) and the Celery broker on it, as in production. It
sends a form with Redis up, stops Redis, sends another to its confirmation and reference (and
loads public pages, My Account and the admin), then starts Redis again with a worker: both
emails are sent. Redis runs without persistence, so the first email's task, queued before the
stop, is lost with it and only the outbox sweep brings it back, as it would in production.
"""

import time
import uuid
from datetime import timedelta

import pytest
import redis
from celery import Celery
from celery import _state as celery_state
from celery import current_app as current_celery_app
from celery.contrib.testing.worker import start_worker
from django.contrib.auth.models import Group
from django.core import mail
from django.db import connections
from django.db.models import F
from django.test import Client

import crm.notifications.tasks  # noqa: F401 - registers the tasks with every Celery app
from crm.cases.models import Case
from crm.notifications.enums import OutboxStatus
from crm.notifications.models import OutboxMessage
from crm.notifications.tasks import sweep_outbox
from tests.crm.factories import CaseTypeFactory
from tests.factories import UserFactory
from tests.forms.steps import answer, url, where_photos_you_form
from tests.resilience.redis_server import REDIS_SERVER, OwnRedis, spare_port

WAIT_SECONDS = 20

pytestmark = [
    pytest.mark.skipif(not REDIS_SERVER, reason="needs redis-server installed"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def own_redis(settings):
    server = OwnRedis(spare_port())
    server.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": server.url,
            "OPTIONS": {"RETRY_SECONDS": 0.2},
        }
    }
    settings.CELERY_BROKER_URL = server.url
    settings.CELERY_TASK_ALWAYS_EAGER = False
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def broker_app(own_redis):
    """A Celery app on our Redis, current while the test runs, so `.delay()` in the views
    queues there (and fails while Redis is stopped)."""
    app = Celery("doorstep-outage-test", set_as_current=False)
    app.conf.update(
        broker_url=own_redis.url,
        result_backend=None,
        task_always_eager=False,
        task_default_queue=f"doorstep-test-{uuid.uuid4().hex}",
        task_acks_late=True,
        worker_prefetch_multiplier=1,
        broker_connection_retry_on_startup=True,
        broker_connection_timeout=2,
        broker_transport_options={"socket_connect_timeout": 0.5},
    )
    previous = current_celery_app._get_current_object()
    previous_default = celery_state.default_app
    app.set_current()
    try:
        yield app
    finally:
        previous.set_current()
        celery_state.set_default_app(previous_default)
        connections.close_all()


@pytest.fixture
def eform():
    return where_photos_you_form(
        CaseTypeFactory(name="Graffiti"), title="Report graffiti", slug="report-graffiti"
    )


def send_form(eform, email: str) -> Case:
    """A resident's whole journey, to the confirmation page showing the case's reference."""
    client = Client()
    assert client.get(url(eform, "where")).status_code == 200
    answer(client, eform, "where", {"where": "On the bridge"})
    answer(client, eform, "photos")
    response = answer(client, eform, "you", {"name": "Ann Other", "email": email})
    assert response.url == url(eform, "check-your-answers"), response.content[:500]
    response = client.post(url(eform, "check-your-answers"))
    assert response.url == url(eform, "confirmation")
    case = Case.objects.get(customer__email=email)
    page = client.get(response.url)
    assert page.status_code == 200
    assert case.reference in page.content.decode()
    return case


def test_the_site_keeps_working_while_redis_is_stopped(own_redis, broker_app, eform):
    first = send_form(eform, "before@example.com")
    client = redis.Redis.from_url(own_redis.url)
    assert client.dbsize() > 0  # the cache and the queue really are on this Redis
    client.close()

    own_redis.stop()
    started = time.monotonic()
    second = send_form(eform, "during@example.com")
    assert time.monotonic() - started < 10, "a stopped Redis must not hold each request up"

    visitor = Client()
    for path in ("/", "/sitemap.xml", "/robots.txt", url(eform)):
        assert visitor.get(path).status_code in (200, 302), path
    resident = UserFactory(username="ann", email="during@example.com")
    signed_in = Client()
    signed_in.force_login(resident)
    assert signed_in.get("/my-account/").status_code == 200
    adviser = UserFactory(username="adviser")
    adviser.groups.add(Group.objects.get(name="Editors"))
    staff = Client()
    staff.force_login(adviser)
    assert staff.get("/admin/").status_code == 200
    # Nothing reached a worker: both emails wait in the outbox.
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {OutboxStatus.PENDING}

    own_redis.start()  # empty: the first email's task went with the old server
    # The sweep leaves messages under a minute old to their own transaction: age them as the
    # clock would, rather than wait.
    OutboxMessage.objects.update(created_at=F("created_at") - timedelta(minutes=2))
    with start_worker(
        broker_app, pool="solo", concurrency=1, perform_ping_check=False, shutdown_timeout=15
    ):
        assert sweep_outbox() == 2
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            statuses = set(OutboxMessage.objects.values_list("status", flat=True))
            if statuses == {OutboxStatus.SENT}:
                break
            time.sleep(0.1)

    messages = OutboxMessage.objects.order_by("pk")
    assert [(m.case_id, m.status) for m in messages] == [
        (first.pk, OutboxStatus.SENT),
        (second.pk, OutboxStatus.SENT),
    ]
    assert sorted(email.to[0] for email in mail.outbox) == [
        "before@example.com",
        "during@example.com",
    ]
    assert first.reference in " ".join(email.subject for email in mail.outbox)
