"""Forms for the staff case screens: queue filters and the actions on a case page.

The action forms only parse what was typed; the rules (who may be assigned, which status may
follow which) are the services', whose `ValidationError` messages are shown on the form.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from ..enums import OPEN_STATUSES, CaseStatus, Channel
from ..models import CaseType, Team
from ..selectors import officers_for_assignment, staff_accounts, teams_for_staff
from ..workflows import spec_for_case

ANY_STATUS = ""
OPEN = "open"

ORDER_CHOICES = [
    ("due_date", _("Due date (soonest first)")),
    ("-due_date", _("Due date (latest first)")),
    ("-created_at", _("Created (newest first)")),
    ("created_at", _("Created (oldest first)")),
    ("reference", _("Reference")),
]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class QueueFilterForm(forms.Form):
    """The GET form above a queue. Every field is optional; an invalid value is ignored."""

    team = forms.ModelChoiceField(
        queryset=None, label=_("Team"), required=False, empty_label=_("All my teams")
    )
    case_type = forms.ModelChoiceField(
        queryset=CaseType.objects.order_by("name"),
        label=_("Case type"),
        required=False,
        empty_label=_("Any type"),
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    channel = forms.ChoiceField(
        label=_("Channel"),
        required=False,
        choices=[("", _("Any channel")), *Channel.choices],
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    due_today = forms.BooleanField(label=_("Due today only"), required=False)
    created_from = forms.DateField(label=_("Created from"), required=False, widget=DateInput())
    created_to = forms.DateField(label=_("Created to"), required=False, widget=DateInput())
    order = forms.ChoiceField(label=_("Sort by"), required=False, choices=ORDER_CHOICES)

    def __init__(self, *args, user=None, with_team=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (ANY_STATUS, _("Any status")),
            (OPEN, _("Open (not resolved or closed)")),
            *CaseStatus.choices,
        ]
        if with_team:
            self.fields["team"].queryset = teams_for_staff(user)
        else:
            del self.fields["team"]

    def clean(self):
        cleaned_data = super().clean()
        start, end = cleaned_data.get("created_from"), cleaned_data.get("created_to")
        if start and end and start > end:
            self.add_error("created_to", _("The end date must be on or after the start date."))
        return cleaned_data

    def queue_filters(self) -> dict:
        """Keyword arguments for `cases_for_team_queue`, from the fields that are valid."""
        data = self.cleaned_data
        status = data.get("status") or None
        filters = {
            "team": data.get("team"),
            "case_type": data.get("case_type"),
            "status": OPEN_STATUSES if status == OPEN else status,
            "channel": data.get("channel") or None,
            "overdue": True if data.get("overdue") else None,
            "due_on": timezone.localdate() if data.get("due_today") else None,
            "created_from": data.get("created_from"),
            "created_to": data.get("created_to"),
            "order": data.get("order") or "due_date",
        }
        return {name: value for name, value in filters.items() if value is not None}


class AssignForm(forms.Form):
    prefix = "assign"

    team = forms.ModelChoiceField(
        queryset=None,
        label=_("Team"),
        required=False,
        empty_label=_("Keep the current team"),
    )
    officer = forms.ModelChoiceField(
        queryset=None,
        label=_("Officer"),
        required=False,
        empty_label=_("No officer (the team's queue)"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.order_by("name")
        self.fields["officer"].queryset = officers_for_assignment()
        self.fields["officer"].label_from_instance = lambda user: (
            user.get_full_name() or user.get_username()
        )


class StatusForm(forms.Form):
    """The moves the case's own workflow version offers this member of staff
    (`WorkflowSpec.moves_from`), each labelled with its button text or the state's label. A move
    that needs a message is refused here without one; the service checks everything again."""

    prefix = "status"

    to_status = forms.ChoiceField(label=_("Move the case to"))
    public_message = forms.CharField(
        label=_("Message to the resident"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, case, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.spec = spec_for_case(case)
        state = case.state or case.status
        self.moves = {move.to_state: move for move in self.spec.moves_from(state, user)}
        offered = []
        for move in self.moves.values():
            target = self.spec.state(move.to_state)
            offered.append((move.to_state, move.label or (target.label if target else "")))
        # Any state of the workflow is accepted, so that a move the case no longer allows
        # (someone changed it meanwhile) or this user may not make gets the service's message.
        field = self.fields["to_status"]
        field.choices = [(name, s.label) for name, s in self.spec.states.items()]
        field.widget.choices = offered
        needing = [label for name, label in offered if self.moves[name].message_required]
        message = self.fields["public_message"]
        if needing:
            message.help_text = _(
                "Shown on their timeline and emailed to them. Needed for: %(moves)s."
            ) % {"moves": ", ".join(needing)}
        else:
            message.help_text = _("Optional. Shown on their timeline and emailed to them.")

    def clean(self):
        cleaned_data = super().clean()
        move = self.moves.get(cleaned_data.get("to_status"))
        if move is not None and move.message_required and not cleaned_data.get("public_message"):
            self.add_error(
                "public_message",
                _("Write the message to the resident: “%(move)s” needs one.")
                % {"move": dict(self.fields["to_status"].widget.choices)[move.to_state]},
            )
        return cleaned_data


class NoteForm(forms.Form):
    prefix = "note"

    text = forms.CharField(
        label=_("Internal note"),
        help_text=_("Only staff see notes."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PublicUpdateForm(forms.Form):
    prefix = "update"

    text = forms.CharField(
        label=_("Update for the resident"),
        help_text=_("Shown on their timeline and emailed to them."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# --- Case types (Snippets > Case types) ---------------------------------------------------------


class CaseTypeForm(WagtailAdminModelForm):
    """The workflow settings added to case types (days counted, extension, duplicate window)
    keep their defaults when a form from before them leaves them out; the admin always sends
    them, so staff see and change the values."""

    DEFAULTED = ("clock_rule", "max_extension_working_days", "duplicate_window_days")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.DEFAULTED:
            if name in self.fields:
                self.fields[name].required = False

    def _clean_defaulted(self, name):
        value = self.cleaned_data.get(name)
        if value in (None, ""):
            return CaseType._meta.get_field(name).get_default()
        return value

    def clean_clock_rule(self):
        return self._clean_defaulted("clock_rule")

    def clean_max_extension_working_days(self):
        return self._clean_defaulted("max_extension_working_days")

    def clean_duplicate_window_days(self):
        return self._clean_defaulted("duplicate_window_days")


# --- Teams (Snippets > Teams) -------------------------------------------------------------------


class StaffMembersWidget(forms.CheckboxSelectMultiple):
    """A tick box per member of staff, with a search box (JavaScript) that narrows the list to
    the names typed; without JavaScript it is the plain list of tick boxes."""

    template_name = "cases/admin/widgets/staff_members.html"

    class Media:
        js = ["cases/admin/staff-members.js"]


def staff_label(user) -> str:
    name = user.get_full_name() or user.get_username()
    return f"{name} ({user.email})" if user.email else name


class TeamForm(WagtailAdminModelForm):
    """Members and leads are chosen from staff accounts only (`selectors.staff_accounts`): a
    resident's account is neither offered nor accepted if posted."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        members = self.fields["members"]
        members.queryset = staff_accounts()
        members.label_from_instance = staff_label
        members.help_text = _("Only staff who can sign in to this admin can join a team.")
        if "leads" in self.fields:
            leads = self.fields["leads"]
            leads.queryset = staff_accounts()
            leads.label_from_instance = staff_label
            leads.help_text = _(
                "Team leads are emailed a digest of the team's cases due soon and overdue each "
                "morning. Only staff who can sign in to this admin can be a team lead."
            )
