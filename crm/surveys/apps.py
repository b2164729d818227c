from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    """The closure survey: how satisfied a resident was once their case closed."""

    name = "crm.surveys"
    label = "surveys"
    verbose_name = _("Closure surveys")
