"""A case's clock: stopping and restarting it, extending it, and its due date.

The due date is the target (working days, the case type's or a restarted clock's own) plus any
extension, counted from `clock_started_on` on the case type's calendar rule (`clock_rule`:
council working days or the FOI Acts' working days), moved on by the working days the clock
was stopped (`ClockStop` rows, each with its reason and who stopped and restarted it). Every
count is `crm.cases.calendar`'s: nothing here adds days itself. docs/statutory-clocks.md.

Refusals are `ValidationError`s with a code: `finished` (the case is resolved or closed),
`already_stopped`, `not_stopped`, `required` (no reason), `not_extendable` (the case type allows
no extension), `clock_stopped` (extending while stopped), `not_later`, `not_working_day` and
`too_long` (over the case type's `max_extension_working_days`).
"""

from datetime import date

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from crm.notifications.enums import EmailKind

from ..calendar import Stop, due_date_with_stops, running_working_days_between
from ..enums import OPEN_STATUSES, EventKind
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
REASON_MAX_LENGTH = ClockStop._meta.get_field("reason").max_length


def clock_start(case: Case) -> date:
    return case.clock_started_on or timezone.localdate(case.created_at)


def clock_target(case: Case) -> int:
    """Working days the clock runs for: its target plus any extension."""
    return base_target(case) + (case.extension_working_days or 0)


def base_target(case: Case) -> int:
    """The clock's own target: a restarted clock's, else the case type's."""
    target = case.clock_target_days
    return target if target is not None else case.case_type.sla_working_days


def clock_stops(case: Case, *, today: date | None = None) -> list[Stop]:
    """The stops of the current clock (those from its start on); an open one runs to today."""
    today = today or timezone.localdate()
    return [
        Stop(stop.stopped_on, stop.resumed_on or max(today, stop.stopped_on))
        for stop in case.clock_stops.filter(stopped_on__gte=clock_start(case))
    ]


def due_date_for(case: Case, *, today: date | None = None) -> date:
    """The due date from the clock's start, target, extension and stops. While the clock is
    stopped: the date it would be if it ran again from tomorrow (the open stop ends today)."""
    return due_date_with_stops(
        clock_start(case),
        clock_target(case),
        clock_stops(case, today=today),
        rule=case.case_type.clock_rule,
    )


def _save_clock(case: Case) -> None:
    case.due_date = due_date_for(case)
    case.save(update_fields=CLOCK_FIELDS)


def _refuse_if_finished(case: Case) -> None:
    if not case.is_open:
        raise ValidationError(
            _("The case is finished: its clock has stopped for good."), code="finished"
        )


def _reason(reason: str, error: str) -> str:
    reason = required_text(reason, error)
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            _("Keep the reason to %(limit)s characters or fewer.") % {"limit": REASON_MAX_LENGTH},
            code="too_long_reason",
        )
    return reason


def _user(actor: AbstractBaseUser | None):
    return actor if actor is not None and actor.is_authenticated else None


