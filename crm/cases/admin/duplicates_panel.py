"""The "Possible duplicates" section of the staff case page (through `CASE_PANELS_HOOK`): the
likely duplicates of the case with "Merge into this case" and "Link" buttons, the cases linked
to it (with "Unlink") and those merged into it, and a box to link any case by its reference.

Each button posts to a `CasePanelActionView` here, which fetches the other case for the
signed-in member of staff (not found: the same message whether it does not exist or they may
not see it) and calls one service (`merge_cases`, `link_cases`, `unlink_cases`); a refusal
comes back to this section with its reason. docs/duplicates.md.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks

from ..selectors import find_case_for_staff, likely_duplicates, related_cases
from ..services.duplicates import link_cases, merge_cases, unlink_cases
from .case_views import CASE_PANELS_HOOK, CasePanelActionView, case_url

FORM_KEY = "duplicates"


class OtherCaseForm(forms.Form):
    """The other case of a merge or link: its UUID (the buttons) or its reference (typed)."""

    other = forms.CharField(
        label=gettext_lazy("Case reference"),
        max_length=64,
        error_messages={"required": gettext_lazy("Enter the reference of the case to link.")},
    )


def duplicates_panel(request, case, errors: dict) -> SafeString:
    form = errors.get(FORM_KEY)
    merged_into = case.duplicate_of if case.duplicate_of_id else None
    return render_to_string(
        "cases/admin/duplicates/panel.html",
        {
            "case": case,
            "merged_into": merged_into,
            # A merged case has been dealt with: its own duplicates are not looked for.
            "duplicates": [] if merged_into else likely_duplicates(request.user, case),
            "related": related_cases(request.user, case),
            "form": form,
            "link_form": form
            if form is not None and form.data.get("typed")
            else OtherCaseForm(prefix=FORM_KEY),
            "window_days": case.case_type.duplicate_window_days,
            "merge_url": reverse("cases_admin:merge_duplicate", kwargs={"case_uuid": case.uuid}),
            "link_url": reverse("cases_admin:link_case", kwargs={"case_uuid": case.uuid}),
            "unlink_url": reverse("cases_admin:unlink_case", kwargs={"case_uuid": case.uuid}),
            "case_url_of": case_url,
        },
        request=request,
    )


@hooks.register(CASE_PANELS_HOOK)
def add_duplicates_panel(request, case, errors):
    return duplicates_panel(request, case, errors)


class OtherCaseActionView(CasePanelActionView):
    form_class = OtherCaseForm
    panel_form_key = FORM_KEY
    error_field = None  # refusals above the section's forms

    def other_case(self, form):
        other = find_case_for_staff(self.request.user, form.cleaned_data["other"])
        if other is None:
            raise ValidationError(
                _("There is no case %(reference)s that you can see.")
                % {"reference": form.cleaned_data["other"]},
                code="not_found",
            )
        return other

    def success_response(self):
        response = super().success_response()
        response["Location"] += "#case-duplicates-heading"
        return response


class MergeDuplicateView(OtherCaseActionView):
    """ "Merge into this case": the other case closes as a duplicate of this one."""

    def perform(self, form):
        self.other = self.other_case(form)
        merge_cases(self.other, self.case, actor=self.request.user)

    @property
    def success_message(self):
        return _("Case %(other)s has been merged into this case and closed as a duplicate.") % {
            "other": self.other.reference
        }


class LinkCaseView(OtherCaseActionView):
    def perform(self, form):
        self.other = self.other_case(form)
        link_cases(self.case, self.other, actor=self.request.user)

    @property
    def success_message(self):
        return _("This case is now linked to case %(other)s.") % {"other": self.other.reference}


class UnlinkCaseView(OtherCaseActionView):
    def perform(self, form):
        self.other = self.other_case(form)
        unlink_cases(self.case, self.other, actor=self.request.user)

    @property
    def success_message(self):
        return _("This case is no longer linked to case %(other)s.") % {
            "other": self.other.reference
        }


# (route under <case_uuid>/, view, name), appended to urls.CASE_ROUTES
DUPLICATE_ROUTES = [
    ("duplicates/merge/", MergeDuplicateView, "merge_duplicate"),
    ("duplicates/link/", LinkCaseView, "link_case"),
    ("duplicates/unlink/", UnlinkCaseView, "unlink_case"),
]
