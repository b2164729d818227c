"""Bookings follow their case's payments (see crm.payments.signals).

crm.payments never imports bookings: it sends `payment_state_changed` inside the transaction
that changed the payment, and this receiver confirms the case's held booking when it is paid,
or, when the payment came after the hold expired, honours it if the place is still free and
refunds it in full otherwise (`services.booking_paid`). Running inside the payment's transaction
means a booking is never confirmed for a payment that rolled back.
"""

from django.dispatch import receiver

from crm.payments.enums import PaymentState
from crm.payments.signals import payment_state_changed


@receiver(payment_state_changed, dispatch_uid="bookings.payment_state_changed")
def on_payment_state_changed(sender, payment, from_state, to_state, **kwargs) -> None:
    if to_state != PaymentState.SUCCESS:
        return
    from .services import booking_paid

    booking_paid(payment)
