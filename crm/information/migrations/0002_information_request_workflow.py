"""The `information-request` workflow (FOI and EIR requests) and its version 1.

Written out here as agreed on the day, not imported: a migration must not change when the code
does. The definition is the JSON `crm.cases.workflows.definition_from_stream` makes of the
workflow's blocks.
"""

import uuid

from django.db import migrations

SLUG = "information-request"

# (name, label, counts as, clock runs, restart clock, target working days, reply moves to,
#  new handler)
STATES = [
    ("received", "Received", "received", True, False, None, "", False),
    (
        "awaiting_clarification",
        "Waiting for you to clarify your request",
        "awaiting_customer",
        False,
        False,
        None,
        "clarified",
        False,
    ),
    ("clarified", "Clarification received", "in_progress", True, True, None, "", False),
    ("in_progress", "Being prepared", "in_progress", True, False, None, "", False),
    ("responded", "Response sent", "resolved", True, False, None, "", False),
    ("internal_review", "Internal review", "in_progress", True, True, 20, "", True),
    ("review_completed", "Internal review completed", "closed", True, False, None, "", False),
    ("closed", "Closed", "closed", True, False, None, "", False),
]

# (from, to, label, message required)
TRANSITIONS = [
    ("received", "awaiting_clarification", "Ask for clarification", True),
    ("received", "in_progress", "", False),
    ("clarified", "in_progress", "", False),
    ("clarified", "awaiting_clarification", "", False),
    ("in_progress", "awaiting_clarification", "", True),
    ("received", "responded", "", False),
    ("clarified", "responded", "", False),
    ("in_progress", "responded", "", False),
    ("responded", "internal_review", "Start an internal review", False),
    ("responded", "closed", "", False),
    ("internal_review", "review_completed", "", True),
    ("closed", "in_progress", "Reopen", False),
]


def _definition():
    states = [
        {
            "name": name,
            "label": label,
            "counts_as": counts_as,
            "clock_runs": clock_runs,
            "restart_clock": restart_clock,
            "target_working_days": target,
            "email_resident": "",
            "assign_team": "",
            "reply_moves_to": reply_moves_to,
            "new_handler": new_handler,
            "send_survey": False,
        }
        for (
            name,
            label,
            counts_as,
            clock_runs,
            restart_clock,
            target,
            reply_moves_to,
            new_handler,
        ) in STATES
    ]
    transitions = [
        {
            "from_state": source,
            "to_state": target,
            "label": label,
            "groups": [],
            "message_required": message_required,
        }
        for source, target, label, message_required in TRANSITIONS
    ]
    return {"states": states, "transitions": transitions}


def forwards(apps, schema_editor):
    Workflow = apps.get_model("cases", "Workflow")
    WorkflowVersion = apps.get_model("cases", "WorkflowVersion")
    definition = _definition()
    stream = [
        {"type": "state", "value": state, "id": str(uuid.uuid4())} for state in definition["states"]
    ] + [
        {"type": "transition", "value": transition, "id": str(uuid.uuid4())}
        for transition in definition["transitions"]
    ]
    workflow, _created = Workflow.objects.get_or_create(
        slug=SLUG,
        defaults={
            "name": "Information request (FOI and EIR)",
            "description": (
                "Freedom of Information and Environmental Information requests: clarification "
                "restarts the 20 working day clock, the response, and an internal review by "
                "someone new."
            ),
            "definition": stream,
        },
    )
    if not WorkflowVersion.objects.filter(workflow=workflow).exists():
        WorkflowVersion.objects.create(workflow=workflow, number=1, definition=definition)


def backwards(apps, schema_editor):
    """Leave the workflow: cases may follow it (its versions are protected)."""


class Migration(migrations.Migration):
    dependencies = [
        ("information", "0001_initial"),
        ("cases", "0007_standard_workflow"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
