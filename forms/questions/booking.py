"""Questions for booking and paying: priced items (how many of each, with a price) and a booking
slot (a date, or a date and time, with capacity).

The slot question needs what earlier steps said (the address's postcode, how many items), and the
live capacity, so the view gives its step form a `SlotChoice` (see forms/booking.py); the
question's checks and rendering read it from the form. Without one (a preview) it shows no dates.
"""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crm.bookings.enums import TIMED_KINDS, ResourceKind
from crm.payments.selectors import format_amount

from .base import Question, _first_error, _text

NONE_CHOSEN = "none_chosen"


def to_pence(value) -> int:
    return int(round(Decimal(str(value or 0)) * 100))


def lower_first(text: str) -> str:
    """ "Fridges" -> "fridges", but "TVs" stays "TVs"."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


class QuantityField(forms.CharField):
    """How many of one item: blank means none; a whole number up to the item's limit."""

    def __init__(self, *, item_label: str, max_quantity: int, **kwargs):
        self.item_label = item_label
        self.max_quantity = max_quantity
        kwargs.setdefault("max_length", 10)
        super().__init__(required=False, **kwargs)

    def clean(self, value):
        text = (super().clean(value) or "").replace(" ", "")
        if not text:
            return 0
        if not text.isdigit():
            raise ValidationError(
                _("Enter how many %(item)s as a number, or 0")
                % {"item": lower_first(self.item_label)},
                code="invalid",
            )
        quantity = int(text)
        if quantity > self.max_quantity:
            raise ValidationError(
                _("Enter %(max)d or fewer %(item)s")
                % {"max": self.max_quantity, "item": lower_first(self.item_label)},
                code="too_many",
            )
        return quantity


class PricedItemsQuestion(Question):
    template = "eforms/fields/priced_items.html"
    is_fieldset = True
    default_required_message = gettext_lazy("Choose at least one item")

    @property
    def items(self) -> list[dict]:
        return [
            {
                "value": item["value"],
                "label": item["label"],
                "unit_amount": to_pence(item.get("price")),
                "max_quantity": int(item.get("max_quantity") or 1),
            }
            for item in self.block.get("items", [])
        ]

    def name(self, value: str) -> str:
        return f"{self.key}__{value}"

    def field_names(self):
        return [self.name(item["value"]) for item in self.items]

    def form_fields(self):
        return {
            self.name(item["value"]): QuantityField(
                item_label=item["label"], max_quantity=item["max_quantity"]
            )
            for item in self.items
        }

    def clean_form(self, form) -> None:
        """At least one item, when the question must be answered."""
        names = self.field_names()
        if not self.required or not names or any(name in form.errors for name in names):
            return
        if not any(form.cleaned_data.get(name) for name in names):
            form.add_error(names[0], ValidationError(self.required_message, code=NONE_CHOSEN))

    # --- Answers --------------------------------------------------------------------------------

    def chosen(self, cleaned: dict) -> list[dict]:
        """The items asked for, each with its quantity and amount in pence."""
        chosen = []
        for item in self.items:
            quantity = int(cleaned.get(self.name(item["value"])) or 0)
            if quantity:
                chosen.append(
                    {**item, "quantity": quantity, "amount": quantity * item["unit_amount"]}
                )
        return chosen

    def raw(self, cleaned):
        return {item["value"]: item["quantity"] for item in self.chosen(cleaned)}

    def total_quantity(self, cleaned: dict) -> int:
        return sum(item["quantity"] for item in self.chosen(cleaned))

    def answer_lines(self, cleaned):
        return [
            _("%(quantity)d x %(item)s (%(amount)s)")
            % {
                "quantity": item["quantity"],
                "item": item["label"],
                "amount": format_amount(item["amount"]),
            }
            for item in self.chosen(cleaned)
        ]

    def matches(self, cleaned, expected):
        return expected.strip() in self.raw(cleaned)

    # --- Rendering ------------------------------------------------------------------------------

    def render_context(self, form, *, page_heading):
        names = self.field_names()
        first = form[names[0]] if names else None
        context = self.base_context(first, page_heading=page_heading) if first else {}
        none_chosen = first is not None and _has_code(first, NONE_CHOSEN)
        fieldset_id = f"{first.auto_id}-fieldset" if first else self.key
        context.update(
            id=fieldset_id,
            hint_id=f"{fieldset_id}-hint" if self.hint else "",
            error=self.required_message if none_chosen else "",
            error_id=f"{fieldset_id}-error" if none_chosen else "",
        )
        context["described_by"] = " ".join(
            item for item in (context.get("hint_id", ""), context["error_id"]) if item
        )
        context["items"] = []
        for item in self.items:
            field = form[self.name(item["value"])]
            error = "" if field is first and none_chosen else _first_error(field)
            hint_id = f"{field.auto_id}-hint"
            error_id = f"{field.auto_id}-error" if error else ""
            context["items"].append(
                {
                    "id": field.auto_id,
                    "name": field.html_name,
                    "label": item["label"],
                    "hint": _("%(price)s each. Up to %(max)d.")
                    % {"price": format_amount(item["unit_amount"]), "max": item["max_quantity"]},
                    "hint_id": hint_id,
                    "value": _text(field.value()),
                    "error": error,
                    "error_id": error_id,
                    "described_by": " ".join(x for x in (hint_id, error_id) if x),
                }
            )
        return context


