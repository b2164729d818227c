"""Complaint screens under /admin/complaints/ (registered by `crm/complaints/wagtail_hooks.py`;
Wagtail wraps them in its "access admin" check): the case page's complaint actions and
Reports > Complaints."""

from django.urls import path

from ..report import ComplaintsReportView
from . import case_actions

app_name = "complaints_admin"

urlpatterns = [
    path("report/", ComplaintsReportView.as_view(), name="report"),
    path("case/<uuid:case_uuid>/extend/", case_actions.ExtendStageView.as_view(), name="extend"),
    path(
        "case/<uuid:case_uuid>/stage/<int:stage>/outcome/",
        case_actions.StageOutcomeView.as_view(),
        name="stage_outcome",
    ),
    path(
        "case/<uuid:case_uuid>/ombudsman/referral/",
        case_actions.ReferralView.as_view(),
        name="referral",
    ),
    path(
        "case/<uuid:case_uuid>/ombudsman/decision/",
        case_actions.DecisionView.as_view(),
        name="decision",
    ),
    path(
        "case/<uuid:case_uuid>/ombudsman/remedy/",
        case_actions.RemedyCompletedView.as_view(),
        name="remedy",
    ),
]
