"""The blocks staff build a case type's workflow from in the Wagtail admin (Cases > Workflows).

A workflow is a stream of states and transitions: the first state is where every new case
starts. Saving checks the whole workflow at once (`WorkflowDefinitionBlock.clean`, through
`crm.cases.workflows.raise_definition_errors`) and puts each message next to the field at fault:
a `StreamBlockValidationError` whose block errors are `StructBlockValidationError`s keyed by
the field's name, which the StreamField editor shows under that field of that block.
"""

from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .enums import CaseStatus

STATE_NAME_PATTERN = r"^[a-z][a-z0-9_]{0,63}$"


def team_choices() -> list[tuple[str, str]]:
    from .models import Team  # the blocks are imported by models.py

    return [(team.slug, team.name) for team in Team.objects.order_by("name")]


def group_choices() -> list[tuple[str, str]]:
    return [(str(group.pk), group.name) for group in Group.objects.order_by("name")]


class StateBlock(blocks.StructBlock):
    name = blocks.RegexBlock(
        regex=STATE_NAME_PATTERN,
        label=_("Internal name"),
        help_text=_(
            "Lower-case letters, digits and underscores, such as awaiting_clarification. "
            "Transitions refer to the state by this name."
        ),
        error_messages={
            "invalid": _(
                "Enter an internal name of lower-case letters, digits and underscores, "
                "starting with a letter"
            )
        },
    )
    label = blocks.CharBlock(
        label=_("Label for residents"),
        max_length=80,
        help_text=_("Plain English, shown on the resident's request page, such as “With our team”"),
    )
    counts_as = blocks.ChoiceBlock(
        label=_("Counts as"),
        choices=CaseStatus.choices,
        default=CaseStatus.IN_PROGRESS,
        help_text=_(
            "Received, In progress and Waiting for a reply count as open: the case is in the "
            "queues. Resolved and Closed count as finished."
        ),
    )
    clock_runs = blocks.BooleanBlock(
        label=_("The clock runs in this state"),
        required=False,
        default=True,
        help_text=_(
            "Untick to stop the clock while a case is in this state (such as while waiting for "
            "the resident): the due date moves on by the working days it was stopped."
        ),
    )
    restart_clock = blocks.BooleanBlock(
        label=_("Start the clock again from day one when a case enters this state"),
        required=False,
        help_text=_("Such as when the resident clarifies a Freedom of Information request"),
    )
    target_working_days = blocks.IntegerBlock(
        label=_("New target (working days)"),
        required=False,
        min_value=1,
        max_value=365,
        help_text=_(
            "With the box above ticked: the new clock's target, such as 20 for an internal "
            "review. Leave empty for the case type's target."
        ),
    )
    email_resident = blocks.TextBlock(
        label=_("Email the resident"),
        required=False,
        help_text=_(
            "Sent when a case enters this state. You can use {{ reference }}, {{ state }}, "
            "{{ due_date }}, {{ case_type }} and {{ message }} (what the member of staff wrote)."
        ),
    )
    assign_team = blocks.ChoiceBlock(
        label=_("Assign to team"),
        choices=team_choices,
        required=False,
        help_text=_("Move the case to this team's queue when it enters this state"),
    )
    reply_moves_to = blocks.CharBlock(
        label=_("Ask the resident for information: their reply moves the case to"),
        required=False,
        max_length=64,
        help_text=_(
            "The internal name of a state. Leave empty when this state asks nothing of the "
            "resident."
        ),
    )
    new_handler = blocks.BooleanBlock(
        label=_("Must be handled by someone new"),
        required=False,
        help_text=_(
            "Whoever handled the case before it entered this state may not be assigned it or "
            "move it on (stage 2 of a complaint)."
        ),
    )
    send_survey = blocks.BooleanBlock(
        label=_("Send the closure survey"),
        required=False,
        help_text=_("Ask the resident how satisfied they were, once per case"),
    )

    class Meta:
        icon = "circle-check"
        label = _("State")
        form_classname = "doorstep-workflow-state"


class TransitionBlock(blocks.StructBlock):
    from_state = blocks.CharBlock(
        label=_("From state"), max_length=64, help_text=_("The internal name of a state")
    )
    to_state = blocks.CharBlock(
        label=_("To state"), max_length=64, help_text=_("The internal name of a state")
    )
    label = blocks.CharBlock(
        label=_("Button text"),
        required=False,
        max_length=80,
        help_text=_("Such as “Ask for clarification”. Leave empty for the state's label."),
    )
    groups = blocks.MultipleChoiceBlock(
        label=_("Staff groups allowed"),
        choices=group_choices,
        required=False,
        help_text=_("Leave all unticked to let any member of staff who can see the case."),
    )
    message_required = blocks.BooleanBlock(
        label=_("Staff must write a message to the resident"),
        required=False,
        help_text=_("Such as the question when asking for clarification"),
    )

    class Meta:
        icon = "arrow-right"
        label = _("Transition")


class WorkflowDefinitionBlock(blocks.StreamBlock):
    state = StateBlock()
    transition = TransitionBlock()

    class Meta:
        min_num = 1

    def clean(self, value):
        value = super().clean(value)
        from .workflows import raise_definition_errors  # noqa: PLC0415 (workflows imports models)

        raise_definition_errors(value)
        return value
