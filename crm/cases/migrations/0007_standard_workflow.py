"""Today's statuses become the standard workflow (version 1), and every existing case follows it.

The definition is written out here as it was on the day, not imported: a migration must not
change when the code does.
"""

import uuid

from django.db import migrations
from django.db.models import F

STATUSES = [
    ("received", "Received"),
    ("in_progress", "In progress"),
    ("awaiting_customer", "Waiting for a reply"),
    ("resolved", "Resolved"),
    ("closed", "Closed"),
]
MOVES = {
    "received": ["in_progress", "awaiting_customer", "resolved", "closed"],
    "in_progress": ["awaiting_customer", "resolved", "closed"],
    "awaiting_customer": ["in_progress", "resolved", "closed"],
    "resolved": ["in_progress", "closed"],
    "closed": ["in_progress"],
}


def _definition():
    states = [
        {
            "name": name,
            "label": label,
            "counts_as": name,
            "clock_runs": True,
            "restart_clock": False,
            "target_working_days": None,
            "email_resident": "",
            "assign_team": "",
            "reply_moves_to": "",
            "new_handler": False,
            "send_survey": name == "closed",
        }
        for name, label in STATUSES
    ]
    transitions = [
        {
            "from_state": source,
            "to_state": target,
            "label": "",
            "groups": [],
            "message_required": False,
        }
        for source, _label in STATUSES
        for target in MOVES[source]
    ]
    return {"states": states, "transitions": transitions}


def forwards(apps, schema_editor):
    Workflow = apps.get_model("cases", "Workflow")
    WorkflowVersion = apps.get_model("cases", "WorkflowVersion")
    Case = apps.get_model("cases", "Case")
    definition = _definition()
    stream = [
        {"type": "state", "value": state, "id": str(uuid.uuid4())} for state in definition["states"]
    ] + [
        {"type": "transition", "value": transition, "id": str(uuid.uuid4())}
        for transition in definition["transitions"]
    ]
    workflow, created = Workflow.objects.get_or_create(
        slug="standard",
        defaults={
            "name": "Standard",
            "description": "Received, in progress, waiting for a reply, resolved and closed.",
            "definition": stream,
        },
    )
    version = WorkflowVersion.objects.filter(workflow=workflow).order_by("-number").first()
    if version is None:
        version = WorkflowVersion.objects.create(workflow=workflow, number=1, definition=definition)
    Case.objects.filter(workflow_version__isnull=True).update(
        workflow_version=version, state=F("status")
    )


def backwards(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    Case.objects.update(workflow_version=None, state="")


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_workflows")]

    operations = [migrations.RunPython(forwards, backwards)]
