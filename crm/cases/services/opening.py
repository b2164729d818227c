"""Opening a case from a submission (web form, staff on the phone, the API)."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from crm.notifications.enums import EmailKind

from ..calendar import add_working_days
from ..enums import Channel, EventKind, Priority
from ..models import Case, CaseType, Customer
from ..references import next_case_reference, pending_reference
from ..search import update_case_search_on_commit
from ..workflows import spec_for_version, version_for_new_case
from ._common import (
    add_attachment,
    choice,
    email_resident,
    record_event,
    removing_files_on_rollback,
)


def open_case(
    *,
    case_type: CaseType,
    answers: Iterable[Mapping[str, Any]],
    customer: Customer | None = None,
    channel: Channel | str = Channel.WEB,
    location_text: str = "",
    priority: Priority | str = Priority.NORMAL,
    submission_key: str | None = None,
    attachments: Iterable[File] = (),
    opened_by: AbstractBaseUser | None = None,
) -> Case:
    """Open a case from a submission: case, public "created" event, attachments, reference and
    the confirmation email, all in one transaction.

    `submission_key` makes it idempotent: a second call with the same key (a double click, a
    retried request, even a concurrent one) returns the case the first call opened.

    The reference is taken last, so the lock on the year's counter is held only for the end of the
    transaction, never while files are copied. Files copied for a case that is rolled back are
    deleted (see `removing_files_on_rollback`).
    """
    if submission_key:
        existing = Case.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return existing
    if not case_type.is_active:
        raise ValidationError(_("This type of request is no longer accepted."), code="inactive")
    channel = choice(Channel, channel, _("Unknown channel."))
    priority = choice(Priority, priority, _("Unknown priority."))
    answers = clean_answers(answers)
    location_text = (location_text or "").strip()
    if len(location_text) > Case._meta.get_field("location_text").max_length:
        raise ValidationError(_("The location must be 500 characters or fewer."), code="max_length")
    if submission_key and len(submission_key) > Case._meta.get_field("submission_key").max_length:
        raise ValueError("submission_key must be at most 100 characters")
    try:
        with removing_files_on_rollback(), transaction.atomic():
            return _create_case(
                case_type=case_type,
                answers=answers,
                customer=customer,
                channel=channel,
                location_text=location_text,
                priority=priority,
                submission_key=submission_key or None,
                attachments=attachments,
                opened_by=opened_by,
            )
    except IntegrityError:
        if submission_key:
            existing = Case.objects.filter(submission_key=submission_key).first()
            if existing is not None:  # a concurrent submission with this key won the race
                return existing
        raise


def _create_case(*, case_type, attachments, opened_by, **fields) -> Case:
    now = timezone.now()
    opened_on = timezone.localdate(now)
    rule = case_type.clock_rule
    due_date = add_working_days(opened_on, case_type.sla_working_days, rule=rule)
    version = version_for_new_case(case_type)
    initial = spec_for_version(version).initial
    acknowledge = case_type.acknowledge_working_days
    case = Case(
        case_type=case_type,
        team=case_type.team,
        status=initial.counts_as,
        state=initial.name,
        workflow_version=version,
        clock_started_on=opened_on,
        acknowledge_by=add_working_days(opened_on, acknowledge, rule=rule) if acknowledge else None,
        due_date=due_date,
        created_at=now,
        reference=pending_reference(),  # unique stand-in until the number is taken below
        **fields,
    )
    case.save(force_insert=True)
    record_event(
        case,
        kind=EventKind.CREATED,
        is_public=True,
        actor=opened_by,
        to_status=initial.counts_as,
        data={"channel": str(case.channel), "to_state": initial.name, "label": initial.label},
    )
    for uploaded_file in attachments:
        add_attachment(case, uploaded_file, uploaded_by=opened_by, is_public=True)
    # Last: this locks the year's counter until the transaction ends, so concurrent submissions
    # queue only for this update and the commit, not for each other's file copies.
    case.reference = next_case_reference(opened_on.year)
    case.save(update_fields=["reference"])  # a save, so post_save handlers see the real number
    email_resident(case, EmailKind.CASE_OPENED)
    # After the commit, so the lock on the counter is not held for it and it sees the reference.
    update_case_search_on_commit([case.pk])
    return case


def clean_answers(answers: Iterable[Mapping[str, Any]]) -> list[dict[str, str]]:
    """Answers as stored: [{"question": ..., "answer": ..., "key": ...}], all display strings."""
    if isinstance(answers, str | bytes | Mapping) or not isinstance(answers, Iterable):
        raise ValidationError(_("Answers must be a list of questions and answers."))
    cleaned = []
    for item in answers:
        if not isinstance(item, Mapping) or "question" not in item or "answer" not in item:
            raise ValidationError(_("Each answer needs a question and an answer."))
        answer = item["answer"]
        if isinstance(answer, list | tuple):
            answer = ", ".join(str(part) for part in answer)
        cleaned.append(
            {
                "question": str(item["question"]),
                "answer": "" if answer is None else str(answer),
                "key": str(item.get("key") or ""),
            }
        )
    return cleaned
