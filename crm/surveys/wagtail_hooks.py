"""The closure survey in the Wagtail admin: Reports > Satisfaction (`report.py`)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from . import report


@hooks.register("register_admin_urls")
def register_survey_admin_urls():
    return [path("surveys/", include(report, namespace="surveys_admin"))]


@hooks.register("register_reports_menu_item")
def register_satisfaction_menu_item():
    return report.SatisfactionMenuItem(
        _("Satisfaction"),
        reverse("surveys_admin:satisfaction"),
        name="satisfaction",
        icon_name="success",
        order=930,
    )
