"""Sent after a payment's state changes (inside the transaction that changed it).

`crm.bookings` listens, to confirm a held booking when it is paid (or honour or refund a payment
that came after its hold expired). Receivers get `payment`, `from_state` and `to_state`.
"""

from django.dispatch import Signal

payment_state_changed = Signal()
