"""Staff case URLs, under /admin/cases/ (registered by `crm/cases/wagtail_hooks.py`; Wagtail
wraps them in its "access admin" check). The case page is `links.staff_case_url`."""

from django.urls import path
from django.views.generic import RedirectView

from . import case_views, customers, privacy_views, queues

app_name = "cases_admin"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="cases_admin:my_cases"), name="index"),
    path("mine/", queues.MyCasesView.as_view(), name="my_cases"),
    path("queues/", queues.TeamQueueView.as_view(), name="team_queue"),
    path("customers/", customers.CustomerIndexView.as_view(), name="customers"),
    path("customers/<int:customer_id>/", customers.CustomerView.as_view(), name="customer"),
    path(
        "customers/<int:customer_id>/edit/",
        customers.CustomerEditView.as_view(),
        name="customer_edit",
    ),
    path(
        "customers/<int:customer_id>/merge/",
        customers.CustomerMergeView.as_view(),
        name="customer_merge",
    ),
    path("<uuid:case_uuid>/", case_views.CaseView.as_view(), name="case"),
    path(
        "<uuid:case_uuid>/files/<int:attachment_id>/",
        case_views.AttachmentDownloadView.as_view(),
        name="attachment",
    ),
    path(
        "<uuid:case_uuid>/assign-to-me/", case_views.AssignToMeView.as_view(), name="assign_to_me"
    ),
    path("<uuid:case_uuid>/assign/", case_views.AssignView.as_view(), name="assign"),
    path("<uuid:case_uuid>/status/", case_views.StatusView.as_view(), name="status"),
    path("<uuid:case_uuid>/notes/", case_views.NoteView.as_view(), name="note"),
    path("<uuid:case_uuid>/updates/", case_views.PublicUpdateView.as_view(), name="public_update"),
    path(
        "<uuid:case_uuid>/emails/<int:message_id>/resend/",
        case_views.ResendEmailView.as_view(),
        name="resend_email",
    ),
    path(
        "<uuid:case_uuid>/tracking-links/revoke/",
        case_views.RevokeTrackingLinksView.as_view(),
        name="revoke_tracking_links",
    ),
    path(
        "customers/<int:customer_id>/subject-access/",
        privacy_views.SubjectAccessExportView.as_view(),
        name="subject_access_export",
    ),
    path(
        "customers/<int:customer_id>/erase/",
        privacy_views.EraseCustomerView.as_view(),
        name="erase_customer",
    ),
]
