"""Demo bookings and payments for the Fernleigh demo council: `load_demo_bookings()`.

What the six booking and payment journeys need, as staff would set it up in the admin: teams and
case types, payment services on the sandbox provider (no money is taken) with the council's fund
and cost codes, the bookable resources (two bulky waste rounds, two halls, two building control
inspectors) and the six eForms their service pages' "Start now" buttons lead to.

Fernleigh's postcodes are fictional: FN1 (Fernleigh town, north of the river), FN2 (south of
it), FN3 (Ashby Cross) and FN4 (Stoneford). The North round covers FN1 and FN3, the South round
FN2 and FN4.

Like the other demo loaders it is safe to run again: teams, case types, services, resources and
forms are found by slug (services by name) and only what is missing is created; nothing staff
have changed is touched. The inspectors are users with no password (nobody signs in as them:
they are the people whose diaries are booked), made only when the demo accounts are.
"""

from datetime import date, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale

from crm.bookings.enums import ResourceKind
from crm.bookings.models import BlackoutDate, BookableResource
from crm.cases.models import CaseType, Team
from crm.payments.enums import Provider
from crm.payments.models import PaymentService
from forms.blocks import QuestionsBlock
from forms.enums import SignIn
from forms.models import EForm, EFormStep

from .content.booking_forms import FORMS, Resource
from .forms import as_saved_by_the_admin

TEAMS = {
    "waste": {"name": "Waste and recycling", "email": "waste@fernleigh.example"},
    "community-halls": {"name": "Community halls", "email": "halls@fernleigh.example"},
    "building-control": {
        "name": "Building control",
        "email": "building.control@fernleigh.example",
    },
    "planning": {"name": "Planning", "email": "planning@fernleigh.example"},
    "land-charges": {"name": "Local land charges", "email": "land.charges@fernleigh.example"},
    "licensing": {"name": "Licensing", "email": "licensing@fernleigh.example"},
}

CASE_TYPES = {
    "bulky-waste": {
        "name": "Bulky waste collection",
        "team": "waste",
        "sla_working_days": 10,
        "public_description": "A paid collection of large household items.",
    },
    "hall-hire": {
        "name": "Community hall hire",
        "team": "community-halls",
        "sla_working_days": 3,
        "public_description": "Hiring one of the council's community halls.",
    },
    "building-control-inspection": {
        "name": "Building control inspection",
        "team": "building-control",
        "sla_working_days": 5,
        "public_description": "A building regulations site inspection.",
    },
    "planning-documents": {
        "name": "Copies of planning documents",
        "team": "planning",
        "sla_working_days": 10,
        "public_description": "Copies of planning decisions, plans and certificates.",
    },
    "land-charges-search": {
        "name": "Local land charges search",
        "team": "land-charges",
        "sla_working_days": 10,
        "public_description": "An official local authority search (LLC1 and CON29).",
    },
    "street-trading": {
        "name": "Street trading consent",
        "team": "licensing",
        "sla_working_days": 28,
        "public_description": "An application to trade from a street or other public place.",
    },
}

# Fund "GF" is the council's general fund; cost codes are its finance cost centres.
PAYMENT_SERVICES = {
    "Bulky waste collections": {"fund_code": "GF", "cost_code": "W2140-9210"},
    "Community hall hire": {"fund_code": "GF", "cost_code": "C3310-9120"},
    "Planning document copies": {"fund_code": "GF", "cost_code": "P4120-9310"},
    "Local land charges searches": {"fund_code": "LLC", "cost_code": "P4410-9320"},
    "Street trading licences": {"fund_code": "GF", "cost_code": "L5230-9040"},
}

INSPECTORS = {
    "inspector.hughes": {
        "first_name": "Dan",
        "last_name": "Hughes",
        "email": "dan.hughes@fernleigh.example",
    },
    "inspector.begum": {
        "first_name": "Ruksana",
        "last_name": "Begum",
        "email": "ruksana.begum@fernleigh.example",
    },
}

MONDAY_TO_FRIDAY = "0,1,2,3,4"

