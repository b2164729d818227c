"""Bulk actions from the queues: each case through the same service, refusals reported with
their reasons, a cap on the batch."""

import pytest
from django.contrib.auth.models import Group

from crm.cases.enums import CaseStatus
from crm.cases.models import Workflow, WorkflowVersion
from tests.crm.factories import CaseFactory

pytestmark = pytest.mark.django_db

BULK = "/admin/cases/bulk/"
QUEUE = "/admin/cases/queues/"


def post(client, cases, **data):
    return client.post(BULK, {"cases": [str(case.uuid) for case in cases], **data})


def outcomes(response) -> dict[str, tuple[bool, str]]:
    return {o.case.reference: (o.done, o.detail) for o in response.context["outcomes"]}


def test_queue_rows_have_labelled_tick_boxes_for_bulk_actions(client_a, type_a):
    case = CaseFactory(case_type=type_a)

    html = client_a.get(QUEUE).content.decode()

    assert f'name="cases" value="{case.uuid}" id="bulk-{case.uuid}"' in html
    assert f'<label for="bulk-{case.uuid}" class="w-sr-only">Select case {case.reference}' in html
    assert f'action="{BULK}"' in html


def test_the_choose_page_lists_the_ticked_cases(client_a, type_a, team_b, type_b):
    mine = CaseFactory(case_type=type_a)
    hidden = CaseFactory(case_type=type_b)

    response = client_a.get(BULK, {"cases": [str(mine.uuid), str(hidden.uuid)], "next": QUEUE})

    html = response.content.decode()
    assert mine.reference in html
    assert hidden.reference not in html
    assert "1 of the selected cases cannot be found or you cannot see it" in html
    assert [case.pk for case in response.context["cases"]] == [mine.pk]


def test_nothing_ticked_goes_back_to_the_queue(client_a):
    response = client_a.get(BULK, {"next": QUEUE})

    assert response.status_code == 302
    assert response["Location"] == QUEUE


def test_an_outside_next_link_is_not_followed(client_a):
    response = client_a.get(BULK, {"next": "https://evil.example/"})

    assert response["Location"] == "/admin/cases/queues/"


def test_bulk_assign_reports_each_case_done_or_refused(client_a, staff_a, staff_b, type_a):
    free = CaseFactory(case_type=type_a)
    excluded = CaseFactory(case_type=type_a, workflow_data={"excluded_handlers": [staff_a.pk]})
    already = CaseFactory(case_type=type_a, assigned_to=staff_a)

    response = post(
        client_a, [free, excluded, already], action="assign", officer=staff_a.pk, next=QUEUE
    )

    assert response.status_code == 200
    result = outcomes(response)
    assert result[free.reference] == (True, "Assigned to Ada Able (Highways).")
    assert result[excluded.reference][0] is False
    assert "handled this case at an earlier stage" in result[excluded.reference][1]
    assert result[already.reference] == (True, "No change: already assigned there.")
    free.refresh_from_db()
    excluded.refresh_from_db()
    assert free.assigned_to == staff_a
    assert excluded.assigned_to is None
    html = response.content.decode()
    assert "Done: 2. Refused: 1." in html
    assert "handled this case at an earlier stage" in html


def test_bulk_assign_to_an_officer_outside_the_team_is_refused_per_case(
    client_a, staff_b, team_b, type_a
):
    case = CaseFactory(case_type=type_a)

    response = post(client_a, [case], action="assign", officer=staff_b.pk)

    assert outcomes(response)[case.reference] == (False, "Bea Baker is not a member of Highways.")


