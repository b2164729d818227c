"""Celery tasks for payments. Each is safe to run any number of times."""

from celery import shared_task

from .services import sweep_unfinished_payments


@shared_task(name="payments.sweep_unfinished_payments", ignore_result=True)
def sweep_unfinished_payments_task() -> int:
    """Every 5 minutes (beat): ask providers about payments we have heard nothing of, and expire
    payments never sent to a payment page (services.sweep_unfinished_payments)."""
    return sweep_unfinished_payments()
