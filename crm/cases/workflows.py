"""Case workflows: what a workflow version says, checking one before it is saved, and publishing.

A `WorkflowVersion.definition` is plain JSON (`definition_from_stream`), read into a frozen
`WorkflowSpec`: its states in order (the first is where cases start) and the transitions between
them. `crm.cases.services.change_case_status` is what enforces it; the standard workflow
(`STANDARD_DEFINITION`) is the statuses cases had before workflows, and applies to a case with no
version.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.forms.utils import ErrorList
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.blocks import StreamBlockValidationError, StructBlockValidationError

from .enums import ALLOWED_TRANSITIONS, OPEN_STATUSES, CaseStatus
from .models import Case, Workflow, WorkflowVersion

STANDARD_SLUG = "standard"

STATE_FIELDS = (
    "name",
    "label",
    "counts_as",
    "clock_runs",
    "restart_clock",
    "target_working_days",
    "email_resident",
    "assign_team",
    "reply_moves_to",
    "new_handler",
    "send_survey",
)
TRANSITION_FIELDS = ("from_state", "to_state", "label", "groups", "message_required")


@dataclass(frozen=True)
class State:
    name: str
    label: str
    counts_as: str
    clock_runs: bool = True
    restart_clock: bool = False
    target_working_days: int | None = None
    email_resident: str = ""
    assign_team: str = ""
    reply_moves_to: str = ""
    new_handler: bool = False
    send_survey: bool = False

    @property
    def is_open(self) -> bool:
        return self.counts_as in OPEN_STATUSES


@dataclass(frozen=True)
class Transition:
    from_state: str
    to_state: str
    label: str = ""
    groups: tuple[int, ...] = ()
    message_required: bool = False

    def allows(self, user: AbstractBaseUser | None) -> bool:
        """Anyone who can see the case, unless groups are set; superusers and the system (None:
        a resident's reply, a scheduled task) always."""
        if user is None or not self.groups or user.is_superuser:
            return True
        return user.groups.filter(pk__in=self.groups).exists()


@dataclass(frozen=True)
class WorkflowSpec:
    states: dict[str, State]
    transitions: tuple[Transition, ...] = field(default=())

    @property
    def initial(self) -> State:
        return next(iter(self.states.values()))

    def state(self, name: str) -> State | None:
        return self.states.get(name)

    def transition(self, from_state: str, to_state: str) -> Transition | None:
        for transition in self.transitions:
            if transition.from_state == from_state and transition.to_state == to_state:
                return transition
        return None

    def moves_from(self, state: str, user: AbstractBaseUser | None = None) -> list[Transition]:
        """The transitions out of `state`, in the order they were defined; with `user`, only
        those that user may make."""
        return [
            t
            for t in self.transitions
            if t.from_state == state and (user is None or t.allows(user))
        ]


def _standard_definition() -> dict:
    labels = {
        CaseStatus.RECEIVED: "Received",
        CaseStatus.IN_PROGRESS: "In progress",
        CaseStatus.AWAITING_CUSTOMER: "Waiting for a reply",
        CaseStatus.RESOLVED: "Resolved",
        CaseStatus.CLOSED: "Closed",
    }
    states = [
        {
            "name": str(status),
            "label": labels[status],
            "counts_as": str(status),
            "clock_runs": True,
            "send_survey": status == CaseStatus.CLOSED,
        }
        for status in CaseStatus
    ]
    transitions = [
        {"from_state": str(source), "to_state": str(target)}
        for source in CaseStatus
        for target in CaseStatus
        if target in ALLOWED_TRANSITIONS[source]
    ]
    return {"states": states, "transitions": transitions}


# The statuses and moves every case had before workflows (enums.ALLOWED_TRANSITIONS).
STANDARD_DEFINITION: dict = _standard_definition()


def spec_from_definition(definition: dict) -> WorkflowSpec:
    states = {}
    for raw in definition.get("states", []):
        values = {key: raw[key] for key in STATE_FIELDS if key in raw and raw[key] is not None}
        states[values["name"]] = State(**values)
    transitions = tuple(
        Transition(
            from_state=raw["from_state"],
            to_state=raw["to_state"],
            label=raw.get("label") or "",
            groups=tuple(int(group) for group in raw.get("groups") or ()),
            message_required=bool(raw.get("message_required")),
        )
        for raw in definition.get("transitions", [])
    )
    return WorkflowSpec(states=states, transitions=transitions)


STANDARD_SPEC = spec_from_definition(STANDARD_DEFINITION)


# Versions never change once published, so a process keeps what it read, by id and the time it
# was published (ids can come round again in a test database).
_specs: dict[tuple[int, object], WorkflowSpec] = {}


def spec_for_version(version: WorkflowVersion | None) -> WorkflowSpec:
    if version is None:
        return STANDARD_SPEC
    key = (version.pk, version.created_at)
    spec = _specs.get(key)
    if spec is None:
        if len(_specs) > 512:
            _specs.clear()
        spec = _specs[key] = spec_from_definition(version.definition)
    return spec


def spec_for_case(case: Case) -> WorkflowSpec:
    """The rules the case follows (a query for its version unless it was selected with it)."""
    if case.workflow_version_id is None:
        return STANDARD_SPEC
    return spec_for_version(case.workflow_version)


def case_state(case: Case) -> State:
    """The case's state in its workflow (cases from before workflows: their status)."""
    spec = spec_for_case(case)
    return spec.state(case.state or case.status) or STANDARD_SPEC.state(case.status)


def current_version(workflow: Workflow | None) -> WorkflowVersion | None:
    return workflow.versions.order_by("-number").first() if workflow is not None else None


def version_for_new_case(case_type) -> WorkflowVersion | None:
    """The version a new case of this type starts under: its workflow's newest, or the standard
    workflow's; None (the built-in standard rules) when neither exists. One query, on every
    submission."""
    versions = WorkflowVersion.objects.order_by("-number")
    if case_type.workflow_id is not None:
        return versions.filter(workflow_id=case_type.workflow_id).first()
    return versions.filter(workflow__slug=STANDARD_SLUG).first()


# --- Saving a workflow -----------------------------------------------------------------------


def definition_from_stream(stream) -> dict:
    """A workflow's StreamField value as the plain JSON a version keeps."""
    states, transitions = [], []
    for child in stream:
        value = child.value
        if child.block_type == "state":
            state = {key: value.get(key) for key in STATE_FIELDS}
            state["clock_runs"] = bool(state["clock_runs"])
            for key in ("restart_clock", "new_handler", "send_survey"):
                state[key] = bool(state[key])
            for key in ("email_resident", "assign_team", "reply_moves_to"):
                state[key] = state[key] or ""
            states.append(state)
        elif child.block_type == "transition":
            transition = {key: value.get(key) for key in TRANSITION_FIELDS}
            transition["groups"] = sorted(int(group) for group in transition["groups"] or ())
            transition["label"] = transition["label"] or ""
            transition["message_required"] = bool(transition["message_required"])
            transitions.append(transition)
    return {"states": states, "transitions": transitions}


def publish_version(workflow: Workflow, *, user: AbstractBaseUser | None = None) -> WorkflowVersion:
    """Freeze the workflow as saved into a new version, unless it equals the newest one."""
    definition = definition_from_stream(workflow.definition)
    with transaction.atomic():
        Workflow.objects.select_for_update().filter(pk=workflow.pk).first()
        latest = current_version(workflow)
        if latest is not None and latest.definition == definition:
            return latest
        return WorkflowVersion.objects.create(
            workflow=workflow,
            number=(latest.number + 1) if latest else 1,
            definition=definition,
            created_by=user,
        )


def workflow_in_use(workflow: Workflow) -> list[str]:
    """Why the workflow cannot be deleted (empty: it can): the case types that use it and the
    cases that follow one of its versions. Cases keep their version for life."""
    reasons = []
    case_types = list(workflow.case_types.order_by("name").values_list("name", flat=True))
    if case_types:
        reasons.append(
            _("These case types use it: %(names)s. Choose another workflow for them first.")
            % {"names": ", ".join(case_types)}
        )
    cases = Case.objects.filter(workflow_version__workflow=workflow).count()
    if cases:
        reasons.append(
            ngettext(
                "%(count)s case follows one of its versions, and keeps it until it closes and "
                "is deleted.",
                "%(count)s cases follow one of its versions, and keep it until they close and "
                "are deleted.",
                cases,
            )
            % {"count": cases}
        )
    return reasons


def delete_workflow(workflow: Workflow) -> None:
    """Delete a workflow nothing uses, with its versions; a `ValidationError` saying why not
    otherwise (its versions are only history until a case follows one)."""
    with transaction.atomic():
        Workflow.objects.select_for_update().filter(pk=workflow.pk).first()
        reasons = workflow_in_use(workflow)
        if reasons:
            raise ValidationError(
                [_("“%(name)s” cannot be deleted.") % {"name": workflow.name}, *reasons],
                code="protected",
            )
        try:
            workflow.versions.all().delete()
            workflow.delete()
        except ProtectedError as error:  # a case opened under it meanwhile
            raise ValidationError(
                _("“%(name)s” cannot be deleted: cases follow it.") % {"name": workflow.name},
                code="protected",
            ) from error


def definition_errors(stream) -> tuple[dict[int, dict[str, str]], list[str]]:
    """What is wrong with a workflow as a whole: ({block index: {field: message}}, [messages
    for the workflow]). Each block's own fields (required, patterns) are checked by the blocks."""
    errors: dict[int, dict[str, str]] = {}
    general: list[str] = []

    def add(index: int, name: str, message: str) -> None:
        errors.setdefault(index, {}).setdefault(name, message)

    states: dict[str, int] = {}
    state_values: dict[str, dict] = {}
    transitions: list[tuple[int, dict]] = []
    for index, child in enumerate(stream):
        if child.block_type == "state":
            name = child.value.get("name")
            if name in states:
                add(
                    index, "name", _("Another state is already called “%(name)s”.") % {"name": name}
                )
            elif name:
                states[name] = index
                state_values[name] = child.value
        else:
            transitions.append((index, child.value))
    if not states:
        general.append(_("Add a state: a workflow needs at least one."))
        return errors, general

    def unknown(name: str) -> str:
        return _("No state is called “%(name)s”. The states are: %(states)s.") % {
            "name": name,
            "states": ", ".join(states),
        }

    edges: dict[str, set[str]] = {name: set() for name in states}
    seen: set[tuple[str, str]] = set()
    for index, value in transitions:
        source, target = value.get("from_state"), value.get("to_state")
        if source and source not in states:
            add(index, "from_state", unknown(source))
        if target and target not in states:
            add(index, "to_state", unknown(target))
        if source and source == target:
            add(index, "to_state", _("A transition must go to a different state."))
        elif (source, target) in seen:
            add(index, "to_state", _("This transition is already in the workflow."))
        elif source in states and target in states:
            seen.add((source, target))
            edges[source].add(target)

    for name, value in state_values.items():
        reply = value.get("reply_moves_to")
        if reply and reply not in states:
            add(states[name], "reply_moves_to", unknown(reply))
        elif reply:
            edges[name].add(reply)

    first = next(iter(states))
    if state_values[first].get("counts_as") not in OPEN_STATUSES:
        add(
            states[first],
            "counts_as",
            _("The first state is where new cases start, so it must count as open."),
        )
    finished = [n for n, v in state_values.items() if v.get("counts_as") not in OPEN_STATUSES]
    if not finished:
        general.append(
            _("Add a closed state: at least one state must count as Resolved or Closed.")
        )

    reachable = _reachable(first, edges)
    for name, index in states.items():
        if name not in reachable:
            add(
                index,
                "name",
                _("No transition leads to this state from “%(first)s”, where cases start.")
                % {"first": first},
            )
    if finished:
        reversed_edges: dict[str, set[str]] = {name: set() for name in states}
        for source, targets in edges.items():
            for target in targets:
                reversed_edges[target].add(source)
        can_finish = set()
        for name in finished:
            can_finish |= _reachable(name, reversed_edges)
        for name, index in states.items():
            if name in reachable and name not in can_finish:
                add(
                    index,
                    "name",
                    _("A case in this state could never be closed: add a transition out of it."),
                )
    return errors, general


def _reachable(start: str, edges: dict[str, set[str]]) -> set[str]:
    seen = {start}
    queue = deque([start])
    while queue:
        for target in edges.get(queue.popleft(), ()):
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


def raise_definition_errors(stream) -> None:
    """Raise the errors `definition_errors` finds as Wagtail shows them: each next to its field."""
    errors, general = definition_errors(stream)
    if not errors and not general:
        return
    block_errors = {
        index: StructBlockValidationError(
            block_errors={name: ValidationError(message) for name, message in fields.items()}
        )
        for index, fields in errors.items()
    }
    non_block = ErrorList([ValidationError(message) for message in general])
    if not general:
        non_block = ErrorList(
            [ValidationError(_("The workflow has problems: see the messages below."))]
        )
    raise StreamBlockValidationError(block_errors=block_errors, non_block_errors=non_block)