def test_bulk_status_applies_per_case_where_the_state_exists(client_a, type_a):
    workflow = Workflow.objects.create(name="Feedback", slug="feedback-bulk", definition=[])
    version = WorkflowVersion.objects.create(
        workflow=workflow,
        number=1,
        definition={
            "states": [
                {"name": "received", "label": "Received", "counts_as": "received"},
                {"name": "passed_on", "label": "Passed on", "counts_as": "closed"},
            ],
            "transitions": [{"from_state": "received", "to_state": "passed_on"}],
        },
    )
    standard = CaseFactory(case_type=type_a)
    feedback = CaseFactory(case_type=type_a, workflow_version=version, state="received")
    closed = CaseFactory(case_type=type_a, closed=True)

    response = post(client_a, [standard, feedback, closed], action="status", to_state="resolved")

    result = outcomes(response)
    assert result[standard.reference] == (True, "Moved to “Resolved”.")
    assert result[feedback.reference] == (False, "Its workflow has no status “resolved”.")
    assert result[closed.reference] == (False, "A closed case can only be reopened.")
    standard.refresh_from_db()
    feedback.refresh_from_db()
    closed.refresh_from_db()
    assert standard.status == CaseStatus.RESOLVED
    assert feedback.state == "received"
    assert closed.status == CaseStatus.CLOSED


def test_the_status_choices_are_the_selected_cases_states(client_a, type_a):
    case = CaseFactory(case_type=type_a)

    response = client_a.get(BULK, {"cases": [str(case.uuid)]})

    names = [name for name, _label in response.context["form"].fields["to_state"].choices]
    assert names == ["", "received", "in_progress", "awaiting_customer", "resolved", "closed"]


def test_a_move_limited_to_a_group_is_refused_for_others(client_a, type_a):
    group = Group.objects.create(name="Reviewers")
    workflow = Workflow.objects.create(name="Reviewed", slug="reviewed-bulk", definition=[])
    version = WorkflowVersion.objects.create(
        workflow=workflow,
        number=1,
        definition={
            "states": [
                {"name": "received", "label": "Received", "counts_as": "received"},
                {"name": "done", "label": "Done", "counts_as": "resolved"},
            ],
            "transitions": [{"from_state": "received", "to_state": "done", "groups": [group.pk]}],
        },
    )
    case = CaseFactory(case_type=type_a, workflow_version=version, state="received")

    response = post(client_a, [case], action="status", to_state="done")

    done, detail = outcomes(response)[case.reference]
    assert not done
    assert "not in a group allowed" in detail


def test_a_message_is_required_where_the_move_needs_one(client_a, type_a):
    workflow = Workflow.objects.create(name="Msg", slug="msg-bulk", definition=[])
    version = WorkflowVersion.objects.create(
        workflow=workflow,
        number=1,
        definition={
            "states": [
                {"name": "received", "label": "Received", "counts_as": "received"},
                {"name": "answered", "label": "Answered", "counts_as": "resolved"},
            ],
            "transitions": [
                {"from_state": "received", "to_state": "answered", "message_required": True}
            ],
        },
    )
    without = CaseFactory(case_type=type_a, workflow_version=version, state="received")

    refused = post(client_a, [without], action="status", to_state="answered")
    done = post(
        client_a, [without], action="status", to_state="answered", public_message="All fixed."
    )

    assert outcomes(refused)[without.reference][0] is False
    assert outcomes(done)[without.reference][0] is True


def test_more_than_the_limit_is_refused_and_nothing_changes(client_a, type_a, monkeypatch):
    monkeypatch.setattr("crm.cases.admin.bulk.BULK_LIMIT", 2)
    cases = [CaseFactory(case_type=type_a) for _ in range(3)]

    response = post(client_a, cases, action="status", to_state="in_progress")

    assert response.status_code == 200
    assert "One action can change up to 2 cases" in response.content.decode()
    assert all(c.status == CaseStatus.RECEIVED for c in cases[0].__class__.objects.all())


def test_the_form_says_what_is_missing(client_a, type_a):
    case = CaseFactory(case_type=type_a)

    response = post(client_a, [case], action="status")

    assert response.status_code == 200
    assert "Choose the status to move the cases to." in response.content.decode()
    assert "outcomes" not in response.context
