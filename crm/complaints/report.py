"""Reports > Complaints: the complaint handling code's figures per case type and stage, and the
compliments and comments received, for complaints received in a date range.

Per case type and stage: received, acknowledged on time (stage 1: by the case type's
acknowledgement date), replies sent and sent on time (by the stage's due date, extension
included), extended, escalated to stage 2 (stage 1's row) and referred to the Ombudsman
(stage 2's row), and the outcomes (upheld, partly upheld, not upheld). Then the Ombudsman's
decisions and remedies, and compliments and comments by case type. Four aggregate queries,
whatever the number of cases.

Who may see it: superusers and staff given "Can view complaint stage"
(`complaints.view_complaintstage`) on their group; everyone else gets a 403 and no menu item.
"""

from datetime import date

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q, QuerySet
from django.http import HttpResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from crm.cases.admin.forms import DateInput
from crm.cases.models import Case
from crm.cases.selectors import on_days
from crm.payments.admin.csv_export import csv_response

from .models import ComplaintStage, OmbudsmanDecision, OmbudsmanReferral, Stage, StageOutcome
from .services import COMPLAINT_WORKFLOW, FEEDBACK_WORKFLOW

VIEW_PERMISSION = "complaints.view_complaintstage"


def can_view_complaints_report(user) -> bool:
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.has_perm(VIEW_PERMISSION))
    )


class ComplaintsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_complaints_report(request.user)


class DateRangeForm(forms.Form):
    received_from = forms.DateField(label=_("Received from"), required=False, widget=DateInput)
    received_to = forms.DateField(label=_("Received to"), required=False, widget=DateInput)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("received_from"), cleaned.get("received_to")
        if start and end and start > end:
            raise forms.ValidationError(
                _("The start of the range must be on or before its end."), code="range"
            )
        return cleaned


# --- Figures ------------------------------------------------------------------------------------


def cases_received_between(workflow: str, start: date | None, end: date | None) -> QuerySet:
    """Cases of the workflow received on those days (local time), both ends included."""
    return on_days(
        Case.objects.filter(workflow_version__workflow__slug=workflow), "created_at", start, end
    )


def _outcome_counts(prefix: str = "") -> dict:
    return {
        f"outcome_{outcome}": Count("pk", filter=Q(**{f"{prefix}outcome": outcome}))
        for outcome in StageOutcome.values
    }


def complaint_figures(cases: QuerySet) -> list[dict]:
    """One row per case type and stage, by case type name: three queries."""
    acknowledged = (
        cases.values("case_type_id", "case_type__name")
        .annotate(
            received=Count("pk"),
            acknowledged=Count("pk", filter=Q(acknowledged_at__isnull=False)),
            acknowledged_on_time=Count(
                "pk",
                filter=Q(acknowledged_at__isnull=False, acknowledge_by__isnull=False)
                & Q(acknowledged_at__date__lte=F("acknowledge_by")),
            ),
        )
        .order_by("case_type__name", "case_type_id")
    )
    stages = {
        (row["case__case_type_id"], row["number"]): row
        for row in ComplaintStage.objects.filter(case__in=cases.values("pk"))
        .values("case__case_type_id", "number")
        .annotate(
            started=Count("pk"),
            answered=Count("pk", filter=Q(answered_on__isnull=False)),
            answered_on_time=Count(
                "pk", filter=Q(answered_on__isnull=False, answered_on__lte=F("due_date"))
            ),
            extended=Count("pk", filter=Q(extended_at__isnull=False)),
            **_outcome_counts(),
        )
        .order_by()
    }
    referred = dict(
        OmbudsmanReferral.objects.filter(case__in=cases.values("pk"))
        .values("case__case_type_id")
        .annotate(count=Count("pk"))
        .order_by()
        .values_list("case__case_type_id", "count")
    )
    rows = []
    for case_type in acknowledged:
        type_id = case_type["case_type_id"]
        first = stages.get((type_id, Stage.ONE), {})
        second = stages.get((type_id, Stage.TWO), {})
        for number, stage, received in (
            (Stage.ONE, first, case_type["received"]),
            (Stage.TWO, second, second.get("started", 0)),
        ):
            rows.append(
                {
                    "case_type": case_type["case_type__name"],
                    "stage": number,
                    "stage_label": Stage(number).label,
                    "received": received,
                    "acknowledged": case_type["acknowledged"] if number == Stage.ONE else None,
                    "acknowledged_on_time": (
                        case_type["acknowledged_on_time"] if number == Stage.ONE else None
                    ),
                    "answered": stage.get("answered", 0),
                    "answered_on_time": stage.get("answered_on_time", 0),
                    "extended": stage.get("extended", 0),
                    "escalated": second.get("started", 0) if number == Stage.ONE else None,
                    "referred": referred.get(type_id, 0) if number == Stage.TWO else None,
                    "outcomes": [stage.get(f"outcome_{o}", 0) for o in StageOutcome.values],
                }
            )
    return rows


