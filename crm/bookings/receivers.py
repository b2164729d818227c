"""Bookings follow their case's payments (see crm.payments.signals)."""
