"""Staff bookings URLs, under /admin/bookings/ (registered by `crm/bookings/wagtail_hooks.py`;
Wagtail wraps them in its "access admin" check)."""

from django.urls import path

from . import calendar_views, case_actions

app_name = "bookings_admin"

# (route under case/<case_uuid>/<booking_uuid>/, view, name): POST only, from the case page.
BOOKING_ACTION_ROUTES = [
    ("approve/", case_actions.ApproveBookingView, "approve"),
    ("decline/", case_actions.DeclineBookingView, "decline"),
    ("cancel/", case_actions.CancelBookingView, "cancel"),
]

urlpatterns = [
    path("calendar/", calendar_views.CalendarIndexView.as_view(), name="calendar"),
    path(
        "calendar/<slug:slug>/",
        calendar_views.ResourceCalendarView.as_view(),
        name="resource_calendar",
    ),
    path(
        "calendar/<slug:slug>/manifest/<str:day>/",
        calendar_views.ManifestView.as_view(),
        name="manifest",
    ),
    path(
        "calendar/<slug:slug>/manifest/<str:day>/manifest.csv",
        calendar_views.ManifestCsvView.as_view(),
        name="manifest_csv",
    ),
    *(
        path(f"case/<uuid:case_uuid>/<uuid:booking_uuid>/{route}", view.as_view(), name=name)
        for route, view, name in BOOKING_ACTION_ROUTES
    ),
]
