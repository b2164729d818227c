"""The closure survey in the Wagtail admin: Reports > Satisfaction (`report.py`), and its
"Can view survey response" permission offered on Settings > Groups."""

from django.contrib.auth.models import Permission
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


@hooks.register("register_permissions")
def register_survey_permissions():
    """So administrators can give a group Reports > Satisfaction without making it superuser."""
    return Permission.objects.filter(
        content_type__app_label="surveys", codename="view_surveyresponse"
    )
