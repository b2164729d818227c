"""Staff payments URLs, under /admin/payments/ (registered by `crm/payments/wagtail_hooks.py`;
Wagtail wraps them in its "access admin" check)."""

from django.urls import path

from . import case_actions, reconciliation

app_name = "payments_admin"

urlpatterns = [
    path("reconciliation/", reconciliation.ReconciliationView.as_view(), name="reconciliation"),
    path(
        "case/<uuid:case_uuid>/<uuid:payment_uuid>/refund/",
        case_actions.RefundView.as_view(),
        name="refund",
    ),
]
