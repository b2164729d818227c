"""Merging a duplicate case into another, and linking related cases (docs/duplicates.md).

Merging keeps both histories intact: the duplicate's timeline stays on the duplicate (closed,
marked `duplicate_of`), and the kept case gets a staff-only "merged" event pointing at it and
staff-only copies of its files. Nothing a resident wrote on one case is shown to the resident
of another: two reports of one pothole are usually from two people.
"""

import posixpath

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from crm.notifications.enums import EmailKind

from ..enums import CaseStatus, EventKind, ScanStatus
from ..models import Case, CaseAttachment, CaseLink
from ..search import update_case_search_on_commit
from ..virus_scan import queue_scan
from ..workflows import spec_for_case
from ._common import _remember_saved_file, email_resident, lock, record_event
from .clocks import end_stop_on_finishing


def _refuse_unless_visible(actor: AbstractBaseUser | None, *cases: Case) -> None:
    visible = set(
        Case.objects.visible_to_staff(actor)
        .filter(pk__in=[case.pk for case in cases])
        .values_list("pk", flat=True)
    )
    for case in cases:
        if case.pk not in visible:
            raise ValidationError(
                _("You cannot see case %(reference)s."),
                code="not_visible",
                params={"reference": case.reference},
            )


def _lock_in_order(*cases: Case) -> None:
    """Lock the rows lowest id first, so two merges of the same pair never deadlock."""
    for case in sorted(cases, key=lambda case: case.pk):
        lock(case)


def _refresh_merge_fields(*cases: Case) -> None:
    # `lock` refreshes the workflow fields; these decide a merge or a link too.
    current = Case.objects.filter(pk__in=[case.pk for case in cases]).values(
        "pk", "duplicate_of_id", "anonymised_at", "case_type_id"
    )
    by_pk = {row["pk"]: row for row in current}
    for case in cases:
        for field, value in by_pk[case.pk].items():
            setattr(case, field, value)


def closing_state(case: Case):
    """The state a merged duplicate ends in: the first state of its workflow counting as
    Closed (the standard workflow's "closed")."""
    spec = spec_for_case(case)
    for state in spec.states.values():
        if state.counts_as == CaseStatus.CLOSED:
            return state
    return None


def merge_cases(duplicate: Case, into: Case, *, actor: AbstractBaseUser | None) -> Case:
    """Close `duplicate` as a duplicate of `into` and return `into`.

    Refused (`ValidationError`) for the same case, a case already merged (either one), a case
    the actor may not see, a target that is finished (merge into the open case instead), an
    anonymised case, and cases of different types (their workflows, clocks and teams differ:
    link them instead), or a duplicate whose workflow has no closed state.

    The duplicate closes as a system action, bypassing its transitions (a merge is not a step of
    any workflow): it goes to its workflow's first closed state with a public "merged" event
    saying into which reference, and its resident is emailed. The kept case gets a staff-only
    "merged" event and staff-only copies of the duplicate's files; the duplicate's own timeline
    is left as it was (both are shown, never copied into each other)."""
    if duplicate.pk == into.pk:
        raise ValidationError(_("A case cannot be merged into itself."), code="same_case")
    _refuse_unless_visible(actor, duplicate, into)
    with transaction.atomic():
        _lock_in_order(duplicate, into)
        _refresh_merge_fields(duplicate, into)
        _refuse_merge(duplicate, into)
        target = closing_state(duplicate)
        if target is None:
            raise ValidationError(
                _("Case %(reference)s's workflow has no closed state to end it in."),
                code="no_closed_state",
                params={"reference": duplicate.reference},
            )
        now = timezone.now()
        from_status = duplicate.status
        from_state = duplicate.state or duplicate.status
        duplicate.duplicate_of = into
        duplicate.status = target.counts_as
        duplicate.state = target.name
        duplicate.closed_at = now
        duplicate.resolved_at = duplicate.resolved_at or now
        duplicate.save(
            update_fields=[
                "duplicate_of",
                "status",
                "state",
                "closed_at",
                "resolved_at",
                "updated_at",
            ]
        )
        message = _(
            "This request is about the same thing as request %(reference)s, so we have joined "
            "them. We will carry on with it under %(reference)s."
        ) % {"reference": into.reference}
        record_event(
            duplicate,
            kind=EventKind.MERGED,
            is_public=True,
            actor=actor,
            message=message,
            from_status=from_status,
            to_status=target.counts_as,
            data={
                "into": into.pk,
                "into_reference": into.reference,
                "from_state": from_state,
                "to_state": target.name,
                "label": target.label,
                # Why the workflow's transitions were not followed: a merge closes the case.
                "system": "merged as a duplicate",
            },
        )
        copied = _copy_attachments(duplicate, into, actor=actor)
        record_event(
            into,
            kind=EventKind.MERGED,
            is_public=False,
            actor=actor,
            message=_("Case %(reference)s was merged into this case as a duplicate.")
            % {"reference": duplicate.reference},
            data={
                "merged": duplicate.pk,
                "merged_reference": duplicate.reference,
                "files": copied,
            },
        )
        end_stop_on_finishing(duplicate, actor=actor)  # a finished case has no stopped clock
        email_resident(duplicate, EmailKind.CASE_UPDATED, message=message)
        update_case_search_on_commit([duplicate.pk, into.pk])
    return into