def stop_clock(
    case: Case, *, actor: AbstractBaseUser | None, reason: str, on: date | None = None
) -> ClockStop:
    """Stop the case's clock from `on` (today), with the reason on the staff timeline.

    The stop covers its first day (see `crm.cases.calendar.Stop`); a date before the clock
    started is taken as its start (the days before belong to no clock)."""
    reason = _reason(reason, _("Enter why the clock is stopped."))
    with transaction.atomic():
        lock(case)
        _refuse_if_finished(case)
        if case.clock_stopped or case.clock_stops.filter(resumed_on__isnull=True).exists():
            raise ValidationError(_("The clock is already stopped."), code="already_stopped")
        stopped_on = max(on or timezone.localdate(), clock_start(case))
        stop = ClockStop.objects.create(
            case=case, stopped_on=stopped_on, reason=reason, stopped_by=_user(actor)
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
    """Start the stopped clock again: the due date moves on by the working days it was stopped
    (from the stop's first day to `on`, today, both included)."""
    with transaction.atomic():
        lock(case)
        _refuse_if_finished(case)
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
    stop.resumed_by = _user(actor)
    stop.save(update_fields=["resumed_on", "resumed_by"])


def end_stop_on_finishing(case: Case, *, actor: AbstractBaseUser | None) -> None:
    """A case finishing while its clock is stopped: the stop ends today, so a finished case
    shows no stopped clock, and a reopened one does not count its finished days as stopped.
    The status change on the timeline says what happened; no clock event is added."""
    stop = case.clock_stops.filter(resumed_on__isnull=True).first()
    if stop is not None:
        _close_stop(stop, actor=actor, on=None)
    if case.clock_stopped or stop is not None:
        case.clock_stopped = False
        _save_clock(case)


def restart_clock(
    case: Case,
    *,
    actor: AbstractBaseUser | None,
    target_days: int | None = None,
    on: date | None = None,
) -> Case:
    """Start a new clock from day one on `on` (today): a clarified FOI request (FOIA s1(3)), an
    internal review or a complaint's stage 2, with `target_days` or the case type's target.
    An open stop ends on `on`; earlier stops and any extension belong to the old clock."""
    on = on or timezone.localdate()
    if target_days is not None and target_days < 0:
        raise ValueError("target_days must not be negative")
    with transaction.atomic():
        lock(case)
        _refuse_if_finished(case)
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


def extension_room(case: Case) -> int:
    """Working days the deadline may still be extended by (0: none)."""
    limit = case.case_type.max_extension_working_days or 0
    return max(limit - (case.extension_working_days or 0), 0)


def extend_deadline(
    case: Case,
    *,
    actor: AbstractBaseUser | None,
    new_due_date: date,
    reason: str,
) -> Case:
    """Move the due date to `new_due_date`, a working day under the case type's rule, up to the
    case type's limit in working days in all; the resident is told the new date and the reason
    (on their timeline and by email)."""
    reason = _reason(reason, _("Enter the reason for the extension: the resident is told it."))
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
        rule = case.case_type.clock_rule
        previous = due_date_for(case)
        if new_due_date <= previous:
            raise ValidationError(
                _("The new date must be after the current due date, %(date)s.")
                % {"date": _date(previous)},
                code="not_later",
            )
        stops = clock_stops(case)
        added = running_working_days_between(previous, new_due_date, stops, rule=rule)
        total = case.extension_working_days + added
        if total > limit:
            raise ValidationError(
                _(
                    "The deadline can be extended by up to %(limit)s working days in all; this "
                    "date would make it %(total)s."
                )
                % {"limit": limit, "total": total},
                code="too_long",
            )
        extended = due_date_with_stops(
            clock_start(case), clock_target(case) + added, stops, rule=rule
        )
        if extended != new_due_date:
            raise ValidationError(
                _("%(date)s is not a working day. Choose a working day, such as %(nearest)s.")
                % {"date": _date(new_due_date), "nearest": _date(extended)},
                code="not_working_day",
            )
        case.extension_working_days = total
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


def refresh_stopped_due_dates(*, today: date | None = None) -> int:
    """Daily: a stopped clock's due date is "if it ran again tomorrow", so it moves on each
    working day it stays stopped; save the current one for open cases whose clock is stopped
    (queues sort and filter on it). Returns how many changed. No timeline event: nothing
    happened to the case."""
    today = today or timezone.localdate()
    changed = 0
    stopped = Case.objects.filter(status__in=OPEN_STATUSES, clock_stopped=True).select_related(
        "case_type"
    )
    for case in stopped.iterator(chunk_size=500):
        due = due_date_for(case, today=today)
        if due != case.due_date:
            changed += Case.objects.filter(pk=case.pk, clock_stopped=True).update(due_date=due)
    return changed


def _date(day: date) -> str:
    return formats.date_format(day, "j F Y")