class BookingSlotQuestion(Question):
    template = "eforms/fields/booking_slot.html"
    is_fieldset = True

    @property
    def resource_kind(self) -> str:
        return self.block.get("resource_kind") or ResourceKind.COLLECTION_ROUND

    @property
    def is_timed(self) -> bool:
        return self.resource_kind in TIMED_KINDS

    @property
    def resource(self):
        return self.block.get("resource")

    @property
    def quantity_from(self) -> str:
        return (self.block.get("quantity_from") or "").strip()

    @property
    def resource_from(self) -> str:
        return (self.block.get("resource_from") or "").strip()

    @property
    def slot_name(self) -> str:
        """Where the form's cleaned data keeps the chosen `Slot` (not a field: never posted)."""
        return f"{self.key}__slot"

    @property
    def required_message(self):
        return self.block.get("required_message") or (
            _("Choose a date and time") if self.is_timed else _("Choose a date")
        )

    def make_field(self):
        return forms.CharField(
            required=True, max_length=200, error_messages={"required": self.required_message}
        )

    def clean_form(self, form) -> None:
        """The chosen slot must still be free for this resident (their resources, quantity)."""
        from ..booking import check_slot

        key = form.cleaned_data.get(self.key)
        choice = getattr(form, "slot_choice", None)
        if not key or choice is None:
            return
        slot = check_slot(choice, key)
        if slot is None:
            form.add_error(self.key, ValidationError(slot_unavailable_message(), code="gone"))
        else:
            form.cleaned_data[self.slot_name] = slot

    def slot(self, cleaned: dict):
        return cleaned.get(self.slot_name) if cleaned else None

    def answer_lines(self, cleaned):
        slot = self.slot(cleaned)
        if slot is not None:
            return [slot.label]
        return [str(self.raw(cleaned))] if self.raw(cleaned) else []

    def matches(self, cleaned, expected):
        return False

    def render_context(self, form, *, page_heading):
        from ..booking import slot_page_context

        field = form[self.key]
        context = self.base_context(field, page_heading=page_heading)
        context.update(slot_page_context(self, form, field))
        return context


def slot_unavailable_message() -> str:
    return _("That date or time is no longer available. Choose another.")


def _has_code(field, code: str) -> bool:
    form = field.form
    if not form.is_bound or field.name not in form.errors:
        return False
    return any(error.code == code for error in form.errors.as_data()[field.name])
