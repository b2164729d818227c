from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    """Complaints on the Ombudsman's complaint handling code, compliments and comments."""

    name = "crm.complaints"
    label = "complaints"
    verbose_name = _("Complaints")
