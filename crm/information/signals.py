"""Keeping the information request in step with its case's workflow."""

from crm.cases.models import Case
from crm.cases.signals import case_status_changed

from .services import INTERNAL_REVIEW, is_information_request, note_review_requested


def remember_review_request(sender, *, case: Case, state: str = "", **kwargs) -> None:
    """A case entered "Internal review" (by any path: the case page's status form too)."""
    if state == INTERNAL_REVIEW and is_information_request(case):
        note_review_requested(case)


def connect() -> None:
    case_status_changed.connect(
        remember_review_request, sender=Case, dispatch_uid="information_review_requested"
    )
