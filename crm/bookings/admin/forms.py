"""Forms for the staff bookings screens: the resource snippet's form, the actions on a booking
(decline and cancel with a reason) and the calendar's date picker.

The action forms only parse what was typed; the rules (which booking may be approved, what is
refunded) are `crm.bookings.services`', whose `ValidationError` messages are shown on the form.
"""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from crm.cases.admin.forms import DateInput, staff_label
from crm.cases.selectors import staff_accounts

from ..models import WEEKDAY_CHOICES


class BookableResourceForm(WagtailAdminModelForm):
    """Days as tick boxes (stored as "0,1,2"), and the officer chosen from staff accounts only:
    a resident's account is neither offered nor accepted if posted."""

    weekdays = forms.MultipleChoiceField(
        label=_("Days it works or opens"),
        choices=WEEKDAY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance and self.instance.weekdays and not self.is_bound:
            self.initial["weekdays"] = [str(day) for day in sorted(self.instance.weekday_numbers())]
        officer = self.fields.get("officer")
        if officer is not None:
            officer.queryset = staff_accounts()
            officer.label_from_instance = staff_label

    def clean_weekdays(self) -> str:
        return ",".join(sorted(self.cleaned_data["weekdays"]))


class ApproveForm(forms.Form):
    """No fields: the POST (with its CSRF token) is the request."""


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for declining"),
        max_length=300,
        required=False,  # a blank reason is refused by decline_booking, with its message
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Sent to the resident with the refund."),
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancelling"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Sent to the resident. What they paid is refunded in full."),
        error_messages={"required": _("Enter the reason for cancelling the booking")},
    )


# Calendars and manifests page a week or a day either side: far-off years are refused rather
# than overflow Python's dates.
EARLIEST_YEAR, LATEST_YEAR = 2000, 2200


def within_calendar(day: date | None) -> bool:
    return day is not None and EARLIEST_YEAR <= day.year <= LATEST_YEAR


class WeekForm(forms.Form):
    """The calendar's "Go to date" (GET); an invalid date shows this week."""

    date = forms.DateField(label=_("Go to date"), required=False, widget=DateInput())

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day is not None and not within_calendar(day):
            raise forms.ValidationError(_("Enter a date between 2000 and 2200"))
        return day
