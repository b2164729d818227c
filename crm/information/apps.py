from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InformationConfig(AppConfig):
    """Freedom of Information and Environmental Information requests: exemptions, extensions,
    the response, and internal review."""

    name = "crm.information"
    label = "information"
    verbose_name = _("Information requests")

    def ready(self):
        from . import signals  # noqa: PLC0415 (models are ready only now)

        signals.connect()
