"""Render Django form fields and errors as GOV.UK Frontend components.

`{% govuk_field form.email %}` gives the GOV.UK form group for one field: label, hint, error
message, and the input with GOV.UK classes, `aria-describedby` pointing at the hint and error,
and no placeholder (placeholders vanish as you type and fail contrast). Password fields use the
GOV.UK password input (its "Show" button appears only when JavaScript runs).
`{% govuk_error_summary form %}` gives the error summary, each error linked to its field.
"""

from django import forms, template
from django.utils.translation import gettext_lazy as _

register = template.Library()

INPUT_CLASSES = {
    "input": "govuk-input",
    "password": "govuk-input govuk-password-input__input govuk-js-password-input-input",
    "textarea": "govuk-textarea",
    "file": "govuk-file-upload",
    "select": "govuk-select",
    "checkbox": "govuk-checkboxes__input",
}
ERROR_CLASSES = {
    "input": "govuk-input--error",
    "password": "govuk-input--error",
    "textarea": "govuk-textarea--error",
    "file": "govuk-file-upload--error",
    "select": "govuk-select--error",
}


def field_kind(bound_field) -> str:
    widget = bound_field.field.widget
    if bound_field.is_hidden:
        return "hidden"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.FileInput):
        return "file"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.PasswordInput):
        return "password"
    return "input"


@register.inclusion_tag("myaccount/govuk/field.html")
def govuk_field(bound_field, label_class="", input_class=""):
    kind = field_kind(bound_field)
    if kind == "hidden":
        return {"kind": kind, "widget": bound_field.as_widget()}
    field_id = bound_field.id_for_label or bound_field.html_name
    hint_id = f"{field_id}-hint" if bound_field.help_text else ""
    error = bound_field.errors[0] if bound_field.errors else ""
    error_id = f"{field_id}-error" if error else ""
    classes = [INPUT_CLASSES[kind], input_class]
    if error and kind in ERROR_CLASSES:
        classes.append(ERROR_CLASSES[kind])
    attrs = {"class": " ".join(c for c in classes if c), "placeholder": False}
    described_by = " ".join(i for i in (hint_id, error_id) if i)
    if described_by:
        attrs["aria-describedby"] = described_by
    input_type = getattr(bound_field.field.widget, "input_type", "")
    if kind == "password" or input_type == "email":
        attrs.update(spellcheck="false", autocapitalize="none")
    return {
        "kind": kind,
        "field": bound_field,
        "field_id": field_id,
        "label_class": label_class,
        "hint_id": hint_id,
        "error": error,
        "error_id": error_id,
        "widget": bound_field.as_widget(attrs=attrs),
    }


def error_list(form) -> list[dict]:
    """[{"href": "#field-id", "text": message}]: errors not about one field first (linked to the
    form's first field, as GOV.UK asks), then one error per field in the order they appear."""
    if form is None or not getattr(form, "errors", None):
        return []
    visible = list(form.visible_fields())
    first_id = (visible[0].id_for_label or visible[0].html_name) if visible else ""
    errors = [{"href": f"#{first_id}", "text": message} for message in form.non_field_errors()]
    for field in form.hidden_fields():
        errors += [{"href": f"#{first_id}", "text": message} for message in field.errors]
    for field in visible:
        if field.errors:
            target = field.id_for_label or field.html_name
            errors.append({"href": f"#{target}", "text": field.errors[0]})
    return errors


@register.inclusion_tag("includes/error_summary.html")
def govuk_error_summary(form):
    return {"errors": error_list(form)}


@register.simple_tag
def error_title_prefix(*forms_):
    """'Error: ' when any of the forms has errors, for the start of the page title."""
    if any(getattr(form, "errors", None) for form in forms_ if form is not None):
        return _("Error:") + " "
    return ""
