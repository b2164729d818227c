"""Information requests in the Wagtail admin: the "Information request" section of FOI and EIR
case pages and the URLs of its actions (/admin/information/). docs/information-requests.md."""

from django.urls import include, path
from wagtail import hooks

from crm.cases.panels import CASE_PANELS_HOOK

from .admin import urls as admin_urls
from .admin.panels import information_panel


@hooks.register("register_admin_urls")
def register_information_admin_urls():
    return [path("information/", include(admin_urls, namespace="information_admin"))]


@hooks.register(CASE_PANELS_HOOK)
def add_information_panel(request, case, errors):
    return information_panel(request, case, errors)
