"""Celery app: a broker from REDIS_URL in production; in-process (eager) when none is set."""

from celery import Celery

from config.env import use_settings_module

use_settings_module("config.settings.dev")

app = Celery("doorstep")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
