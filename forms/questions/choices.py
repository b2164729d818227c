"""Questions answered by choosing: radios, yes or no, a drop-down list and checkboxes."""

from django import forms
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .base import Question, _norm

YES_NO = (("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No")))


class ChoiceQuestion(Question):
    template = "eforms/fields/radios.html"
    is_fieldset = True
    inline = False
    default_required_message = gettext_lazy("Select an option")

    @cached_property
    def options(self) -> list[tuple[str, str]]:
        return [
            (option.get("value") or slugify(option["label"])[:50], option["label"])
            for option in self.block.get("options", [])
        ]

    def make_field(self):
        return forms.ChoiceField(
            required=self.required,
            choices=self.options,
            error_messages={
                "required": self.required_message,
                "invalid_choice": _("Select an option from the list"),
            },
        )

    def answer_lines(self, cleaned):
        labels = dict(self.options)
        value = self.raw(cleaned)
        values = value if isinstance(value, list | tuple) else [value] if value else []
        return [str(labels.get(item, item)) for item in values]

    def answer(self, cleaned):
        return ", ".join(self.answer_lines(cleaned))

    def matches(self, cleaned, expected):
        wanted = _norm(expected)
        by_label = {_norm(label): value for value, label in self.options}
        return super().matches(cleaned, by_label.get(wanted, expected))

    def render_context(self, form, *, page_heading):
        field = form[self.key]
        context = self.base_context(field, page_heading=page_heading)
        selected = field.value()
        selected = {str(item) for item in selected} if isinstance(selected, list) else {selected}
        context["inline"] = self.inline
        context["options"] = [
            {
                "id": field.auto_id if index == 0 else f"{field.auto_id}-{index + 1}",
                "value": value,
                "label": label,
                "checked": value in selected,
            }
            for index, (value, label) in enumerate(self.options)
        ]
        return context


class YesNoQuestion(ChoiceQuestion):
    inline = True

    @cached_property
    def options(self):
        return [(value, str(label)) for value, label in YES_NO]


class SelectQuestion(ChoiceQuestion):
    template = "eforms/fields/select.html"
    is_fieldset = False

    def make_field(self):
        field = super().make_field()
        field.choices = [("", _("Choose an option")), *self.options]
        return field

    def render_context(self, form, *, page_heading):
        context = super().render_context(form, page_heading=page_heading)
        context["options"] = [
            {"value": "", "label": _("Choose an option"), "checked": False},
            *context["options"],
        ]
        return context


class MultipleChoiceQuestion(ChoiceQuestion):
    template = "eforms/fields/checkboxes.html"
    default_required_message = gettext_lazy("Select at least one option")

    def make_field(self):
        return forms.MultipleChoiceField(
            required=self.required,
            choices=self.options,
            error_messages={
                "required": self.required_message,
                "invalid_choice": _("Select options from the list"),
            },
        )
