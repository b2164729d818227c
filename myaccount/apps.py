from django.apps import AppConfig


class MyAccountConfig(AppConfig):
    """Residents' accounts: requests, drafts, bookings and payments (see ARCHITECTURE.md)."""

    name = "myaccount"
    verbose_name = "My Account"
