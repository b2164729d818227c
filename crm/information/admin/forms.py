"""The forms of the "Information request" section of an FOI or EIR case page. Each posts to its
own view with its own prefix (its key in the case page's `panel_errors`)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from crm.cases.admin.forms import DateInput
from crm.cases.uploads import ALL_KINDS, MultipleFileField, check_uploads, kinds_text, size_text

from ..models import EIR_EXCEPTIONS, FOIA_EXEMPTIONS, Regime, ReviewOutcome

EXEMPTIONS_KEY = "foi-exemptions"
EXTENSION_KEY = "foi-extension"
RESPONSE_KEY = "foi-response"
REVIEW_KEY = "foi-review"

MAX_FILES = 10
MAX_FILE_SIZE = 25 * 1024 * 1024


class ExemptionsForm(forms.Form):
    regime = forms.ChoiceField(
        label=_("Handled under"),
        choices=Regime.choices,
        error_messages={"required": _("Choose the law the request is handled under.")},
    )
    foia = forms.MultipleChoiceField(
        label=_("Freedom of Information Act exemptions"),
        choices=[(e.value, e.label) for e in FOIA_EXEMPTIONS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    eir = forms.MultipleChoiceField(
        label=_("Environmental Information Regulations exceptions"),
        choices=[(e.value, e.label) for e in EIR_EXCEPTIONS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    @property
    def exemptions(self) -> list[str]:
        return [*self.cleaned_data.get("foia", []), *self.cleaned_data.get("eir", [])]


class ExtensionForm(forms.Form):
    new_due_date = forms.DateField(
        label=_("New due date"),
        widget=DateInput,
        help_text=_("A working day. The resident is told the new date and the reason."),
        error_messages={
            "required": _("Enter the new due date."),
            "invalid": _("Enter the new due date as a real date, for example 27 3 2026."),
        },
    )
    reason = forms.CharField(
        label=_("Reason for the extension"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For example: we need more time to consider the public interest in releasing the "
            "information (section 10(3))."
        ),
        error_messages={"required": _("Enter the reason for the extension.")},
    )


class ResponseForm(forms.Form):
    message = forms.CharField(
        label=_("Response to the resident"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "On the request's timeline for the resident and emailed to them, with a link to "
            "the files."
        ),
        error_messages={"required": _("Write the response to the resident.")},
    )
    files = MultipleFileField(
        label=_("Files to send (optional)"),
        required=False,
        error_messages={"empty": _("The selected file is empty")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = _(
            "Up to %(count)s files, each smaller than %(size)s: %(types)s. The resident can "
            "download them from their request. If the form comes back with an error, choose "
            "the files again."
        ) % {"count": MAX_FILES, "size": size_text(MAX_FILE_SIZE), "types": kinds_text(ALL_KINDS)}

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(
                _("Select up to %(count)s files."), params={"count": MAX_FILES}, code="too_many"
            )
        return check_uploads(files, max_size=MAX_FILE_SIZE)


class ReviewOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome of the internal review"),
        choices=ReviewOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the outcome of the review.")},
    )
    reason = forms.CharField(
        label=_("Reason for the outcome"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Sent to the resident with the outcome."),
        error_messages={"required": _("Enter the reason for the outcome.")},
    )
