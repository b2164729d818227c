"""The two forms of the "Reply with a canned reply" section of a case page.

`PickReplyForm` is a GET form: "Use this reply" reloads the case page with `?canned_reply=<id>`
and the section shows the reply's text, placeholders filled, in a textarea (no JavaScript).
`SendReplyForm` posts that text, as edited, with the reply's id.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..models import CannedReply
from ..services import check_reply_for_case

PICK_PARAM = "canned_reply"  # the GET parameter "Use this reply" adds to the case page's URL
SEND_FORM_KEY = "canned-reply"  # the send form's prefix and its name in `panel_errors`


def find_reply(case, reply_id) -> CannedReply:
    """The reply with this id, checked for the case; a `ValidationError` saying why not."""
    reply = CannedReply.objects.filter(pk=reply_id).first() if reply_id else None
    if reply is None:
        raise ValidationError(
            _("That reply no longer exists. Choose another reply."), code="missing"
        )
    check_reply_for_case(reply, case)
    return reply


class PickReplyForm(forms.Form):
    canned_reply = forms.IntegerField(
        label=_("Reply to start from"),
        widget=forms.Select,
        error_messages={
            "required": _("Choose a reply."),
            "invalid": _("Choose a reply."),
        },
    )

    def __init__(self, *args, case, replies, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        self.fields[PICK_PARAM].widget.choices = [
            ("", _("Choose a reply")),
            *[(reply.pk, reply.title) for reply in replies],
        ]
        self.reply = None

    def clean_canned_reply(self):
        reply_id = self.cleaned_data[PICK_PARAM]
        self.reply = find_reply(self.case, reply_id)
        return reply_id


class SendReplyForm(forms.Form):
    reply = forms.IntegerField(widget=forms.HiddenInput, required=False)
    text = forms.CharField(
        label=_("Reply to the resident"),
        help_text=_(
            "Check and change the text as needed. It is added to the case's timeline for the "
            "resident and emailed to them, from you."
        ),
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"required": _("Enter the text of the reply.")},
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        self.canned_reply = None

    def clean(self):
        cleaned = super().clean()
        reply_id = cleaned.get("reply")
        if reply_id is None:
            # The id as posted: kept so the section can still say which reply it was.
            reply_id = self.data.get(self.add_prefix("reply")) or None
        try:
            self.canned_reply = find_reply(self.case, reply_id)
        except ValidationError as error:
            # Not on the hidden field: above the form, where it is seen.
            self.canned_reply = CannedReply.objects.filter(pk=cleaned.get("reply")).first()
            self.add_error(None, error)
        return cleaned
