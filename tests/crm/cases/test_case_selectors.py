"""Who sees which case, and what a queue page costs in queries."""

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from crm.cases.enums import OPEN_STATUSES, CaseStatus, Channel, Priority
from crm.cases.selectors import (
    case_events_for_staff,
    cases_for_resident,
    cases_for_team_queue,
    cases_for_verified_emails,
    get_case_for_resident,
    get_case_for_staff,
    public_attachments,
    public_events,
)
from crm.cases.services import (
    add_case_attachment,
    add_internal_note,
    add_public_update,
    assign_case,
    open_case,
)
from tests.crm.factories import (
    CaseFactory,
    CaseTypeFactory,
    CustomerFactory,
    TeamFactory,
    UserFactory,
)


@pytest.fixture
def resident_a(db):
    return CustomerFactory(with_account=True, email="a@example.com")


@pytest.fixture
def resident_b(db):
    return CustomerFactory(with_account=True, email="b@example.com")


# --- Residents ----------------------------------------------------------------------------------


def test_a_resident_sees_their_own_case(resident_a):
    case = CaseFactory(customer=resident_a)
    verified = [resident_a.email]  # the account holds the record's address verified
    assert get_case_for_resident(resident_a.user, case.uuid, verified_emails=verified) == case
    assert get_case_for_resident(resident_a.user, str(case.uuid), verified_emails=verified) == case


def test_a_resident_gets_404_for_another_residents_case(resident_a, resident_b):
    case_of_b = CaseFactory(customer=resident_b)
    with pytest.raises(Http404):
        get_case_for_resident(resident_a.user, case_of_b.uuid, verified_emails=[resident_a.email])


@pytest.mark.parametrize("case_uuid", [uuid.uuid4(), "not-a-uuid", "", None])
def test_missing_and_malformed_ids_are_the_same_404(resident_a, case_uuid):
    with pytest.raises(Http404):
        get_case_for_resident(resident_a.user, case_uuid, verified_emails=[resident_a.email])


def test_anonymous_visitors_see_no_cases(resident_a):
    from django.contrib.auth.models import AnonymousUser

    case = CaseFactory(customer=resident_a)
    assert not cases_for_resident(AnonymousUser()).exists()
    with pytest.raises(Http404):
        get_case_for_resident(AnonymousUser(), case.uuid)


def test_cases_made_with_a_verified_email_belong_to_the_resident(db):
    user = UserFactory(email="ria@example.com")
    submitted_without_signing_in = CaseFactory(customer=CustomerFactory(email="ria@example.com"))

    # Until My Account says the address is verified, the case is not theirs.
    assert list(cases_for_resident(user)) == []
    with pytest.raises(Http404):
        get_case_for_resident(user, submitted_without_signing_in.uuid)

    verified = ["RIA@example.com"]
    assert list(cases_for_resident(user, verified_emails=verified)) == [
        submitted_without_signing_in
    ]
    assert get_case_for_resident(user, submitted_without_signing_in.uuid, verified_emails=verified)
    assert list(cases_for_verified_emails(verified)) == [submitted_without_signing_in]
    assert not cases_for_verified_emails([]).exists()


def test_residents_see_public_events_only(case_type, resident_a, officer):
    case = open_case(case_type=case_type, answers=[], customer=resident_a)
    add_internal_note(case, actor=officer, text="Internal")
    add_public_update(case, actor=officer, text="Public")
    assign_case(case, actor=officer, officer=officer)
    private = add_case_attachment(
        case,
        uploaded_file=_file("private.pdf"),
        uploaded_by=officer,
        is_public=False,
    )
    shared = add_case_attachment(case, uploaded_file=_file("shared.pdf"), uploaded_by=officer)

    assert [event.kind for event in public_events(case)] == [
        "created",
        "public_update",
        "file_added",
    ]
    assert list(public_attachments(case)) == [shared]
    assert private in case.attachments.all()
    assert len(case_events_for_staff(case)) == 6


