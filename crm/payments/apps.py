from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    """Payments on cases through one provider interface (Stripe, GOV.UK Pay, the sandbox)."""

    name = "crm.payments"
    label = "payments"
    verbose_name = "Payments"
