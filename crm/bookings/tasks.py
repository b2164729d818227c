"""Celery tasks for bookings. Each is safe to run any number of times (beat entries in
config/settings/base.py; see docs/bookings.md)."""

from celery import shared_task

from . import services


@shared_task(name="bookings.release_hold", ignore_result=True)
def release_hold_task(booking_id: int) -> bool:
    """Queued by each hold for the moment it expires: release it unless it was paid. An early or
    eager run does nothing (the hold has not expired), so the sweep stays the safety net."""
    return services.release_hold(booking_id)


@shared_task(name="bookings.release_expired_holds", ignore_result=True)
def release_expired_holds_task() -> int:
    """Every minute: holds past their time that their own task missed (broker down)."""
    return services.release_expired_holds()


@shared_task(name="bookings.send_booking_reminders", ignore_result=True)
def send_booking_reminders_task() -> int:
    """Daily: the reminder the day before a collection or a hire, once per booking."""
    return services.send_booking_reminders()


@shared_task(name="bookings.refund_deposits_after_hire", ignore_result=True)
def refund_deposits_after_hire_task() -> int:
    """Daily: bookings that have ended are completed and halls' deposits refunded, once."""
    return services.complete_past_bookings()
