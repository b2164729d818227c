"""Forms for My Account: allauth's account forms in GOV.UK words, and the message form.

allauth builds the account forms (ACCOUNT_FORMS in settings points here); these subclasses only
change what residents read: labels, hints and error messages written the GOV.UK way.
"""

from allauth.account import forms as allauth_forms
from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from crm.cases.uploads import ALL_KINDS, MultipleFileField, check_uploads, kinds_text, size_text

EMAIL_TEXT = {
    "label": _("Email address"),
    "required": _("Enter your email address"),
    "invalid": _("Enter an email address in the correct format, like name@example.com"),
}


def new_password_hint() -> str:
    return " ".join(password_validation.password_validators_help_texts())


class GovukFieldsMixin:
    """Apply `govuk_text`: {field name: {"label", "help_text", "required", "invalid"}}."""

    govuk_text: dict[str, dict] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, text in self.govuk_text.items():
            field = self.fields.get(name)
            if field is None:
                continue
            if "label" in text:
                field.label = text["label"]
            if "help_text" in text:
                help_text = text["help_text"]
                field.help_text = help_text() if callable(help_text) else help_text
            for code in ("required", "invalid"):
                if code in text:
                    field.error_messages[code] = text[code]


class LoginForm(GovukFieldsMixin, allauth_forms.LoginForm):
    govuk_text = {
        "login": EMAIL_TEXT,
        "password": {"label": _("Password"), "help_text": "", "required": _("Enter your password")},
        "remember": {"label": _("Keep me signed in on this device")},
    }


class SignupForm(GovukFieldsMixin, allauth_forms.SignupForm):
    name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter your full name"),
            "max_length": _("Full name must be 150 characters or fewer"),
        },
    )
    field_order = ["name", "email", "password1", "password2"]
    govuk_text = {
        "email": {
            **EMAIL_TEXT,
            "help_text": _(
                "We’ll send you a link to confirm it. Use the address you gave us "
                "when you asked us for something, to see those requests too."
            ),
        },
        "password1": {
            "label": _("Create a password"),
            "help_text": new_password_hint,
            "required": _("Enter a password"),
        },
        "password2": {"label": _("Confirm your password"), "required": _("Confirm your password")},
    }

    def custom_signup(self, request, user):
        super().custom_signup(request, user)
        # One name field, as GOV.UK advises; kept whole in first_name so get_full_name() works.
        user.first_name = self.cleaned_data["name"].strip()
        user.save(update_fields=["first_name"])


class AddEmailForm(GovukFieldsMixin, allauth_forms.AddEmailForm):
    govuk_text = {"email": EMAIL_TEXT}


class ChangePasswordForm(GovukFieldsMixin, allauth_forms.ChangePasswordForm):
    govuk_text = {
        "oldpassword": {
            "label": _("Current password"),
            "help_text": "",
            "required": _("Enter your current password"),
        },
        "password1": {
            "label": _("New password"),
            "help_text": new_password_hint,
            "required": _("Enter a new password"),
        },
        "password2": {
            "label": _("Confirm your new password"),
            "required": _("Confirm your new password"),
        },
    }


class SetPasswordForm(GovukFieldsMixin, allauth_forms.SetPasswordForm):
    govuk_text = {
        "password1": {
            "label": _("Create a password"),
            "help_text": new_password_hint,
            "required": _("Enter a password"),
        },
        "password2": {"label": _("Confirm your password"), "required": _("Confirm your password")},
    }


class ResetPasswordForm(GovukFieldsMixin, allauth_forms.ResetPasswordForm):
    govuk_text = {"email": EMAIL_TEXT}


class ResetPasswordKeyForm(GovukFieldsMixin, allauth_forms.ResetPasswordKeyForm):
    govuk_text = ChangePasswordForm.govuk_text


# --- Messages on a request -----------------------------------------------------------------------

MAX_FILES = 5
MAX_FILE_SIZE = 10 * 1024 * 1024
MAX_MESSAGE_LENGTH = 5000


class ResidentMessageForm(forms.Form):
    message = forms.CharField(
        label=_("Your message"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=MAX_MESSAGE_LENGTH,
        error_messages={
            "required": _("Enter a message"),
            "max_length": _("Your message must be %(limit_value)s characters or fewer"),
        },
    )
    files = MultipleFileField(
        label=_("Add files (optional)"),
        required=False,
        error_messages={"empty": _("The selected file is empty")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = _(
            "You can add up to %(count)s files, each smaller than %(size)s: %(types)s."
        ) % {"count": MAX_FILES, "size": size_text(MAX_FILE_SIZE), "types": kinds_text(ALL_KINDS)}

    def clean_files(self):
        """The CRM's upload rule for each file: type from its bytes, size, no photo location."""
        files = self.cleaned_data["files"]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(
                _("Select up to %(count)s files"), params={"count": MAX_FILES}, code="too_many"
            )
        return check_uploads(files, max_size=MAX_FILE_SIZE)


# --- The one-time code on a tracking link ------------------------------------------------------


class TrackingCodeForm(forms.Form):
    """The code we emailed to see a request's answers and files; spaces are allowed."""

    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        error_messages={"required": _("Enter the code")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
            }
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = _("The code is 6 numbers, for example 123456.")

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isascii() and code.isdigit() and len(code) == 6):
            raise forms.ValidationError(_("The code must be 6 numbers"), code="format")
        return code
