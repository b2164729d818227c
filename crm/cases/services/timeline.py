"""Notes, updates, messages and files on a case's timeline."""

from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from crm.notifications.enums import EmailKind
from crm.notifications.services import queue_email

from ..attachments import save_attachment
from ..enums import CaseStatus, EventKind
from ..links import staff_case_url
from ..models import Case, CaseAttachment, CaseEvent
from ..search import update_case_search_on_commit
from ._common import (
    add_attachment,
    email_context,
    email_resident,
    lock,
    record_event,
    required_text,
)
from .workflow import move_on_resident_reply


def add_internal_note(case: Case, *, actor: AbstractBaseUser | None, text: str) -> CaseEvent:
    """A note for staff only: never shown to the resident and never emailed."""
    text = required_text(text, _("Enter a note."))
    with transaction.atomic():
        event = record_event(
            case, kind=EventKind.INTERNAL_NOTE, is_public=False, actor=actor, message=text
        )
        update_case_search_on_commit([case.pk])
    return event


def add_public_update(case: Case, *, actor: AbstractBaseUser | None, text: str) -> CaseEvent:
    """An update for the resident: on their timeline and emailed to them."""
    text = required_text(text, _("Enter an update."))
    with transaction.atomic():
        event = record_event(
            case, kind=EventKind.PUBLIC_UPDATE, is_public=True, actor=actor, message=text
        )
        email_resident(case, EmailKind.CASE_UPDATED, message=text)
        update_case_search_on_commit([case.pk])
    return event


def add_resident_message(
    case: Case, *, customer_user: AbstractBaseUser, text: str, files: Iterable[File] = ()
) -> CaseEvent:
    """A message from the resident (with optional files) on an open or resolved case; the team is
    emailed. Closed cases take no more messages: the resident starts a new request instead."""
    text = required_text(text, _("Enter a message."))
    with transaction.atomic():
        lock(case)
        if case.status == CaseStatus.CLOSED:
            raise ValidationError(
                _("This request is closed. Start a new request if you need more help."),
                code="closed",
            )
        event = record_event(
            case, kind=EventKind.RESIDENT_MESSAGE, is_public=True, actor=customer_user, message=text
        )
        for uploaded_file in files:
            save_attachment(case, uploaded_file, uploaded_by=customer_user, event=event)
        move_on_resident_reply(case)  # a state that asked them for information moves on
        recipient = case.team.email or getattr(case.assigned_to, "email", "")
        if recipient:
            queue_email(
                kind=EmailKind.RESIDENT_MESSAGE,
                case=case,
                recipient=recipient,
                context=email_context(case, message=text, case_url=staff_case_url(case)),
            )
        update_case_search_on_commit([case.pk])
    return event


def add_case_attachment(
    case: Case,
    *,
    uploaded_file: File,
    uploaded_by: AbstractBaseUser | None = None,
    is_public: bool = True,
) -> CaseAttachment:
    """Keep a file on the case (in private storage) with a "file added" event; `is_public`
    decides whether the resident sees it."""
    with transaction.atomic():
        attachment = add_attachment(
            case, uploaded_file, uploaded_by=uploaded_by, is_public=is_public
        )
        update_case_search_on_commit([case.pk])  # found by the file's name
    return attachment
