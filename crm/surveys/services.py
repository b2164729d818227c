"""Send the closure survey when a case closes, and record the resident's answers.

The survey goes through the case's own outbox (`crm.cases.services.email_resident`): the
`SurveyResponse` row is written first, in the transaction that closed the case, then the email
is queued in that same transaction and sent after it commits. If the close rolls back, neither
exists.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format

from crm.cases.enums import CaseStatus
from crm.cases.services import email_resident
from crm.notifications.enums import EmailKind

from .models import MAX_SCORE, MIN_SCORE, AnsweredVia, SurveyResponse

DEFAULT_LINK_DAYS = 60


def link_days() -> int:
    """How long the email's links work (`DOORSTEP_SURVEY_LINK_DAYS`, 60 days by default)."""
    return int(getattr(settings, "DOORSTEP_SURVEY_LINK_DAYS", DEFAULT_LINK_DAYS))


def hash_token(token: str) -> str:
    """Tokens are stored hashed, so a copy of the database cannot answer for anyone."""
    return hashlib.sha256(token.encode()).hexdigest()


def survey_url(token: str, score: int | None = None) -> str:
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return f"{base}/survey/{token}/" + (f"{score}/" if score is not None else "")


def can_be_surveyed(case) -> bool:
    """Only a case whose customer we can still email: an address, not erased or anonymised."""
    customer = case.customer
    return bool(
        customer is not None
        and customer.email
        and customer.erased_at is None
        and case.anonymised_at is None
    )


def send_closure_survey(case) -> SurveyResponse | None:
    """Email the case's resident the closure survey, once per case (None when it is not sent).

    Called when the case moves to closed (`receivers.py`), inside that transaction, whose lock
    on the case row makes "once" hold when two members of staff close it at the same time.
    """
    if not can_be_surveyed(case):
        return None
    with transaction.atomic():
        if SurveyResponse.objects.filter(case=case).exists():
            return None  # closed before, reopened and closed again: asked once already
        token = secrets.token_urlsafe(32)
        now = timezone.now()
        response = SurveyResponse.objects.create(
            case=case,
            token_hash=hash_token(token),
            sent_at=now,
            expires_at=now + timedelta(days=link_days()),
        )
        extra = {f"survey_url_{score}": survey_url(token, score) for score in range(1, 6)}
        extra["survey_url"] = survey_url(token)
        extra["expires"] = date_format(timezone.localtime(response.expires_at), "j F Y")
        email_resident(case, EmailKind.CLOSURE_SURVEY, extra=extra)
    return response


def on_case_status_changed(sender, *, case, from_status, to_status, actor, **kwargs) -> None:
    # The workflow state says whether to survey (the standard workflow: on closing).
    if kwargs.get("send_survey", to_status == CaseStatus.CLOSED):
        send_closure_survey(case)


class SurveyExpired(Exception):
    """The link is past its date, or the case's personal data has since been removed."""


def response_for_token(token: str) -> SurveyResponse:
    """The survey the link is for: `Http404` for a token we never issued, `SurveyExpired` for
    one past its date (or whose case was anonymised since)."""
    if not token or len(token) > 100:
        raise Http404
    response = (
        SurveyResponse.objects.select_related("case__case_type", "case__customer")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if response is None:
        raise Http404
    if response.has_expired() or not _still_identifiable(response):
        raise SurveyExpired
    return response


def _still_identifiable(response: SurveyResponse) -> bool:
    case = response.case
    return case.anonymised_at is None and (case.customer is None or case.customer.erased_at is None)


def check_score(score) -> int:
    score = int(score)
    if not MIN_SCORE <= score <= MAX_SCORE:
        raise ValueError(score)
    return score


def record_link_answer(response: SurveyResponse, score: int) -> SurveyResponse:
    """A click on one of the email's links: the score is kept at once, the last answer winning
    (a scanner's prefetch is overwritten by the resident's own click or form)."""
    score = check_score(score)
    now = timezone.now()
    with transaction.atomic():
        locked = SurveyResponse.objects.select_for_update().get(pk=response.pk)
        locked.score = score
        locked.answered_at = now
        locked.first_answered_at = locked.first_answered_at or now
        locked.answered_via = AnsweredVia.LINK
        locked.link_clicks = min(locked.link_clicks + 1, 32767)
        locked.save(
            update_fields=[
                "score",
                "answered_at",
                "first_answered_at",
                "answered_via",
                "link_clicks",
            ]
        )
    return locked


def record_form_answer(response: SurveyResponse, *, score: int, reason: str) -> SurveyResponse:
    """The page's form: the score (perhaps changed) and the reason, confirmed by a person."""
    score = check_score(score)
    now = timezone.now()
    with transaction.atomic():
        locked = SurveyResponse.objects.select_for_update().get(pk=response.pk)
        locked.score = score
        locked.reason = (reason or "").strip()
        locked.answered_at = locked.confirmed_at = now
        locked.first_answered_at = locked.first_answered_at or now
        locked.answered_via = AnsweredVia.FORM
        locked.save(
            update_fields=[
                "score",
                "reason",
                "answered_at",
                "confirmed_at",
                "first_answered_at",
                "answered_via",
            ]
        )
    return locked


def erase_reasons_of_anonymised_cases() -> int:
    """Blank the free-text reasons of surveys whose case has since been anonymised or whose
    customer was erased (a reason may name people); the score stays for the figures."""
    removed = Q(case__anonymised_at__isnull=False) | Q(case__customer__erased_at__isnull=False)
    return SurveyResponse.objects.exclude(reason="").filter(removed).update(reason="")
