"""Reports > Satisfaction: the closure survey's results per case type, for a date range.

For each case type: surveys sent, responses, response rate, mean score, the distribution of
scores 1 to 5 and how many answers were confirmed on the survey page (not only a link click,
which an email scanner can make). Then the most recent reasons residents gave. Both can be
downloaded as CSV, with cells that could start a spreadsheet formula quoted.

Who may see it: superusers and staff given "Can view survey response"
(`surveys.view_surveyresponse`) on their group; everyone else gets a 403 and no menu item.
Reasons of cases since anonymised (or whose customer was erased) are never shown.
"""

from datetime import date

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count, Q, QuerySet
from django.http import HttpResponse
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from crm.cases.admin.forms import DateInput
from crm.cases.selectors import on_days
from crm.payments.admin.csv_export import csv_response

from .models import MAX_SCORE, MIN_SCORE, AnsweredVia, Score, SurveyResponse

VIEW_PERMISSION = "surveys.view_surveyresponse"
RECENT_REASONS = 25
SCORES = range(MIN_SCORE, MAX_SCORE + 1)


def can_view_satisfaction(user) -> bool:
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.has_perm(VIEW_PERMISSION))
    )


class SatisfactionMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_satisfaction(request.user)


class DateRangeForm(forms.Form):
    sent_from = forms.DateField(label=_("Sent from"), required=False, widget=DateInput)
    sent_to = forms.DateField(label=_("Sent to"), required=False, widget=DateInput)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("sent_from"), cleaned.get("sent_to")
        if start and end and start > end:
            raise forms.ValidationError(
                _("The start of the range must be on or before its end."), code="range"
            )
        return cleaned


# --- Figures ------------------------------------------------------------------------------------


def responses_sent_between(start: date | None, end: date | None) -> QuerySet:
    """Surveys sent on those days (local time), both ends included."""
    return on_days(SurveyResponse.objects.all(), "sent_at", start, end)


def _figures(row: dict) -> dict:
    sent, answered = row["sent"], row["responses"]
    row["rate"] = round(100 * answered / sent, 1) if sent else None
    row["mean"] = round(row["mean"], 2) if row["mean"] is not None else None
    row["distribution"] = [
        {
            "score": score,
            "count": row[f"score_{score}"],
            "percent": round(100 * row[f"score_{score}"] / answered) if answered else 0,
        }
        for score in SCORES
    ]
    return row


def _aggregates() -> dict:
    answered = Q(score__isnull=False)
    return {
        "sent": Count("pk"),
        "responses": Count("pk", filter=answered),
        "confirmed": Count("pk", filter=answered & Q(confirmed_at__isnull=False)),
        "mean": Avg("score"),
        **{f"score_{score}": Count("pk", filter=Q(score=score)) for score in SCORES},
    }


def satisfaction_by_case_type(responses: QuerySet) -> tuple[list[dict], dict]:
    """One row a case type (by name), and the totals: one query each."""
    rows = [
        _figures(row)
        for row in responses.values("case__case_type_id", "case__case_type__name")
        .annotate(**_aggregates())
        .order_by("case__case_type__name", "case__case_type_id")
    ]
    for row in rows:
        row["case_type"] = row.pop("case__case_type__name")
    total = _figures(responses.aggregate(**_aggregates()))
    return rows, total


def recent_reasons(responses: QuerySet, limit: int | None = RECENT_REASONS) -> list[dict]:
    """The latest reasons given, newest first, for cases whose personal data is still kept."""
    reasons = (
        responses.exclude(reason="")
        .filter(
            score__isnull=False,
            case__anonymised_at__isnull=True,
        )
        .exclude(case__customer__erased_at__isnull=False)
        .order_by("-answered_at", "-pk")
        .values("case__case_type__name", "score", "reason", "answered_at", "answered_via")
    )
    if limit is not None:
        reasons = reasons[:limit]
    return [
        {
            "case_type": row["case__case_type__name"],
            "score": row["score"],
            "score_label": Score(row["score"]).label,
            "reason": row["reason"],
            "answered_at": row["answered_at"],
            "answered_via": AnsweredVia(row["answered_via"]).label if row["answered_via"] else "",
        }
        for row in reasons
    ]


# --- The view -----------------------------------------------------------------------------------


class SatisfactionView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "surveys/admin/satisfaction.html"
    page_title = _("Satisfaction")
    header_icon = "success"

    def dispatch(self, request, *args, **kwargs):
        if not can_view_satisfaction(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get(self, request, *args, **kwargs):
        self.form = DateRangeForm(request.GET or None)
        valid = self.form.is_valid() if self.form.is_bound else True
        cleaned = self.form.cleaned_data if self.form.is_bound and valid else {}
        self.start, self.end = cleaned.get("sent_from"), cleaned.get("sent_to")
        self.responses = responses_sent_between(self.start, self.end)
        export = request.GET.get("format")
        if valid and export == "csv":
            return self.summary_csv()
        if valid and export == "reasons":
            return self.reasons_csv()
        return super().get(request, *args, **kwargs)

    def _suffix(self) -> str:
        return "-".join(d.isoformat() for d in (self.start, self.end) if d) or "all"

    def summary_csv(self) -> HttpResponse:
        rows, total = satisfaction_by_case_type(self.responses)
        header = [
            _("Case type"),
            _("Surveys sent"),
            _("Responses"),
            _("Response rate (%)"),
            _("Mean score"),
            *[str(score) for score in SCORES],
            _("Confirmed on the page"),
        ]

        def line(name, row):
            return [
                name,
                row["sent"],
                row["responses"],
                row["rate"] if row["rate"] is not None else "",
                float(row["mean"]) if row["mean"] is not None else "",
                *[row[f"score_{score}"] for score in SCORES],
                row["confirmed"],
            ]

        lines = [line(row["case_type"], row) for row in rows]
        lines.append(line(str(_("All case types")), total))
        return csv_response(
            f"satisfaction-{self._suffix()}.csv", [str(cell) for cell in header], lines
        )

    def reasons_csv(self) -> HttpResponse:
        header = [_("Answered"), _("Case type"), _("Score"), _("Reason"), _("Answered from")]
        lines = [
            [
                row["answered_at"].isoformat() if row["answered_at"] else "",
                row["case_type"],
                row["score"],
                row["reason"],
                row["answered_via"],
            ]
            for row in recent_reasons(self.responses, limit=None)
        ]
        return csv_response(
            f"satisfaction-reasons-{self._suffix()}.csv", [str(cell) for cell in header], lines
        )

    def _url(self, **extra) -> str:
        query = {key: value for key, value in self.request.GET.items() if key != "format"}
        query.update(extra)
        return f"{reverse('surveys_admin:satisfaction')}?{urlencode(query)}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows, total = satisfaction_by_case_type(self.responses)
        context.update(
            form=self.form,
            rows=rows,
            total=total,
            scores=[{"value": value, "label": label} for value, label in Score.choices],
            reasons=recent_reasons(self.responses),
            csv_url=self._url(format="csv"),
            reasons_csv_url=self._url(format="reasons"),
        )
        return context


app_name = "surveys_admin"
urlpatterns = [path("satisfaction/", SatisfactionView.as_view(), name="satisfaction")]
