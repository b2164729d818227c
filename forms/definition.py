"""An eForm as the runtime sees it (steps of questions), and the checks a definition must pass.

`check_definition` is shared by `EForm.clean()` and the admin form, which attaches each problem to
the step and question it concerns; it needs only plain step data, so it also checks unsaved steps.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from crm.bookings.enums import ResourceKind
from crm.bookings.selectors import resources_for

from .enums import RESERVED_STEP_KEYS, Prefill
from .questions import (
    AddressQuestion,
    BookingSlotQuestion,
    ChoiceQuestion,
    MultipleChoiceQuestion,
    PricedItemsQuestion,
    Question,
    make_question,
)


@dataclass
class StepDefinition:
    key: str
    title: str
    condition_key: str = ""
    condition_value: str = ""
    questions: list[Question] = field(default_factory=list)

    @property
    def single_question(self) -> Question | None:
        """The question that is the page heading when it is alone on its page."""
        return self.questions[0] if len(self.questions) == 1 else None


def questions_for(step_key: str, stream_value) -> list[Question]:
    return [make_question(block.block_type, block.value, step_key) for block in stream_value or []]


def step_definition(*, key, title, condition_key="", condition_value="", fields=None):
    return StepDefinition(
        key=key or "",
        title=title or "",
        condition_key=(condition_key or "").strip(),
        condition_value=(condition_value or "").strip(),
        questions=questions_for(key or "", fields),
    )


class FormDefinition:
    def __init__(self, steps: list[StepDefinition]):
        self.steps = steps
        self._steps = {step.key: step for step in steps}
        self._questions: dict[str, tuple[StepDefinition, Question]] = {}
        for step in steps:
            for question in step.questions:
                self._questions.setdefault(question.key, (step, question))

    @classmethod
    def for_form(cls, eform) -> "FormDefinition":
        return cls(
            [
                step_definition(
                    key=step.key,
                    title=step.title,
                    condition_key=step.condition_key,
                    condition_value=step.condition_value,
                    fields=step.fields,
                )
                for step in eform.steps.all()
            ]
        )

    def step(self, key: str) -> StepDefinition:
        return self._steps[key]

    def question(self, key: str) -> Question | None:
        found = self._questions.get(key)
        return found[1] if found else None

    def step_of(self, question_key: str) -> StepDefinition | None:
        found = self._questions.get(question_key)
        return found[0] if found else None

    def questions(self):
        for step in self.steps:
            yield from step.questions

    def question_for_role(self, role: str, kinds: tuple[str, ...] = ()) -> Question | None:
        """The question that gives the customer's name, email, phone or address: the one marked
        to be prefilled with it, else the first question of a fitting kind."""
        questions = list(self.questions())
        marked = next((q for q in questions if q.prefill == role), None)
        return marked or next((q for q in questions if q.kind in kinds), None)

    @property
    def location_question(self) -> Question | None:
        return next((q for q in self.questions() if q.is_location), None)


# --- Checking a definition ----------------------------------------------------------------------


@dataclass
class DefinitionProblem:
    """A problem with a definition; `step` is the step's index (None for the whole form),
    `field` the step's field, and `block`/`block_field` the question within `fields`."""

    message: str
    step: int | None = None
    field: str | None = None
    block: int | None = None
    block_field: str | None = None


def check_definition(steps: list[StepDefinition]) -> list[DefinitionProblem]:
    problems: list[DefinitionProblem] = []
    if not steps:
        return [DefinitionProblem(_("Add at least one step with a question"))]
    _check_step_keys(steps, problems)
    seen: dict[str, int] = {}  # field name -> index of its step
    roles: dict[str, str] = {}
    location = None
    for index, step in enumerate(steps):
        _check_condition(steps, index, problems)
        if not step.questions:
            problems.append(DefinitionProblem(_("Add at least one question"), index, "fields"))
        for position, question in enumerate(step.questions):
            problem = _question_problem(question, steps, seen, roles, location, index)
            if problem:
                problems.append(
                    DefinitionProblem(problem[1], index, "fields", position, problem[0])
                )
            for name in question.field_names():
                seen.setdefault(name, index)
            if question.prefill:
                roles.setdefault(question.prefill, question.key)
            if question.is_location and location is None:
                location = question.key
    _check_bookings(steps, problems)
    return problems


def _check_bookings(steps, problems) -> None:
    """Priced items and booking slots: what they count from must come on an earlier step."""
    earlier: list[Question] = []
    slot_seen = False
    for index, step in enumerate(steps):
        for position, question in enumerate(step.questions):
            if isinstance(question, BookingSlotQuestion):
                message, field = _slot_problem(question, earlier, slot_seen)
                if message:
                    problems.append(DefinitionProblem(message, index, "fields", position, field))
                slot_seen = True
        earlier.extend(step.questions)


