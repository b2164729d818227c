"""The "Clock" section of a staff case page (registered here through `CASE_PANELS_HOOK`;
`crm/cases/wagtail_hooks.py` imports this module so the hook loads).

It shows the clock in words: the calendar rule of the case type, when the clock started, its
target, any extension (of the most allowed), the due date, whether it is stopped, every stop
(from and to, working days, reason, who stopped and restarted it), the acknowledgement due and
done, and the case's flags (`crm.cases.clock_flags`). Forms stop the clock, restart it and
extend the deadline (`clock_views`)."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from ..calendar import stopped_working_days
from ..clock_flags import case_flags
from ..enums import Rule
from ..services.clocks import base_target, clock_start, extension_room
from .case_views import CASE_PANELS_HOOK, case_url
from .clock_views import (
    EXTEND_FORM_KEY,
    RESTART_FORM_KEY,
    STOP_FORM_KEY,
    ExtendDeadlineForm,
    RestartClockForm,
    StopClockForm,
)

RULE_IN_WORDS = {
    Rule.COUNCIL: _(
        "Council working days: not weekends, bank holidays in the council's nation or council "
        "closure days."
    ),
    Rule.FOI: _(
        "Working days as the Freedom of Information Acts define them: not weekends, Christmas "
        "Day, Good Friday or a bank holiday (in any part of the UK, or in Scotland under the "
        "Scottish Act). Council closure days count."
    ),
}


def _who(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def clock_panel(request, case, errors: dict) -> SafeString:
    today = timezone.localdate()
    case_type = case.case_type
    rule = case_type.clock_rule
    stops = []
    for stop in case.clock_stops.select_related("stopped_by", "resumed_by"):
        stops.append(
            {
                "stop": stop,
                "working_days": stopped_working_days(
                    [(stop.stopped_on, stop.resumed_on)],
                    until=stop.resumed_on or today,
                    rule=rule,
                ),
                "stopped_by": _who(stop.stopped_by),
                "resumed_by": _who(stop.resumed_by),
                "before_this_clock": stop.stopped_on < clock_start(case),
            }
        )
    limit = case_type.max_extension_working_days or 0
    is_open = case.is_open
    can_extend = is_open and not case.clock_stopped and limit > 0
    context = {
        "case": case,
        "rule_label": case_type.get_clock_rule_display(),
        "rule_in_words": RULE_IN_WORDS.get(rule, ""),
        "started_on": clock_start(case),
        "target": base_target(case),
        "limit": limit,
        "room": extension_room(case),
        "stops": stops,
        "flags": case_flags(case, today),
        "acknowledge_days": case_type.acknowledge_working_days,
        "is_open": is_open,
        # A refused form always comes back (with its error and what was typed), whatever the
        # clock's state now; otherwise each form shows when it can be used.
        "stop_form": errors.get(STOP_FORM_KEY)
        or (StopClockForm(prefix=STOP_FORM_KEY) if is_open and not case.clock_stopped else None),
        "restart_form": errors.get(RESTART_FORM_KEY)
        or (RestartClockForm(prefix=RESTART_FORM_KEY) if is_open and case.clock_stopped else None),
        "extend_form": errors.get(EXTEND_FORM_KEY)
        or (ExtendDeadlineForm(prefix=EXTEND_FORM_KEY) if can_extend else None),
        "page_url": case_url(case),
        "stop_url": reverse("cases_admin:clock_stop", kwargs={"case_uuid": case.uuid}),
        "restart_url": reverse("cases_admin:clock_restart", kwargs={"case_uuid": case.uuid}),
        "extend_url": reverse("cases_admin:clock_extend", kwargs={"case_uuid": case.uuid}),
    }
    return render_to_string("cases/admin/clock/panel.html", context, request=request)


@hooks.register(CASE_PANELS_HOOK)
def add_clock_panel(request, case, errors):
    return clock_panel(request, case, errors)
