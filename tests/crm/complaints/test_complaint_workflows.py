"""The `complaint` and `feedback` workflows the migration creates: valid, version 1, and the
agreed states and transitions."""

import pytest

from crm.cases.models import Workflow
from crm.cases.workflows import (
    current_version,
    definition_errors,
    definition_from_stream,
    spec_for_version,
)

# Through the `workflows` fixture: the migration's own function, run again if a transactional
# test's flush removed what the migration made (it leaves existing workflows alone).
pytestmark = pytest.mark.usefixtures("workflows")


@pytest.mark.parametrize("slug", ["complaint", "feedback"])
def test_the_workflows_validate_and_have_version_1(slug):
    workflow = Workflow.objects.get(slug=slug)
    assert definition_errors(workflow.definition) == ({}, [])
    version = current_version(workflow)
    assert version.number == 1
    assert workflow.versions.count() == 1
    # The version is exactly what publishing the stream would freeze.
    assert version.definition == definition_from_stream(workflow.definition)


def test_the_complaint_workflow_is_as_agreed():
    spec = spec_for_version(current_version(Workflow.objects.get(slug="complaint")))
    assert [(s.name, s.label, s.counts_as) for s in spec.states.values()] == [
        ("received", "Received", "received"),
        ("stage_1", "Stage 1: being looked into", "in_progress"),
        ("stage_1_answered", "Stage 1 reply sent", "resolved"),
        ("stage_2", "Stage 2: being reviewed", "in_progress"),
        ("stage_2_answered", "Stage 2 reply sent", "resolved"),
        ("ombudsman", "With the Ombudsman", "in_progress"),
        ("closed", "Closed", "closed"),
    ]
    stage_2 = spec.state("stage_2")
    assert (stage_2.restart_clock, stage_2.target_working_days, stage_2.new_handler) == (
        True,
        20,
        True,
    )
    assert spec.state("ombudsman").clock_runs is False
    assert spec.state("closed").send_survey is True
    assert [s.name for s in spec.states.values() if s.new_handler] == ["stage_2"]
    assert {
        (t.from_state, t.to_state): (t.label, t.message_required) for t in spec.transitions
    } == {
        ("received", "stage_1"): ("Acknowledge", False),
        ("received", "stage_1_answered"): ("Send the stage 1 reply", False),
        ("stage_1", "stage_1_answered"): ("Send the stage 1 reply", True),
        ("stage_1_answered", "stage_2"): ("Escalate to stage 2", False),
        ("stage_1_answered", "closed"): ("Close", False),
        ("stage_2", "stage_2_answered"): ("Send the stage 2 reply", True),
        ("stage_2_answered", "ombudsman"): ("Referred to the Ombudsman", False),
        ("stage_2_answered", "closed"): ("Close", False),
        ("ombudsman", "closed"): ("Close", False),
    }


def test_the_feedback_workflow_is_as_agreed():
    spec = spec_for_version(current_version(Workflow.objects.get(slug="feedback")))
    assert [(s.name, s.label, s.counts_as) for s in spec.states.values()] == [
        ("received", "Received", "received"),
        ("passed_on", "Passed on to the team", "closed"),
        ("closed", "Closed", "closed"),
    ]
    assert [(t.from_state, t.to_state, t.label) for t in spec.transitions] == [
        ("received", "passed_on", "Pass on to the team"),
        ("received", "closed", "Close"),
    ]


def test_the_migration_leaves_existing_workflows_alone():
    """Run again (as on a database where someone made the workflow first), it adds nothing."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module("crm.complaints.migrations.0001_workflows")
    complaint = Workflow.objects.get(slug="complaint")
    complaint.name = "Our complaints"
    complaint.save()
    migration.forwards(apps, None)
    complaint.refresh_from_db()
    assert complaint.name == "Our complaints"
    assert complaint.versions.count() == 1
