"""Keeping the information request in step with its case's workflow, whichever screen moved it
(the panel's forms or the case page's status form)."""

from django.utils import timezone

from crm.cases.models import Case
from crm.cases.signals import case_status_changed

from .services import (
    INTERNAL_REVIEW,
    RESPONDED,
    information_request_for,
    is_information_request,
    note_review_requested,
)


def follow_the_workflow(sender, *, case: Case, state: str = "", actor=None, **kwargs) -> None:
    """Entering "Internal review" records the day it was requested; entering "Response sent"
    by the status form records when and by whom (`send_response` records them too)."""
    if state not in (INTERNAL_REVIEW, RESPONDED) or not is_information_request(case):
        return
    if state == INTERNAL_REVIEW:
        note_review_requested(case)
        return
    request = information_request_for(case)
    request.response_sent_at = timezone.now()
    request.response_sent_by = actor if actor is not None and actor.is_authenticated else None
    request.save(update_fields=["response_sent_at", "response_sent_by", "updated_at"])


def connect() -> None:
    case_status_changed.connect(
        follow_the_workflow, sender=Case, dispatch_uid="information_follow_the_workflow"
    )
