"""Public payment URLs: providers' webhooks and the sandbox's test payment page."""

app_name = "payments"

urlpatterns: list = []
