from django.apps import AppConfig


class BookingsConfig(AppConfig):
    """Bookable resources (collection rounds, rooms and halls, inspection officers) and the
    bookings residents make on them, held while they pay."""

    name = "crm.bookings"
    label = "bookings"
    verbose_name = "Bookings"

    def ready(self):
        from . import receivers  # noqa: F401  (payments -> bookings, through a signal)
