"""Subject access (UK GDPR Article 15): everything we hold about one person, as a ZIP for staff.

The ZIP holds README.txt (what it is and what to check before sending it), data.json (the whole
record, for machines), summary.html (the same, for people) and files/ (every file on their cases).
Internal notes are included and marked, for staff to redact what the law lets them withhold.
It is built in a temporary file, one case file at a time, so a large export never sits in memory.

Other CRM apps hold more about the person (closure survey answers; bookings and payments next):
each adds its part with `register_export_section` from its `AppConfig.ready()`, so this module
never imports them (they import `crm.cases`, which would make a cycle) and an app that is not
installed adds nothing.
"""

import json
import logging
import posixpath
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from crm.notifications.services import render_outbox_message

from ..enums import INTERNAL_EVENT_KINDS
from ..models import Case, CaseAccessLog, Customer
from ..workflows import case_state
from ._common import display_name
from .audit import record_case_access

logger = logging.getLogger(__name__)


# --- Sections other apps add --------------------------------------------------------------------


@dataclass(frozen=True)
class ExportSection:
    """One more part of a person's export, from another CRM app.

    `rows` go into data.json under `sections[key]` as they are (dates included); summary.html
    shows them as a table under `title`, one column per `columns` entry (row key, heading), in
    that order."""

    key: str
    title: str
    columns: tuple[tuple[str, str], ...]
    rows: tuple[dict[str, Any], ...]

    def table_rows(self) -> list[list[str]]:
        """The rows as summary.html shows them: dates in words, yes and no, blanks as "–"."""
        return [[_cell(row.get(key)) for key, _heading in self.columns] for row in self.rows]

    @property
    def headings(self) -> list[str]:
        return [heading for _key, heading in self.columns]


# provider(customer, cases) -> its section, or None when it holds nothing about the person.
SectionProvider = Callable[[Customer, Sequence[Case]], "ExportSection | None"]

_section_providers: dict[str, SectionProvider] = {}


def register_export_section(name: str, provider: SectionProvider) -> None:
    """Add a part to every subject access export. Call it from the app's `AppConfig.ready()`.

    `provider(customer, cases)` gets the customer record being exported and every case in the
    export (those of duplicate records merged into it too) and returns an `ExportSection`, or
    None when the app holds nothing about them (then the export has no heading for it). It is
    called while the export is built; if it fails, the export fails: a subject access response
    that silently leaves something out would be wrong. Registering a name again replaces the
    provider (as a second `ready()` in tests would), keeping its place in the order."""
    _section_providers[name] = provider


def export_sections(customer: Customer, cases: Sequence[Case]) -> list[ExportSection]:
    """The other apps' sections for this person, in the order they were registered."""
    sections = []
    for provider in list(_section_providers.values()):
        section = provider(customer, cases)
        if section is None or not section.rows:
            continue
        if any(section.key == other.key for other in sections):
            raise ValueError(f"Two subject access sections are called {section.key!r}")
        sections.append(section)
    return sections


def _cell(value: Any) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return formats.date_format(value, "j F Y H:i")
    if isinstance(value, date):
        return formats.date_format(value, "j F Y")
    return str(value)


EXPORT_PERMISSION = "cases.change_customer"
CUSTOMER_FIELDS = (
    "name",
    "email",
    "email_verified",
    "phone",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "created_at",
    "updated_at",
    "erased_at",
)


def can_export_subject_access(user: AbstractBaseUser | None) -> bool:
    """Exports hold everything about a person: only staff allowed to change customer records
    (and superusers) may make one."""
    return bool(
        user and user.is_authenticated and user.is_active and user.has_perm(EXPORT_PERMISSION)
    )


def access_customer_for_export(user: AbstractBaseUser | None, customer_id: int) -> Customer:
    """The customer record, for staff who may export it; PermissionDenied for other staff."""
    if not can_export_subject_access(user):
        raise PermissionDenied
    return get_object_or_404(Customer, pk=customer_id)


def export_subject_access(customer: Customer, *, actor: AbstractBaseUser) -> IO[bytes]:
    """Build the ZIP in a temporary file (rewound, for the caller to stream and close) and write
    an "exported" entry in the access log for each case in it."""
    data, files, cases = _collect(customer)
    sections = export_sections(customer, cases)
    data["sections"] = {section.key: list(section.rows) for section in sections}
    context = {**data, "extra_sections": sections}
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - returned open, for the response to close
    try:
        with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(
                "README.txt", render_to_string("cases/subject_access/README.txt", context)
            )
            archive.writestr(
                "data.json", json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
            )
            archive.writestr(
                "summary.html", render_to_string("cases/subject_access/summary.html", context)
            )
            for attachment, path in files:
                _copy_file(archive, attachment, path)
    except BaseException:
        handle.close()
        raise
    with transaction.atomic():
        for case in cases:
            record_case_access(case, user=actor, action=CaseAccessLog.Action.EXPORTED)
    logger.info("Subject access export of customer %s by user %s", customer.pk, actor.pk)
    handle.seek(0)
    return handle


