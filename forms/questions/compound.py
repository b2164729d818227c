"""Questions with more than one input or more than a value: date, UK address, file upload and
declaration."""

from django import forms
from django.utils.dateformat import format as format_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..enums import DEFAULT_FILE_KINDS, DateRule, Prefill
from ..fields import DATE_PARTS, DateInputField, PostcodeField, UploadField
from .base import LENGTH_MESSAGES, Question, _error_parts, _first_error, _norm, _text

ADDRESS_PARTS = (
    ("line_1", "address_line_1", gettext_lazy("Address line 1"), "address-line1"),
    ("line_2", "address_line_2", gettext_lazy("Address line 2 (optional)"), "address-line2"),
    ("town", "town", gettext_lazy("Town or city"), "address-level2"),
    ("postcode", "postcode", gettext_lazy("Postcode"), "postal-code"),
)


class DateQuestion(Question):
    template = "eforms/fields/date.html"
    is_fieldset = True
    default_required_message = gettext_lazy("Enter a date")

    def make_field(self):
        return DateInputField(
            required=self.required,
            rule=self.block.get("rule") or DateRule.ANY,
            error_messages={"required": self.required_message},
        )

    def answer_lines(self, cleaned):
        value = self.raw(cleaned)
        return [format_date(value, "j F Y")] if value else []

    def matches(self, cleaned, expected):
        value = self.raw(cleaned)
        return bool(value) and value.isoformat() == expected.strip()

    def render_context(self, form, *, page_heading):
        field = form[self.key]
        context = self.base_context(field, page_heading=page_heading)
        value = field.value()
        if not isinstance(value, list | tuple):
            value = field.field.widget.decompress(value)
        error_parts = _error_parts(field)
        labels = {"day": _("Day"), "month": _("Month"), "year": _("Year")}
        context["parts"] = [
            {
                "id": f"{field.auto_id}_{part}",
                "name": f"{field.html_name}_{part}",
                "label": labels[part],
                "value": _text(item),
                "width": 4 if part == "year" else 2,
                "error": part in error_parts,
            }
            for part, item in zip(DATE_PARTS, value, strict=False)
        ]
        return context

    def error_target(self, field):
        parts = _error_parts(field)
        first = next((part for part in DATE_PARTS if part in parts), "day")
        return f"{field.auto_id}_{first}"


class AddressQuestion(Question):
    template = "eforms/fields/address.html"
    is_fieldset = True

    def name(self, part: str) -> str:
        return f"{self.key}_{part}"

    def field_names(self):
        return [self.name(part) for part, *_rest in ADDRESS_PARTS]

    def form_fields(self):
        messages = {
            "line_1": self.block.get("required_message")
            or _("Enter address line 1, typically the building and street"),
            "town": _("Enter town or city"),
            "postcode": _("Enter postcode"),
        }
        fields = {}
        for part, _key, _label, _auto in ADDRESS_PARTS:
            required = self.required and part in messages
            errors = {"required": messages.get(part, ""), **LENGTH_MESSAGES}
            if part == "postcode":
                fields[self.name(part)] = PostcodeField(required=required, error_messages=errors)
            else:
                fields[self.name(part)] = forms.CharField(
                    required=required, max_length=200, error_messages=errors
                )
        return fields

    def initial(self, details):
        address = details.get(Prefill.ADDRESS) if self.prefill else None
        if not address:
            return {}
        return {self.name(part): address.get(key, "") for part, key, *_rest in ADDRESS_PARTS}

    def raw(self, cleaned):
        return {key: cleaned.get(self.name(part)) or "" for part, key, *_rest in ADDRESS_PARTS}

    def answer_lines(self, cleaned):
        return [line for line in self.raw(cleaned).values() if line]

    def answer(self, cleaned):
        return ", ".join(self.answer_lines(cleaned))

    def matches(self, cleaned, expected):
        return _norm(self.raw(cleaned)["postcode"]) == _norm(expected)

    def render_context(self, form, *, page_heading):
        first = form[self.name("line_1")]
        context = self.base_context(first, page_heading=page_heading)
        context.update(error="", error_id="", described_by=context["hint_id"])
        context["parts"] = []
        for part, _key, label, autocomplete in ADDRESS_PARTS:
            field = form[self.name(part)]
            error = _first_error(field)
            context["parts"].append(
                {
                    "id": field.auto_id,
                    "name": field.html_name,
                    "label": label,
                    "value": _text(field.value()),
                    "autocomplete": autocomplete,
                    "error": error,
                    "error_id": f"{field.auto_id}-error" if error else "",
                    "width_class": {
                        "town": "govuk-!-width-two-thirds",
                        "postcode": "govuk-input--width-10",
                    }.get(part, ""),
                }
            )
        return context


class FileUploadQuestion(Question):
    template = "eforms/fields/file_upload.html"
    default_required_message = gettext_lazy("Select a file")

    @property
    def max_files(self) -> int:
        return int(self.block.get("max_files") or 1)

    def make_field(self):
        return UploadField(
            required=self.required,
            max_files=self.max_files,
            max_size_mb=int(self.block.get("max_size_mb") or 10),
            kinds=self.block.get("file_kinds") or DEFAULT_FILE_KINDS,
            keep_location=bool(self.block.get("keep_location")),
            error_messages={"required": self.required_message},
        )

    def files(self, cleaned) -> list:
        return list(self.raw(cleaned) or [])

    def answer_lines(self, cleaned):
        return [uploaded.name for uploaded in self.files(cleaned)]

    def answer(self, cleaned):
        return ", ".join(self.answer_lines(cleaned))

    def matches(self, cleaned, expected):
        return False

    def render_context(self, form, *, page_heading):
        field = form[self.key]
        context = self.base_context(field, page_heading=page_heading)
        context["multiple"] = self.max_files > 1
        context["accept"] = field.field.widget.attrs.get("accept", "")
        context["uploaded"] = [
            {"name": uploaded.name, "index": index}
            for index, uploaded in enumerate(form.stored_files.get(self.key, []))
        ]
        return context


class DeclarationQuestion(Question):
    template = "eforms/fields/declaration.html"
    is_fieldset = True
    default_required_message = gettext_lazy("Select the box to confirm the declaration")

    def __init__(self, kind, value, step_key):
        super().__init__(kind, value, step_key)
        self.required = True

    def make_field(self):
        return forms.BooleanField(required=True, error_messages={"required": self.required_message})

    def answer_lines(self, cleaned):
        if not self.raw(cleaned):
            return []
        return [_("Confirmed: %(statement)s") % {"statement": self.block.get("statement", "")}]

    def matches(self, cleaned, expected):
        return bool(self.raw(cleaned)) == (_norm(expected) in {"yes", "true", "confirmed"})

    def render_context(self, form, *, page_heading):
        field = form[self.key]
        context = self.base_context(field, page_heading=page_heading)
        context["statement"] = self.block.get("statement", "")
        context["checked"] = bool(field.value()) and field.value() not in ("false", "off")
        return context
