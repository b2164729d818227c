"""Questions typed into a text box: short and long text, email, UK phone number and number."""

from django import forms
from django.core.validators import RegexValidator
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..enums import Prefill
from ..fields import NumberField, UKPhoneField
from .base import LENGTH_MESSAGES, Question


class ShortTextQuestion(Question):
    width_class = ""
    input_type = "text"
    spellcheck = None

    @cached_property
    def autocomplete(self):
        return {Prefill.NAME: "name"}.get(self.prefill, "")

    def make_field(self):
        validators = []
        pattern = self.block.get("pattern")
        if pattern:
            message = (self.block.get("pattern_message") or _("Enter a valid answer")).replace(
                "%", "%%"
            )
            validators.append(RegexValidator(rf"\A(?:{pattern})\Z", message=message))
        return forms.CharField(
            required=self.required,
            min_length=self.block.get("min_length") or None,
            max_length=self.block.get("max_length") or None,
            validators=validators,
            error_messages={"required": self.required_message, **LENGTH_MESSAGES},
        )

    def render_context(self, form, *, page_heading):
        context = super().render_context(form, page_heading=page_heading)
        context.update(
            input_type=self.input_type,
            width_class=self.width_class,
            spellcheck=self.spellcheck,
            inputmode=getattr(self, "inputmode", ""),
        )
        return context


class LongTextQuestion(Question):
    template = "eforms/fields/textarea.html"

    def make_field(self):
        return forms.CharField(
            required=self.required,
            min_length=self.block.get("min_length") or None,
            max_length=self.block.get("max_length") or None,
            widget=forms.Textarea,
            error_messages={"required": self.required_message, **LENGTH_MESSAGES},
        )

    def answer_lines(self, cleaned):
        return list((self.raw(cleaned) or "").splitlines())


class EmailQuestion(ShortTextQuestion):
    input_type = "email"
    spellcheck = False
    autocomplete = "email"
    default_required_message = gettext_lazy("Enter an email address")

    def make_field(self):
        return forms.EmailField(
            required=self.required,
            max_length=254,
            error_messages={
                "required": self.required_message,
                "invalid": _("Enter an email address in the correct format, like name@example.com"),
                **LENGTH_MESSAGES,
            },
        )


class PhoneQuestion(ShortTextQuestion):
    input_type = "tel"
    autocomplete = "tel"
    width_class = "govuk-input--width-20"
    default_required_message = gettext_lazy("Enter a phone number")

    def make_field(self):
        return UKPhoneField(
            required=self.required,
            error_messages={"required": self.required_message, **LENGTH_MESSAGES},
        )


class NumberQuestion(ShortTextQuestion):
    width_class = "govuk-input--width-10"
    spellcheck = False
    autocomplete = ""
    default_required_message = gettext_lazy("Enter a number")

    @property
    def whole_number(self) -> bool:
        return bool(self.block.get("whole_number", True))

    @property
    def inputmode(self) -> str:
        return "numeric" if self.whole_number else "decimal"

    def make_field(self):
        return NumberField(
            required=self.required,
            whole_number=self.whole_number,
            min_value=self.block.get("min_value"),
            max_value=self.block.get("max_value"),
            error_messages={"required": self.required_message},
        )