def _copy_file(archive: zipfile.ZipFile, attachment, path: str) -> None:
    try:
        source = attachment.file.open("rb")
    except (FileNotFoundError, ValueError, OSError):
        archive.writestr(path + ".missing.txt", "This file could not be found in storage.\n")
        return
    with source, archive.open(path, "w", force_zip64=True) as target:
        shutil.copyfileobj(source, target, 1024 * 1024)


def _collect(customer: Customer) -> tuple[dict[str, Any], list, list[Case]]:
    records = list(
        Customer.objects.filter(Q(pk=customer.pk) | Q(merged_into=customer.pk)).order_by("pk")
    )
    cases = list(
        Case.objects.filter(customer__in=records)
        .select_related("case_type", "team", "assigned_to", "workflow_version")
        .prefetch_related("events__actor", "attachments__event", "outbox_messages")
        .order_by("created_at", "pk")
    )
    files = []
    exported_cases = []
    for case in cases:
        case_files = []
        for attachment in case.attachments.all():
            path = _file_path(case, attachment)
            files.append((attachment, path))
            case_files.append(
                {
                    "name": attachment.original_name,
                    "path": path,
                    "content_type": attachment.content_type,
                    "size": attachment.size,
                    "added": attachment.created_at,
                    "shown_to_resident": bool(attachment.event and attachment.event.is_public),
                }
            )
        exported_cases.append(
            {
                "id": case.pk,
                "reference": case.reference,
                "type": case.case_type.name,
                "status": case.get_status_display(),
                "state": case_state(case).label,  # what the resident was shown
                "channel": case.get_channel_display(),
                "team": case.team.name,
                "officer": display_name(case.assigned_to) if case.assigned_to else "",
                "opened": case.created_at,
                "due": case.due_date,
                "resolved": case.resolved_at,
                "closed": case.closed_at,
                "location": case.location_text,
                "answers": [
                    {"question": a.get("question", ""), "answer": a.get("answer", "")}
                    for a in case.answers or []
                ],
                "timeline": [_event(event) for event in case.events.all()],
                "emails": [_email(message) for message in case.outbox_messages.all()],
                "files": case_files,
            }
        )
    data = {
        "generated_at": timezone.now(),
        "customer": _customer(customer),
        "merged_records": [_customer(record) for record in records if record.pk != customer.pk],
        "cases": exported_cases,
    }
    return data, files, cases


def _customer(record: Customer) -> dict[str, Any]:
    details = {field: getattr(record, field) for field in CUSTOMER_FIELDS}
    details["id"] = record.pk
    details["has_account"] = record.user_id is not None
    return details


def _event(event) -> dict[str, Any]:
    shown = event.is_public and event.kind not in INTERNAL_EVENT_KINDS
    return {
        "at": event.created_at,
        "kind": event.get_kind_display(),
        "shown_to_resident": shown,
        "internal": not shown,
        "by": display_name(event.actor) if event.actor else "",
        "from_status": event.get_from_status_display() if event.from_status else "",
        "to_status": event.get_to_status_display() if event.to_status else "",
        # The workflow state, as the resident was told it then.
        "to_state": (event.data or {}).get("label", "") if event.to_status else "",
        "message": event.message,
    }


def _email(message) -> dict[str, Any]:
    try:
        subject, body = render_outbox_message(message)
    except Exception as error:  # a template staff broke since: keep what the email was about
        logger.warning("Could not render outbox message %s (%s)", message.pk, type(error).__name__)
        subject, body = "", ""
    return {
        "kind": message.get_kind_display(),
        "to": message.recipient,
        "status": message.get_status_display(),
        "queued": message.created_at,
        "sent": message.sent_at,
        "subject": subject,
        "body": body,
    }


def _file_path(case: Case, attachment) -> str:
    name = posixpath.basename((attachment.original_name or "file").replace("\\", "/"))
    name = name.strip(". ") or "file"
    return f"files/{case.reference}/{attachment.pk}-{name}"