def _refuse_merge(duplicate: Case, into: Case) -> None:
    if duplicate.duplicate_of_id is not None:
        raise ValidationError(
            _("Case %(reference)s has already been merged into another case."),
            code="already_merged",
            params={"reference": duplicate.reference},
        )
    if into.duplicate_of_id is not None:
        raise ValidationError(
            _("Case %(reference)s was merged into another case: merge into that one instead."),
            code="target_merged",
            params={"reference": into.reference},
        )
    for case in (duplicate, into):
        if case.anonymised_at is not None:
            raise ValidationError(
                _("Case %(reference)s has been anonymised."),
                code="anonymised",
                params={"reference": case.reference},
            )
    if not into.is_open:
        raise ValidationError(
            _("Case %(reference)s is finished: merge into an open case."),
            code="target_finished",
            params={"reference": into.reference},
        )
    if duplicate.case_type_id != into.case_type_id:
        raise ValidationError(
            _("Only cases of the same type can be merged. Link them instead."),
            code="different_types",
        )


def _copy_attachments(duplicate: Case, into: Case, *, actor) -> int:
    """Copy the duplicate's files onto the kept case, staff-only (they may be another
    resident's), each under a file-added event naming the case it came from. Copies, not shared
    rows: each case's files are deleted with its own retention."""
    originals = list(duplicate.attachments.order_by("created_at", "pk"))
    for original in originals:
        event = record_event(
            into,
            kind=EventKind.FILE_ADDED,
            is_public=False,
            actor=actor,
            message=_("%(name)s (from merged case %(reference)s)")
            % {"name": original.original_name, "reference": duplicate.reference},
            data={"merged_from": duplicate.pk, "attachment": original.pk},
        )
        copy = CaseAttachment(
            case=into,
            original_name=original.original_name,
            content_type=original.content_type,
            size=original.size,
            uploaded_by=original.uploaded_by,
            event=event,
            scan_status=original.scan_status,
            scanned_at=original.scanned_at,
        )
        # The stored name keeps the extension of the file's real type (`save_attachment`).
        with original.file.open("rb") as source:
            copy.file.save(posixpath.basename(original.file.name), File(source), save=False)
        copy.save()
        _remember_saved_file(copy.file)
        if copy.scan_status == ScanStatus.PENDING:
            transaction.on_commit(lambda pk=copy.pk: queue_scan(pk))
    return len(originals)


def link_cases(a: Case, b: Case, *, actor: AbstractBaseUser | None) -> CaseLink:
    """Link two cases as related (such as reports of one fault that are not duplicates), with a
    staff-only event on each. Refused for a case linked to itself, a pair already linked and a
    case the actor may not see."""
    if a.pk == b.pk:
        raise ValidationError(_("A case cannot be linked to itself."), code="same_case")
    _refuse_unless_visible(actor, a, b)
    first, second = sorted((a, b), key=lambda case: case.pk)
    with transaction.atomic():
        _lock_in_order(a, b)
        if CaseLink.objects.filter(from_case=first, to_case=second).exists():
            raise ValidationError(
                _("Cases %(a)s and %(b)s are already linked."),
                code="already_linked",
                params={"a": a.reference, "b": b.reference},
            )
        link = CaseLink.objects.create(
            from_case=first,
            to_case=second,
            created_by=actor if actor is not None and actor.is_authenticated else None,
        )
        for case, other in ((a, b), (b, a)):
            record_event(
                case,
                kind=EventKind.LINKED,
                is_public=False,
                actor=actor,
                message=_("Linked to case %(reference)s.") % {"reference": other.reference},
                data={"linked": other.pk, "linked_reference": other.reference},
            )
    return link


def unlink_cases(a: Case, b: Case, *, actor: AbstractBaseUser | None) -> None:
    """Remove the link between two cases, with a staff-only event on each. Refused for a case
    the actor may not see and a pair that is not linked."""
    _refuse_unless_visible(actor, a, b)
    first, second = sorted((a, b), key=lambda case: case.pk)
    with transaction.atomic():
        _lock_in_order(a, b)
        deleted, _rows = CaseLink.objects.filter(from_case=first, to_case=second).delete()
        if not deleted:
            raise ValidationError(
                _("Cases %(a)s and %(b)s are not linked."),
                code="not_linked",
                params={"a": a.reference, "b": b.reference},
            )
        for case, other in ((a, b), (b, a)):
            record_event(
                case,
                kind=EventKind.LINKED,
                is_public=False,
                actor=actor,
                message=_("No longer linked to case %(reference)s.")
                % {"reference": other.reference},
                data={"unlinked": other.pk, "linked_reference": other.reference},
            )
