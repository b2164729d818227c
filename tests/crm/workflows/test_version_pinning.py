"""Editing a workflow publishes a new version; a case keeps the version it started under (its
states, labels and moves), and only new cases follow the new one."""

import pytest

from crm.cases.services import CaseTransitionError, change_case_status, open_case
from crm.cases.workflows import case_state, spec_for_case
from tests.crm.factories import CaseTypeFactory
from tests.crm.workflows.builders import (
    edit_workflow,
    make_workflow,
    simple_blocks,
    state,
    transition,
)

pytestmark = pytest.mark.django_db


def version_2_blocks():
    """Version 2: "checking" is relabelled, a case can no longer go straight from received to
    done, and there is a new "approved" state between checking and done."""
    return [
        state("received", "Received", "received"),
        state("checking", "With the licensing officer", "in_progress"),
        state("approved", "Approved", "resolved"),
        state("done", "Done", "closed"),
        transition("received", "checking"),
        transition("checking", "approved"),
        transition("approved", "done"),
    ]


@pytest.fixture
def workflow():
    return make_workflow("licensing", simple_blocks(), name="Licensing")


@pytest.fixture
def case_type(workflow):
    return CaseTypeFactory(name="Street trading", workflow=workflow)


def test_a_case_keeps_version_1_after_the_workflow_is_edited(workflow, case_type):
    old_case = open_case(case_type=case_type, answers=[])
    assert old_case.workflow_version.number == 1

    version_2 = edit_workflow(workflow, version_2_blocks())

    assert version_2.number == 2
    old_case.refresh_from_db()
    assert old_case.workflow_version.number == 1
    assert [t.to_state for t in spec_for_case(old_case).moves_from("received")] == [
        "checking",
        "done",
    ]
    change_case_status(old_case, to_status="checking", actor=None)
    old_case.refresh_from_db()
    assert case_state(old_case).label == "Being checked"  # version 1's label
    with pytest.raises(CaseTransitionError) as refused:
        change_case_status(old_case, to_status="approved", actor=None)
    assert refused.value.code == "invalid_status"  # no such state in version 1


def test_a_new_case_follows_version_2(workflow, case_type):
    edit_workflow(workflow, version_2_blocks())

    new_case = open_case(case_type=case_type, answers=[])

    assert new_case.workflow_version.number == 2
    assert new_case.state == "received"
    with pytest.raises(CaseTransitionError) as refused:
        change_case_status(new_case, to_status="done", actor=None)
    assert refused.value.code == "invalid_transition"
    change_case_status(new_case, to_status="checking", actor=None)
    change_case_status(new_case, to_status="approved", actor=None)
    new_case.refresh_from_db()
    assert (new_case.state, new_case.status) == ("approved", "resolved")
    assert case_state(new_case).label == "Approved"


def test_the_case_page_shows_the_version_the_case_follows(client, workflow, case_type):
    from tests.crm.factories import UserFactory

    old_case = open_case(case_type=case_type, answers=[])
    edit_workflow(workflow, version_2_blocks())
    new_case = open_case(case_type=case_type, answers=[])
    client.force_login(UserFactory(superuser=True))

    old_page = client.get(f"/admin/cases/{old_case.uuid}/").content.decode()
    new_page = client.get(f"/admin/cases/{new_case.uuid}/").content.decode()

    assert "Licensing, version 1" in old_page
    assert "Licensing, version 2" in new_page
    old_form = client.get(f"/admin/cases/{old_case.uuid}/").context["status_form"]
    assert [value for value, _label in old_form.fields["to_status"].widget.choices] == [
        "checking",
        "done",
    ]
