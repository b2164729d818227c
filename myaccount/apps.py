from django.apps import AppConfig


class MyAccountConfig(AppConfig):
    """Residents' accounts: requests, drafts, bookings and payments (see README.md)."""

    name = "myaccount"
    verbose_name = "My Account"

    def ready(self):
        from . import signals  # noqa: F401 - connects the receivers
