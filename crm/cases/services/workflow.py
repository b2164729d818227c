"""Moving a case through its statuses and between teams and officers."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template import Context, Template, TemplateSyntaxError
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from crm.notifications.enums import EmailKind

from ..enums import FINISHED_STATUSES, CaseStatus, EventKind
from ..exceptions import CaseTransitionError
from ..models import Case, Team
from ..search import update_case_search_on_commit
from ..signals import case_status_changed
from ..workflows import STANDARD_SPEC, spec_for_case
from ._common import display_name, email_resident, lock, record_event
from .clocks import end_stop_on_finishing, restart_clock, resume_clock, stop_clock


def change_case_status(
    case: Case,
    *,
    to_status: str,
    actor: AbstractBaseUser | None,
    public_message: str = "",
) -> Case:
    """Move the case to another state of its workflow (`to_status`: the state's internal name;
    for the standard workflow, a `CaseStatus`), if a transition allows it and `actor` is in one
    of its groups, then run the new state's actions (`crm.cases.workflows`).

    `status` becomes the state's "counts as". Resolving stamps `resolved_at`, closing
    `closed_at`; reopening clears both. The change is on the resident's timeline; with a
    `public_message` (or a state that emails) they are also emailed.
    """
    public_message = (public_message or "").strip()
    with transaction.atomic():
        lock(case)
        spec = spec_for_case(case)
        from_state = case.state or case.status
        target = spec.state(str(to_status))
        if target is None:
            raise CaseTransitionError(_("Unknown status."), code="invalid_status")
        transition = spec.transition(from_state, target.name)
        if transition is None:
            raise _transition_error(spec, from_state, target.name)
        if not transition.allows(actor):
            raise CaseTransitionError(
                _("You are not in a group allowed to move a case to “%(state)s”.")
                % {"state": target.label},
                code="not_allowed",
            )
        _refuse_excluded_handler(case, actor)
        if transition.message_required and not public_message:
            raise CaseTransitionError(
                _("Write the message to the resident: this step needs one."),
                code="message_required",
            )
        _enter_state(case, spec, target, actor=actor, public_message=public_message)
    return case


def move_on_resident_reply(case: Case) -> bool:
    """A resident replied: if the case's state asked them for information, move it on (the
    state's "their reply moves the case to"). Call inside the reply's transaction, locked."""
    spec = spec_for_case(case)
    state = spec.state(case.state or case.status)
    target = spec.state(state.reply_moves_to) if state and state.reply_moves_to else None
    if target is None or not case.is_open:
        return False
    _enter_state(case, spec, target, actor=None, public_message="")
    return True


def _enter_state(case: Case, spec, target, *, actor, public_message: str) -> None:
    from_state = case.state or case.status
    source = spec.state(from_state)
    from_status = case.status
    to_status = target.counts_as
    reopened = from_status in FINISHED_STATUSES and to_status not in FINISHED_STATUSES
    now = timezone.now()
    case.status = to_status
    case.state = target.name
    if to_status == CaseStatus.RESOLVED:
        case.resolved_at = now
    elif to_status == CaseStatus.CLOSED:
        case.closed_at = now
    elif reopened:
        case.resolved_at = case.closed_at = None
    update_fields = ["status", "state", "resolved_at", "closed_at", "updated_at"]
    if case.acknowledged_at is None and from_state == spec.initial.name:
        case.acknowledged_at = now  # leaving the first state acknowledges the case
        update_fields.append("acknowledged_at")
    if target.new_handler and case.assigned_to_id is not None:
        excluded = set(case.workflow_data.get("excluded_handlers", []))
        excluded.add(case.assigned_to_id)
        case.workflow_data = {**case.workflow_data, "excluded_handlers": sorted(excluded)}
        case.assigned_to = None
        update_fields += ["workflow_data", "assigned_to"]
    case.save(update_fields=update_fields)
    record_event(
        case,
        kind=EventKind.STATUS_CHANGED,
        is_public=True,
        actor=actor,
        message=public_message,
        from_status=from_status,
        to_status=to_status,
        data={
            "from_state": from_state,
            "to_state": target.name,
            "label": target.label,
            **({"reopened": True} if reopened else {}),
        },
    )
    _run_clock_actions(case, source, target, actor=actor)
    if target.assign_team:
        team = Team.objects.filter(slug=target.assign_team).first()
        if team is not None and team.pk != case.team_id:
            assign_case(case, actor=actor, team=team)
    case_status_changed.send(
        sender=Case,
        case=case,
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        state=target.name,
        send_survey=target.send_survey,
    )
    if target.email_resident:
        email_resident(
            case,
            EmailKind.CASE_UPDATED,
            message=_render_state_email(case, target, public_message),
        )
    elif public_message:
        email_resident(case, EmailKind.CASE_UPDATED, message=public_message)
    if public_message:
        update_case_search_on_commit([case.pk])  # the message is found by its words


def _run_clock_actions(case: Case, source, target, *, actor) -> None:
    if not target.is_open:
        end_stop_on_finishing(case, actor=actor)
        return
    if target.restart_clock:
        restart_clock(case, actor=actor, target_days=target.target_working_days)
    was_running = source is None or source.clock_runs
    if target.clock_runs and case.clock_stopped and not target.restart_clock:
        resume_clock(case, actor=actor)
    elif not target.clock_runs and not case.clock_stopped and (was_running or target.restart_clock):
        stop_clock(case, actor=actor, reason=target.label)


def _render_state_email(case: Case, target, public_message: str) -> str:
    context = {
        "reference": case.reference,
        "state": target.label,
        "due_date": formats.date_format(case.due_date, "j F Y"),
        "case_type": case.case_type.name,
        "message": public_message,
    }
    try:
        return Template(target.email_resident).render(Context(context, autoescape=False)).strip()
    except TemplateSyntaxError:
        return public_message or target.email_resident


def _refuse_excluded_handler(case: Case, actor: AbstractBaseUser | None) -> None:
    excluded = case.workflow_data.get("excluded_handlers") or []
    if actor is not None and actor.pk in excluded:
        raise CaseTransitionError(
            _("You handled this case at an earlier stage: someone else must handle this stage."),
            code="excluded_handler",
        )


def _transition_error(spec, from_state: str, to_state: str) -> CaseTransitionError:
    source, target = spec.state(from_state), spec.state(to_state)
    from_label = source.label if source else from_state
    to_label = target.label if target else to_state
    if from_state == to_state:
        message = _("The case is already “%(status)s”.") % {"status": to_label}
    elif spec is STANDARD_SPEC and from_state == CaseStatus.CLOSED:
        message = _("A closed case can only be reopened.")
    elif spec is STANDARD_SPEC and from_state == CaseStatus.RESOLVED:
        message = _("A resolved case can only be reopened or closed.")
    elif spec is STANDARD_SPEC and to_state == CaseStatus.RECEIVED:
        message = _("A case cannot go back to “Received”.")
    else:
        message = _("A case cannot move from “%(from)s” to “%(to)s”.") % {
            "from": from_label,
            "to": to_label,
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
        if officer_id is not None and officer_id in (
            case.workflow_data.get("excluded_handlers") or []
        ):
            raise ValidationError(
                _(
                    "%(officer)s handled this case at an earlier stage: someone else must "
                    "handle this stage."
                ),
                code="excluded_handler",
                params={"officer": display_name(officer)},
            )
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