RESOURCES = [
    {
        "slug": "bulky-waste-north",
        "name": "Bulky waste: North round",
        "kind": ResourceKind.COLLECTION_ROUND,
        "team": "waste",
        "description": "Fernleigh north of the river and Ashby Cross.",
        "weekdays": "0,2,4",  # Monday, Wednesday and Friday
        "daily_capacity": 30,
        "postcode_sectors": "FN1 1, FN1 2, FN1 3, FN1 4, FN3 1, FN3 2",
        "lead_time_days": 2,
        "horizon_days": 42,
        # A collection day starts at midnight: 10 hours before is 2pm the day before.
        "cancellation_cutoff_hours": 10,
    },
    {
        "slug": "bulky-waste-south",
        "name": "Bulky waste: South round",
        "kind": ResourceKind.COLLECTION_ROUND,
        "team": "waste",
        "description": "Fernleigh south of the river and Stoneford.",
        "weekdays": "1,3",  # Tuesday and Thursday
        "daily_capacity": 24,
        "postcode_sectors": "FN2 1, FN2 2, FN2 3, FN2 4, FN2 5, FN4 1, FN4 2",
        "lead_time_days": 2,
        "horizon_days": 42,
        "cancellation_cutoff_hours": 10,
    },
    {
        "slug": "meadowbank-main-hall",
        "name": "Meadowbank Community Centre, main hall",
        "kind": ResourceKind.ROOM,
        "team": "community-halls",
        "description": "Main hall for up to 120 people, with a kitchen and accessible toilets.",
        "weekdays": "0,1,2,3,4,5,6",
        "opens_at": time(9),
        "closes_at": time(21),
        "slot_minutes": 120,
        "requires_approval": True,
        "lead_time_days": 7,
        "horizon_days": 180,
        "cancellation_cutoff_hours": 72,
    },
    {
        "slug": "ashby-cross-village-hall",
        "name": "Ashby Cross Village Hall",
        "kind": ResourceKind.ROOM,
        "team": "community-halls",
        "description": "Hall for up to 80 people, with a kitchen and a small stage.",
        "weekdays": "0,1,2,3,4,5",
        "opens_at": time(10),
        "closes_at": time(22),
        "slot_minutes": 120,
        "requires_approval": True,
        "lead_time_days": 7,
        "horizon_days": 180,
        "cancellation_cutoff_hours": 72,
    },
    {
        "slug": "inspector-dan-hughes",
        "name": "Building control inspector: Dan Hughes",
        "kind": ResourceKind.INSPECTION,
        "team": "building-control",
        "officer": "inspector.hughes",
        "weekdays": MONDAY_TO_FRIDAY,
        "opens_at": time(9),
        "closes_at": time(16),
        "slot_minutes": 60,
        "lead_time_days": 1,
        "horizon_days": 21,
        "cancellation_cutoff_hours": 4,
    },
    {
        "slug": "inspector-ruksana-begum",
        "name": "Building control inspector: Ruksana Begum",
        "kind": ResourceKind.INSPECTION,
        "team": "building-control",
        "officer": "inspector.begum",
        "weekdays": "0,1,2,3",  # she works four days a week
        "opens_at": time(8, 30),
        "closes_at": time(15, 30),
        "slot_minutes": 60,
        "lead_time_days": 1,
        "horizon_days": 21,
        "cancellation_cutoff_hours": 4,
    },
]

RESOURCE_SLUGS = [resource["slug"] for resource in RESOURCES]
FORM_SLUGS = [form["slug"] for form in FORMS]


def blackouts(today: date) -> dict[str, list[tuple[date, date, str]]]:
    """Days each resource takes no bookings: Christmas for everyone, plus a depot training day
    for the North round and a floor repair at Meadowbank, so the calendars show blackouts."""
    christmas = date(today.year, 12, 24)
    if christmas < today:
        christmas = date(today.year + 1, 12, 24)
    holidays = (christmas, christmas + timedelta(days=8), "Christmas and New Year")
    training = today + timedelta(days=16)
    return {
        "bulky-waste-north": [holidays, (training, training, "Depot training day")],
        "bulky-waste-south": [holidays],
        "meadowbank-main-hall": [
            holidays,
            (today + timedelta(days=30), today + timedelta(days=32), "Floor repairs"),
        ],
        "ashby-cross-village-hall": [holidays],
        "inspector-dan-hughes": [holidays],
        "inspector-ruksana-begum": [holidays],
    }


def booking_blocks_available() -> bool:
    """The forms app's booking and priced-items questions are there to build the forms with."""
    return {"booking_slot", "priced_items"} <= set(QuestionsBlock().child_blocks)


