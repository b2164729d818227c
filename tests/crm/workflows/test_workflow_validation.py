"""A workflow with a fault is refused on saving, with the message next to the field at fault:
through `definition_errors` and through the admin's snippet form (the StreamField's errors)."""

import json
import re
from html import unescape

import pytest

from crm.cases.models import Workflow
from crm.cases.workflows import definition_errors
from tests.crm.factories import UserFactory
from tests.crm.workflows.builders import admin_form_data, simple_blocks, state, stream, transition

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/snippets/cases/workflow/add/"


def faulty(name):
    """(blocks, {block index: (field, words of the message)}, [words of a workflow message])."""
    received = state("received", "Received", "received")
    done = state("done", "Done", "closed")
    cases = {
        "unreachable state": (
            [
                received,
                state("lost", "Lost", "in_progress"),
                done,
                transition("received", "done"),
                transition("lost", "done"),
            ],
            {1: ("name", "No transition leads to this state")},
            [],
        ),
        "no closed state": (
            [
                received,
                state("working", "Working", "in_progress"),
                transition("received", "working"),
                transition("working", "received"),
            ],
            {},
            ["Add a closed state"],
        ),
        "unknown names": (
            [
                received,
                done,
                transition("received", "finished"),
                transition("started", "done"),
                transition("received", "done"),
            ],
            {
                2: ("to_state", "No state is called “finished”"),
                3: ("from_state", "No state is called “started”"),
            },
            [],
        ),
        "unknown reply state": (
            [
                received,
                state("asking", "Asking", "awaiting_customer", reply_moves_to="answerd"),
                done,
                transition("received", "asking"),
                transition("asking", "done"),
            ],
            {1: ("reply_moves_to", "No state is called “answerd”")},
            [],
        ),
        "duplicate state names": (
            [
                received,
                done,
                state("done", "Finished", "resolved"),
                transition("received", "done"),
            ],
            {2: ("name", "Another state is already called “done”")},
            [],
        ),
        "duplicate transitions": (
            [
                received,
                done,
                transition("received", "done"),
                transition("received", "done", label="Again"),
            ],
            {3: ("to_state", "This transition is already in the workflow")},
            [],
        ),
        "a transition to the same state": (
            [received, done, transition("received", "done"), transition("done", "done")],
            {3: ("to_state", "must go to a different state")},
            [],
        ),
        "first state not open": (
            [
                state("done", "Done", "closed"),
                state("received", "Received", "received"),
                transition("done", "received"),
                transition("received", "done"),
            ],
            {0: ("counts_as", "must count as open")},
            [],
        ),
        "dead-end state": (
            [
                received,
                state("stuck", "Stuck", "in_progress"),
                done,
                transition("received", "stuck"),
                transition("received", "done"),
            ],
            {1: ("name", "could never be closed")},
            [],
        ),
        "no state at all": (
            [transition("received", "done")],
            {},
            ["Add a state"],
        ),
    }
    return cases[name]


FAULTS = [
    "unreachable state",
    "no closed state",
    "unknown names",
    "unknown reply state",
    "duplicate state names",
    "duplicate transitions",
    "a transition to the same state",
    "first state not open",
    "dead-end state",
    "no state at all",
]


def test_a_sound_workflow_has_no_errors(db):
    assert definition_errors(stream(simple_blocks())) == ({}, [])


@pytest.mark.parametrize("fault", FAULTS)
def test_definition_errors_name_the_field_at_fault(fault, db):
    blocks, expected_fields, expected_general = faulty(fault)

    errors, general = definition_errors(stream(blocks))

    assert set(errors) == set(expected_fields)
    for index, (field, words) in expected_fields.items():
        assert set(errors[index]) == {field}
        assert words in errors[index][field]
    assert len(general) == len(expected_general)
    for words, message in zip(expected_general, general, strict=True):
        assert words in message


def stream_errors(html: str) -> dict:
    """The errors the StreamField editor is given for the definition field: Wagtail renders them
    as JSON into the block widget, which puts each message under its block's field."""
    match = re.search(
        r'<div id="definition" data-block data-controller="w-block" '
        r'data-w-block-data-value="[^"]*" data-w-block-arguments-value="([^"]*)"',
        html,
    )
    assert match, "the StreamField widget was not rendered"
    _value, errors = json.loads(unescape(match.group(1)))
    return errors or {}


@pytest.mark.parametrize("fault", FAULTS)
def test_the_admin_refuses_the_workflow_with_each_message_next_to_its_field(client, fault):
    client.force_login(UserFactory(superuser=True))
    blocks, expected_fields, expected_general = faulty(fault)

    response = client.post(ADD_URL, admin_form_data("Planning appeals", "planning", blocks))

    assert response.status_code == 200
    assert not Workflow.objects.filter(slug="planning").exists()
    html = response.content.decode()
    assert "Planning appeals" in html  # what was typed is kept
    errors = stream_errors(html)
    block_errors = errors.get("blockErrors", {})
    assert set(block_errors) == {str(index) for index in expected_fields}
    for index, (field, words) in expected_fields.items():
        fields = block_errors[str(index)]["blockErrors"]
        assert set(fields) == {field}
        assert any(words in message for message in fields[field]["messages"])
    messages = errors.get("messages", [])
    for words in expected_general:
        assert any(words in message for message in messages)
    if not expected_general:
        assert messages == ["The workflow has problems: see the messages below."]


def test_the_values_typed_in_a_refused_workflow_are_kept(client):
    client.force_login(UserFactory(superuser=True))
    blocks, _fields, _general = faulty("dead-end state")

    response = client.post(ADD_URL, admin_form_data("Planning appeals", "planning", blocks))

    value, _errors = json.loads(
        unescape(re.search(r'data-w-block-arguments-value="([^"]*)"', response.content.decode())[1])
    )
    assert [child["value"]["label"] for child in value if child["type"] == "state"] == [
        "Received",
        "Stuck",
        "Done",
    ]