def ombudsman_figures(cases: QuerySet) -> list[dict]:
    """The Ombudsman's decisions per case type: one query."""
    decisions = {
        f"decision_{decision}": Count("pk", filter=Q(decision=decision))
        for decision in OmbudsmanDecision.values
    }
    rows = (
        OmbudsmanReferral.objects.filter(case__in=cases.values("pk"))
        .values("case__case_type__name")
        .annotate(
            referred=Count("pk"),
            awaiting=Count("pk", filter=Q(decision="")),
            remedies=Count("pk", filter=~Q(remedy="")),
            remedies_completed=Count("pk", filter=Q(remedy_completed_on__isnull=False)),
            **decisions,
        )
        .order_by("case__case_type__name")
    )
    return [
        {
            "case_type": row["case__case_type__name"],
            "referred": row["referred"],
            "awaiting": row["awaiting"],
            "decisions": [row[f"decision_{d}"] for d in OmbudsmanDecision.values],
            "remedies": row["remedies"],
            "remedies_completed": row["remedies_completed"],
        }
        for row in rows
    ]


def feedback_figures(cases: QuerySet) -> list[dict]:
    """Compliments and comments per case type (their own types): one query."""
    return [
        {
            "case_type": row["case_type__name"],
            "received": row["received"],
            "passed_on": row["passed_on"],
            "closed": row["closed"],
            "open": row["open"],
        }
        for row in cases.values("case_type__name")
        .annotate(
            received=Count("pk"),
            passed_on=Count("pk", filter=Q(state="passed_on")),
            closed=Count("pk", filter=Q(state="closed")),
            open=Count("pk", filter=Q(state="received")),
        )
        .order_by("case_type__name")
    ]


# --- The view -----------------------------------------------------------------------------------


class ComplaintsReportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "complaints/admin/report.html"
    page_title = _("Complaints")
    header_icon = "warning"

    def dispatch(self, request, *args, **kwargs):
        if not can_view_complaints_report(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get(self, request, *args, **kwargs):
        self.form = DateRangeForm(request.GET or None)
        valid = self.form.is_valid() if self.form.is_bound else True
        cleaned = self.form.cleaned_data if self.form.is_bound and valid else {}
        self.start, self.end = cleaned.get("received_from"), cleaned.get("received_to")
        self.complaints = cases_received_between(COMPLAINT_WORKFLOW, self.start, self.end)
        if valid and request.GET.get("format") == "csv":
            return self.stages_csv()
        return super().get(request, *args, **kwargs)

    def stages_csv(self) -> HttpResponse:
        """The table by case type and stage (— cells empty), cells quoted against formulas."""
        header = [
            _("Case type"),
            _("Stage"),
            _("Received"),
            _("Acknowledged"),
            _("Acknowledged on time"),
            _("Replies sent"),
            _("Replied on time"),
            _("Extended"),
            _("Escalated to stage 2"),
            _("Referred to the Ombudsman"),
            *StageOutcome.labels,
        ]
        keys = [
            "received",
            "acknowledged",
            "acknowledged_on_time",
            "answered",
            "answered_on_time",
            "extended",
            "escalated",
            "referred",
        ]
        lines = [
            [
                row["case_type"],
                str(row["stage_label"]),
                *[row[key] for key in keys],
                *row["outcomes"],
            ]
            for row in complaint_figures(self.complaints)
        ]
        suffix = "-".join(d.isoformat() for d in (self.start, self.end) if d) or "all"
        return csv_response(f"complaints-{suffix}.csv", [str(cell) for cell in header], lines)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = {key: value for key, value in self.request.GET.items() if key != "format"}
        context.update(
            form=self.form,
            rows=complaint_figures(self.complaints),
            outcomes=StageOutcome.labels,
            ombudsman_rows=ombudsman_figures(self.complaints),
            decisions=OmbudsmanDecision.labels,
            feedback_rows=feedback_figures(
                cases_received_between(FEEDBACK_WORKFLOW, self.start, self.end)
            ),
            csv_url=f"{reverse('complaints_admin:report')}?{urlencode({**query, 'format': 'csv'})}",
        )
        return context
