"""The refund form on a case page and the reconciliation export's day picker.

The refund form only parses what was typed (pounds and pence); whether the amount may be
refunded (paid, more than 0, no more than what is left) is `refund_payment`'s rule, and its
message is shown next to the form.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from crm.cases.admin.forms import DateInput


class RefundForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Amount to refund, in pounds"),
        max_digits=9,
        decimal_places=2,
        help_text=_("For example 12.50. The most that can be refunded is shown above."),
        error_messages={
            "required": _("Enter the amount to refund"),
            "invalid": _("Enter the amount in pounds and pence, for example 12.50"),
            "max_decimal_places": _("Enter the amount in pounds and pence, for example 12.50"),
            "max_digits": _("Enter the amount in pounds and pence, for example 12.50"),
            "max_whole_digits": _("Enter the amount in pounds and pence, for example 12.50"),
        },
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
    )
    reason = forms.CharField(
        label=_("Reason for the refund"),
        max_length=300,
        required=False,  # a blank reason is refused by refund_payment, with its message
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Kept on the payment's history. The resident is emailed that a refund is on its way."
        ),
    )

    def amount_in_pence(self) -> int:
        return int((self.cleaned_data["amount"] * 100).to_integral_value())


class ReconciliationForm(forms.Form):
    day = forms.DateField(
        label=_("Day"),
        widget=DateInput(),
        error_messages={
            "required": _("Enter the day"),
            "invalid": _("Enter a real date, for example 2026-12-01"),
        },
    )

    def clean_day(self):
        day = self.cleaned_data["day"]
        if not 2000 <= day.year <= 2200:  # the page links a day either side
            raise forms.ValidationError(_("Enter a date between 2000 and 2200"))
        return day
