"""Complaints in the Wagtail admin: the "Complaint" section of the case page (complaint
workflow only), its actions and Reports > Complaints under /admin/complaints/, and the report's
"Can view complaint stage" permission offered on Settings > Groups."""

from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from crm.cases.panels import CASE_PANELS_HOOK

from .admin import urls as admin_urls
from .admin.panels import complaint_panel
from .report import ComplaintsMenuItem


@hooks.register("register_admin_urls")
def register_complaints_admin_urls():
    return [path("complaints/", include(admin_urls, namespace="complaints_admin"))]


@hooks.register("register_reports_menu_item")
def register_complaints_menu_item():
    return ComplaintsMenuItem(
        _("Complaints"),
        reverse("complaints_admin:report"),
        name="complaints",
        icon_name="warning",
        order=940,
    )


@hooks.register("register_permissions")
def register_complaints_permissions():
    """So administrators can give a group Reports > Complaints without making it superuser."""
    return Permission.objects.filter(
        content_type__app_label="complaints", codename="view_complaintstage"
    )


@hooks.register(CASE_PANELS_HOOK)
def add_complaint_panel(request, case, errors):
    return complaint_panel(request, case, errors)
