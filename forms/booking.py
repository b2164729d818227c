"""What a form's "Choose a slot" step offers a resident, worked out from their earlier answers.

Collection rounds: the round whose postcode sectors include the postcode of the form's UK address
question (none: "We do not collect from this address"), for as many places as the items in the
priced items question named by `quantity_from`. Rooms and inspections: the block's resource, else
every active resource of its kind as a pool (the first one free at each time), one place each.
Capacity is the bookings app's (`crm.bookings.selectors`); holding happens on sending
(forms/services.py).
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from crm.bookings import selectors as bookings
from crm.bookings.enums import ResourceKind

from .questions import AddressQuestion, BookingSlotQuestion, PricedItemsQuestion

MAX_TRAIL = 24  # "Show earlier dates" remembers this many pages back


@dataclass
class SlotChoice:
    """The resources and quantity a slot step offers, and which page of dates it shows."""

    resources: list = field(default_factory=list)
    quantity: int = 1
    postcode: str = ""
    address_text: str = ""
    items: list[dict] = field(default_factory=list)  # [{"label", "quantity"}] for the manifest
    no_round: bool = False
    address_step: str = ""
    # Paging (GET ?from=YYYY-MM-DD&earlier=...), and whether the resident is changing an answer
    start: date | None = None
    earlier: list[date] = field(default_factory=list)
    changing: bool = False

    @property
    def resource_ids(self) -> set[int]:
        return {resource.pk for resource in self.resources}


def booking_question(definition) -> BookingSlotQuestion | None:
    return next((q for q in definition.questions() if isinstance(q, BookingSlotQuestion)), None)


def address_question_before(definition, question) -> AddressQuestion | None:
    """The UK address question on a step before the slot question's (the last one, if several)."""
    found = None
    for step in definition.steps:
        if step.key == question.step_key:
            break
        for asked in step.questions:
            if isinstance(asked, AddressQuestion):
                found = asked
    return found


def slot_choice(definition, question: BookingSlotQuestion, cleaned_for) -> SlotChoice:
    """`cleaned_for(step_key)` gives an earlier step's cleaned answers (None if not answered)."""
    choice = SlotChoice()
    address = address_question_before(definition, question)
    if address is not None:
        cleaned = cleaned_for(address.step_key) or {}
        choice.postcode = address.raw(cleaned)["postcode"]
        choice.address_text = address.answer(cleaned)
        choice.address_step = address.step_key
    priced = definition.question(question.quantity_from) if question.quantity_from else None
    if isinstance(priced, PricedItemsQuestion):
        chosen = priced.chosen(cleaned_for(priced.step_key) or {})
        choice.items = [{"label": item["label"], "quantity": item["quantity"]} for item in chosen]
        if not question.is_timed:
            choice.quantity = max(1, sum(item["quantity"] for item in chosen))
    if question.resource_kind == ResourceKind.COLLECTION_ROUND:
        found = bookings.round_for_postcode(choice.postcode) if choice.postcode else None
        if found is None and question.resource is not None and address is None:
            found = question.resource  # a form with no address: the round chosen for it
        choice.resources = [found] if found is not None else []
        choice.no_round = found is None
    elif question.resource_from:
        # The resident chose the hall (or officer) on an earlier step: its slug is the answer.
        source = definition.question(question.resource_from)
        slug = source.raw(cleaned_for(source.step_key) or {}) if source is not None else ""
        choice.resources = bookings.resources_for(question.resource_kind, slug) if slug else []
    elif question.resource is not None:
        choice.resources = bookings.resources_for(question.resource_kind, question.resource.slug)
    else:
        choice.resources = bookings.resources_for(question.resource_kind)
    return choice


def check_slot(choice: SlotChoice, key: str):
    """The slot for `key` if it is still free for this choice's resources and quantity."""
    if choice.no_round or not choice.resources:
        return None
    slot = bookings.slot_for_key(key, quantity=choice.quantity)
    if slot is None or slot.resource_id not in choice.resource_ids:
        return None
    return slot


def parse_paging(query) -> tuple[date | None, list[date]]:
    """?from=2026-12-08&earlier=2026-12-01 -> (date(2026, 12, 8), [date(2026, 12, 1)])."""
    start = _date(query.get("from", ""))
    earlier = [
        parsed
        for parsed in (_date(part) for part in query.get("earlier", "").split(",")[-MAX_TRAIL:])
        if parsed is not None
    ]
    return start, earlier


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def _query(start: date | None, earlier: list[date], changing: bool) -> str:
    parts = []
    if start is not None:
        parts.append(f"from={start.isoformat()}")
    if earlier:
        parts.append("earlier=" + ",".join(day.isoformat() for day in earlier))
    if changing:
        parts.append("change=1")
    return "?" + "&".join(parts) if parts else "?"


def slot_page_context(question: BookingSlotQuestion, form, field) -> dict:
    """The radios of one page of slots, and the links to the pages before and after it."""
    choice: SlotChoice | None = getattr(form, "slot_choice", None)
    context = {
        "no_round": False,
        "options": [],
        "later_url": "",
        "earlier_url": "",
        "no_slots": False,
        "blocked": False,
        "timed": question.is_timed,
    }
    if choice is None:  # the admin's preview: no answers to work the dates out from
        context["no_slots_message"] = _(
            "Residents see the first dates or times with room here, worked out from their answers."
        )
        return context
    if choice.no_round:
        context.update(
            no_round=True,
            blocked=True,
            postcode=choice.postcode,
            address_step=choice.address_step,
        )
        return context
    if not choice.resources:
        context.update(no_slots=True, blocked=True)
        return context
    page = bookings.available_slots(choice.resources, quantity=choice.quantity, start=choice.start)
    selected = field.value()
    context["options"] = [
        {
            "id": field.auto_id if index == 0 else f"{field.auto_id}-{index + 1}",
            "value": slot.key,
            "label": slot.label,
            "checked": slot.key == selected,
        }
        for index, slot in enumerate(page.slots)
    ]
    if not page.slots:
        context.update(no_slots=True, blocked=choice.start is None)
    if page.next_start is not None:
        context["later_url"] = _query(
            page.next_start, [*choice.earlier, page.start][-MAX_TRAIL:], choice.changing
        )
    if choice.earlier:
        previous = choice.earlier[-1]
        context["earlier_url"] = _query(previous, choice.earlier[:-1], choice.changing)
    context["no_slots_message"] = (
        _("There are no times available at the moment.")
        if question.is_timed
        else _("There are no dates available at the moment.")
    )
    return context
