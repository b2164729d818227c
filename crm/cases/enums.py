"""Statuses, priorities, channels and timeline event kinds for cases, with their groupings.

The allowed status transitions live here too, next to the statuses they describe, so the workflow
is readable in one place. `crm.cases.services.change_case_status` is what enforces them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", _("In progress")
    AWAITING_CUSTOMER = "awaiting_customer", _("Waiting for a reply")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")


# A case is "open" (in a queue, counted for SLA) until it is resolved or closed.
OPEN_STATUSES: frozenset[str] = frozenset(
    {CaseStatus.RECEIVED, CaseStatus.IN_PROGRESS, CaseStatus.AWAITING_CUSTOMER}
)
FINISHED_STATUSES: frozenset[str] = frozenset({CaseStatus.RESOLVED, CaseStatus.CLOSED})

# Where a case may go from each status. Nothing goes back to "received" (it only means nobody has
# picked the case up yet); resolved and closed cases are reopened to "in progress".
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    CaseStatus.RECEIVED: frozenset(
        {
            CaseStatus.IN_PROGRESS,
            CaseStatus.AWAITING_CUSTOMER,
            CaseStatus.RESOLVED,
            CaseStatus.CLOSED,
        }
    ),
    CaseStatus.IN_PROGRESS: frozenset(
        {CaseStatus.AWAITING_CUSTOMER, CaseStatus.RESOLVED, CaseStatus.CLOSED}
    ),
    CaseStatus.AWAITING_CUSTOMER: frozenset(
        {CaseStatus.IN_PROGRESS, CaseStatus.RESOLVED, CaseStatus.CLOSED}
    ),
    CaseStatus.RESOLVED: frozenset({CaseStatus.IN_PROGRESS, CaseStatus.CLOSED}),
    CaseStatus.CLOSED: frozenset({CaseStatus.IN_PROGRESS}),
}


def can_transition(from_status: str, to_status: str) -> bool:
    return to_status in ALLOWED_TRANSITIONS.get(from_status, frozenset())


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class Channel(models.TextChoices):
    WEB = "web", _("Web")
    PHONE = "phone", _("Phone")
    FACE_TO_FACE = "face_to_face", _("Face to face")
    EMAIL = "email", _("Email")
    POST = "post", _("Post")
    COUNCILLOR = "councillor", _("Councillor")
    API = "api", _("API")


# Channels where a member of staff keys the request in for the resident (assisted digital).
ASSISTED_CHANNELS: frozenset[str] = frozenset(
    {Channel.PHONE, Channel.FACE_TO_FACE, Channel.EMAIL, Channel.POST}
)


class EventKind(models.TextChoices):
    CREATED = "created", _("Request received")
    STATUS_CHANGED = "status_changed", _("Status changed")
    PUBLIC_UPDATE = "public_update", _("Update")
    INTERNAL_NOTE = "internal_note", _("Internal note")
    RESIDENT_MESSAGE = "resident_message", _("Message from resident")
    ASSIGNED = "assigned", _("Assigned")
    FILE_ADDED = "file_added", _("File added")
    CLOCK_STOPPED = "clock_stopped", _("Clock stopped")
    CLOCK_RESTARTED = "clock_restarted", _("Clock restarted")
    DEADLINE_EXTENDED = "deadline_extended", _("Deadline extended")
    LINKED = "linked", _("Linked to another case")
    MERGED = "merged", _("Merged")


# Kinds that are never shown to residents, whatever `is_public` says.
INTERNAL_EVENT_KINDS: frozenset[str] = frozenset(
    {
        EventKind.INTERNAL_NOTE,
        EventKind.ASSIGNED,
        EventKind.CLOCK_STOPPED,
        EventKind.CLOCK_RESTARTED,
        EventKind.LINKED,
    }
)


class ScanStatus(models.TextChoices):
    """Where a file stands with the virus scanner (`crm.cases.uploads`)."""

    NOT_SCANNED = "not_scanned", _("Not scanned (no scanner configured)")
    PENDING = "pending", _("Waiting for the virus scan")
    CLEAN = "clean", _("No virus found")
    INFECTED = "infected", _("Virus found: blocked")
    FAILED = "failed", _("Scan failed: blocked")


# Files staff and residents may open: scanned clean, or kept where no scanner is configured.
OPENABLE_SCAN_STATUSES: frozenset[str] = frozenset({ScanStatus.NOT_SCANNED, ScanStatus.CLEAN})


class Rule(models.TextChoices):
    """Which days a clock counts (`crm.cases.calendar`); every clock records the rule it follows."""

    COUNCIL = "council", _("Council working days (closure days do not count)")
    FOI = "foi", _("Working days as the Freedom of Information Act defines them")
