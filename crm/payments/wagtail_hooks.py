"""Payments in the Wagtail admin: payment services as snippets (in the "Bookings and payments"
menu crm/bookings builds), the "Payments" section of the case page with its refund form,
and Reports > Payments reconciliation. docs/staff-bookings-and-payments.md says what staff do
where."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from crm.cases.admin.case_views import CASE_PANELS_HOOK

from .admin import urls as admin_urls
from .admin.panels import payments_panel
from .admin.reconciliation import ReconciliationMenuItem
from .admin.snippets import PaymentServiceViewSet

register_snippet(PaymentServiceViewSet)


@hooks.register("register_admin_urls")
def register_payments_admin_urls():
    return [path("payments/", include(admin_urls, namespace="payments_admin"))]


@hooks.register("register_reports_menu_item")
def register_reconciliation_menu_item():
    return ReconciliationMenuItem(
        _("Payments reconciliation"),
        reverse("payments_admin:reconciliation"),
        name="payments-reconciliation",
        icon_name="table",
        order=920,
    )


@hooks.register(CASE_PANELS_HOOK)
def add_payments_panel(request, case, errors):
    return payments_panel(request, case, errors)
