"""Outbox rows hold an address and the words of an email: they are deleted once not needed."""

from datetime import timedelta

import pytest
from django.utils import timezone

from crm.notifications.enums import EmailKind, OutboxStatus
from crm.notifications.models import OutboxMessage
from crm.notifications.tasks import purge_outbox
from tests.crm.factories import CaseFactory


@pytest.fixture
def message(db):
    case = CaseFactory()

    def make(status, *, days_old, sent_days_ago=None):
        created = timezone.now() - timedelta(days=days_old)
        sent = None if sent_days_ago is None else timezone.now() - timedelta(days=sent_days_ago)
        return OutboxMessage.objects.create(
            kind=EmailKind.CASE_OPENED,
            case=case,
            recipient="ria@example.com",
            context={"name": "Ria"},
            status=status,
            created_at=created,
            sent_at=sent,
        )

    return make


def test_sent_emails_are_deleted_30_days_after_they_went(message):
    old = message(OutboxStatus.SENT, days_old=40, sent_days_ago=31)
    recent = message(OutboxStatus.SENT, days_old=40, sent_days_ago=29)

    assert purge_outbox() == 1

    assert not OutboxMessage.objects.filter(pk=old.pk).exists()
    assert OutboxMessage.objects.filter(pk=recent.pk).exists()


def test_failed_emails_are_kept_90_days_so_staff_can_resend_them(message):
    old = message(OutboxStatus.FAILED, days_old=91)
    recent = message(OutboxStatus.FAILED, days_old=60)

    purge_outbox()

    assert not OutboxMessage.objects.filter(pk=old.pk).exists()
    assert OutboxMessage.objects.filter(pk=recent.pk).exists()


def test_emails_still_waiting_to_go_are_never_deleted(message):
    pending = message(OutboxStatus.PENDING, days_old=400)
    sending = message(OutboxStatus.SENDING, days_old=400)

    assert purge_outbox() == 0

    assert OutboxMessage.objects.filter(pk__in=[pending.pk, sending.pk]).count() == 2


def test_the_purge_runs_daily(settings):
    entries = [
        e
        for e in settings.CELERY_BEAT_SCHEDULE.values()
        if e["task"] == "notifications.purge_outbox"
    ]
    assert len(entries) == 1
