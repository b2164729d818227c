"""Each kind of question, from its block value to what the runtime needs: the Django form fields,
the initial value from a resident's details, the answer as text, and the data its GOV.UK template
renders (so templates hold no logic).

Import from this package: `from forms.questions import make_question, ChoiceQuestion`.
"""

from .base import Question
from .booking import BookingSlotQuestion, PricedItemsQuestion
from .choices import ChoiceQuestion, MultipleChoiceQuestion, SelectQuestion, YesNoQuestion
from .compound import AddressQuestion, DateQuestion, DeclarationQuestion, FileUploadQuestion
from .text import EmailQuestion, LongTextQuestion, NumberQuestion, PhoneQuestion, ShortTextQuestion

QUESTION_CLASSES: dict[str, type[Question]] = {
    "short_text": ShortTextQuestion,
    "long_text": LongTextQuestion,
    "email": EmailQuestion,
    "uk_phone": PhoneQuestion,
    "number": NumberQuestion,
    "date": DateQuestion,
    "single_choice": ChoiceQuestion,
    "multiple_choice": MultipleChoiceQuestion,
    "select": SelectQuestion,
    "yes_no": YesNoQuestion,
    "uk_address": AddressQuestion,
    "file_upload": FileUploadQuestion,
    "declaration": DeclarationQuestion,
    "priced_items": PricedItemsQuestion,
    "booking_slot": BookingSlotQuestion,
}


def make_question(kind: str, value, step_key: str) -> Question:
    return QUESTION_CLASSES[kind](kind, value, step_key)


# --- Helpers ------------------------------------------------------------------------------------


__all__ = [
    "QUESTION_CLASSES",
    "AddressQuestion",
    "BookingSlotQuestion",
    "ChoiceQuestion",
    "DateQuestion",
    "DeclarationQuestion",
    "EmailQuestion",
    "FileUploadQuestion",
    "LongTextQuestion",
    "MultipleChoiceQuestion",
    "NumberQuestion",
    "PhoneQuestion",
    "PricedItemsQuestion",
    "Question",
    "SelectQuestion",
    "ShortTextQuestion",
    "YesNoQuestion",
    "make_question",
]
