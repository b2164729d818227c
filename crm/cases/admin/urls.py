"""Staff case URLs, under /admin/cases/ (registered by `crm/cases/wagtail_hooks.py`; Wagtail
wraps them in its "access admin" check). The case page is `links.staff_case_url`."""

from django.urls import path
from django.views.generic import RedirectView

from . import (
    bulk,
    case_views,
    clock_views,
    customers,
    duplicates_panel,
    privacy_views,
    queues,
    search,
)

app_name = "cases_admin"

# (route under customers/<customer_id>/, view, name)
CUSTOMER_ROUTES = [
    ("", customers.CustomerView, "customer"),
    ("edit/", customers.CustomerEditView, "customer_edit"),
    ("merge/", customers.CustomerMergeView, "customer_merge"),
    ("subject-access/", privacy_views.SubjectAccessExportView, "subject_access_export"),
    ("erase/", privacy_views.EraseCustomerView, "erase_customer"),
]

# (route under <case_uuid>/, view, name)
CASE_ROUTES = [
    ("", case_views.CaseView, "case"),
    ("files/<int:attachment_id>/", case_views.AttachmentDownloadView, "attachment"),
    ("assign-to-me/", case_views.AssignToMeView, "assign_to_me"),
    ("assign/", case_views.AssignView, "assign"),
    ("status/", case_views.StatusView, "status"),
    ("notes/", case_views.NoteView, "note"),
    ("updates/", case_views.PublicUpdateView, "public_update"),
    ("emails/<int:message_id>/resend/", case_views.ResendEmailView, "resend_email"),
    ("tracking-links/revoke/", case_views.RevokeTrackingLinksView, "revoke_tracking_links"),
    *duplicates_panel.DUPLICATE_ROUTES,
    *clock_views.CLOCK_ROUTES,
]

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="cases_admin:my_cases"), name="index"),
    path("mine/", queues.MyCasesView.as_view(), name="my_cases"),
    path("queues/", queues.TeamQueueView.as_view(), name="team_queue"),
    path("bulk/", bulk.BulkActionView.as_view(), name="bulk_action"),
    path("search/", search.CaseSearchView.as_view(), name="search"),
    path("customers/", customers.CustomerIndexView.as_view(), name="customers"),
    *(
        path(f"customers/<int:customer_id>/{route}", view.as_view(), name=name)
        for route, view, name in CUSTOMER_ROUTES
    ),
    *(
        path(f"<uuid:case_uuid>/{route}", view.as_view(), name=name)
        for route, view, name in CASE_ROUTES
    ),
]
