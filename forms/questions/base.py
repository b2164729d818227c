"""What every question has, and the helpers the kinds share."""

from django import forms
from django.utils.translation import gettext_lazy

from ..fields import DATE_PARTS

LENGTH_MESSAGES = {
    "max_length": gettext_lazy("Your answer must be %(limit_value)d characters or fewer"),
    "min_length": gettext_lazy("Your answer must be at least %(limit_value)d characters"),
}


class Question:
    """One question on a step. `step_key` is the form prefix formtools gives the step's fields."""

    template = "eforms/fields/text.html"
    is_fieldset = False
    default_required_message = gettext_lazy("Enter an answer")
    autocomplete = ""

    def __init__(self, kind: str, value, step_key: str):
        self.kind = kind
        self.block = value
        self.step_key = step_key
        self.key = value["key"]
        self.label = value["label"]
        self.hint = value.get("hint") or ""
        self.required = bool(value.get("required", True))
        self.prefill = value.get("prefill") or ""
        self.is_location = bool(value.get("is_location"))

    @property
    def required_message(self) -> str:
        return self.block.get("required_message") or str(self.default_required_message)

    # --- Form fields ----------------------------------------------------------------------------

    def field_names(self) -> list[str]:
        return [self.key]

    def form_fields(self) -> dict[str, forms.Field]:
        return {self.key: self.make_field()}

    def make_field(self) -> forms.Field:
        raise NotImplementedError

    def initial(self, details: dict) -> dict:
        value = details.get(self.prefill) if self.prefill else None
        return {self.key: value} if value else {}

    # --- Answers --------------------------------------------------------------------------------

    def raw(self, cleaned: dict):
        return cleaned.get(self.key)

    def answer_lines(self, cleaned: dict) -> list[str]:
        value = self.raw(cleaned)
        return [] if value in (None, "", []) else [str(value)]

    def answer(self, cleaned: dict) -> str:
        return "\n".join(self.answer_lines(cleaned))

    def matches(self, cleaned: dict, expected: str) -> bool:
        """Whether the answer is (or, for several answers, includes) the expected value."""
        value = self.raw(cleaned)
        values = value if isinstance(value, list | tuple) else [value]
        wanted = _norm(expected)
        return any(_norm(item) == wanted for item in values if item not in (None, ""))

    # --- Rendering ------------------------------------------------------------------------------

    def render_context(self, form: forms.Form, *, page_heading: bool) -> dict:
        field = form[self.key]
        context = self.base_context(field, page_heading=page_heading)
        context["value"] = _text(field.value())
        return context

    def base_context(self, field, *, page_heading: bool) -> dict:
        element_id = field.auto_id
        error = _first_error(field)
        hint_id = f"{element_id}-hint" if self.hint else ""
        error_id = f"{element_id}-error" if error else ""
        return {
            "template": self.template,
            "kind": self.kind,
            "key": self.key,
            "id": element_id,
            "name": field.html_name,
            "label": self.label,
            "hint": self.hint,
            "hint_id": hint_id,
            "error": error,
            "error_id": error_id,
            "described_by": " ".join(item for item in (hint_id, error_id) if item),
            "page_heading": page_heading,
            "autocomplete": self.autocomplete,
        }

    def error_links(self, form: forms.Form) -> list[dict]:
        links = []
        for name in self.field_names():
            field = form[name]
            error = _first_error(field)
            if error:
                links.append({"href": "#" + self.error_target(field), "text": error})
        return links

    def error_target(self, field) -> str:
        return field.auto_id


def _norm(value) -> str:
    return str(value or "").strip().casefold()


def _text(value) -> str:
    return "" if value is None else str(value)


def _first_error(field) -> str:
    errors = field.errors
    return str(errors[0]) if errors else ""


def _error_parts(field) -> set[str]:
    form = field.form
    if not form.is_bound or field.name not in form.errors:
        return set()
    parts = set()
    for error in form.errors.as_data()[field.name]:
        parts.update(getattr(error, "parts", DATE_PARTS))
    return parts
