"""Moving a case through its statuses and between teams and officers."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from crm.notifications.enums import EmailKind

from ..enums import FINISHED_STATUSES, CaseStatus, EventKind, can_transition
from ..exceptions import CaseTransitionError
from ..models import Case, Team
from ..search import update_case_search_on_commit
from ..signals import case_status_changed
from ._common import display_name, email_resident, lock, record_event


def change_case_status(
    case: Case,
    *,
    to_status: CaseStatus | str,
    actor: AbstractBaseUser | None,
    public_message: str = "",
) -> Case:
    """Move the case to another status, if the workflow allows it (see enums.ALLOWED_TRANSITIONS).

    Resolving stamps `resolved_at`, closing `closed_at`; reopening clears both. The change is on
    the resident's timeline; with a `public_message` they are also emailed it.
    """
    try:
        to_status = CaseStatus(to_status)
    except ValueError:
        raise CaseTransitionError(_("Unknown status."), code="invalid_status") from None
    public_message = (public_message or "").strip()
    with transaction.atomic():
        lock(case)
        from_status = case.status
        if not can_transition(from_status, to_status):
            raise _transition_error(from_status, to_status)
        reopened = from_status in FINISHED_STATUSES and to_status not in FINISHED_STATUSES
        now = timezone.now()
        case.status = to_status
        if to_status == CaseStatus.RESOLVED:
            case.resolved_at = now
        elif to_status == CaseStatus.CLOSED:
            case.closed_at = now
        elif reopened:
            case.resolved_at = case.closed_at = None
        case.save(update_fields=["status", "resolved_at", "closed_at", "updated_at"])
        record_event(
            case,
            kind=EventKind.STATUS_CHANGED,
            is_public=True,
            actor=actor,
            message=public_message,
            from_status=from_status,
            to_status=to_status,
            data={"reopened": True} if reopened else {},
        )
        case_status_changed.send(
            sender=Case, case=case, from_status=from_status, to_status=to_status, actor=actor
        )
        if public_message:
            email_resident(case, EmailKind.CASE_UPDATED, message=public_message)
            update_case_search_on_commit([case.pk])  # the message is found by its words
    return case


def _transition_error(from_status: str, to_status: str) -> CaseTransitionError:
    if from_status == to_status:
        message = _("The case is already “%(status)s”.") % {"status": CaseStatus(to_status).label}
    elif from_status == CaseStatus.CLOSED:
        message = _("A closed case can only be reopened.")
    elif from_status == CaseStatus.RESOLVED:
        message = _("A resolved case can only be reopened or closed.")
    elif to_status == CaseStatus.RECEIVED:
        message = _("A case cannot go back to “Received”.")
    else:
        message = _("A case cannot move from “%(from)s” to “%(to)s”.") % {
            "from": CaseStatus(from_status).label,
            "to": CaseStatus(to_status).label,
        }
    return CaseTransitionError(message, code="invalid_transition")


def assign_case(
    case: Case,
    *,
    actor: AbstractBaseUser | None,
    team: Team | None = None,
    officer: AbstractBaseUser | None = None,
) -> Case:
    """Give the case to a team (default: its current team) and an officer in that team, or to
    the team alone when `officer` is None. Recorded on the staff timeline only."""
    with transaction.atomic():
        lock(case)
        new_team = team or case.team
        if officer is not None and not new_team.members.filter(pk=officer.pk).exists():
            raise ValidationError(
                _("%(officer)s is not a member of %(team)s."),
                code="not_a_member",
                params={"officer": display_name(officer), "team": new_team.name},
            )
        officer_id = officer.pk if officer is not None else None
        if new_team.pk == case.team_id and officer_id == case.assigned_to_id:
            return case
        data = {
            "from_team": case.team_id,
            "to_team": new_team.pk,
            "from_officer": case.assigned_to_id,
            "to_officer": officer_id,
        }
        case.team = new_team
        case.assigned_to = officer
        case.save(update_fields=["team", "assigned_to", "updated_at"])
        message = (
            _("Assigned to %(officer)s (%(team)s)")
            % {"officer": display_name(officer), "team": new_team.name}
            if officer is not None
            else _("Assigned to %(team)s") % {"team": new_team.name}
        )
        record_event(
            case, kind=EventKind.ASSIGNED, is_public=False, actor=actor, message=message, data=data
        )
        update_case_search_on_commit([case.pk])  # an external index filters by team and officer
    return case
