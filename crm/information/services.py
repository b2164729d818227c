"""FOI and EIR requests: the rules for what staff record and do on an information request case.

Each function takes a case that follows the `information-request` workflow (others are refused),
runs in one transaction and raises `ValidationError` (the workflow's refusals:
`CaseTransitionError`) with a message fit to show staff. The case's own rules (its states, its
clock, the timeline and the resident's emails) stay with `crm.cases.services`: these call them.

Clarification needs nothing here: staff use the workflow's "Ask for clarification" transition
(the clock stops), and the resident's reply moves the case to "Clarification received", which
restarts the 20 working day clock from day one (FOIA s1(3), s10(6)).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from crm.cases.calendar import FOI_WORKING_DAYS, Stop, due_date_with_stops
from crm.cases.enums import Rule
from crm.cases.exceptions import CaseTransitionError
from crm.cases.models import Case
from crm.cases.services import (
    add_case_attachment,
    add_internal_note,
    add_public_update,
    change_case_status,
    extend_deadline,
    removing_files_on_rollback,
)
from crm.cases.workflows import spec_for_case

from .models import WORKFLOW_SLUG, Exemption, InformationRequest, Regime, ReviewOutcome

RESPONDED = "responded"
INTERNAL_REVIEW = "internal_review"
REVIEW_COMPLETED = "review_completed"


# --- Which cases --------------------------------------------------------------------------------


def is_information_request(case: Case) -> bool:
    """Whether the case follows the information-request workflow (any version of it)."""
    version = case.workflow_version
    return version is not None and version.workflow.slug == WORKFLOW_SLUG


def _refuse_other_cases(case: Case) -> None:
    if not is_information_request(case):
        raise ValidationError(
            _("This case is not a Freedom of Information or Environmental Information request."),
            code="not_information_request",
        )
    if case.anonymised_at is not None:
        raise ValidationError(
            _("This case has been anonymised: nothing more can be recorded on it."),
            code="anonymised",
        )


def default_regime(case: Case) -> Regime:
    """A first guess from the case type and the council's nation; staff can change it."""
    words = f"{case.case_type.slug} {case.case_type.name}".lower()
    environmental = "environmental" in words or "eir" in words.replace("-", " ").split()
    scotland = getattr(settings, "DOORSTEP_NATION", "") == "scotland"
    if environmental:
        return Regime.EIRS if scotland else Regime.EIR
    return Regime.FOISA if scotland else Regime.FOI


def information_request_for(case: Case) -> InformationRequest:
    """The case's `InformationRequest`, created the first time it is needed."""
    request, _created = InformationRequest.objects.get_or_create(
        case=case, defaults={"regime": default_regime(case)}
    )
    return request


def _locked_request(case: Case) -> InformationRequest:
    information_request_for(case)
    return InformationRequest.objects.select_for_update().get(case=case)


def statutory_due_date(case: Case) -> date | None:
    """The due date under the FOI rule (FOIA s10: the 20th working day after the day the
    request, or its clarification, arrived; weekends and any UK bank holiday not counted), plus
    any extension and less the days the clock was stopped. None while the clock is stopped."""
    if case.clock_stopped:
        return None
    start = case.clock_started_on or timezone.localdate(case.created_at)
    days = (case.clock_target_days or FOI_WORKING_DAYS) + (case.extension_working_days or 0)
    stops = [
        Stop(stop.stopped_on, stop.resumed_on)
        for stop in case.clock_stops.filter(stopped_on__gte=start, resumed_on__isnull=False)
    ]
    return due_date_with_stops(start, days, stops, rule=Rule.FOI)


# --- Exemptions ---------------------------------------------------------------------------------


def record_exemptions(
    case: Case,
    *,
    actor: AbstractBaseUser | None,
    exemptions: Iterable[str],
    regime: str | None = None,
) -> InformationRequest:
    """Record the exemptions (FOIA sections, EIR exceptions) applied to the request, and the law
    it is handled under. Replaces what was recorded; an internal note keeps the history."""
    codes = [str(code) for code in exemptions]
    unknown = [code for code in codes if code not in Exemption.values]
    if unknown:
        raise ValidationError(
            _("%(codes)s is not an exemption we know. Choose from the list.")
            % {"codes": ", ".join(unknown)},
            code="unknown_exemption",
        )
    if regime is not None and regime not in Regime.values:
        raise ValidationError(_("Choose the law the request is handled under."), code="regime")
    chosen = set(codes)
    ordered = [code for code in Exemption.values if code in chosen]
    with transaction.atomic():
        _refuse_other_cases(case)
        request = _locked_request(case)
        new_regime = regime or request.regime
        if ordered == request.exemptions and new_regime == request.regime:
            return request
        request.exemptions = ordered
        request.regime = new_regime
        request.save(update_fields=["exemptions", "regime", "updated_at"])
        labels = request.exemption_labels()
        note = _("Handled under: %(regime)s.") % {"regime": request.get_regime_display()} + "\n"
        note += (
            _("Exemptions recorded: %(list)s.") % {"list": "; ".join(labels)}
            if labels
            else _("No exemptions recorded.")
        )
        add_internal_note(case, actor=actor, text=note)
    return request


# --- Public interest extension ------------------------------------------------------------------


