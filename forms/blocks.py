"""The questions an editor puts on an eForm step: one StructBlock per kind of field.

Keys, option values and patterns are `RegexBlock`s, so wagtail-localize copies them unchanged into
translations (conditions and case answers depend on them); labels, hints and messages are
`CharBlock`/`TextBlock`s, which it offers for translation.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.snippets.blocks import SnippetChooserBlock

from crm.bookings.enums import ResourceKind

from .enums import DEFAULT_FILE_KINDS, DateRule, FileKind, Prefill

KEY_PATTERN = r"^[a-z][a-z0-9_]{0,49}$"
OPTION_VALUE_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,49}$"


def _prefill_block(*choices: Prefill) -> blocks.ChoiceBlock:
    return blocks.ChoiceBlock(
        choices=[(choice.value, choice.label) for choice in choices],
        required=False,
        help_text=_(
            "Fill this in for residents who are signed in. It also tells the case who the "
            "customer is."
        ),
    )


def _location_block() -> blocks.BooleanBlock:
    return blocks.BooleanBlock(
        required=False,
        label=_("This answer is the location"),
        help_text=_("Copied to the case as its location. One question per form at most."),
    )


class QuestionBlock(blocks.StructBlock):
    """What every question has: the key its answer is stored under, a label and a hint."""

    key = blocks.RegexBlock(
        regex=KEY_PATTERN,
        error_messages={
            "invalid": _(
                "Use lowercase letters, numbers and underscores, starting with a letter "
                "(for example 'waste_types')"
            )
        },
        help_text=_(
            "A short name for the answer, unique in this form, for example 'waste_types'. "
            "Conditions refer to it; it does not show to residents."
        ),
    )
    label = blocks.CharBlock(max_length=255, help_text=_("The question as residents read it"))
    hint = blocks.TextBlock(required=False, help_text=_("Extra help shown under the question"))

    class Meta:
        icon = "form"


class AnswerableBlock(QuestionBlock):
    required = blocks.BooleanBlock(default=True, required=False, label=_("Answer required"))
    required_message = blocks.CharBlock(
        required=False,
        max_length=255,
        label=_("Error message if not answered"),
        help_text=_("For example 'Enter your full name'. Leave blank for a general message."),
    )


class LengthMixin(blocks.StructBlock):
    def clean(self, value):
        value = super().clean(value)
        low, high = value.get("min_length"), value.get("max_length")
        if low is not None and high is not None and low > high:
            raise StructBlockValidationError(
                block_errors={
                    "max_length": ValidationError(
                        _("The longest answer must be at least the shortest answer")
                    )
                }
            )
        return value


class ShortTextBlock(LengthMixin, AnswerableBlock):
    min_length = blocks.IntegerBlock(required=False, min_value=0, label=_("Shortest answer"))
    max_length = blocks.IntegerBlock(
        default=200, required=False, min_value=1, max_value=1000, label=_("Longest answer")
    )
    pattern = blocks.RegexBlock(
        regex=r"^.+$",
        required=False,
        help_text=_("A regular expression the whole answer must match, for example [A-Z]{2}\\d{6}"),
    )
    pattern_message = blocks.CharBlock(
        required=False,
        max_length=255,
        label=_("Error message if the pattern does not match"),
    )
    prefill = _prefill_block(Prefill.NAME)
    is_location = _location_block()

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        if value.get("pattern"):
            try:
                re.compile(value["pattern"])
            except re.error as error:
                errors["pattern"] = ValidationError(
                    _("This is not a valid regular expression: %(error)s") % {"error": error}
                )
            if not value.get("pattern_message"):
                errors["pattern_message"] = ValidationError(
                    _("Write the error message residents see when the answer does not match")
                )
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value

    class Meta:
        label = _("Short text")
        icon = "pilcrow"


class LongTextBlock(LengthMixin, AnswerableBlock):
    min_length = blocks.IntegerBlock(required=False, min_value=0, label=_("Shortest answer"))
    max_length = blocks.IntegerBlock(
        default=1200, required=False, min_value=1, max_value=10000, label=_("Longest answer")
    )
    is_location = _location_block()

    class Meta:
        label = _("Long text")
        icon = "doc-full"


class EmailQuestionBlock(AnswerableBlock):
    prefill = _prefill_block(Prefill.EMAIL)

    class Meta:
        label = _("Email address")
        icon = "mail"


class UKPhoneBlock(AnswerableBlock):
    prefill = _prefill_block(Prefill.PHONE)

    class Meta:
        label = _("UK phone number")
        icon = "mobile-alt"


class NumberBlock(AnswerableBlock):
    whole_number = blocks.BooleanBlock(default=True, required=False, label=_("Whole numbers only"))
    min_value = blocks.DecimalBlock(required=False, label=_("Smallest allowed"))
    max_value = blocks.DecimalBlock(required=False, label=_("Largest allowed"))

    def clean(self, value):
        value = super().clean(value)
        low, high = value.get("min_value"), value.get("max_value")
        if low is not None and high is not None and low > high:
            raise StructBlockValidationError(
                block_errors={
                    "max_value": ValidationError(
                        _("The largest allowed must be at least the smallest allowed")
                    )
                }
            )
        return value

    class Meta:
        label = _("Number")
        icon = "order"


class DateBlock(AnswerableBlock):
    rule = blocks.ChoiceBlock(
        choices=DateRule.choices, default=DateRule.ANY, label=_("Allowed dates")
    )

    class Meta:
        label = _("Date")
        icon = "date"


class ChoiceOptionBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=255)
    value = blocks.RegexBlock(
        regex=OPTION_VALUE_PATTERN,
        required=False,
        help_text=_("Stored with the answer and used in conditions. Leave blank to use the label."),
        error_messages={"invalid": _("Use lowercase letters, numbers, hyphens and underscores")},
    )

    def clean(self, value):
        value = super().clean(value)
        if not value.get("value"):
            value["value"] = slugify(value.get("label", ""))[:50] or "option"
        return value

    class Meta:
        icon = "radio-full"


class OptionsMixin(blocks.StructBlock):
    options = blocks.ListBlock(ChoiceOptionBlock(), min_num=2)

    def clean(self, value):
        value = super().clean(value)
        values = [option["value"] for option in value.get("options", [])]
        repeated = sorted({item for item in values if values.count(item) > 1})
        if repeated:
            raise StructBlockValidationError(
                block_errors={
                    "options": ValidationError(
                        _("Each option needs its own value; repeated: %(values)s")
                        % {"values": ", ".join(repeated)}
                    )
                }
            )
        return value


class SingleChoiceBlock(OptionsMixin, AnswerableBlock):
    class Meta:
        label = _("Single choice (radios)")
        icon = "radio-full"


class MultipleChoiceBlock(OptionsMixin, AnswerableBlock):
    class Meta:
        label = _("Multiple choice (checkboxes)")
        icon = "tick-inverse"


class SelectBlock(OptionsMixin, AnswerableBlock):
    class Meta:
        label = _("Select (drop-down list)")
        icon = "list-ul"


class YesNoBlock(AnswerableBlock):
    class Meta:
        label = _("Yes or no")
        icon = "help"


class UKAddressBlock(AnswerableBlock):
    prefill = _prefill_block(Prefill.ADDRESS)
    is_location = _location_block()

    class Meta:
        label = _("UK address")
        icon = "home"


class FileUploadBlock(AnswerableBlock):
    max_files = blocks.IntegerBlock(
        default=1, min_value=1, max_value=10, label=_("Most files allowed")
    )
    max_size_mb = blocks.IntegerBlock(
        default=10, min_value=1, max_value=25, label=_("Largest file (MB)")
    )
    file_kinds = blocks.MultipleChoiceBlock(
        choices=FileKind.choices,
        default=[kind.value for kind in DEFAULT_FILE_KINDS],
        label=_("Allowed file types"),
        help_text=_("Checked from the file's content, not its name"),
    )
    keep_location = blocks.BooleanBlock(
        required=False,
        default=False,
        label=_("Keep the photo's location (GPS)"),
        help_text=_(
            "Only where you need to know where a photo was taken. Otherwise the location is "
            "removed from photos, as it can show where the resident lives."
        ),
    )

    class Meta:
        label = _("File upload")
        icon = "doc-full-inverse"


class DeclarationBlock(QuestionBlock):
    statement = blocks.CharBlock(
        max_length=500,
        default=_("I confirm that the information I have given is correct"),
        help_text=_("The text next to the checkbox"),
    )
    required_message = blocks.CharBlock(
        required=False,
        max_length=255,
        label=_("Error message if not confirmed"),
        help_text=_("Leave blank for 'Confirm that you agree with the declaration'"),
    )

    class Meta:
        label = _("Declaration")
        icon = "tick"


class PricedItemBlock(blocks.StructBlock):
    value = blocks.RegexBlock(
        regex=OPTION_VALUE_PATTERN,
        help_text=_("A short name for the item, unique in this question, for example 'fridge'"),
        error_messages={"invalid": _("Use lowercase letters, numbers, hyphens and underscores")},
    )
    label = blocks.CharBlock(max_length=120, help_text=_("For example 'Fridge or freezer'"))
    price = blocks.DecimalBlock(
        min_value=0, max_digits=8, decimal_places=2, label=_("Price in pounds (each)")
    )
    max_quantity = blocks.IntegerBlock(
        default=5, min_value=1, max_value=100, label=_("Most a resident can ask for")
    )

    class Meta:
        icon = "tag"


class PricedItemsBlock(AnswerableBlock):
    """Items with prices and per-item limits (bulky waste): one "How many?" box per item. The
    total is paid after check your answers, through the form's payment service."""

    items = blocks.ListBlock(PricedItemBlock(), min_num=1)

    def clean(self, value):
        value = super().clean(value)
        values = [item["value"] for item in value.get("items", [])]
        repeated = sorted({item for item in values if values.count(item) > 1})
        if repeated:
            raise StructBlockValidationError(
                block_errors={
                    "items": ValidationError(
                        _("Each item needs its own short name; repeated: %(values)s")
                        % {"values": ", ".join(repeated)}
                    )
                }
            )
        return value

    class Meta:
        label = _("Priced items")
        icon = "tag"


