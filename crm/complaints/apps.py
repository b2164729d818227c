from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    """Complaints on the Ombudsman's complaint handling code, compliments and comments."""

    name = "crm.complaints"
    label = "complaints"
    verbose_name = _("Complaints")

    def ready(self):
        from django.db.models.signals import post_save

        from crm.cases.models import Case
        from crm.cases.signals import case_status_changed

        from .services import on_case_saved, on_case_status_changed

        case_status_changed.connect(on_case_status_changed, dispatch_uid="complaints.follow_stages")
        post_save.connect(on_case_saved, sender=Case, dispatch_uid="complaints.anonymise")
