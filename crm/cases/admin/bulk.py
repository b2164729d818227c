"""Bulk actions on the queues: assign the ticked cases, or move them to a state.

The queue's tick boxes send the cases here (GET, up to `BULK_LIMIT`); this page lists them and
asks what to do. The POST runs the same service as the case page for each case in turn
(`assign_case`, `change_case_status`), each in its own transaction, so every rule (who may
make a move, messages required, excluded handlers, team membership) runs per case and one
refusal changes nothing for the others; then a report lists what was done and what was refused,
with each refusal's reason. docs/duplicates.md ("Bulk actions").
"""

from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..models import Team
from ..selectors import cases_for_staff_by_uuid, officers_for_assignment
from ..services import assign_case, change_case_status
from ..workflows import spec_for_case
from .queues import BULK_LIMIT

ASSIGN = "assign"
STATUS = "status"


class BulkActionForm(forms.Form):
    """What to do with the selected cases. State names are those of the selected cases'
    workflows; a case whose workflow has no such state is refused, not skipped silently."""

    action = forms.ChoiceField(
        label=gettext_lazy("Action"),
        widget=forms.RadioSelect,
        choices=[
            (ASSIGN, gettext_lazy("Assign to")),
            (STATUS, gettext_lazy("Change status to")),
        ],
        error_messages={"required": gettext_lazy("Choose what to do with the cases.")},
    )
    team = forms.ModelChoiceField(
        queryset=None,
        label=gettext_lazy("Team"),
        required=False,
        empty_label=gettext_lazy("Keep each case's team"),
    )
    officer = forms.ModelChoiceField(
        queryset=None,
        label=gettext_lazy("Officer"),
        required=False,
        empty_label=gettext_lazy("No officer (the team's queue)"),
    )
    to_state = forms.ChoiceField(label=gettext_lazy("New status"), required=False)
    public_message = forms.CharField(
        label=gettext_lazy("Message to each resident"),
        help_text=gettext_lazy(
            "Optional, unless a move needs one. Shown on each case's timeline and emailed."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.order_by("name")
        self.fields["officer"].queryset = officers_for_assignment()
        self.fields["officer"].label_from_instance = lambda user: (
            user.get_full_name() or user.get_username()
        )
        states: dict[str, str] = {}
        for case in cases:
            for name, state in spec_for_case(case).states.items():
                states.setdefault(name, state.label)
        self.fields["to_state"].choices = [
            ("", _("Choose a status")),
            *((name, f"{label} ({name})") for name, label in states.items()),
        ]

    def clean(self):
        cleaned_data = super().clean()
        action = cleaned_data.get("action")
        if action == ASSIGN and not (cleaned_data.get("team") or cleaned_data.get("officer")):
            self.add_error("team", _("Choose a team, an officer or both."))
        if action == STATUS and not cleaned_data.get("to_state"):
            self.add_error("to_state", _("Choose the status to move the cases to."))
        return cleaned_data


@dataclass
class Outcome:
    case: object
    done: bool
    detail: str


def apply_bulk_action(cases, *, action: str, actor, data: dict) -> list[Outcome]:
    """Run the action on each case through its service, each in its own transaction (the
    services' own); a refusal is recorded with its reason and the next case goes on."""
    outcomes = []
    for case in cases:
        try:
            detail = _apply_one(case, action=action, actor=actor, data=data)
        except ValidationError as error:
            outcomes.append(Outcome(case, False, " ".join(error.messages)))
        else:
            outcomes.append(Outcome(case, True, detail))
    return outcomes


def _apply_one(case, *, action: str, actor, data: dict) -> str:
    if action == ASSIGN:
        team, officer = data.get("team"), data.get("officer")
        before = (case.team_id, case.assigned_to_id)
        assign_case(case, actor=actor, team=team, officer=officer)
        if (case.team_id, case.assigned_to_id) == before:
            return _("No change: already assigned there.")
        if officer is not None:
            return _("Assigned to %(officer)s (%(team)s).") % {
                "officer": officer.get_full_name() or officer.get_username(),
                "team": case.team.name,
            }
        return _("Assigned to %(team)s.") % {"team": case.team.name}
    name = data["to_state"]
    state = spec_for_case(case).state(name)
    if state is None:
        raise ValidationError(
            _("Its workflow has no status “%(state)s”.") % {"state": name}, code="no_such_state"
        )
    change_case_status(
        case, to_status=name, actor=actor, public_message=data.get("public_message", "")
    )
    return _("Moved to “%(state)s”.") % {"state": state.label}


class BulkActionView(WagtailAdminTemplateMixin, TemplateView):
    """GET: the selected cases and the form; POST: apply it and show the report."""

    template_name = "cases/admin/bulk/choose.html"
    header_icon = "tasks"
    page_title = gettext_lazy("Act on several cases")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def back_url(self) -> str:
        source = self.request.POST if self.request.method == "POST" else self.request.GET
        url = source.get("next", "")
        if url and url_has_allowed_host_and_scheme(
            url, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        ):
            return url
        return reverse("cases_admin:team_queue")

    def selected(self, source) -> tuple[list, int, bool]:
        """(cases this member of staff may see, how many were asked for, over the limit?)"""
        uuids = list(dict.fromkeys(source.getlist("cases")))
        if len(uuids) > BULK_LIMIT:
            return [], len(uuids), True
        return cases_for_staff_by_uuid(self.request.user, uuids), len(uuids), False

    def get(self, request, *args, **kwargs):
        cases, asked, too_many = self.selected(request.GET)
        if not asked:
            messages.error(request, _("Tick at least one case first."))
            return redirect(self.back_url())
        form = BulkActionForm(cases=cases)
        return self.render_to_response(
            self.get_context_data(form=form, cases=cases, asked=asked, too_many=too_many)
        )

    def post(self, request, *args, **kwargs):
        cases, asked, too_many = self.selected(request.POST)
        form = BulkActionForm(request.POST, cases=cases)
        if too_many or not cases or not form.is_valid():
            if not too_many and not cases:
                form.add_error(None, _("None of the selected cases can be found."))
            return self.render_to_response(
                self.get_context_data(form=form, cases=cases, asked=asked, too_many=too_many)
            )
        outcomes = apply_bulk_action(
            cases, action=form.cleaned_data["action"], actor=request.user, data=form.cleaned_data
        )
        done = sum(1 for outcome in outcomes if outcome.done)
        refused = len(outcomes) - done
        if refused:
            messages.warning(
                request,
                _("%(done)s of %(total)s cases changed; %(refused)s refused (see the reasons).")
                % {"done": done, "total": len(outcomes), "refused": refused},
            )
        else:
            messages.success(request, _("All %(total)s cases done.") % {"total": len(outcomes)})
        self.template_name = "cases/admin/bulk/report.html"
        return self.render_to_response(
            self.get_context_data(
                outcomes=outcomes,
                done=done,
                refused=refused,
                missing=asked - len(cases),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cases = kwargs.get("cases") or []
        asked = kwargs.get("asked", 0)
        context.update(
            back_url=self.back_url(),
            limit=BULK_LIMIT,
            missing=kwargs.get("missing", asked - len(cases)),
        )
        return context
