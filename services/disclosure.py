"""Staff publish a case's response to the disclosure log (services/models_disclosure.py).

From the case page's "Disclosure log" panel, staff prepare a DRAFT `DisclosureLogEntryPage`
under the log that publishes the case's type: the request text from the case's answers and the
response from its latest public update, with the customer's name, email address, phone number,
postcode and address lines replaced by "[personal data removed]", and the public files staff
tick copied as Wagtail documents (in a staff-only collection until the entry is published).
An editor then reviews the draft in the page editor and publishes it: nothing is public before.

The CRM is reached only through its public modules (`crm.cases.selectors`, `crm.cases.enums`,
`crm.cases.panels`); the case and its customer are read, never written.
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages
from wagtail.documents import get_document_model

from crm.cases.enums import OPENABLE_SCAN_STATUSES, EventKind
from crm.cases.panels import CasePanelActionView
from crm.cases.selectors import public_attachments, public_events

from .models_disclosure import (
    DisclosureLogDocument,
    DisclosureLogEntryPage,
    DisclosureLogPage,
    disclosure_collections,
)

REDACTED = _("[personal data removed]")
PANEL_FORM_KEY = "disclosure-log"

# Answers that are the requester's own details: left out of the request text altogether (their
# values are redacted anywhere else they appear).
PERSONAL_ANSWER_KEYS = re.compile(
    r"(^|[-_ ])(name|email|e-mail|phone|telephone|mobile|address|postcode|contact)([-_ ]|$)",
    re.IGNORECASE,
)


# --- Personal data ------------------------------------------------------------------------------


def _loose(text: str) -> str:
    """A pattern for `text` that allows any run of spaces where it has one."""
    return r"\s+".join(re.escape(part) for part in text.split())


def _phone_pattern(phone: str) -> str | None:
    """The number's digits with any spaces, dots, dashes or brackets between them; a UK number
    starting 0 also matches written as +44 (or 0044) without the 0."""
    digits = re.sub(r"\D", "", phone)
    if len(digits) < 6:
        return None
    separator = r"[\s().-]*"
    national = separator.join(digits)
    if digits.startswith("44"):
        digits = "0" + digits[2:]
        national = separator.join(digits)
    if digits.startswith("0"):
        international = r"(?:\+|00)\s*44" + separator + r"(?:\(0\))?" + separator
        international += separator.join(digits[1:])
        return rf"(?<!\d)(?:{international}|{national})(?!\d)"
    return rf"(?<!\d){national}(?!\d)"


def personal_data_patterns(customer) -> list[re.Pattern]:
    """What identifies the requester: their name (in full and each part of three letters or
    more), email address, phone number, postcode and address lines."""
    if customer is None:
        return []
    patterns: list[str] = []
    name = (customer.name or "").strip()
    if name:
        patterns.append(rf"\b{_loose(name)}\b")
        patterns += [rf"\b{re.escape(part)}\b" for part in name.split() if len(part) >= 3]
    if customer.email:
        patterns.append(re.escape(customer.email.strip()))
    if customer.phone and (phone := _phone_pattern(customer.phone)):
        patterns.append(phone)
    postcode = re.sub(r"\s", "", customer.postcode or "")
    if postcode:
        patterns.append(rf"\b{re.escape(postcode[:-3])}\s*{re.escape(postcode[-3:])}\b")
    for line in (customer.address_line_1, customer.address_line_2):
        if line and line.strip():
            patterns.append(rf"\b{_loose(line.strip())}\b")
    # Longest first, so "Jane Fletcher" goes as one before "Jane" and "Fletcher" are looked at.
    patterns.sort(key=len, reverse=True)
    return [re.compile(pattern, re.IGNORECASE) for pattern in patterns]


def remove_personal_data(text: str, customer) -> str:
    """`text` with the customer's personal data replaced by "[personal data removed]".

    A safety net, not a guarantee: the editor who publishes reads the whole entry (other
    people's names, for example, are not known here)."""
    replacement = str(REDACTED)
    for pattern in personal_data_patterns(customer):
        text = pattern.sub(replacement, text)
    return text


# --- What the entry is made of ------------------------------------------------------------------


def request_text_for(case) -> str:
    """The case's answers as "question: answer" paragraphs, without the requester's details."""
    paragraphs = []
    for answer in case.answers or []:
        if not isinstance(answer, dict):
            continue
        key = str(answer.get("key") or "")
        value = str(answer.get("answer") or "").strip()
        if not value or PERSONAL_ANSWER_KEYS.search(key):
            continue
        question = str(answer.get("question") or "").strip()
        paragraphs.append(f"{question}\n{value}" if question else value)
    return remove_personal_data("\n\n".join(paragraphs), case.customer)


def latest_public_update(case):
    return public_events(case).filter(kind=EventKind.PUBLIC_UPDATE).order_by("-created_at").first()


def response_html_for(case) -> str:
    """The latest public update as rich text paragraphs ("" when there is none)."""
    update = latest_public_update(case)
    if update is None or not update.message.strip():
        return ""
    text = remove_personal_data(update.message, case.customer)
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "".join(
        "<p>" + escape(paragraph).replace("\n", "<br/>") + "</p>" for paragraph in paragraphs
    )


def copyable_attachments(case) -> list:
    """The case's public files that may be opened (scanned clean, or no scanner configured)."""
    return [
        attachment
        for attachment in public_attachments(case).order_by("created_at", "pk")
        if attachment.scan_status in OPENABLE_SCAN_STATUSES
    ]


# --- Which log, and who may ---------------------------------------------------------------------


def entry_for_case(case) -> DisclosureLogEntryPage | None:
    return DisclosureLogEntryPage.objects.filter(source_case_uuid=case.uuid).first()


def log_for_case(case) -> DisclosureLogPage | None:
    """The first log (in the page tree's order) that publishes the case's type."""
    return DisclosureLogPage.objects.filter(case_types=case.case_type_id).order_by("path").first()


def check_can_prepare(case, user) -> DisclosureLogPage:
    """The log the entry goes under, or a `ValidationError` saying why not."""
    if entry_for_case(case) is not None:
        raise ValidationError(
            _("This case already has a disclosure log entry. Edit that page instead.")
        )
    if not DisclosureLogPage.objects.exists():
        raise ValidationError(
            _(
                "There is no disclosure log page on the website yet. An editor needs to add "
                "one and choose the case types it publishes."
            )
        )
    log = log_for_case(case)
    if log is None:
        raise ValidationError(
            _(
                "No disclosure log publishes %(case_type)s cases. An editor can add the case "
                "type in the log page's settings."
            )
            % {"case_type": case.case_type.name}
        )
    if not log.permissions_for_user(user).can_add_subpage():
        raise ValidationError(
            _(
                "You do not have permission to add pages to %(log)s. Ask a web editor to give "
                "you access, or to prepare the entry."
            )
            % {"log": log.title}
        )
    return log


def _unique_slug(log: DisclosureLogPage, base: str) -> str:
    base = slugify(base)[:200] or "response"
    taken = set(log.get_children().values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def prepare_disclosure_entry(case, *, user, attachment_ids=()) -> DisclosureLogEntryPage:
    """A DRAFT entry for `case` under its log, prefilled and with personal data removed; the
    ticked public files copied as documents that stay staff-only until it is published."""
    log = check_can_prepare(case, user)
    request_text = request_text_for(case)
    response = response_html_for(case)
    update = latest_public_update(case)
    title = gettext("Request %(reference)s") % {"reference": case.reference}
    entry = DisclosureLogEntryPage(
        title=title,
        slug=_unique_slug(log, case.reference),
        reference=case.reference,
        date_received=timezone.localdate(case.created_at),
        date_responded=timezone.localdate(update.created_at) if update else timezone.localdate(),
        request_text=request_text or gettext("[request text to be added]"),
        response=response or "<p>" + escape(gettext("[response to be added]")) + "</p>",
        source_case_uuid=case.uuid,
        live=False,
        owner=user,
    )
    log.add_child(instance=entry)

    wanted = {int(pk) for pk in attachment_ids}
    if wanted:
        _public_collection, drafts = disclosure_collections()
        Document = get_document_model()
        for order, attachment in enumerate(a for a in copyable_attachments(case) if a.pk in wanted):
            with attachment.file.open("rb") as handle:
                document = Document(
                    title=attachment.original_name,
                    collection=drafts,
                    uploaded_by_user=user,
                )
                document.file.save(attachment.original_name, File(handle), save=False)
                document._set_document_file_metadata()  # size and hash, as Wagtail's form does
                document.save()
            DisclosureLogDocument.objects.create(page=entry, document=document, sort_order=order)
    entry.save_revision(user=user, log_action=True)
    return entry


# --- The case page panel ------------------------------------------------------------------------


class PrepareEntryForm(forms.Form):
    attachments = forms.MultipleChoiceField(
        label=_("Files to publish with it"),
        help_text=_(
            "Only files the resident could see are listed. Check each one for personal data "
            "before you tick it."
        ),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachments"].choices = [
            (str(a.pk), a.original_name) for a in copyable_attachments(case)
        ]


def disclosure_panel(request, case, errors: dict) -> SafeString | str:
    """The "Disclosure log" section: the entry's state once there is one; otherwise the prepare
    form on cases a log publishes (nothing on other cases)."""
    entry = entry_for_case(case)
    context: dict = {"case": case, "entry": entry}
    if entry is None:
        log = log_for_case(case)
        if log is None and PANEL_FORM_KEY not in errors:
            return ""
        context.update(
            log=log,
            can_add=bool(log) and log.permissions_for_user(request.user).can_add_subpage(),
            form=errors.get(PANEL_FORM_KEY) or PrepareEntryForm(case=case, prefix=PANEL_FORM_KEY),
        )
    else:
        context.update(
            form=errors.get(PANEL_FORM_KEY),
            edit_url=reverse("wagtailadmin_pages:edit", args=[entry.pk]),
            live_url=entry.full_url if entry.live else "",
        )
    return render_to_string("services/disclosure_case_panel.html", context, request=request)


class PrepareEntryView(CasePanelActionView):
    """POST from the panel: prepare the draft, then go to the page editor to review it."""

    panel_form_key = PANEL_FORM_KEY

    def get_form(self):
        return PrepareEntryForm(self.request.POST, case=self.case, prefix=PANEL_FORM_KEY)

    def perform(self, form):
        self.entry = prepare_disclosure_entry(
            self.case,
            user=self.request.user,
            attachment_ids=form.cleaned_data["attachments"],
        )

    def success_response(self):
        messages.success(
            self.request,
            _(
                "A draft disclosure log entry has been prepared. Check it for personal data, "
                "then publish it."
            ),
        )
        return redirect(reverse("wagtailadmin_pages:edit", args=[self.entry.pk]))


def admin_urls() -> list:
    return [
        path(
            "disclosure-log/case/<uuid:case_uuid>/prepare/",
            PrepareEntryView.as_view(),
            name="disclosure_log_prepare",
        )
    ]
