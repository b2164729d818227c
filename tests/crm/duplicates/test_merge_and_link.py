"""Merging a duplicate into another case, and linking cases: what each writes, and every
refusal."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from crm.cases.enums import CaseStatus, EventKind
from crm.cases.models import CaseLink, Workflow, WorkflowVersion
from crm.cases.selectors import public_events, tracking_events
from crm.cases.services import (
    add_case_attachment,
    link_cases,
    merge_cases,
    stop_clock,
    unlink_cases,
)
from crm.notifications.enums import EmailKind
from crm.notifications.models import OutboxMessage
from tests.crm.factories import CaseFactory, CaseTypeFactory

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def kept(type_a):
    return CaseFactory(case_type=type_a, in_progress=True)


@pytest.fixture
def duplicate(type_a):
    return CaseFactory(case_type=type_a)


def test_merge_closes_the_duplicate_and_records_it_on_both(staff_a, kept, duplicate):
    merge_cases(duplicate, kept, actor=staff_a)

    duplicate.refresh_from_db()
    assert duplicate.duplicate_of == kept
    assert duplicate.status == CaseStatus.CLOSED
    assert duplicate.state == "closed"
    assert duplicate.closed_at is not None
    told = duplicate.events.get(kind=EventKind.MERGED)
    assert told.is_public
    assert kept.reference in told.message
    assert told.data["system"] == "merged as a duplicate"
    assert list(public_events(duplicate)) == [told]
    noted = kept.events.get(kind=EventKind.MERGED)
    assert not noted.is_public
    assert duplicate.reference in noted.message
    kept.refresh_from_db()
    assert kept.status == CaseStatus.IN_PROGRESS


def test_merging_a_duplicate_whose_clock_is_stopped_ends_the_stop(staff_a, kept, duplicate):
    stop_clock(duplicate, actor=staff_a, reason="Waiting for photos")

    merge_cases(duplicate, kept, actor=staff_a)

    duplicate.refresh_from_db()
    assert not duplicate.clock_stopped
    assert duplicate.clock_stops.get().resumed_on is not None


def test_merge_emails_the_duplicates_resident(staff_a, kept, duplicate):
    merge_cases(duplicate, kept, actor=staff_a)

    email = OutboxMessage.objects.get(case=duplicate)
    assert email.recipient == duplicate.customer.email
    assert email.kind == EmailKind.CASE_UPDATED
    assert kept.reference in email.context["message"]
    assert not OutboxMessage.objects.filter(case=kept).exists()


def test_merge_copies_the_files_for_staff_and_keeps_the_originals(staff_a, kept, duplicate):
    upload = SimpleUploadedFile("photo.pdf", PDF_BYTES, "application/pdf")
    original = add_case_attachment(duplicate, uploaded_file=upload, is_public=True)

    merge_cases(duplicate, kept, actor=staff_a)

    copy = kept.attachments.get()
    assert copy.original_name == "photo.pdf"
    assert copy.file.name != original.file.name
    assert copy.file.open("rb").read() == PDF_BYTES
    assert not copy.event.is_public  # another resident's file: staff only
    assert duplicate.reference in copy.event.message
    assert duplicate.attachments.get() == original


def test_merge_ends_a_custom_workflow_in_its_first_closed_state(staff_a, type_a, kept):
    workflow = Workflow.objects.create(name="Feedback", slug="feedback-test", definition=[])
    version = WorkflowVersion.objects.create(
        workflow=workflow,
        number=1,
        definition={
            "states": [
                {"name": "received", "label": "Received", "counts_as": "received"},
                {"name": "passed_on", "label": "Passed on", "counts_as": "closed"},
                {"name": "closed", "label": "Closed", "counts_as": "closed"},
            ],
            "transitions": [{"from_state": "received", "to_state": "closed"}],
        },
    )
    duplicate = CaseFactory(case_type=type_a, workflow_version=version, state="received")

    merge_cases(duplicate, kept, actor=staff_a)

    duplicate.refresh_from_db()
    assert (duplicate.state, duplicate.status) == ("passed_on", CaseStatus.CLOSED)


@pytest.mark.parametrize(
    "setup, code",
    [
        ("same", "same_case"),
        ("already_merged", "already_merged"),
        ("target_merged", "target_merged"),
        ("target_finished", "target_finished"),
        ("different_types", "different_types"),
        ("anonymised", "anonymised"),
    ],
)
def test_merge_refusals(staff_a, team_a, kept, duplicate, setup, code):
    into = kept
    if setup == "same":
        duplicate = kept
    elif setup == "already_merged":
        duplicate.duplicate_of = CaseFactory(case_type=kept.case_type)
        duplicate.save()
    elif setup == "target_merged":
        into.duplicate_of = CaseFactory(case_type=kept.case_type)
        into.save()
    elif setup == "target_finished":
        into = CaseFactory(case_type=kept.case_type, resolved=True)
    elif setup == "different_types":
        duplicate = CaseFactory(case_type=CaseTypeFactory(team=team_a))
    elif setup == "anonymised":
        duplicate.anonymised_at = timezone.now()
        duplicate.save()
    status_before = duplicate.status

    with pytest.raises(ValidationError) as refused:
        merge_cases(duplicate, into, actor=staff_a)

    assert refused.value.code == code
    duplicate.refresh_from_db()
    assert duplicate.status == status_before
    assert not duplicate.events.filter(kind=EventKind.MERGED).exists()
    assert not OutboxMessage.objects.exists()


def test_merge_refused_for_a_case_the_actor_cannot_see(staff_a, team_b, kept, type_a):
    hidden = CaseFactory(case_type=type_a, team=team_b)

    with pytest.raises(ValidationError) as refused:
        merge_cases(hidden, kept, actor=staff_a)

    assert refused.value.code == "not_visible"
    hidden.refresh_from_db()
    assert hidden.duplicate_of is None


def test_link_is_stored_once_per_pair_with_an_event_on_each(staff_a, kept, duplicate):
    link = link_cases(duplicate, kept, actor=staff_a)

    first, second = sorted((kept, duplicate), key=lambda case: case.pk)
    assert (link.from_case, link.to_case) == (first, second)
    assert link.created_by == staff_a
    for case, other in ((kept, duplicate), (duplicate, kept)):
        event = case.events.get(kind=EventKind.LINKED)
        assert other.reference in event.message
        assert not event.is_public


@pytest.mark.parametrize("order", ["same", "reversed"])
def test_linking_twice_is_refused(staff_a, kept, duplicate, order):
    link_cases(kept, duplicate, actor=staff_a)

    with pytest.raises(ValidationError) as refused:
        if order == "same":
            link_cases(kept, duplicate, actor=staff_a)
        else:
            link_cases(duplicate, kept, actor=staff_a)

    assert refused.value.code == "already_linked"
    assert CaseLink.objects.count() == 1


def test_linking_a_case_to_itself_is_refused(staff_a, kept):
    with pytest.raises(ValidationError) as refused:
        link_cases(kept, kept, actor=staff_a)

    assert refused.value.code == "same_case"
    assert not CaseLink.objects.exists()


def test_linking_a_case_the_actor_cannot_see_is_refused(staff_a, team_b, kept, type_a):
    hidden = CaseFactory(case_type=type_a, team=team_b)

    with pytest.raises(ValidationError) as refused:
        link_cases(kept, hidden, actor=staff_a)

    assert refused.value.code == "not_visible"
    assert not CaseLink.objects.exists()


def test_unlink_removes_the_link_and_says_so(staff_a, kept, duplicate):
    link_cases(kept, duplicate, actor=staff_a)

    unlink_cases(duplicate, kept, actor=staff_a)

    assert not CaseLink.objects.exists()
    assert kept.events.filter(kind=EventKind.LINKED).count() == 2


def test_unlinking_cases_that_are_not_linked_is_refused(staff_a, kept, duplicate):
    with pytest.raises(ValidationError) as refused:
        unlink_cases(kept, duplicate, actor=staff_a)

    assert refused.value.code == "not_linked"
    assert not kept.events.exists()


def test_a_tracking_link_shows_the_merge_but_not_the_kept_cases_note(staff_a, kept, duplicate):
    merge_cases(duplicate, kept, actor=staff_a)

    assert [e.kind for e in tracking_events(duplicate)] == [EventKind.MERGED]
    assert list(tracking_events(kept)) == []