def extend_for_public_interest(
    case: Case,
    *,
    actor: AbstractBaseUser | None,
    new_due_date: date,
    reason: str,
) -> InformationRequest:
    """Move the due date on (FOIA s10(3): time to consider the public interest; EIR reg 7: a
    complex and voluminous request). `extend_deadline` enforces the case type's limit and tells
    the resident the new date and the reason."""
    with transaction.atomic():
        _refuse_other_cases(case)
        request = _locked_request(case)
        extend_deadline(case, actor=actor, new_due_date=new_due_date, reason=reason)
        request.extension_reason = reason.strip()
        request.extended_to = case.due_date
        request.extended_on = timezone.localdate()
        request.save(update_fields=["extension_reason", "extended_to", "extended_on", "updated_at"])
    return request


# --- The response -------------------------------------------------------------------------------


def _files_sentence(names: list[str]) -> str:
    return ngettext(
        "We have added %(count)s file to your request with this response: %(names)s. "
        "Download it from your request's page.",
        "We have added %(count)s files to your request with this response: %(names)s. "
        "Download them from your request's page.",
        len(names),
    ) % {"count": len(names), "names": get_text_list(names, _("and"))}


def send_response(
    case: Case,
    *,
    actor: AbstractBaseUser | None,
    message: str,
    files: Iterable[File] = (),
) -> InformationRequest:
    """Send the response: the case moves to "Response sent" (if its workflow allows it from
    where it is), the files go on its timeline for the resident, and the message (naming the
    files) is a public update, emailed with the link to the request.

    The message is a public update, not the status change's message, so the disclosure log
    (which publishes a case's latest public update) finds the response there."""
    message = (message or "").strip()
    if not message:
        raise ValidationError(
            _("Write the response to the resident: it is emailed to them."), code="required"
        )
    files = list(files)
    with removing_files_on_rollback(), transaction.atomic():
        _refuse_other_cases(case)
        request = _locked_request(case)
        change_case_status(case, to_status=RESPONDED, actor=actor)
        names = [
            add_case_attachment(case, uploaded_file=uploaded_file, uploaded_by=actor).original_name
            for uploaded_file in files
        ]
        text = f"{message}\n\n{_files_sentence(names)}" if names else message
        add_public_update(case, actor=actor, text=text)
        request.response_sent_at = timezone.now()
        request.response_sent_by = actor if actor is not None and actor.is_authenticated else None
        request.save(update_fields=["response_sent_at", "response_sent_by", "updated_at"])
    return request


def can_send_response(case: Case) -> bool:
    """Whether the case's workflow allows "Response sent" from where the case is now."""
    spec = spec_for_case(case)
    return spec.transition(case.state or case.status, RESPONDED) is not None


# --- Internal review ----------------------------------------------------------------------------


def note_review_requested(case: Case, *, on: date | None = None) -> None:
    """The case entered "Internal review": remember the day it was asked for (a new review
    clears the outcome of an earlier one)."""
    request = _locked_request(case)
    request.review_requested_on = on or timezone.localdate()
    request.review_outcome = ""
    request.review_reason = ""
    request.review_completed_at = None
    request.review_completed_by = None
    request.save(
        update_fields=[
            "review_requested_on",
            "review_outcome",
            "review_reason",
            "review_completed_at",
            "review_completed_by",
            "updated_at",
        ]
    )


def review_message(outcome: ReviewOutcome, reason: str) -> str:
    headline = {
        ReviewOutcome.UPHELD: _(
            "We have completed the internal review of your request. Outcome: upheld. The "
            "original response stands."
        ),
        ReviewOutcome.PARTLY_UPHELD: _(
            "We have completed the internal review of your request. Outcome: partly upheld. "
            "Some of the original response changes."
        ),
        ReviewOutcome.OVERTURNED: _(
            "We have completed the internal review of your request. Outcome: overturned. The "
            "original response is replaced."
        ),
    }[outcome]
    footer = _(
        "If you are not satisfied, you can complain to the Information Commissioner's Office."
    )
    return f"{headline}\n\n{reason}\n\n{footer}"


def record_review_outcome(
    case: Case,
    *,
    actor: AbstractBaseUser | None,
    outcome: str,
    reason: str,
) -> InformationRequest:
    """Finish the internal review: the case moves to "Internal review completed" with the
    outcome and reason as the message to the resident. Only from "Internal review"; the workflow
    refuses whoever handled the request before the review."""
    reason = (reason or "").strip()
    if outcome not in ReviewOutcome.values:
        raise ValidationError(_("Choose the outcome of the review."), code="outcome")
    if not reason:
        raise ValidationError(
            _("Enter the reason for the outcome: the resident is told it."), code="required"
        )
    with transaction.atomic():
        _refuse_other_cases(case)
        request = _locked_request(case)
        case.refresh_from_db(fields=["state", "status"])
        if (case.state or case.status) != INTERNAL_REVIEW:
            raise CaseTransitionError(
                _("The case is not in internal review: start the review first."),
                code="not_in_review",
            )
        outcome = ReviewOutcome(outcome)
        change_case_status(
            case,
            to_status=REVIEW_COMPLETED,
            actor=actor,
            public_message=review_message(outcome, reason),
        )
        request.review_outcome = outcome
        request.review_reason = reason
        request.review_completed_at = timezone.now()
        request.review_completed_by = (
            actor if actor is not None and actor.is_authenticated else None
        )
        if request.review_requested_on is None:
            request.review_requested_on = timezone.localdate()
        request.save(
            update_fields=[
                "review_outcome",
                "review_reason",
                "review_completed_at",
                "review_completed_by",
                "review_requested_on",
                "updated_at",
            ]
        )
    return request
