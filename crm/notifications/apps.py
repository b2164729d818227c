from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """Emails to residents and teams, sent from a transactional outbox so none is lost."""

    name = "crm.notifications"
    label = "notifications"
    verbose_name = _("Notifications")
