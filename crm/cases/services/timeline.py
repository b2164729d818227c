"""Notes, updates, messages and files on a case's timeline."""

import time
from collections.abc import Iterable
from dataclasses import dataclass

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
from ..tracking import link_is_current, read_tracking_token
from ..workflows import case_state
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
    """An update for the resident: on their timeline and emailed to them. Refused on a closed
    case (canned replies too): the resident could not answer it, and its links may have expired;
    reopen the case first."""
    text = required_text(text, _("Enter an update."))
    with transaction.atomic():
        lock(case)
        if case.status == CaseStatus.CLOSED:
            raise ValidationError(
                _("This case is closed. Reopen it before you send the resident an update."),
                code="closed",
            )
        event = record_event(
            case, kind=EventKind.PUBLIC_UPDATE, is_public=True, actor=actor, message=text
        )
        email_resident(case, EmailKind.CASE_UPDATED, message=text)
        update_case_search_on_commit([case.pk])
    return event


@dataclass(frozen=True)
class TrackingReplyAccess:
    """What a resident without an account shows to reply from the tracking link in an email: the
    signed link they followed, and the one-time code their browser session entered (the case's
    tracking nonce when the code was accepted, and until when that access lasts, epoch seconds).
    Holding the link alone is not enough: the code proves they read the case's inbox."""

    token: str
    code_nonce: str = ""
    code_valid_until: float = 0.0


def _check_tracking_reply(case: Case, access: TrackingReplyAccess) -> None:
    """Refuse a reply through a link that is altered, for another case, expired or revoked, or
    from a session that has not entered a code since the links were last revoked. Run under the
    case's lock, on its current nonce."""
    signed = read_tracking_token(access.token)
    if signed is None or signed.case_uuid != case.uuid or not link_is_current(case, signed):
        raise ValidationError(
            _(
                "This link has expired or has been replaced. Use the link in the latest email "
                "we sent you."
            ),
            code="link",
        )
    if (
        not access.code_nonce
        or access.code_nonce != case.tracking_nonce
        or access.code_valid_until <= time.time()
    ):
        raise ValidationError(
            _("Get a code to see the details of your request before you reply."),
            code="code_required",
        )


def reply_requested(case: Case) -> bool:
    """Whether the case's state is waiting for the resident's reply (its state has "their reply
    moves the case to"): pages offer a reply form then. Any open case takes a message anyway."""
    return case.is_open and bool(case_state(case).reply_moves_to)


def add_resident_message(
    case: Case,
    *,
    customer_user: AbstractBaseUser | None = None,
    tracking: TrackingReplyAccess | None = None,
    text: str,
    files: Iterable[File] = (),
) -> CaseEvent:
    """A message from the resident (with optional files) on an open or resolved case; the team is
    emailed, and a state that asked them for information moves on (`move_on_resident_reply`).
    Closed cases take no more messages: the resident starts a new request instead.

    Either from a signed-in resident (`customer_user`, whose access the caller checked with
    `get_case_for_resident`), or from someone without an account replying through the tracking
    link after entering a one-time code (`tracking`, checked here): then there is no actor and the
    event says it came from the case's customer (`data["from"] == "customer"`)."""
    if (customer_user is None) == (tracking is None):
        raise TypeError("add_resident_message takes either customer_user or tracking")
    text = required_text(text, _("Enter a message."))
    with transaction.atomic():
        lock(case)
        if case.status == CaseStatus.CLOSED:
            raise ValidationError(
                _("This request is closed. Start a new request if you need more help."),
                code="closed",
            )
        data = {}
        if tracking is not None:
            case.tracking_nonce = (
                Case.objects.filter(pk=case.pk).values_list("tracking_nonce", flat=True).get()
            )
            _check_tracking_reply(case, tracking)
            data = {"from": "customer", "customer_id": case.customer_id, "via": "tracking_link"}
        event = record_event(
            case,
            kind=EventKind.RESIDENT_MESSAGE,
            is_public=True,
            actor=customer_user,
            message=text,
            data=data,
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