def load_demo_bookings(*, with_accounts: bool = True) -> set[str]:
    """Create what the demo's booking and payment journeys need and is missing.

    `with_accounts=False` (the command's --without-accounts) makes no users: the inspection
    resources are then made without their officer, which staff can choose in the admin.

    Returns the slugs of the forms it created, so the command can give their service pages
    "Start now" buttons on a site loaded before the forms existed."""
    forms_there = EForm.objects.filter(slug__in=FORM_SLUGS).count() == len(FORM_SLUGS)
    if forms_there and BookableResource.objects.filter(slug__in=RESOURCE_SLUGS).count() == len(
        RESOURCES
    ):
        return set()
    with transaction.atomic():
        teams = {
            slug: Team.objects.get_or_create(slug=slug, defaults=values)[0]
            for slug, values in TEAMS.items()
        }
        # The demo adviser works these queues too (approving hall bookings, say).
        adviser = get_user_model().objects.filter(username="staff").first()
        if adviser is not None:
            for team in teams.values():
                team.members.add(adviser)
        case_types = {
            slug: CaseType.objects.get_or_create(
                slug=slug, defaults={**values, "team": teams[values["team"]]}
            )[0]
            for slug, values in CASE_TYPES.items()
        }
        services = {
            name: PaymentService.objects.get_or_create(
                name=name, defaults={**codes, "provider": Provider.SANDBOX}
            )[0]
            for name, codes in PAYMENT_SERVICES.items()
        }
        resources = ensure_resources(teams, with_accounts=with_accounts)
        return ensure_forms(case_types, services, resources)


def ensure_inspectors(team: Team) -> dict:
    user_model = get_user_model()
    inspectors = {}
    for username, details in INSPECTORS.items():
        user = user_model.objects.filter(username=username).first()
        if user is None:
            user = user_model(username=username, is_staff=False, is_active=True, **details)
            user.set_unusable_password()
            user.save()
        team.members.add(user)
        inspectors[username] = user
    return inspectors


def ensure_resources(teams: dict[str, Team], *, with_accounts: bool) -> dict[str, BookableResource]:
    existing = {r.slug: r for r in BookableResource.objects.filter(slug__in=RESOURCE_SLUGS)}
    if len(existing) == len(RESOURCES):
        return existing
    inspectors = ensure_inspectors(teams["building-control"]) if with_accounts else {}
    closed = blackouts(timezone.localdate())
    for definition in RESOURCES:
        if definition["slug"] in existing:
            continue
        values = {**definition, "team": teams[definition["team"]]}
        if "officer" in values:
            values["officer"] = inspectors.get(values["officer"])
        resource = BookableResource(**values)
        resource.full_clean()
        resource.save()
        for start_date, end_date, reason in closed[resource.slug]:
            BlackoutDate.objects.create(
                resource=resource, start_date=start_date, end_date=end_date, reason=reason
            )
        existing[resource.slug] = resource
    return existing


def ensure_forms(case_types, services, resources) -> set[str]:
    """The six eForms, each with one revision, published (as `demo.forms` makes the others);
    returns the slugs of those it created."""
    if not booking_blocks_available():
        return set()  # the forms app cannot build them yet; a later load adds them
    locale = Locale.get_default()
    existing = set(
        EForm.objects.filter(locale=locale, slug__in=FORM_SLUGS).values_list("slug", flat=True)
    )
    created = set()
    for definition in FORMS:
        if definition["slug"] in existing:
            continue
        service_name = definition["payment_service"]
        eform = EForm.objects.create(
            slug=definition["slug"],
            locale=locale,
            title=definition["title"],
            case_type=case_types[definition["case_type"]],
            sign_in=SignIn.OPTIONAL,
            intro=definition["intro"],
            confirmation_text=definition["confirmation_text"],
            payment_service=services[service_name] if service_name else None,
            fee=Decimal(definition["fee"]),
            fee_label=definition["fee_label"],
            deposit=Decimal(definition["deposit"]),
            live=False,
        )
        for order, step in enumerate(definition["steps"]):
            EFormStep.objects.create(
                form=eform,
                sort_order=order,
                key=step["key"],
                title=step["title"],
                condition_key=step.get("condition_key", ""),
                condition_value=step.get("condition_value", ""),
                fields=as_saved_by_the_admin(with_resource_ids(step["fields"], resources)),
            )
        eform = EForm.objects.get(pk=eform.pk)
        eform.clean()  # a broken demo definition fails loudly
        eform.save_revision().publish()
        created.add(eform.slug)
    return created


def with_resource_ids(fields: list[dict], resources: dict[str, BookableResource]) -> list[dict]:
    """The questions with each `Resource("slug")` swapped for the resource's id."""
    swapped = []
    for field in fields:
        value = field["value"]
        if isinstance(value.get("resource"), Resource):
            value = {**value, "resource": resources[value["resource"].slug].pk}
        swapped.append({**field, "value": value})
    return swapped
