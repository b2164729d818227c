"""Choices an editor makes when building an eForm, and the file types residents may send."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from crm.cases.uploads import DOCX_MIME_TYPE, UploadKind


class SignIn(models.TextChoices):
    REQUIRED = "required", _("Required: residents must sign in first")
    OPTIONAL = "optional", _("Optional: signed-in residents can save drafts and get prefilled")
    OFF = "off", _("Off: the form never uses accounts")


class Prefill(models.TextChoices):
    """What a question is filled in with for a signed-in resident, and what it tells the CRM
    about the customer (the name field names the customer, and so on)."""

    NAME = "name", _("Their name")
    EMAIL = "email", _("Their email address")
    PHONE = "phone", _("Their phone number")
    ADDRESS = "address", _("Their address")


class DateRule(models.TextChoices):
    ANY = "any", _("Any date")
    PAST = "past", _("Today or in the past")
    FUTURE = "future", _("Today or in the future")


# The file types residents may upload, recognised from the file's bytes, never its name: the CRM's
# one upload rule (crm/cases/uploads.py) decides them for every upload, eForms included.
FileKind = UploadKind

# The types a browser's file picker is told to offer (`accept`) for each kind.
FILE_KIND_MIME_TYPES: dict[str, frozenset[str]] = {
    UploadKind.JPEG: frozenset({"image/jpeg"}),
    UploadKind.PNG: frozenset({"image/png"}),
    UploadKind.HEIC: frozenset({"image/heic", "image/heif"}),
    UploadKind.PDF: frozenset({"application/pdf"}),
    UploadKind.DOCX: frozenset({DOCX_MIME_TYPE}),
}

DEFAULT_FILE_KINDS = [FileKind.JPEG, FileKind.PNG, FileKind.HEIC, FileKind.PDF]

# Step keys that would clash with the form's own addresses (/forms/<slug>/<step>/).
RESERVED_STEP_KEYS: frozenset[str] = frozenset(
    {"check-your-answers", "confirmation", "resume", "saved", "start", "done", "pay"}
)
