"""The team leads' daily digest: each lead (`Team.leads`) is emailed, once a day, the open cases
of the teams they lead that are overdue or due soon (`crm.cases.clock_flags`), through the
outbox (`EmailKind.TEAM_DIGEST`).

Each line is the case's reference, type, state, due date, assigned officer and the link to its
staff page: nothing about the resident (no name, address, location or answers), since an email
can be forwarded and sits in mailboxes the council does not control. Leads with nothing due get
nothing; a team with no leads sends nothing; nothing is sent on a day that is not a council
working day. One digest per lead per day: the outbox message's
`dedupe_key` is `team_digest:<user id>:<day>`, so running the task twice queues nothing more.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from crm.notifications.enums import EmailKind
from crm.notifications.models import OutboxMessage
from crm.notifications.services import queue_email

from .calendar import is_working_day
from .clock_flags import due_soon_q, due_soon_until, due_today_q, overdue_q
from .links import staff_case_url
from .models import Case, Team
from .selectors import state_label

# Lines per section; the rest are counted and found in the queue.
MAX_LINES = 100


@dataclass
class DigestResult:
    queued: int = 0
    already_sent: int = 0
    nothing_due: int = 0
    not_a_working_day: bool = False


def _date(day: date) -> str:
    return formats.date_format(day, "j M Y")


def digest_line(case: Case) -> str:
    """One case in the digest: no personal data of the resident."""
    officer = case.assigned_to
    who = (officer.get_full_name() or officer.get_username()) if officer else _("unassigned")
    return _("%(reference)s | %(type)s | %(state)s | due %(due)s | %(officer)s | %(url)s") % {
        "reference": case.reference,
        "type": case.case_type.name,
        "state": state_label(case),
        "due": _date(case.due_date),
        "officer": who,
        "url": staff_case_url(case),
    }


def _section(cases: list[Case], total: int) -> str:
    if not cases:
        return _("None.")
    lines = [digest_line(case) for case in cases]
    if total > len(cases):
        lines.append(_("...and %(count)s more in the queue.") % {"count": total - len(cases)})
    return "\n".join(lines)


def digest_context(lead, teams: list[Team], today: date) -> dict | None:
    """The digest's placeholders for one lead, or None when nothing is due."""
    base = Case.objects.filter(team__in=teams).select_related("case_type", "assigned_to")
    overdue = base.filter(overdue_q(today)).order_by("due_date", "pk")
    soon = base.filter(due_today_q(today) | due_soon_q(today)).order_by("due_date", "pk")
    overdue_count, soon_count = overdue.count(), soon.count()
    if not overdue_count and not soon_count:
        return None
    return {
        "name": lead.get_full_name() or lead.get_username(),
        "date": _date(today),
        "teams": ", ".join(team.name for team in teams),
        "overdue_count": overdue_count,
        "due_soon_count": soon_count,
        "due_soon_until": _date(due_soon_until(today)),
        "overdue": _section(list(overdue[:MAX_LINES]), overdue_count),
        "due_soon": _section(list(soon[:MAX_LINES]), soon_count),
        "queue_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("cases_admin:team_queue"),
    }


def dedupe_key(lead, today: date) -> str:
    return f"team_digest:{lead.pk}:{today.isoformat()}"


def send_team_digests(*, today: date | None = None) -> DigestResult:
    """Queue today's digest for every active lead with an email address and something due; on a
    day that is not a council working day (weekends, bank holidays, closure days) nothing."""
    today = today or timezone.localdate()
    result = DigestResult()
    if not is_working_day(today):
        result.not_a_working_day = True
        return result
    leads = (
        get_user_model()
        .objects.filter(led_teams__isnull=False, is_active=True)
        .exclude(email="")
        .distinct()
        .prefetch_related(Prefetch("led_teams", queryset=Team.objects.order_by("name")))
        .order_by("pk")
    )
    for lead in leads:
        key = dedupe_key(lead, today)
        if OutboxMessage.objects.filter(dedupe_key=key).exists():
            result.already_sent += 1
            continue
        context = digest_context(lead, list(lead.led_teams.all()), today)
        if context is None:
            result.nothing_due += 1
            continue
        with transaction.atomic():
            queue_email(
                kind=EmailKind.TEAM_DIGEST,
                case=None,
                recipient=lead.email,
                context=context,
                dedupe_key=key,
            )
        result.queued += 1
    return result
