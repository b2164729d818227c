"""Demo Freedom of Information requests, complaints and compliments, in the states their
workflows give them: `load_demo_statutory_cases(author)`.

- an FOI request waiting for the resident to clarify it (its clock stopped);
- an FOI request answered and published in the disclosure log (when there is a log and an
  account that may add pages to it: the demo administrator);
- a complaint at stage 2 (acknowledged, answered at stage 1, escalated: a new clock);
- a compliment passed on to the team.

The case types are `demo.forms`' (with the `information-request`, `complaint` and `feedback`
workflows). Every case is opened and moved on through the CRM's services, as real ones are.
Safe to run again: a case whose submission key is already there is left as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import transaction

from crm.cases.models import Case, CaseType
from crm.cases.services import (
    change_case_status,
    get_or_create_customer,
    open_case,
)
from crm.information.services import send_response
from services.disclosure import entry_for_case, prepare_disclosure_entry
from services.models import DisclosureLogPage

SUBMISSION_KEY_PREFIX = "demo-statutory-"
INFORMATION_CASE_TYPES = ("freedom-of-information-request", "environmental-information-request")

CUSTOMERS = {
    "alex": {"name": "Alex Turner", "email": "alex.turner@example.com", "phone": ""},
    "priya": {"name": "Priya Shah", "email": "priya.shah@example.com", "phone": "01632 960444"},
    "tom": {"name": "Tom Reed", "email": "tom.reed@example.com", "phone": "01632 960555"},
    "resident": {"name": "Jane Fletcher", "email": "resident@example.com", "phone": ""},
}


@dataclass
class DemoStatutoryCase:
    key: str
    case_type: str
    customer: str
    answers: list[tuple[str, str, str]]  # (key, question, answer)
    # (state, public message) moves, in order
    moves: list[tuple[str, str]] = field(default_factory=list)
    response: str = ""  # sent with crm.information's "Send the response"
    publish: bool = False  # to the disclosure log


FOI_QUESTION = "What information do you want?"

CASES = [
    DemoStatutoryCase(
        key="foi-clarification",
        case_type="freedom-of-information-request",
        customer="alex",
        answers=[
            ("request", FOI_QUESTION, "All the council's spending on agency staff."),
            ("format", "How would you like to get it?", "By email"),
        ],
        moves=[
            (
                "awaiting_clarification",
                "Which years would you like, and do you want the spending for every department "
                "or only some? We will start again on your request when you reply.",
            )
        ],
    ),
    DemoStatutoryCase(
        key="foi-published",
        case_type="freedom-of-information-request",
        customer="priya",
        answers=[
            (
                "request",
                FOI_QUESTION,
                "How many public electric vehicle charging points does the council run, and "
                "how much did they cost to install?",
            ),
            ("format", "How would you like to get it?", "By email"),
        ],
        moves=[("in_progress", "")],
        response="The council runs 46 public charging points in 9 car parks. They cost "
        "£412,600 to install, of which £298,000 was a government grant.",
        publish=True,
    ),
    DemoStatutoryCase(
        key="complaint-stage-2",
        case_type="complaint",
        customer="tom",
        answers=[
            ("service", "Which service is your complaint about?", "Bins and recycling"),
            (
                "what_happened",
                "What happened?",
                "My recycling bin has been missed four times since March, and each time I "
                "was told it would be collected the next day.",
            ),
            (
                "outcome",
                "What would you like us to do to put it right?",
                "Collect it on the right day, and tell me why it keeps being missed.",
            ),
        ],
        moves=[
            ("stage_1", ""),
            (
                "stage_1_answered",
                "We are sorry. The crew's new route had left your road off; it is back on, "
                "and the supervisor will check the next four collections.",
            ),
            ("stage_2", "A senior manager who was not involved will review your complaint."),
        ],
    ),
    DemoStatutoryCase(
        key="compliment-passed-on",
        case_type="compliment",
        customer="resident",
        answers=[
            (
                "message",
                "What would you like to tell us?",
                "The crew on Orchard Way put our bins back neatly every week. Thank you!",
            )
        ],
        moves=[("passed_on", "We have passed your kind words on to the waste crew.")],
    ),
]


def load_demo_statutory_cases(author=None) -> int:
    """Create the demo cases that are missing; return how many were made. `author` (the demo
    administrator) moves them on and publishes the disclosure log entry."""
    keys = {f"{SUBMISSION_KEY_PREFIX}{demo.key}" for demo in CASES}
    done = set(
        Case.objects.filter(submission_key__in=keys).values_list("submission_key", flat=True)
    )
    if done == keys:
        return 0  # one query when the demo is loaded again
    slugs = {demo.case_type for demo in CASES}
    case_types = {
        case_type.slug: case_type
        for case_type in CaseType.objects.filter(slug__in=slugs).select_related("team")
    }
    missing = sorted(slugs - set(case_types))
    if missing:
        raise CommandError(
            "The demo case types " + ", ".join(missing) + " are missing: load the demo eForms "
            "(demo.forms.load_demo_forms) first."
        )
    _log_publishes_information_requests()
    adviser = get_user_model().objects.filter(username="staff").first()
    if adviser is not None:  # the demo adviser works these cases too
        for case_type in case_types.values():
            case_type.team.members.add(adviser)
    staff = author or adviser
    made = 0
    for demo in CASES:
        key = f"{SUBMISSION_KEY_PREFIX}{demo.key}"
        if key in done:
            continue
        with transaction.atomic():
            _create(demo, case_types[demo.case_type], key, staff, author)
        made += 1
    return made


def _log_publishes_information_requests() -> None:
    """A demo log loaded before the FOI case types existed publishes none: give it them (a log
    an editor has chosen case types for is left alone)."""
    log = DisclosureLogPage.objects.order_by("path").first()
    if log is not None and not log.case_types.exists():
        log.case_types.set(CaseType.objects.filter(slug__in=INFORMATION_CASE_TYPES))


def _create(demo: DemoStatutoryCase, case_type: CaseType, key: str, staff, author) -> Case:
    customer = get_or_create_customer(verified=True, **CUSTOMERS[demo.customer])
    case = open_case(
        case_type=case_type,
        answers=[{"key": k, "question": q, "answer": a} for k, q, a in demo.answers],
        customer=customer,
        submission_key=key,
    )
    for state, message in demo.moves:
        change_case_status(case, to_status=state, actor=staff, public_message=message)
    if demo.response:
        send_response(case, actor=staff, message=demo.response)
    if demo.publish:
        _publish(case, author)
    return case


def _publish(case: Case, author) -> None:
    """Prepare the disclosure log entry as staff do from the case page, then publish it."""
    if author is None or entry_for_case(case) is not None:
        return  # no one who may add pages to the log (the demo ran without accounts)
    if not DisclosureLogPage.objects.exists():
        return
    entry = prepare_disclosure_entry(case, user=author)
    # What the editor adds in the page editor before publishing: a title, summary and description.
    entry.title = "Public electric vehicle charging points"
    entry.summary = entry.request_text
    entry.search_description = (
        f"Our response to request {entry.reference}: public electric vehicle charging points."
    )
    entry.save_revision(user=author).publish(user=author)
