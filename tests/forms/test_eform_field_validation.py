"""Each kind of question accepts what it should and refuses the rest with GOV.UK's messages.

Forms are built the way the wizard builds them (definition -> step form class), without a database.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from PIL import ExifTags, Image

from crm.cases.photo_location import has_location
from crm.cases.uploads import MB, OversizedUpload
from forms.blocks import QuestionsBlock
from forms.builder import build_step_form
from forms.definition import step_definition
from forms.fields import is_uk_phone_number, normalise_postcode
from tests.forms import factories as f
from tests.forms.uploads import docx, docx_bytes, heic, heic_bytes, jpeg, pdf, png, text_file


def validate(question: dict, data: dict, files: dict | None = None):
    """Validate one question; returns the form (cleaned_data or errors by field name)."""
    stream = QuestionsBlock().to_python([question])
    form_class = build_step_form(step_definition(key="s", title="A step", fields=stream))
    posted = {f"s-{name}": value for name, value in data.items()}
    uploads = MultiValueDict()
    for name, value in (files or {}).items():
        uploads.setlist(f"s-{name}", value if isinstance(value, list) else [value])
    form = form_class(data=posted, files=uploads, prefix="s")
    form.is_valid()
    return form


def error(question: dict, data: dict, files=None, field=None) -> str | None:
    form = validate(question, data, files)
    messages = form.errors.get(field or question["value"]["key"])
    return messages[0] if messages else None


# --- Text ---------------------------------------------------------------------------------------


def test_short_text_required_uses_the_editors_message_or_a_general_one():
    assert error(f.short_text(), {"name": ""}) == "Enter an answer"
    custom = f.short_text(required_message="Enter your full name")
    assert error(custom, {"name": "   "}) == "Enter your full name"
    assert error(f.short_text(required=False), {"name": ""}) is None


def test_short_text_length_limits():
    question = f.short_text(min_length=3, max_length=5)
    assert error(question, {"name": "Abcdef"}) == "Your answer must be 5 characters or fewer"
    assert error(question, {"name": "Ab"}) == "Your answer must be at least 3 characters"
    assert validate(question, {"name": "Abcd"}).cleaned_data == {"name": "Abcd"}


def test_short_text_pattern_has_its_own_message():
    question = f.short_text(
        "reference", "Reference", pattern=r"[A-Z]{2}\d{6}", pattern_message="Enter a reference"
    )
    assert error(question, {"reference": "AB12345"}) == "Enter a reference"
    assert error(question, {"reference": "xAB123456"}) == "Enter a reference"
    assert validate(question, {"reference": "AB123456"}).cleaned_data["reference"] == "AB123456"


def test_long_text_length_limit():
    question = f.long_text(max_length=10)
    assert error(question, {"description": "x" * 11}) == (
        "Your answer must be 10 characters or fewer"
    )
    assert validate(question, {"description": "Line\nTwo"}).is_valid()


def test_email_address():
    assert error(f.email(), {"email": ""}) == "Enter an email address"
    assert error(f.email(), {"email": "jane.example.com"}) == (
        "Enter an email address in the correct format, like name@example.com"
    )
    assert validate(f.email(), {"email": "jane@example.com"}).is_valid()


# --- UK phone numbers and postcodes ------------------------------------------------------------

PHONE_ERROR = "Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"


@pytest.mark.parametrize(
    "number",
    [
        "01632 960 001",
        "07700 900982",
        "07700-900-982",
        "+44 7700 900 982",
        "+44 (0)20 7946 0000",
        "0044 20 7946 0000",
        "(01632) 960001",
        "0800 123456",
        "0808 157 0192",
    ],
)
def test_uk_phone_numbers_allowed(number):
    assert is_uk_phone_number(number)
    assert validate(f.phone(), {"phone": number}).is_valid()


@pytest.mark.parametrize(
    "number",
    ["12345", "07700 90098", "077009009821", "+1 202 555 0100", "00 33 1 23 45 67 89", "phone me"],
)
def test_uk_phone_numbers_refused(number):
    assert error(f.phone(), {"phone": number}) == PHONE_ERROR


def test_phone_required_message():
    assert error(f.phone(), {"phone": ""}) == "Enter a phone number"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("DS1 1AA", "DS1 1AA"),
        ("ds11aa", "DS1 1AA"),
        (" sw1a 1aa ", "SW1A 1AA"),
        ("M1 1AE", "M1 1AE"),
        ("B33 8TH", "B33 8TH"),
        ("CR2 6XH", "CR2 6XH"),
        ("W1A 0AX", "W1A 0AX"),
        ("EC1A 1BB", "EC1A 1BB"),
    ],
)
def test_postcodes_allowed_and_tidied(typed, stored):
    assert normalise_postcode(typed) == stored


@pytest.mark.parametrize("typed", ["DS1", "12345", "QS1 1AA", "DS1 1CA", "DS1 1A", "SW1A1AAA"])
def test_postcodes_refused(typed):
    assert normalise_postcode(typed) is None
    data = {"address_line_1": "1 High Street", "address_town": "Fernleigh"}
    assert error(f.address(), {**data, "address_postcode": typed}, field="address_postcode") == (
        "Enter a real postcode, like AA1 1AA"
    )


def test_address_required_parts():
    form = validate(f.address(), {})
    assert form.errors == {
        "address_line_1": ["Enter address line 1, typically the building and street"],
        "address_town": ["Enter town or city"],
        "address_postcode": ["Enter postcode"],
    }
    good = {
        "address_line_1": "1 High St",
        "address_town": "Fernleigh",
        "address_postcode": "fn11aa",
    }
    assert validate(f.address(), good).cleaned_data["address_postcode"] == "FN1 1AA"


# --- Numbers ------------------------------------------------------------------------------------


def test_whole_numbers_in_a_range():
    question = f.number(min_value=1, max_value=10)
    assert error(question, {"count": ""}) == "Enter a number"
    assert error(question, {"count": "three"}) == "Enter a whole number"
    assert error(question, {"count": "2.5"}) == "Enter a whole number"
    assert error(question, {"count": "11"}) == "Enter a number between 1 and 10"
    assert error(question, {"count": "0"}) == "Enter a number between 1 and 10"
    assert validate(question, {"count": " 7 "}).cleaned_data["count"] == Decimal(7)


def test_decimal_numbers_with_one_limit():
    assert error(f.number(whole_number=False, min_value=0), {"count": "-1"}) == (
        "Enter a number that is 0 or more"
    )
    assert error(f.number(whole_number=False, max_value=2.5), {"count": "3"}) == (
        "Enter a number that is 2.5 or less"
    )
    assert error(f.number(whole_number=False), {"count": "abc"}) == "Enter a number"
    assert validate(f.number(whole_number=False), {"count": "1,250.50"}).cleaned_data[
        "count"
    ] == Decimal("1250.5")


# --- Dates --------------------------------------------------------------------------------------


def date_data(day, month, year) -> dict:
    return {"when_day": day, "when_month": month, "when_year": year}


def test_date_missing_and_unreal():
    question = f.date_question()
    assert error(question, date_data("", "", "")) == "Enter a date"
    assert error(question, date_data("12", "", "2026")) == "The date must include a month"
    assert error(question, date_data("", "", "2026")) == "The date must include a day and month"
    assert error(question, date_data("31", "2", "2026")) == "The date must be a real date"
    assert error(question, date_data("1", "Jan", "2026")) == "The date must be a real date"
    assert error(question, date_data("1", "2", "26")) == "Year must include 4 numbers"
    assert validate(question, date_data("29", "2", "2024")).cleaned_data["when"].isoformat() == (
        "2024-02-29"
    )


def test_date_in_the_past_or_future():
    today = timezone.localdate()
    tomorrow, yesterday = today + timedelta(days=1), today - timedelta(days=1)

    def as_data(day):
        return date_data(str(day.day), str(day.month), str(day.year))

    past = f.date_question(rule="past")
    future = f.date_question(rule="future")
    assert error(past, as_data(tomorrow)) == "The date must be today or in the past"
    assert error(future, as_data(yesterday)) == "The date must be today or in the future"
    assert validate(past, as_data(today)).is_valid()
    assert validate(future, as_data(today)).is_valid()
    assert validate(f.date_question(), as_data(tomorrow)).is_valid()


def test_date_error_links_to_the_first_part_in_error():
    form = validate(f.date_question(), date_data("12", "", ""))
    assert form.error_summary() == [
        {"href": "#id_s-when_month", "text": "The date must include a month and year"}
    ]
    [question] = form.question_contexts(show_errors=True)
    assert [part["error"] for part in question["parts"]] == [False, True, True]


# --- Choices ------------------------------------------------------------------------------------


def test_radios():
    question = f.radios()
    assert error(question, {}) == "Select an option"
    assert error(question, {"colour": "green"}) == "Select an option from the list"
    assert validate(question, {"colour": "blue"}).cleaned_data == {"colour": "blue"}


def test_checkboxes():
    question = f.checkboxes(required_message="Select what has been dumped")
    assert error(question, {}) == "Select what has been dumped"
    assert error(f.checkboxes(), {}) == "Select at least one option"
    assert error(question, {"waste": ["bags", "fridges"]}) == "Select options from the list"
    assert validate(question, {"waste": ["bags", "tyres"]}).cleaned_data == {
        "waste": ["bags", "tyres"]
    }


def test_select_and_yes_no():
    assert error(f.select(), {"size": ""}) == "Select an option"
    assert validate(f.select(), {"size": "large"}).is_valid()
    assert error(f.yes_no(), {"hazardous": "maybe"}) == "Select an option from the list"
    assert validate(f.yes_no(), {"hazardous": "no"}).cleaned_data == {"hazardous": "no"}


def test_declaration_must_be_ticked():
    assert error(f.declaration(), {}) == "Select the box to confirm the declaration"
    assert validate(f.declaration(), {"declaration": "on"}).is_valid()


# --- File uploads -------------------------------------------------------------------------------


def images_only(**options):
    return f.upload(file_kinds=["jpeg", "png", "heic"], **options)


def test_images_are_recognised_by_their_bytes():
    form = validate(images_only(), {}, {"photos": [jpeg(), png(), heic()]})
    assert form.is_valid(), form.errors
    assert [item.content_type for item in form.cleaned_data["photos"]] == [
        "image/jpeg",
        "image/png",
        "image/heic",
    ]


def test_a_jpg_name_with_pdf_bytes_is_refused():
    assert error(images_only(max_files=1), {}, {"photos": pdf(name="photo.jpg")}) == (
        "The selected file must be a JPG, PNG or HEIC"
    )


def test_a_jpg_name_with_text_bytes_is_refused():
    assert error(f.upload(max_files=1), {}, {"photos": text_file(name="photo.jpg")}) == (
        "The selected file must be a JPG, PNG, HEIC or PDF"
    )


def test_a_pdf_is_allowed_when_the_form_allows_it_whatever_its_name():
    form = validate(f.upload(), {}, {"photos": pdf(name="scan.jpg")})
    assert form.is_valid()
    assert form.cleaned_data["photos"][0].content_type == "application/pdf"


def test_file_size_and_count_limits():
    big = jpeg(size=1024 * 1024 + 1)
    assert error(f.upload(max_size_mb=1, max_files=1), {}, {"photos": big}) == (
        "The selected file must be smaller than 1MB"
    )
    several = [jpeg("a.jpg"), jpeg("b.jpg", size=1024 * 1024 + 1)]
    assert error(f.upload(max_size_mb=1), {}, {"photos": several}) == (
        "“b.jpg” must be smaller than 1MB"
    )
    assert error(f.upload(max_files=2), {}, {"photos": [jpeg(), jpeg(), jpeg()]}) == (
        "Select up to 2 files"
    )
    assert error(f.upload(max_files=1), {}, {"photos": [jpeg(), jpeg()]}) == "Select only one file"


def test_empty_and_missing_files():
    empty = SimpleUploadedFile("empty.jpg", b"", content_type="image/jpeg")
    assert error(f.upload(max_files=1), {}, {"photos": empty}) == "The selected file is empty"
    assert error(f.upload(), {}) == "Select a file"
    assert validate(f.upload(required=False), {}).cleaned_data == {"photos": []}


def test_a_pdf_kept_under_a_jpg_name_is_renamed_to_what_it_is():
    form = validate(f.upload(), {}, {"photos": pdf(name="scan.jpg")})
    assert form.cleaned_data["photos"][0].name == "scan.pdf"


def test_a_word_document_is_a_zip_holding_word_document_xml():
    question = f.upload(file_kinds=["docx"], max_files=1)
    form = validate(question, {}, {"photos": docx("statement.docx")})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["photos"][0].content_type == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    other_zip = SimpleUploadedFile("statement.docx", docx_bytes(with_document=False))
    assert error(question, {}, {"photos": other_zip}) == (
        "The selected file must be a Word document (DOCX)"
    )


def test_a_file_the_upload_handler_cut_off_gets_the_size_error():
    cut_off = OversizedUpload(name="huge.jpg", field_name="s-photos", limit=25 * MB, received=MB)
    assert error(f.upload(max_size_mb=5, max_files=1), {}, {"photos": cut_off}) == (
        "The selected file must be smaller than 5MB"
    )


@pytest.mark.parametrize("make", [jpeg, png], ids=["jpeg", "png"])
def test_photos_lose_their_location_unless_the_question_keeps_it(make):
    mime_type = make().content_type
    stripped = validate(f.upload(), {}, {"photos": make(gps=True)}).cleaned_data["photos"][0]
    kept = validate(f.upload(keep_location=True), {}, {"photos": make(gps=True)})
    kept = kept.cleaned_data["photos"][0]

    assert not has_location(stripped.read(), mime_type)
    assert has_location(kept.read(), mime_type)
    stripped.seek(0)
    with Image.open(stripped) as image:  # still the same picture, camera details and all
        assert image.size == (16, 12)
        assert image.getexif()[ExifTags.Base.Make] == "Doorstep Camera"


def test_heic_photos_lose_their_location_too():
    photo = SimpleUploadedFile("photo.heic", heic_bytes(gps=True), content_type="image/heic")
    stripped = validate(f.upload(), {}, {"photos": photo}).cleaned_data["photos"][0]
    assert stripped.content_type == "image/heic"
    assert not has_location(stripped.read(), "image/heic")
