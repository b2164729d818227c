"""The survey page's one question (how satisfied, 1 to 5) and the optional reason."""

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import REASON_MAX_LENGTH, Score

SCORE_ERROR = gettext_lazy(
    "Select how satisfied you are, from 1 (very dissatisfied) to 5 (very satisfied)"
)


def reason_limit_text() -> str:
    return number_format(REASON_MAX_LENGTH, force_grouping=True)


class SurveyForm(forms.Form):
    score = forms.TypedChoiceField(
        choices=[(str(value), label) for value, label in Score.choices],
        coerce=int,
        error_messages={"required": SCORE_ERROR, "invalid_choice": SCORE_ERROR},
    )
    # No max_length here: the check is below, so the message can say the limit in words.
    reason = forms.CharField(required=False)

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"]
        if len(reason) > REASON_MAX_LENGTH:
            raise forms.ValidationError(
                _("Why you gave this answer must be %(limit)s characters or fewer"),
                code="max_length",
                params={"limit": reason_limit_text()},
            )
        return reason

    def error_list(self) -> list[dict[str, str]]:
        """For the GOV.UK error summary: each error links to its field."""
        return [
            {"href": f"#{field}", "text": str(message)}
            for field, messages in self.errors.items()
            for message in messages
        ]
