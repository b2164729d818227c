"""The data migration's `information-request` workflow: as agreed, valid, and what new FOI cases
follow."""

from crm.cases.workflows import (
    case_state,
    definition_errors,
    definition_from_stream,
    spec_for_case,
)


def test_the_workflow_and_its_first_version_exist(workflow):
    assert workflow.name == "Information request (FOI and EIR)"
    version = workflow.versions.get()
    assert version.number == 1
    # The version is what publishing the blocks would freeze: the stream and the JSON agree.
    assert version.definition == definition_from_stream(workflow.definition)


def test_the_workflow_validates(workflow):
    assert definition_errors(workflow.definition) == ({}, [])


def test_states_and_transitions_are_the_agreed_ones(workflow):
    definition = workflow.versions.get().definition
    states = {state["name"]: state for state in definition["states"]}
    assert list(states) == [
        "received",
        "awaiting_clarification",
        "clarified",
        "in_progress",
        "responded",
        "internal_review",
        "review_completed",
        "closed",
    ]
    assert {name: state["counts_as"] for name, state in states.items()} == {
        "received": "received",
        "awaiting_clarification": "awaiting_customer",
        "clarified": "in_progress",
        "in_progress": "in_progress",
        "responded": "resolved",
        "internal_review": "in_progress",
        "review_completed": "closed",
        "closed": "closed",
    }
    assert states["awaiting_clarification"]["clock_runs"] is False
    assert states["awaiting_clarification"]["reply_moves_to"] == "clarified"
    assert states["clarified"]["restart_clock"] is True
    assert states["internal_review"]["restart_clock"] is True
    assert states["internal_review"]["target_working_days"] == 20
    assert states["internal_review"]["new_handler"] is True
    moves = {(t["from_state"], t["to_state"]): t for t in definition["transitions"]}
    assert set(moves) == {
        ("received", "awaiting_clarification"),
        ("received", "in_progress"),
        ("clarified", "in_progress"),
        ("clarified", "awaiting_clarification"),
        ("in_progress", "awaiting_clarification"),
        ("received", "responded"),
        ("clarified", "responded"),
        ("in_progress", "responded"),
        ("responded", "internal_review"),
        ("responded", "closed"),
        ("internal_review", "review_completed"),
        ("closed", "in_progress"),
    }
    assert moves[("received", "awaiting_clarification")]["label"] == "Ask for clarification"
    assert moves[("received", "awaiting_clarification")]["message_required"] is True
    assert moves[("in_progress", "awaiting_clarification")]["message_required"] is True
    assert moves[("internal_review", "review_completed")]["message_required"] is True
    assert moves[("responded", "internal_review")]["label"] == "Start an internal review"
    assert moves[("closed", "in_progress")]["label"] == "Reopen"


def test_a_new_case_of_an_foi_type_starts_received_under_version_1(foi_case, workflow):
    assert foi_case.workflow_version == workflow.versions.get()
    assert case_state(foi_case).label == "Received"
    assert spec_for_case(foi_case).initial.name == "received"