class BookingSlotBlock(QuestionBlock):
    """Choose a date (collection rounds) or a date and time (rooms, inspections) with capacity.

    Collection rounds: the round whose postcode sectors include the postcode of the form's UK
    address question. Otherwise the chosen resource, or every active resource of the kind."""

    label = blocks.CharBlock(
        max_length=255,
        default=_("Choose a collection date"),
        help_text=_("The question as residents read it"),
    )
    resource_kind = blocks.ChoiceBlock(
        choices=ResourceKind.choices,
        default=ResourceKind.COLLECTION_ROUND,
        label=_("What is booked"),
    )
    resource = SnippetChooserBlock(
        "bookings.BookableResource",
        required=False,
        label=_("Resource"),
        help_text=_(
            "Rooms and inspections: the one resource booked. Leave blank to offer every active "
            "resource of this kind (the first one free at each time). Collection rounds use the "
            "round of the resident's postcode."
        ),
    )
    resource_from = blocks.RegexBlock(
        regex=KEY_PATTERN,
        required=False,
        label=_("Resource from the answer to"),
        help_text=_(
            "Rooms and inspections: the key of a choice question on an earlier step whose "
            "answers' values are the resources' slugs (for example 'which hall'). The answer "
            "decides which resource's times are offered."
        ),
        error_messages={"invalid": _("Enter the key of a choice question")},
    )
    quantity_from = blocks.RegexBlock(
        regex=KEY_PATTERN,
        required=False,
        label=_("Count the places from"),
        help_text=_(
            "Collection rounds: the key of the priced items question on an earlier step; its "
            "number of items is what the booking takes from the day's capacity"
        ),
        error_messages={"invalid": _("Enter the key of a priced items question")},
    )

    class Meta:
        label = _("Booking: choose a date or time")
        icon = "date"


class QuestionsBlock(blocks.StreamBlock):
    short_text = ShortTextBlock()
    long_text = LongTextBlock()
    email = EmailQuestionBlock()
    uk_phone = UKPhoneBlock()
    number = NumberBlock()
    date = DateBlock()
    single_choice = SingleChoiceBlock()
    multiple_choice = MultipleChoiceBlock()
    select = SelectBlock()
    yes_no = YesNoBlock()
    uk_address = UKAddressBlock()
    file_upload = FileUploadBlock()
    declaration = DeclarationBlock()
    priced_items = PricedItemsBlock()
    booking_slot = BookingSlotBlock()

    class Meta:
        min_num = 1
