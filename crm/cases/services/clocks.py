"""A case's clock: stopping and restarting it, extending it, and its due date.

The due date is the target (working days, the case type's or a restarted clock's own) plus any
extension, counted from `clock_started_on` on the case type's calendar rule, moved on by the
working days the clock was stopped (`ClockStop` rows). Every count is `crm.cases.calendar`'s.
"""

from datetime import date

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from crm.notifications.enums import EmailKind

from ..calendar import Stop, due_date_with_stops, working_days_between
from ..enums import EventKind
from ..models import Case, ClockStop
from ._common import email_resident, lock, record_event, required_text

CLOCK_FIELDS = [
    "due_date",
    "clock_started_on",
    "clock_target_days",
    "extension_working_days",
    "clock_stopped",
    "updated_at",
]


def clock_start(case: Case) -> date:
    return case.clock_started_on or timezone.localdate(case.created_at)


def clock_target(case: Case) -> int:
    target = case.clock_target_days
    return (target if target is not None else case.case_type.sla_working_days) + (
        case.extension_working_days or 0
    )


def due_date_for(case: Case, *, today: date | None = None) -> date:
    """The due date from the clock's start, target, extension and stops. While the clock is
    stopped: the date it would be if it ran again from tomorrow (the open stop ends today)."""
    today = today or timezone.localdate()
    start = clock_start(case)
    stops = [
        Stop(stop.stopped_on, stop.resumed_on or max(today, stop.stopped_on))
        for stop in case.clock_stops.filter(stopped_on__gte=start)
    ]
    return due_date_with_stops(start, clock_target(case), stops, rule=case.case_type.clock_rule)


def _save_clock(case: Case) -> None:
    case.due_date = due_date_for(case)
    case.save(update_fields=CLOCK_FIELDS)


def _refuse_if_finished(case: Case) -> None:
    if not case.is_open:
        raise ValidationError(
            _("The case is finished: its clock has stopped for good."), code="finished"
        )


def stop_clock(
    case: Case, *, actor: AbstractBaseUser | None, reason: str, on: date | None = None
) -> ClockStop:
    """Stop the case's clock from `on` (today), with the reason on the staff timeline."""
    reason = required_text(reason, _("Enter why the clock is stopped."))
    with transaction.atomic():
        lock(case)
        _refuse_if_finished(case)
        if case.clock_stopped:
            raise ValidationError(_("The clock is already stopped."), code="already_stopped")
        stop = ClockStop.objects.create(
            case=case, stopped_on=on or timezone.localdate(), reason=reason, stopped_by=actor
        )
        case.clock_stopped = True
        _save_clock(case)
        record_event(
            case,
            kind=EventKind.CLOCK_STOPPED,
            is_public=False,
            actor=actor,
            message=reason,
            data={"stopped_on": stop.stopped_on.isoformat()},
        )
    return stop


def resume_clock(case: Case, *, actor: AbstractBaseUser | None, on: date | None = None) -> Case:
    """Start the stopped clock again: the due date moves on by the working days it was stopped."""
    with transaction.atomic():
        lock(case)
        stop = case.clock_stops.filter(resumed_on__isnull=True).first()
        if not case.clock_stopped or stop is None:
            raise ValidationError(_("The clock is not stopped."), code="not_stopped")
        _close_stop(stop, actor=actor, on=on)
        case.clock_stopped = False
        _save_clock(case)
        record_event(
            case,
            kind=EventKind.CLOCK_RESTARTED,
            is_public=False,
            actor=actor,
            message=_("Clock restarted; due %(date)s") % {"date": _date(case.due_date)},
            data={"resumed_on": stop.resumed_on.isoformat(), "due_date": case.due_date.isoformat()},
        )
    return case


def _close_stop(stop: ClockStop, *, actor, on: date | None) -> None:
    stop.resumed_on = max(on or timezone.localdate(), stop.stopped_on)
    stop.resumed_by = actor if actor is not None and actor.is_authenticated else None
    stop.save(update_fields=["resumed_on", "resumed_by"])


def restart_clock(
    case: Case,
    *,
    actor: AbstractBaseUser | None,
    target_days: int | None = None,
    on: date | None = None,
) -> Case:
    """Start a new clock from day one on `on` (today): a clarified FOI request (FOIA s1(3)), an
    internal review or a complaint's stage 2, with `target_days` or the case type's target."""
    on = on or timezone.localdate()
    with transaction.atomic():
        lock(case)
        stop = case.clock_stops.filter(resumed_on__isnull=True).first()
        if stop is not None:
            _close_stop(stop, actor=actor, on=on)
        case.clock_stopped = False
        case.clock_started_on = on
        case.clock_target_days = target_days
        case.extension_working_days = 0
        _save_clock(case)
        record_event(
            case,
            kind=EventKind.CLOCK_RESTARTED,
            is_public=False,
            actor=actor,
            message=_("New clock from %(start)s: due %(date)s")
            % {"start": _date(on), "date": _date(case.due_date)},
            data={"started_on": on.isoformat(), "due_date": case.due_date.isoformat()},
        )
    return case


def extend_deadline(
    case: Case,
    *,
    actor: AbstractBaseUser | None,
    new_due_date: date,
    reason: str,
) -> Case:
    """Move the due date to `new_due_date`, up to the case type's limit in working days; the
    resident is told the new date and the reason (on their timeline and by email)."""
    reason = required_text(
        reason, _("Enter the reason for the extension: the resident is told it.")
    )
    with transaction.atomic():
        lock(case)
        _refuse_if_finished(case)
        limit = case.case_type.max_extension_working_days
        if not limit:
            raise ValidationError(
                _("Cases of this type cannot be extended."), code="not_extendable"
            )
        if case.clock_stopped:
            raise ValidationError(
                _("Restart the clock before extending the deadline."), code="clock_stopped"
            )
        if new_due_date <= case.due_date:
            raise ValidationError(
                _("The new date must be after the current due date, %(date)s.")
                % {"date": _date(case.due_date)},
                code="not_later",
            )
        added = working_days_between(case.due_date, new_due_date, rule=case.case_type.clock_rule)
        if case.extension_working_days + added > limit:
            raise ValidationError(
                _(
                    "The deadline can be extended by up to %(limit)s working days in all; this "
                    "date would make it %(total)s."
                )
                % {"limit": limit, "total": case.extension_working_days + added},
                code="too_long",
            )
        previous = case.due_date
        case.extension_working_days += added
        _save_clock(case)
        message = _("We need more time: we now aim to reply by %(date)s. %(reason)s") % {
            "date": _date(case.due_date),
            "reason": reason,
        }
        record_event(
            case,
            kind=EventKind.DEADLINE_EXTENDED,
            is_public=True,
            actor=actor,
            message=message,
            data={
                "from": previous.isoformat(),
                "to": case.due_date.isoformat(),
                "working_days": added,
                "reason": reason,
            },
        )
        email_resident(case, EmailKind.CASE_UPDATED, message=message)
    return case


def _date(day: date) -> str:
    return formats.date_format(day, "j F Y")
