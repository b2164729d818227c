"""Queueing a task while Redis (the broker) is down must not hold up the resident's request: the
caller logs it and a sweep sends the work later (crm/notifications/services.py). Celery's
defaults retry publishing for about 0.6 s per task, per email, inside the request."""

from config.celery import app


def test_publishing_gives_up_quickly_when_the_broker_is_down():
    policy = app.conf.task_publish_retry_policy
    assert policy["max_retries"] <= 1
    assert policy["interval_max"] <= 0.2
    assert app.conf.broker_transport_options["socket_connect_timeout"] <= 1
