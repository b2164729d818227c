"""Helpers the case services share: timeline events, resident emails, row locks, and deleting
files copied for a transaction that rolled back."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from crm.notifications.enums import EmailKind
from crm.notifications.services import queue_email

from ..attachments import save_attachment
from ..enums import INTERNAL_EVENT_KINDS, EventKind
from ..links import resident_case_url, resident_tracking_url
from ..models import Case, CaseAttachment, CaseEvent
from ..selectors import state_label

# The files saved inside the innermost `removing_files_on_rollback` block: (storage, name) pairs.
_saved_files: ContextVar[list | None] = ContextVar("doorstep_saved_case_files", default=None)


@contextmanager
def removing_files_on_rollback() -> Iterator[None]:
    """Wrap a `transaction.atomic()` block: files the case services save inside it are deleted
    if an exception leaves the block, since the rows that referred to them were rolled back.

    Blocks nest like savepoints: when an inner block succeeds its files become the outer block's,
    and are deleted if the outer one fails. A database can roll back without telling Python
    (`on_commit` never hears of a rollback), and a caller's own transaction may still roll back
    after the outermost block: `crm.cases.maintenance.delete_orphan_case_files` sweeps those.
    """
    saved: list = []
    token = _saved_files.set(saved)
    try:
        yield
    except BaseException:
        for storage, name in saved:
            storage.delete(name)
        raise
    finally:
        _saved_files.reset(token)
    outer = _saved_files.get()
    if outer is not None:
        outer.extend(saved)


def _remember_saved_file(field_file) -> None:
    saved = _saved_files.get()
    if saved is not None and field_file.name:
        saved.append((field_file.storage, field_file.name))


def add_attachment(case, uploaded_file, *, uploaded_by, is_public) -> CaseAttachment:
    event = record_event(case, kind=EventKind.FILE_ADDED, is_public=is_public, actor=uploaded_by)
    attachment = save_attachment(case, uploaded_file, uploaded_by=uploaded_by, event=event)
    _remember_saved_file(attachment.file)
    event.message = attachment.original_name
    event.save(update_fields=["message"])
    return attachment


def record_event(
    case: Case,
    *,
    kind: EventKind,
    is_public: bool,
    actor: AbstractBaseUser | None = None,
    message: str = "",
    from_status: str = "",
    to_status: str = "",
    data: dict | None = None,
) -> CaseEvent:
    return CaseEvent.objects.create(
        case=case,
        kind=kind,
        is_public=is_public and kind not in INTERNAL_EVENT_KINDS,
        actor=actor if actor is not None and actor.is_authenticated else None,
        message=message,
        from_status=from_status,
        to_status=to_status,
        data=data or {},
    )


def email_resident(
    case: Case, kind: EmailKind, *, message: str = "", extra: dict[str, str] | None = None
) -> None:
    """Email the case's customer. Anyone can type anyone's address into a form, so an address
    nobody has verified gets nothing the submitter typed: "Dear resident", not the typed name
    (which would let a stranger put their words in the council's emails). `message` is written
    by staff; `extra` adds placeholders (a booking's date, an amount) written by Doorstep."""
    customer = case.customer
    if customer is not None and customer.email:
        context = email_context(case, message=message, case_url=resident_url(case))
        context.update(extra or {})
        if not customer.email_verified:
            context["name"] = _("resident")
        queue_email(kind=kind, case=case, recipient=customer.email, context=context)


def resident_url(case: Case) -> str:
    """The link residents get: their My Account page if the customer record has an account,
    otherwise a signed tracking link that works without signing in."""
    if case.customer is not None and case.customer.user_id is not None:
        return resident_case_url(case)
    return resident_tracking_url(case)


def email_context(case: Case, *, message: str, case_url: str) -> dict[str, str]:
    return {
        "reference": case.reference,
        "status": state_label(case),
        "message": message,
        "case_url": case_url,
        "case_type": case.case_type.name,
        "name": case.customer.name if case.customer is not None else "",
    }


def lock(case: Case) -> None:
    """Lock the case's row for this transaction and refresh what a concurrent change may have
    changed, so checks run on the current state."""
    current = (
        Case.objects.select_for_update()
        .filter(pk=case.pk)
        .values(
            "status",
            "state",
            "workflow_version_id",
            "team_id",
            "assigned_to_id",
            "resolved_at",
            "closed_at",
            "due_date",
            "clock_started_on",
            "clock_target_days",
            "extension_working_days",
            "clock_stopped",
            "acknowledged_at",
            "workflow_data",
        )
        .get()
    )
    for field, value in current.items():
        setattr(case, field, value)


def required_text(text: str, error: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError(error, code="required")
    return text


def choice(enum, value, error: str):
    try:
        return enum(value)
    except ValueError:
        raise ValidationError(error, code="invalid_choice") from None


def display_name(user: AbstractBaseUser) -> str:
    full_name = getattr(user, "get_full_name", lambda: "")()
    return full_name or user.get_username()
