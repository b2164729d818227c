"""Public payment URLs: providers' webhooks and the sandbox's test payment page."""

from django.urls import path

from . import views

app_name = "payments"

urlpatterns: list = [
    path("webhooks/stripe/", views.stripe_webhook, name="webhook_stripe"),
    path("webhooks/govuk-pay/", views.govuk_pay_webhook, name="webhook_govuk_pay"),
    path("sandbox/<str:provider_id>/", views.sandbox_page, name="sandbox"),
]
