"""Writes for eForms: sending a completed form (which opens a case) and residents' drafts.

Sending goes through `crm.cases.services` only: `get_or_create_customer`, then `open_case` with
the run's submission key, so a double click or a resubmitted page never opens a second case. Both
run in one transaction, so a case that fails to open leaves no customer record behind, and the
files copied for it are deleted.

A form with a booking question holds the chosen slot in that same transaction
(`crm.bookings.services.hold_booking`), and a form with something to pay starts its payment
(`crm.payments.services.start_payment`): the case opens with its booking held and its payment
pending, or not at all. `SlotUnavailable` (someone else took the last place) rolls it all back.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from crm.bookings import selectors as booking_selectors
from crm.bookings.services import hold_booking
from crm.cases.enums import Channel
from crm.cases.services import get_or_create_customer, open_case, removing_files_on_rollback
from crm.payments.selectors import payment_for_case
from crm.payments.services import start_payment

from .booking import booking_question, slot_choice
from .definition import FormDefinition
from .enums import Prefill, SignIn
from .models import EForm, FormDraft
from .payment import payment_due, payment_lines
from .prefill import verified_email
from .questions import FileUploadQuestion
from .storage import file_names, wizard_file_storage


@dataclass
class Submission:
    """A completed run: the cleaned answers of each step that was shown, in order."""

    eform: EForm
    definition: FormDefinition
    cleaned_by_step: dict[str, dict]

    def answered(self):
        for step_key, cleaned in self.cleaned_by_step.items():
            for question in self.definition.step(step_key).questions:
                yield question, cleaned

    def answers(self) -> list[dict[str, str]]:
        return [
            {"question": question.label, "answer": question.answer(cleaned), "key": question.key}
            for question, cleaned in self.answered()
        ]

    def files(self) -> list:
        files = []
        for question, cleaned in self.answered():
            if isinstance(question, FileUploadQuestion):
                files.extend(question.files(cleaned))
        return files

    def answer_for(self, question) -> object:
        if question is None:
            return None
        for asked, cleaned in self.answered():
            if asked is question:
                return cleaned
        return None

    def role_value(self, role: str, kinds: tuple[str, ...] = ()):
        question = self.definition.question_for_role(role, kinds)
        cleaned = self.answer_for(question)
        return question.raw(cleaned) if cleaned is not None else None

    def payment_lines(self) -> list[dict]:
        return payment_lines(self.eform, self.answered())

    @property
    def payment_due(self) -> bool:
        return payment_due(self.eform, self.payment_lines())

    @property
    def location_text(self) -> str:
        question = self.definition.location_question
        cleaned = self.answer_for(question)
        return question.answer(cleaned).replace("\n", " ")[:500] if cleaned is not None else ""


def send_form(
    submission: Submission,
    *,
    user,
    submission_key: str,
    assisted_channel: Channel | None = None,
):
    """Open the case for a completed form and return it, in one transaction. Staff completing it
    for a caller are recorded as opening it, through the caller's channel."""
    attachments = submission.files()
    for uploaded in attachments:
        uploaded.seek(0)
    try:
        with removing_files_on_rollback(), transaction.atomic():
            customer = customer_for(submission, user=user, assisted=assisted_channel is not None)
            case = open_case(
                case_type=submission.eform.case_type,
                answers=submission.answers(),
                customer=customer,
                channel=assisted_channel or Channel.WEB,
                location_text=submission.location_text,
                submission_key=submission_key,
                attachments=attachments,
                opened_by=user if assisted_channel is not None else None,
            )
            if customer is not None and case.customer_id != customer.pk:
                # The key had opened this case already (a double click): roll back the customer
                # record this attempt made (one is made per call when there is no email).
                raise _AlreadySent(case)
            book_and_charge(submission, case)
            return case
    except _AlreadySent as already:
        return already.case


def book_and_charge(submission: Submission, case) -> None:
    """Hold the form's booking and start its payment, in the caller's transaction. A case that
    has them already (the same submission sent twice) gets no second booking or payment."""
    due = submission.payment_due
    question = booking_question(submission.definition)
    if question is not None and not booking_selectors.bookings_for_case(case):
        cleaned = submission.cleaned_by_step.get(question.step_key)
        if cleaned is not None and cleaned.get(question.key):
            choice = slot_choice(submission.definition, question, submission.cleaned_by_step.get)
            hold_booking(
                case=case,
                slot_key=cleaned[question.key],
                quantity=choice.quantity,
                items=choice.items,
                address_text=choice.address_text,
                postcode=choice.postcode,
                paid=due,
            )
    if due and payment_for_case(case) is None:
        start_payment(
            case=case,
            service=submission.eform.payment_service,
            line_items=submission.payment_lines(),
            description=f"{submission.eform.title} ({case.reference})",
        )


class _AlreadySent(Exception):
    def __init__(self, case):
        super().__init__(case.pk)
        self.case = case


def customer_for(submission: Submission, *, user, assisted: bool):
    """The customer a submission is from. A signed-in resident is matched by their account's
    email (verified only if they proved it); anyone else by the email they typed in."""
    name = str(submission.role_value(Prefill.NAME) or "").strip()
    email = str(submission.role_value(Prefill.EMAIL, ("email",)) or "").strip()
    phone = str(submission.role_value(Prefill.PHONE, ("uk_phone",)) or "").strip()
    address = submission.role_value(Prefill.ADDRESS, ("uk_address",)) or None
    verified = False
    is_resident = (
        user is not None
        and user.is_authenticated
        and not assisted
        and submission.eform.sign_in != SignIn.OFF
    )
    if is_resident:
        account_email = verified_email(user)
        verified = bool(account_email)
        email = account_email or user.email or email
        name = name or user.get_full_name() or user.get_username()
    name = name or email
    if not name:
        return None
    return get_or_create_customer(
        name=name, email=email, phone=phone, address=address, verified=verified
    )


# --- Drafts -------------------------------------------------------------------------------------


def save_draft(*, user, eform: EForm, data: dict, current_step: str) -> FormDraft:
    """Keep a resident's answers so far; one draft per form, replaced each time they save."""
    with transaction.atomic():
        draft = (
            FormDraft.objects.select_for_update()
            .filter(user=user, form__translation_key=eform.translation_key)
            .first()
        )
        if draft is None:
            draft = FormDraft(user=user)
        draft.form = eform
        draft.data = data
        draft.current_step = current_step
        draft.save()
    return draft


def delete_drafts(*, user, eform: EForm) -> None:
    """Forget a resident's draft of this form (once they have sent it)."""
    if user is not None and user.is_authenticated:
        FormDraft.objects.filter(user=user, form__translation_key=eform.translation_key).delete()


def delete_abandoned_uploads(*, older_than: timedelta = timedelta(days=14)) -> int:
    """Delete files uploaded to forms that were never sent (nor saved as a draft) and are older
    than the session that held them could be. Returns how many were deleted."""
    storage = wizard_file_storage()
    if not storage.exists(""):
        return 0
    in_drafts = set()
    for data in FormDraft.objects.values_list("data", flat=True):
        in_drafts |= file_names(data)
    cutoff = timezone.now() - older_than
    deleted = 0
    for name in storage.listdir("")[1]:
        if name not in in_drafts and storage.get_modified_time(name) < cutoff:
            storage.delete(name)
            deleted += 1
    return deleted
