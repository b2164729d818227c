"""The person's closure survey answers, as a section of their subject access export
(`crm.cases.services.subject_access`): registered in `SurveysConfig.ready()`."""

from collections.abc import Sequence

from django.db.models import Q
from django.utils.translation import gettext as _

from crm.cases.services.subject_access import ExportSection

from .models import SurveyResponse

SECTION_KEY = "closure_surveys"


def survey_answers_section(customer, cases: Sequence) -> ExportSection | None:
    """What the person told us in closure surveys, one row per answered survey (a survey they
    never answered holds nothing they said: its invitation is among the case's emails). None
    when they answered none. One query, whatever the number of cases."""
    responses = (
        SurveyResponse.objects.filter(case__in=[case.pk for case in cases])
        .filter(Q(score__isnull=False) | ~Q(reason=""))
        .select_related("case")
        .order_by("sent_at", "pk")
    )
    rows = tuple(
        {
            "case": response.case.reference,
            "sent": response.sent_at,
            "score": response.score,
            "answer": response.get_score_display() if response.score is not None else "",
            "reason": response.reason,
            "first_answered": response.first_answered_at,
            "last_answered": response.answered_at,
            "answered_from": response.get_answered_via_display() if response.answered_via else "",
            "confirmed_on_page": response.confirmed_at,
            "link_clicks": response.link_clicks,
        }
        for response in responses
    )
    if not rows:
        return None
    return ExportSection(
        key=SECTION_KEY,
        title=_("Closure survey answers"),
        columns=(
            ("case", _("Case")),
            ("sent", _("Survey sent")),
            ("answer", _("Answer")),
            ("reason", _("Why")),
            ("first_answered", _("First answered")),
            ("last_answered", _("Last answered")),
            ("answered_from", _("Answered from")),
            ("confirmed_on_page", _("Confirmed on the survey page")),
        ),
        rows=rows,
    )
