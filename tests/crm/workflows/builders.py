"""Workflows for tests: the blocks as plain dicts, a saved and published `Workflow`, and the
admin's POST data for the same blocks (what the StreamField editor sends)."""

from __future__ import annotations

from crm.cases.models import Workflow
from crm.cases.workflow_blocks import WorkflowDefinitionBlock
from crm.cases.workflows import publish_version

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
TRANSITION_DEFAULTS = {"label": "", "groups": [], "message_required": False}


def state(name: str, label: str, counts_as: str = "in_progress", **values) -> tuple[str, dict]:
    return (
        "state",
        {**STATE_DEFAULTS, "name": name, "label": label, "counts_as": counts_as, **values},
    )


def transition(from_state: str, to_state: str, **values) -> tuple[str, dict]:
    values = {**TRANSITION_DEFAULTS, **values}
    values["groups"] = [str(group) for group in values["groups"]]
    return ("transition", {"from_state": from_state, "to_state": to_state, **values})


def simple_blocks(groups=()) -> list[tuple[str, dict]]:
    """Received → Being checked → Done, the last move for `groups` only and needing a message."""
    return [
        state("received", "Received", "received"),
        state("checking", "Being checked", "in_progress"),
        state("done", "Done", "closed"),
        transition("received", "checking", label="Start checking"),
        transition("checking", "done", groups=list(groups), message_required=True),
        transition("received", "done"),
    ]


def stream(blocks):
    """The blocks as the StreamField value the admin form would clean them into."""
    return WorkflowDefinitionBlock().to_python(
        [{"type": kind, "value": value} for kind, value in blocks]
    )


def make_workflow(slug: str, blocks, *, name: str = "", user=None) -> Workflow:
    """A workflow saved and published (version 1), as the admin does it."""
    workflow = Workflow.objects.create(
        name=name or slug.title(),
        slug=slug,
        definition=[{"type": kind, "value": value} for kind, value in blocks],
    )
    workflow.refresh_from_db()
    publish_version(workflow, user=user)
    return workflow


def edit_workflow(workflow: Workflow, blocks, *, user=None):
    workflow.definition = [{"type": kind, "value": value} for kind, value in blocks]
    workflow.save()
    workflow.refresh_from_db()
    return publish_version(workflow, user=user)


def admin_form_data(name: str, slug: str, blocks, description: str = "") -> dict:
    """The snippet form's POST for these blocks (booleans ticked or absent, as a browser sends)."""
    data = {
        "name": name,
        "slug": slug,
        "description": description,
        "definition-count": str(len(blocks)),
    }
    for index, (kind, value) in enumerate(blocks):
        prefix = f"definition-{index}"
        data[f"{prefix}-type"] = kind
        data[f"{prefix}-deleted"] = ""
        data[f"{prefix}-order"] = str(index)
        data[f"{prefix}-id"] = ""
        for key, field_value in value.items():
            if isinstance(field_value, bool):
                if field_value:
                    data[f"{prefix}-value-{key}"] = "on"
            elif field_value is None:
                data[f"{prefix}-value-{key}"] = ""
            else:
                data[f"{prefix}-value-{key}"] = field_value
    return data
