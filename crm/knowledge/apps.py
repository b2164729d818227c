from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    """Canned replies staff send to residents, and the staff knowledge base."""

    name = "crm.knowledge"
    label = "knowledge"
    verbose_name = _("Knowledge base and canned replies")