def _file(name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.forms.uploads import PDF_BYTES

    return SimpleUploadedFile(name, PDF_BYTES, "application/pdf")


# --- Staff --------------------------------------------------------------------------------------


def test_team_members_see_their_teams_cases(officer, case_type):
    case = CaseFactory(case_type=case_type)
    assert get_case_for_staff(officer, case.uuid) == case


def test_staff_outside_the_team_get_404(case_type):
    case = CaseFactory(case_type=case_type)
    other_team_officer = UserFactory(staff=True)
    TeamFactory(members=[other_team_officer])
    with pytest.raises(Http404):
        get_case_for_staff(other_team_officer, case.uuid)


def test_an_officer_sees_a_case_assigned_to_them_outside_their_teams(case_type):
    helper = UserFactory(staff=True)
    case = CaseFactory(case_type=case_type, assigned_to=helper)
    assert get_case_for_staff(helper, case.uuid) == case


def test_superusers_see_every_case(case_type):
    case = CaseFactory(case_type=case_type)
    assert get_case_for_staff(UserFactory(superuser=True), case.uuid) == case


def test_residents_and_inactive_staff_get_404_from_the_staff_selector(
    case_type, officer, resident_a
):
    case = CaseFactory(case_type=case_type, customer=resident_a)
    officer.is_active = False
    officer.save()
    with pytest.raises(Http404):
        get_case_for_staff(officer, case.uuid)
    with pytest.raises(Http404):
        get_case_for_staff(case.customer.user, case.uuid)


# --- Queues -------------------------------------------------------------------------------------


def _render_queue(cases):
    """What a queue row shows: reference, type, team, officer, customer, status, due date."""
    return [
        (
            case.reference,
            case.case_type.name,
            case.team.name,
            case.assigned_to and case.assigned_to.get_full_name(),
            case.customer and case.customer.name,
            case.get_status_display(),
            case.due_date,
        )
        for case in cases
    ]


@pytest.mark.parametrize("count", [5, 50])
def test_a_queue_page_costs_one_query_however_many_cases(count, team, case_type, officer):
    CaseFactory.create_batch(count, case_type=case_type, assigned_to=officer)
    with CaptureQueriesContext(connection) as queries:
        rows = _render_queue(cases_for_team_queue(team=team, status=OPEN_STATUSES))
    assert len(rows) == count
    assert len(queries) == 1


def test_queue_scoped_to_a_user_costs_the_same(team, case_type, officer):
    CaseFactory.create_batch(5, case_type=case_type)
    with CaptureQueriesContext(connection) as few:
        _render_queue(cases_for_team_queue(user=officer))
    CaseFactory.create_batch(45, case_type=case_type)
    with CaptureQueriesContext(connection) as many:
        rows = _render_queue(cases_for_team_queue(user=officer))
    assert len(rows) == 50
    assert len(few) == len(many) == 1


def test_queue_filters(team, case_type, officer):
    today = timezone.localdate()
    other_type = CaseTypeFactory(team=team)
    overdue = CaseFactory(case_type=case_type, overdue=True, assigned_to=officer)
    on_time = CaseFactory(case_type=case_type, channel=Channel.PHONE, priority=Priority.URGENT)
    finished_late = CaseFactory(case_type=other_type, closed=True, overdue=True)
    elsewhere = CaseFactory()  # another team
    old = CaseFactory(case_type=case_type, created_at=timezone.now() - timedelta(days=40))

    def refs(**filters):
        return {case.reference for case in cases_for_team_queue(**filters)}

    assert refs(team=team) == {c.reference for c in (overdue, on_time, finished_late, old)}
    assert refs(overdue=True) == {overdue.reference}
    assert elsewhere.reference in refs(overdue=False)
    assert refs(officer=officer) == {overdue.reference}
    assert refs(case_type=other_type) == {finished_late.reference}
    assert refs(team=team, status=CaseStatus.CLOSED) == {finished_late.reference}
    assert refs(channel=Channel.PHONE) == {on_time.reference}
    assert old.reference not in refs(created_from=today - timedelta(days=7))
    assert refs(team=team, created_to=today - timedelta(days=7)) == {old.reference}
    assert refs(user=UserFactory()) == set()


def test_queue_orders_by_due_date_by_default(case_type):
    later = CaseFactory(case_type=case_type)
    sooner = CaseFactory(case_type=case_type, overdue=True)
    assert list(cases_for_team_queue()) == [sooner, later]
    assert list(cases_for_team_queue(order="-due_date")) == [later, sooner]


@pytest.mark.parametrize("order", ["customer__name", "priority"])
def test_unknown_queue_order_is_an_error(order):
    """Only the orders the queue's "Sort by" offers exist (no unused priority ordering)."""
    with pytest.raises(ValueError, match="Unknown queue order"):
        cases_for_team_queue(order=order)
