"""Django form fields with GOV.UK validation rules and error messages: date input, UK phone number,
UK postcode and file upload (the CRM's one upload rule: type sniffed from the bytes, never taken
from the file's name).

Errors that concern one part of a compound input (the month of a date) carry a `parts` attribute
naming those parts, so the page can highlight them and the error summary can link to the first.
"""

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from crm.cases.uploads import MultipleFileInput, check_uploads

from .enums import FILE_KIND_MIME_TYPES, DateRule

DATE_PARTS = ("day", "month", "year")

UK_POSTCODE_RE = re.compile(
    r"^(GIR0AA|[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9][0-9ABEHMNPRV-Y]?|[0-9][A-HJKPS-UW])"
    r"[0-9][ABD-HJLNP-UW-Z]{2})$"
)
PHONE_SEPARATORS_RE = re.compile(r"[\s\-().]")


def part_error(message: str, code: str, parts) -> ValidationError:
    error = ValidationError(message, code=code)
    error.parts = list(parts)
    return error


# --- UK postcodes and phone numbers -------------------------------------------------------------


def normalise_postcode(value: str) -> str | None:
    """'ds1  1aa' -> 'DS1 1AA'; None when it is not a full UK postcode."""
    compact = re.sub(r"\s+", "", value or "").upper()
    if not UK_POSTCODE_RE.match(compact):
        return None
    return f"{compact[:-3]} {compact[-3:]}"


def is_uk_phone_number(value: str) -> bool:
    """A UK number written nationally (01632 960 001) or internationally (+44 7700 900 982)."""
    digits = PHONE_SEPARATORS_RE.sub("", (value or "").replace("(0)", ""))
    if digits.startswith("+44"):
        national = digits[3:]
    elif digits.startswith("0044"):
        national = digits[4:]
    elif digits.startswith("0") and not digits.startswith("00"):
        national = digits[1:]
    else:
        return False
    if not national.isdigit() or national[0] not in "1235789":
        return False
    # Most numbers have 10 digits after the 0; some area codes and 0800 numbers have 9.
    return len(national) == 10 or (len(national) == 9 and national[0] in "18")


class UKPhoneField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value and not is_uk_phone_number(value):
            raise ValidationError(
                _("Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"),
                code="invalid",
            )


class PostcodeField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 16)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        postcode = normalise_postcode(value)
        if postcode is None:
            raise ValidationError(_("Enter a real postcode, like AA1 1AA"), code="invalid")
        return postcode


class NumberField(forms.CharField):
    """A number typed into a text input (GOV.UK advises against type=number)."""

    def __init__(self, *, whole_number=True, min_value=None, max_value=None, **kwargs):
        self.whole_number = whole_number
        self.min_value = None if min_value is None else Decimal(str(min_value))
        self.max_value = None if max_value is None else Decimal(str(max_value))
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        try:
            number = Decimal(text.replace(",", "").replace(" ", ""))
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            raise ValidationError(
                _("Enter a whole number") if self.whole_number else _("Enter a number"),
                code="invalid",
            )
        if self.whole_number and number != number.to_integral_value():
            raise ValidationError(_("Enter a whole number"), code="whole_number")
        low, high = self.min_value, self.max_value
        out_of_range = (low is not None and number < low) or (high is not None and number > high)
        if out_of_range:
            if low is not None and high is not None:
                message = _("Enter a number between %(low)s and %(high)s")
            elif low is not None:
                message = _("Enter a number that is %(low)s or more")
            else:
                message = _("Enter a number that is %(high)s or less")
            raise ValidationError(
                message % {"low": _plain(low), "high": _plain(high)}, code="out_of_range"
            )
        return number.to_integral_value() if self.whole_number else number.normalize()


def _plain(number: Decimal | None) -> str:
    if number is None:
        return ""
    return format(number.normalize(), "f")


# --- Dates --------------------------------------------------------------------------------------


class DateInputWidget(forms.MultiWidget):
    """Day, month and year as three inputs, named <name>_day, <name>_month, <name>_year."""

    def __init__(self, attrs=None):
        widgets = {part: forms.TextInput() for part in DATE_PARTS}
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if isinstance(value, date):
            return [str(value.day), str(value.month), str(value.year)]
        return ["", "", ""]


class DateInputField(forms.Field):
    """The GOV.UK date input, with its error messages for missing parts and unreal dates."""

    widget = DateInputWidget

    def __init__(self, *, rule=DateRule.ANY, **kwargs):
        self.rule = rule or DateRule.ANY
        super().__init__(**kwargs)

    def clean(self, value):
        values = [str(item or "").strip() for item in (value or [])]
        parts = dict(zip(DATE_PARTS, values, strict=False))
        day, month, year = (parts.get(part, "") for part in DATE_PARTS)
        if not (day or month or year):
            if self.required:
                raise part_error(self.error_messages["required"], "required", DATE_PARTS)
            return None
        missing = [part for part in DATE_PARTS if not parts.get(part)]
        if missing:
            raise part_error(missing_parts_message(missing), "incomplete", missing)
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise part_error(_("The date must be a real date"), "invalid", DATE_PARTS)
        if len(year) != 4:
            raise part_error(_("Year must include 4 numbers"), "year", ["year"])
        try:
            value = date(int(year), int(month), int(day))
        except ValueError:
            raise part_error(_("The date must be a real date"), "invalid", DATE_PARTS) from None
        today = timezone.localdate()
        if self.rule == DateRule.PAST and value > today:
            raise part_error(_("The date must be today or in the past"), "past", DATE_PARTS)
        if self.rule == DateRule.FUTURE and value < today:
            raise part_error(_("The date must be today or in the future"), "future", DATE_PARTS)
        return value


def missing_parts_message(missing: list[str]) -> str:
    messages = {
        ("day",): _("The date must include a day"),
        ("month",): _("The date must include a month"),
        ("year",): _("The date must include a year"),
        ("day", "month"): _("The date must include a day and month"),
        ("day", "year"): _("The date must include a day and year"),
        ("month", "year"): _("The date must include a month and year"),
    }
    return messages[tuple(missing)]


# --- File uploads -------------------------------------------------------------------------------


class UploadField(forms.Field):
    """One or several files, each checked by the CRM's upload rule (`crm.cases.uploads`): type
    sniffed from the bytes, this question's size cap and allowed kinds, and a photo's location
    (GPS) taken out unless the question keeps it. Cleans to the files to keep."""

    widget = MultipleFileInput

    def __init__(self, *, max_files=1, max_size_mb=10, kinds=(), keep_location=False, **kwargs):
        self.max_files = max_files
        self.max_size_mb = max_size_mb
        self.kinds = list(kinds) or list(FILE_KIND_MIME_TYPES)
        self.keep_location = keep_location
        super().__init__(**kwargs)
        self.widget.attrs["accept"] = ",".join(
            sorted({mime for kind in self.kinds for mime in FILE_KIND_MIME_TYPES[kind]})
        )

    def clean(self, value):
        files = [item for item in (value or []) if item]
        if not files:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        if len(files) > self.max_files:
            raise ValidationError(
                ngettext("Select only one file", "Select up to %(count)d files", self.max_files)
                % {"count": self.max_files},
                code="too_many",
            )
        return check_uploads(
            files,
            kinds=self.kinds,
            max_size=self.max_size_mb * 1024 * 1024,
            keep_location=self.keep_location,
        )
