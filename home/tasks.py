"""Site-wide housekeeping tasks."""

from celery import shared_task
from django.core.management import call_command


@shared_task(name="home.clear_expired_sessions", ignore_result=True)
def clear_expired_sessions() -> None:
    """Daily: Django never deletes expired sessions by itself, and an eForm run's answers (personal
    data) live in the session until it expires."""
    call_command("clearsessions")
