"""Demo cases for the Fernleigh demo council, so queues, case pages and My Account have work in
them: `load_demo_cases()`.

It uses the case types the eForms demo creates (`demo.forms.load_demo_forms`), found by slug; if
there are none it creates a "General enquiry" team and case type so it always works. Cases are
opened and moved on through the CRM services, as real ones are. Then they are backdated, so the
timeline reads like a few weeks' work and one case is past its due date: that is demo data
travelling in time, not a change of state, so it writes the fields directly.

Safe to run again: if any case with a "demo-" submission key exists, no cases are added (the
demo "staff" user is still made a member of the demo teams).
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from crm.cases.calendar import add_working_days
from crm.cases.enums import CaseStatus, Channel
from crm.cases.models import Case, CaseType, Team
from crm.cases.services import (
    add_public_update,
    assign_case,
    change_case_status,
    get_or_create_customer,
    open_case,
)

SUBMISSION_KEY_PREFIX = "demo-"

# The eForms demo's case types, by slug (older and newer slugs), most wanted first.
CASE_TYPE_SLUGS = {
    "fly-tipping": ("report-fly-tipping", "fly-tipping"),
    "street-furniture": ("report-street-furniture", "street-furniture"),
    "noise": ("report-noise", "noise"),
}
FALLBACK_TEAM = {"slug": "customer-services", "name": "Customer services"}
FALLBACK_CASE_TYPE = {"slug": "general-enquiry", "name": "General enquiry", "sla_working_days": 10}

RESIDENT = {"name": "Jane Fletcher", "email": "resident@example.com", "phone": "01632 960111"}
CUSTOMERS = {
    "resident": RESIDENT,
    "sam": {"name": "Sam Patel", "email": "sam.patel@example.com", "phone": "01632 960222"},
    "maria": {"name": "Maria Lopez", "email": "maria.lopez@example.com", "phone": ""},
    "dev": {"name": "Dev Green", "email": "dev.green@example.com", "phone": "01632 960333"},
}
ADDRESS = {"address_line_1": "14 Orchard Way", "town": "Fernleigh", "postcode": "FN2 3BD"}


@dataclass
class DemoCase:
    key: str
    kind: str
    customer: str
    answers: list[tuple[str, str]]
    location: str = ""
    channel: str = Channel.WEB
    opened_working_days_ago: int = 2
    # (status, public message) moves, in order
    moves: list[tuple[str, str]] = field(default_factory=list)
    public_update: str = ""
    assign_to_staff: bool = False


DEMO_CASES = [
    DemoCase(
        key="received",
        kind="fly-tipping",
        customer="resident",
        answers=[
            ("What has been dumped?", "Three black bags and an old mattress"),
            ("Is it blocking the path?", "No"),
        ],
        location="Lane behind 2 to 20 Mill Road, Fernleigh",
        opened_working_days_ago=1,
    ),
    DemoCase(
        key="in-progress",
        kind="street-furniture",
        customer="resident",
        answers=[
            ("What is damaged?", "Bench"),
            ("What is wrong with it?", "Two slats are broken and there is a sharp edge."),
        ],
        location="Victoria Park, by the play area",
        opened_working_days_ago=3,
        moves=[(CaseStatus.IN_PROGRESS, "")],
        public_update="Our team has made the bench safe and ordered new slats.",
        assign_to_staff=True,
    ),
    DemoCase(
        key="awaiting-customer",
        kind="noise",
        customer="sam",
        answers=[
            ("What kind of noise is it?", "Amplified music"),
            ("When does it happen?", "Friday and Saturday nights, 11pm to 3am"),
        ],
        channel=Channel.PHONE,
        opened_working_days_ago=4,
        moves=[
            (CaseStatus.IN_PROGRESS, ""),
            (
                CaseStatus.AWAITING_CUSTOMER,
                "Please fill in the noise diary we have emailed you for the next two weeks.",
            ),
        ],
    ),
    DemoCase(
        key="resolved",
        kind="fly-tipping",
        customer="maria",
        answers=[
            ("What has been dumped?", "Builders' rubble"),
            ("Is it blocking the path?", "Yes"),
        ],
        location="Layby on the B1234 north of Fernleigh",
        opened_working_days_ago=8,
        moves=[
            (CaseStatus.IN_PROGRESS, ""),
            (CaseStatus.RESOLVED, "We have cleared the rubble. Thank you for reporting it."),
        ],
    ),
    DemoCase(
        key="overdue",
        kind="street-furniture",
        customer="dev",
        answers=[("What is damaged?", "Street sign"), ("What is wrong with it?", "Knocked over")],
        location="Corner of Station Road and Elm Grove",
        opened_working_days_ago=15,
        moves=[(CaseStatus.IN_PROGRESS, "")],
    ),
]


def load_demo_cases() -> None:
    """Create the demo cases, unless they are already there. See the module docstring."""
    with transaction.atomic():
        case_types = _demo_case_types()
        staff = get_user_model().objects.filter(username="staff").first()
        if staff is not None:
            team_ids = {case_type.team_id for case_type in case_types.values()}
            for team in Team.objects.filter(pk__in=team_ids):
                team.members.add(staff)
        if Case.objects.filter(submission_key__startswith=SUBMISSION_KEY_PREFIX).exists():
            return
        customers = {
            key: get_or_create_customer(address=ADDRESS, verified=True, **details)
            for key, details in CUSTOMERS.items()
        }
        for demo in DEMO_CASES:
            _create(demo, case_types[demo.kind], customers[demo.customer], staff)


def _demo_case_types() -> dict[str, CaseType]:
    """The demo kinds mapped to existing case types, or all to a "General enquiry" one."""
    found = {}
    for kind, slugs in CASE_TYPE_SLUGS.items():
        for slug in slugs:
            case_type = CaseType.objects.filter(slug=slug, is_active=True).first()
            if case_type is not None:
                found[kind] = case_type
                break
    if found:
        fallback = next(iter(found.values()))
        return {kind: found.get(kind, fallback) for kind in CASE_TYPE_SLUGS}
    team, _ = Team.objects.get_or_create(
        slug=FALLBACK_TEAM["slug"], defaults={"name": FALLBACK_TEAM["name"]}
    )
    general, _ = CaseType.objects.get_or_create(
        slug=FALLBACK_CASE_TYPE["slug"],
        defaults={
            "name": FALLBACK_CASE_TYPE["name"],
            "team": team,
            "sla_working_days": FALLBACK_CASE_TYPE["sla_working_days"],
        },
    )
    return dict.fromkeys(CASE_TYPE_SLUGS, general)


def _create(demo: DemoCase, case_type: CaseType, customer, staff) -> Case:
    case = open_case(
        case_type=case_type,
        answers=[{"question": q, "answer": a, "key": ""} for q, a in demo.answers],
        customer=customer,
        channel=demo.channel,
        location_text=demo.location,
        submission_key=f"{SUBMISSION_KEY_PREFIX}{demo.key}",
        opened_by=staff if demo.channel != Channel.WEB else None,
    )
    if demo.assign_to_staff and staff is not None:
        assign_case(case, actor=staff, officer=staff)
    for to_status, message in demo.moves:
        change_case_status(case, to_status=to_status, actor=staff, public_message=message)
    if demo.public_update:
        add_public_update(case, actor=staff, text=demo.public_update)
    _backdate(case, demo.opened_working_days_ago)
    return case


def _backdate(case: Case, working_days_ago: int) -> None:
    """Move the case's opening back in time (calendar days roughly 7/5 of working days), its
    due date with it, and spread its events over the days since."""
    days = working_days_ago * 7 // 5
    opened_at = timezone.now() - timedelta(days=days, hours=3)
    due_date = add_working_days(timezone.localdate(opened_at), case.case_type.sla_working_days)
    Case.objects.filter(pk=case.pk).update(created_at=opened_at, due_date=due_date)
    events = list(case.events.order_by("created_at", "pk"))
    step = timedelta(days=days) / max(len(events), 1)
    for index, event in enumerate(events):
        event.created_at = opened_at + step * index
    case.events.model.objects.bulk_update(events, ["created_at"])
