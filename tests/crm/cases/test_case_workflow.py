"""Status transitions (every allowed and refused pair), notes, updates, messages, assignment."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from crm.cases.enums import ALLOWED_TRANSITIONS, CaseStatus, EventKind
from crm.cases.services import (
    CaseTransitionError,
    add_case_attachment,
    add_internal_note,
    add_public_update,
    add_resident_message,
    assign_case,
    change_case_status,
)
from crm.notifications.enums import EmailKind
from crm.notifications.models import OutboxMessage
from tests.crm.factories import CaseFactory, TeamFactory, UserFactory
from tests.forms.uploads import JPEG_BYTES, PDF_BYTES

ALLOWED = sorted(
    (from_status, to_status)
    for from_status, targets in ALLOWED_TRANSITIONS.items()
    for to_status in targets
)
REFUSED = sorted(
    (from_status, to_status)
    for from_status in CaseStatus.values
    for to_status in CaseStatus.values
    if to_status not in ALLOWED_TRANSITIONS[from_status]
)


@pytest.fixture
def case(case_type, customer):
    return CaseFactory(case_type=case_type, customer=customer)


def test_every_status_pair_is_either_allowed_or_refused():
    assert len(ALLOWED) + len(REFUSED) == len(CaseStatus.values) ** 2
    assert (CaseStatus.CLOSED, CaseStatus.IN_PROGRESS) in ALLOWED  # reopen
    assert (CaseStatus.RESOLVED, CaseStatus.IN_PROGRESS) in ALLOWED  # reopen


@pytest.mark.parametrize(("from_status", "to_status"), ALLOWED)
def test_allowed_transition(from_status, to_status, case, officer):
    case.status = from_status
    case.save()

    change_case_status(case, to_status=to_status, actor=officer)

    case.refresh_from_db()
    assert case.status == to_status
    event = case.events.get()
    assert (event.kind, event.from_status, event.to_status) == (
        EventKind.STATUS_CHANGED,
        from_status,
        to_status,
    )
    assert event.is_public
    assert event.actor == officer
    assert (case.resolved_at is not None) == (to_status == CaseStatus.RESOLVED)
    if to_status == CaseStatus.CLOSED:
        assert case.closed_at is not None
    if to_status == CaseStatus.IN_PROGRESS and from_status in {"resolved", "closed"}:
        assert event.data["reopened"] is True
        assert case.closed_at is None


@pytest.mark.parametrize(("from_status", "to_status"), REFUSED)
def test_refused_transition(from_status, to_status, case, officer):
    case.status = from_status
    case.save()

    with pytest.raises(CaseTransitionError) as refused:
        change_case_status(case, to_status=to_status, actor=officer, public_message="Done")

    assert isinstance(refused.value, ValidationError)
    assert refused.value.code == "invalid_transition"
    case.refresh_from_db()
    assert case.status == from_status
    assert not case.events.exists()
    assert not OutboxMessage.objects.exists()


@pytest.mark.parametrize(
    ("from_status", "to_status", "message"),
    [
        ("closed", "resolved", "A closed case can only be reopened."),
        ("closed", "awaiting_customer", "A closed case can only be reopened."),
        ("resolved", "awaiting_customer", "A resolved case can only be reopened or closed."),
        ("in_progress", "received", "A case cannot go back to “Received”."),
        ("in_progress", "in_progress", "The case is already “In progress”."),
    ],
)
def test_refusals_explain_themselves(from_status, to_status, message, case, officer):
    case.status = from_status
    case.save()
    with pytest.raises(CaseTransitionError) as refused:
        change_case_status(case, to_status=to_status, actor=officer)
    assert refused.value.messages == [message]


def test_unknown_status_is_refused(case, officer):
    with pytest.raises(CaseTransitionError):
        change_case_status(case, to_status="lost", actor=officer)


def test_the_check_uses_the_status_in_the_database_not_a_stale_object(case, officer):
    stale = type(case).objects.get(pk=case.pk)
    change_case_status(case, to_status=CaseStatus.CLOSED, actor=officer)
    with pytest.raises(CaseTransitionError, match="closed case"):
        change_case_status(stale, to_status=CaseStatus.RESOLVED, actor=officer)


def test_a_public_message_with_a_status_change_is_shown_and_emailed(case, officer):
    change_case_status(
        case, to_status=CaseStatus.RESOLVED, actor=officer, public_message="  Filled in today. "
    )

    event = case.events.get()
    assert event.message == "Filled in today."
    message = OutboxMessage.objects.get()
    assert message.kind == EmailKind.CASE_UPDATED
    assert message.context["message"] == "Filled in today."
    assert message.context["status"] == "Resolved"


def test_a_status_change_without_a_message_sends_no_email(case, officer):
    change_case_status(case, to_status=CaseStatus.IN_PROGRESS, actor=officer)
    assert not OutboxMessage.objects.exists()


def test_internal_notes_are_private_and_never_emailed(case, officer):
    event = add_internal_note(case, actor=officer, text="Caller was abusive; see policy.")
    assert event.kind == EventKind.INTERNAL_NOTE
    assert not event.is_public
    assert not OutboxMessage.objects.exists()


@pytest.mark.parametrize("text", ["", "   \n"])
def test_empty_notes_updates_and_messages_are_refused(case, officer, text):
    with pytest.raises(ValidationError, match="Enter a note"):
        add_internal_note(case, actor=officer, text=text)
    with pytest.raises(ValidationError, match="Enter an update"):
        add_public_update(case, actor=officer, text=text)
    with pytest.raises(ValidationError, match="Enter a message"):
        add_resident_message(case, customer_user=officer, text=text)
    assert not case.events.exists()


def test_public_updates_are_shown_and_emailed(case, officer):
    event = add_public_update(case, actor=officer, text="A crew is booked for Tuesday.")
    assert event.is_public
    assert event.kind == EventKind.PUBLIC_UPDATE
    message = OutboxMessage.objects.get()
    assert (message.kind, message.recipient) == (EmailKind.CASE_UPDATED, "ria@example.com")


def test_resident_messages_notify_the_team(case):
    resident = UserFactory()
    photo = SimpleUploadedFile("still-there.jpg", JPEG_BYTES, "image/jpeg")

    event = add_resident_message(case, customer_user=resident, text="It is worse.", files=[photo])

    assert event.is_public
    assert event.kind == EventKind.RESIDENT_MESSAGE
    assert event.attachments.get().original_name == "still-there.jpg"
    message = OutboxMessage.objects.get()
    assert message.kind == EmailKind.RESIDENT_MESSAGE
    assert message.recipient == case.team.email
    assert message.context["case_url"] == f"http://testserver/admin/cases/{case.uuid}/"


def test_resident_messages_go_to_the_officer_when_the_team_has_no_email(case, officer):
    case.team.email = ""
    case.team.save()
    case.assigned_to = officer
    case.save()
    add_resident_message(case, customer_user=UserFactory(), text="Any news?")
    assert OutboxMessage.objects.get().recipient == officer.email


def test_closed_cases_take_no_resident_messages(case_type, customer):
    case = CaseFactory(case_type=case_type, customer=customer, closed=True)
    with pytest.raises(ValidationError, match="This request is closed"):
        add_resident_message(case, customer_user=UserFactory(), text="Hello?")
    assert not case.events.exists()


def test_assign_to_an_officer_in_the_team(case, officer):
    assign_case(case, actor=officer, officer=officer)

    case.refresh_from_db()
    assert case.assigned_to == officer
    event = case.events.get()
    assert event.kind == EventKind.ASSIGNED
    assert not event.is_public
    assert event.data["to_officer"] == officer.pk


def test_officers_outside_the_team_cannot_be_assigned(case, officer):
    outsider = UserFactory(first_name="Out", last_name="Sider")
    with pytest.raises(ValidationError, match="Out Sider is not a member of Highways"):
        assign_case(case, actor=officer, officer=outsider)


def test_moving_to_another_team_checks_membership_of_the_new_team(case, officer):
    waste_officer = UserFactory()
    waste = TeamFactory(name="Waste", members=[waste_officer])
    case.assigned_to = officer
    case.save()

    with pytest.raises(ValidationError):
        assign_case(case, actor=officer, team=waste, officer=officer)
    assign_case(case, actor=officer, team=waste)

    case.refresh_from_db()
    assert (case.team, case.assigned_to) == (waste, None)
    assign_case(case, actor=officer, team=waste, officer=waste_officer)
    case.refresh_from_db()
    assert case.assigned_to == waste_officer


def test_assigning_to_the_same_team_and_officer_writes_nothing(case, officer):
    assign_case(case, actor=officer)
    assert not case.events.exists()


def test_staff_can_add_internal_files(case, officer):
    upload = SimpleUploadedFile("inspection.pdf", PDF_BYTES, "application/pdf")
    attachment = add_case_attachment(
        case, uploaded_file=upload, uploaded_by=officer, is_public=False
    )
    assert not attachment.event.is_public
    assert attachment.event.message == "inspection.pdf"
    assert attachment.uploaded_by == officer


def test_empty_files_are_refused(case, officer):
    with pytest.raises(ValidationError, match="empty"):
        add_case_attachment(case, uploaded_file=SimpleUploadedFile("a.txt", b""))
    assert not case.events.exists()
