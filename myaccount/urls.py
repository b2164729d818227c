from django.urls import path

from . import account_views, booking_views, payment_views, tracking, views

app_name = "myaccount"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("requests/<uuid:case_uuid>/", views.case_detail, name="case_detail"),
    path(
        "requests/<uuid:case_uuid>/files/<int:attachment_id>/",
        views.case_file,
        name="case_file",
    ),
    path("bookings/", booking_views.bookings, name="bookings"),
    path(
        "bookings/<uuid:booking_uuid>/cancel/",
        booking_views.cancel_booking_view,
        name="cancel_booking",
    ),
    path("payments/", payment_views.payments, name="payments"),
    path("payments/<uuid:payment_uuid>/", payment_views.payment_receipt, name="payment_receipt"),
    path("track/<str:token>/", tracking.track_case, name="track_case"),
    path("track/<str:token>/code/", tracking.track_code, name="track_code"),
    path("track/<str:token>/code/enter/", tracking.track_code_enter, name="track_code_enter"),
    path("track/<str:token>/reply/", tracking.track_reply, name="track_reply"),
    path("track/<str:token>/files/<int:attachment_id>/", tracking.track_file, name="track_file"),
    path("delete/", account_views.delete_account_view, name="delete_account"),
    path("deleted/", account_views.account_deleted, name="account_deleted"),
]