def _slot_problem(question, earlier, slot_seen) -> tuple[str, str]:
    if slot_seen:
        return _("A form can have only one booking question"), "key"
    if question.quantity_from:
        source = next((q for q in earlier if q.key == question.quantity_from), None)
        if not isinstance(source, PricedItemsQuestion):
            return _(
                "“%(key)s” is not a priced items question on an earlier step; the number of "
                "places is counted from one"
            ) % {"key": question.quantity_from}, "quantity_from"
    if question.resource_kind == ResourceKind.COLLECTION_ROUND and not any(
        isinstance(q, AddressQuestion) for q in earlier
    ):
        return _(
            "A collection date needs a UK address question on an earlier step: the round is "
            "chosen from its postcode"
        ), "resource_kind"
    if question.resource_from:
        source = next((q for q in earlier if q.key == question.resource_from), None)
        if not isinstance(source, ChoiceQuestion) or isinstance(source, MultipleChoiceQuestion):
            return _(
                "“%(key)s” is not a choice question on an earlier step; the resource is the "
                "answer to one"
            ) % {"key": question.resource_from}, "resource_from"
        known = {resource.slug for resource in resources_for(question.resource_kind)}
        unknown = [value for value, _label in source.options if value not in known]
        if unknown:
            return _(
                "These answers of “%(key)s” are not the slugs of resources of this kind taking "
                "bookings: %(values)s"
            ) % {"key": question.resource_from, "values": ", ".join(unknown)}, "resource_from"
    resource = question.resource
    if resource is not None and getattr(resource, "kind", question.resource_kind) != (
        question.resource_kind
    ):
        return _("Choose a resource of the kind being booked"), "resource"
    return "", ""


def payment_problems(steps, *, payment_service, fee, deposit) -> dict[str, str]:
    """What is wrong with a form's payment settings, by field ("" for the form as a whole):
    anything to pay needs a payment service to pay through."""
    if payment_service is not None:
        return {}
    problems = {}
    if fee:
        problems["fee"] = _("Choose a payment service for the fee, or set the fee to 0")
    if deposit:
        problems["deposit"] = _("Choose a payment service for the deposit, or set it to 0")
    priced = next(
        (q for step in steps for q in step.questions if isinstance(q, PricedItemsQuestion)), None
    )
    if priced is not None:
        problems["payment_service"] = _(
            "Choose a payment service: the priced items question “%(label)s” is paid for"
        ) % {"label": priced.label}
    return problems


def _check_step_keys(steps, problems) -> None:
    keys = [step.key for step in steps]
    for index, key in enumerate(keys):
        if key in RESERVED_STEP_KEYS:
            problems.append(
                DefinitionProblem(
                    _("“%(key)s” is the address of one of the form's own pages; choose another")
                    % {"key": key},
                    index,
                    "key",
                )
            )
        elif key in keys[:index]:
            problems.append(
                DefinitionProblem(
                    _("Each step needs its own key: “%(key)s” is already used") % {"key": key},
                    index,
                    "key",
                )
            )


def _question_problem(question, steps, seen, roles, location, index):
    for name in question.field_names():
        if name in seen:
            return "key", _(
                "Each question needs its own key: “%(key)s” is already used on step “%(step)s”"
            ) % {"key": question.key, "step": steps[seen[name]].title}
    if question.prefill and question.prefill in roles:
        return "prefill", _(
            "Only one question can be filled in with %(role)s; “%(key)s” already is"
        ) % {"role": str(Prefill(question.prefill).label).lower(), "key": roles[question.prefill]}
    if question.is_location and location is not None:
        return "is_location", _("Only one question can be the location; “%(key)s” already is") % {
            "key": location
        }
    return None


def _check_condition(steps, index, problems) -> None:
    step = steps[index]
    if not step.condition_key and not step.condition_value:
        return
    if not step.condition_key:
        problems.append(
            DefinitionProblem(
                _("Choose the question whose answer shows this step"), index, "condition_key"
            )
        )
        return
    if not step.condition_value:
        problems.append(
            DefinitionProblem(_("Enter the answer that shows this step"), index, "condition_value")
        )
        return
    key = step.condition_key
    if any(key in question.field_names() for question in step.questions):
        message = _(
            "A step can only depend on a question on an earlier step; “%(key)s” is on this step"
        ) % {"key": key}
        problems.append(DefinitionProblem(message, index, "condition_key"))
        return
    later = next(
        (
            later_step
            for later_step in steps[index + 1 :]
            if any(question.key == key for question in later_step.questions)
        ),
        None,
    )
    if later is not None:
        message = _(
            "A step can only depend on a question on an earlier step; “%(key)s” is on a later "
            "step (“%(step)s”)"
        ) % {"key": key, "step": later.title}
        problems.append(DefinitionProblem(message, index, "condition_key"))
        return
    source = next((q for earlier in steps[:index] for q in earlier.questions if q.key == key), None)
    if source is None:
        problems.append(
            DefinitionProblem(
                _("No earlier question has the key “%(key)s”") % {"key": key},
                index,
                "condition_key",
            )
        )
        return
    if isinstance(source, ChoiceQuestion):
        allowed = {value.casefold() for value, _label in source.options} | {
            str(label).casefold() for _value, label in source.options
        }
        if step.condition_value.casefold() not in allowed:
            message = _("“%(value)s” is not an answer to “%(label)s”; use one of: %(values)s") % {
                "value": step.condition_value,
                "label": source.label,
                "values": ", ".join(value for value, _label in source.options),
            }
            problems.append(DefinitionProblem(message, index, "condition_value"))
