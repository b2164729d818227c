"""The `complaint` and `feedback` workflows (version 1 of each), as agreed for issue 9.

Written out literally, in the JSON `crm.cases.workflows.definition_from_stream` produces, not
imported: a migration must not change when the code does. A workflow that already exists (made
by hand or by the demo) is left alone, and gets a version 1 only if it has none.
"""

import uuid

from django.db import migrations

STATE_DEFAULTS = {
    "clock_runs": True,
    "restart_clock": False,
    "target_working_days": None,
    "email_resident": "",
    "assign_team": "",
    "reply_moves_to": "",
    "new_handler": False,
    "send_survey": False,
}

COMPLAINT_STATES = [
    {"name": "received", "label": "Received", "counts_as": "received"},
    {
        "name": "stage_1",
        "label": "Stage 1: being looked into",
        "counts_as": "in_progress",
        "email_resident": (
            "We have received your complaint, {{ reference }}, and are looking into it. "
            "We aim to reply by {{ due_date }}."
        ),
    },
    {"name": "stage_1_answered", "label": "Stage 1 reply sent", "counts_as": "resolved"},
    {
        "name": "stage_2",
        "label": "Stage 2: being reviewed",
        "counts_as": "in_progress",
        "restart_clock": True,
        "target_working_days": 20,
        "new_handler": True,
        "email_resident": (
            "Your complaint, {{ reference }}, is now at stage 2: someone who did not handle "
            "it at stage 1 will review it. We aim to reply by {{ due_date }}."
        ),
    },
    {"name": "stage_2_answered", "label": "Stage 2 reply sent", "counts_as": "resolved"},
    {
        "name": "ombudsman",
        "label": "With the Ombudsman",
        "counts_as": "in_progress",
        "clock_runs": False,
    },
    {"name": "closed", "label": "Closed", "counts_as": "closed", "send_survey": True},
]

COMPLAINT_TRANSITIONS = [
    ("received", "stage_1", "Acknowledge", False),
    ("received", "stage_1_answered", "Send the stage 1 reply", False),
    ("stage_1", "stage_1_answered", "Send the stage 1 reply", True),
    ("stage_1_answered", "stage_2", "Escalate to stage 2", False),
    ("stage_1_answered", "closed", "Close", False),
    ("stage_2", "stage_2_answered", "Send the stage 2 reply", True),
    ("stage_2_answered", "ombudsman", "Referred to the Ombudsman", False),
    ("stage_2_answered", "closed", "Close", False),
    ("ombudsman", "closed", "Close", False),
]

FEEDBACK_STATES = [
    {"name": "received", "label": "Received", "counts_as": "received"},
    {"name": "passed_on", "label": "Passed on to the team", "counts_as": "closed"},
    {"name": "closed", "label": "Closed", "counts_as": "closed"},
]

FEEDBACK_TRANSITIONS = [
    ("received", "passed_on", "Pass on to the team", False),
    ("received", "closed", "Close", False),
]

WORKFLOWS = [
    {
        "slug": "complaint",
        "name": "Complaint",
        "description": (
            "The Local Government and Social Care Ombudsman's complaint handling code: "
            "acknowledged within 5 working days, a stage 1 reply within 10, stage 2 within 20 "
            "by someone new, then the Ombudsman."
        ),
        "states": COMPLAINT_STATES,
        "transitions": COMPLAINT_TRANSITIONS,
    },
    {
        "slug": "feedback",
        "name": "Compliments and comments",
        "description": "Received, then passed on to the team it is about, or closed.",
        "states": FEEDBACK_STATES,
        "transitions": FEEDBACK_TRANSITIONS,
    },
]


def definition(states, transitions):
    """The version's JSON: every field of every block, in the blocks' order."""
    return {
        "states": [
            {
                "name": state["name"],
                "label": state["label"],
                "counts_as": state["counts_as"],
                **{key: state.get(key, default) for key, default in STATE_DEFAULTS.items()},
            }
            for state in states
        ],
        "transitions": [
            {
                "from_state": source,
                "to_state": target,
                "label": label,
                "groups": [],
                "message_required": message_required,
            }
            for source, target, label, message_required in transitions
        ],
    }


def stream(defined):
    return [
        {"type": "state", "value": state, "id": str(uuid.uuid4())} for state in defined["states"]
    ] + [
        {"type": "transition", "value": transition, "id": str(uuid.uuid4())}
        for transition in defined["transitions"]
    ]


def forwards(apps, schema_editor):
    Workflow = apps.get_model("cases", "Workflow")
    WorkflowVersion = apps.get_model("cases", "WorkflowVersion")
    for spec in WORKFLOWS:
        defined = definition(spec["states"], spec["transitions"])
        workflow, _created = Workflow.objects.get_or_create(
            slug=spec["slug"],
            defaults={
                "name": spec["name"],
                "description": spec["description"],
                "definition": stream(defined),
            },
        )
        if not WorkflowVersion.objects.filter(workflow=workflow).exists():
            WorkflowVersion.objects.create(workflow=workflow, number=1, definition=defined)


def backwards(apps, schema_editor):
    """Only what this migration made and nothing uses: versions cases follow are kept."""
    Workflow = apps.get_model("cases", "Workflow")
    for workflow in Workflow.objects.filter(slug__in=[spec["slug"] for spec in WORKFLOWS]):
        if workflow.case_types.exists() or workflow.versions.filter(cases__isnull=False).exists():
            continue
        workflow.versions.all().delete()
        workflow.delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0007_standard_workflow")]

    operations = [migrations.RunPython(forwards, backwards)]
