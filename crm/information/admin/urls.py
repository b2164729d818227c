"""Information request actions on a case, under /admin/information/ (registered by
`crm/information/wagtail_hooks.py`; Wagtail wraps them in its "access admin" check)."""

from django.urls import path

from . import views

app_name = "information_admin"

urlpatterns = [
    path(
        "case/<uuid:case_uuid>/exemptions/",
        views.RecordExemptionsView.as_view(),
        name="exemptions",
    ),
    path("case/<uuid:case_uuid>/extend/", views.ExtendDeadlineView.as_view(), name="extend"),
    path("case/<uuid:case_uuid>/respond/", views.SendResponseView.as_view(), name="respond"),
    path(
        "case/<uuid:case_uuid>/review-outcome/",
        views.RecordReviewOutcomeView.as_view(),
        name="review_outcome",
    ),
]
