"""factory_boy factories for the CRM: customers, teams, case types and cases in each state.

Cases built here skip the services (no events, no outbox); use `crm.cases.services.open_case`
when a test needs what a real submission writes. Traits give the lifecycle states:
`CaseFactory(in_progress=True)`, `resolved`, `closed`, `awaiting_customer`, `overdue`.
"""

from datetime import timedelta

import factory
from django.utils import timezone

from crm.cases.enums import CaseStatus, Channel, Priority
from crm.cases.models import Case, CaseType, CouncilClosureDay, Customer, Team
from tests.factories import UserFactory  # noqa: F401  (CRM tests import every factory here)


class CustomerFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Resident {n}")
    email = factory.Sequence(lambda n: f"resident{n}@example.com")
    email_verified = False
    phone = "01632 960000"
    address_line_1 = "1 High Street"
    town = "Doorstep"
    postcode = "DS1 1AA"

    class Meta:
        model = Customer

    class Params:
        verified = factory.Trait(email_verified=True)
        with_account = factory.Trait(
            email_verified=True,
            user=factory.SubFactory(UserFactory, email=factory.SelfAttribute("..email")),
        )


class TeamFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Team {n}")
    slug = factory.Sequence(lambda n: f"team-{n}")
    email = factory.LazyAttribute(lambda team: f"{team.slug}@council.example")

    class Meta:
        model = Team
        skip_postgeneration_save = True

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create and extracted:
            self.members.add(*extracted)


class CaseTypeFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Report a problem {n}")
    slug = factory.Sequence(lambda n: f"problem-{n}")
    team = factory.SubFactory(TeamFactory)
    sla_working_days = 10
    public_description = "Tell us about a problem in your street."
    is_active = True

    class Meta:
        model = CaseType


def _today():
    return timezone.localdate()


class CaseFactory(factory.django.DjangoModelFactory):
    reference = factory.Sequence(lambda n: f"TS-2026-{n:06d}")
    case_type = factory.SubFactory(CaseTypeFactory)
    team = factory.SelfAttribute("case_type.team")
    customer = factory.SubFactory(CustomerFactory)
    status = CaseStatus.RECEIVED
    priority = Priority.NORMAL
    channel = Channel.WEB
    answers = factory.LazyFunction(
        lambda: [{"question": "What is the problem?", "answer": "Pothole", "key": "problem"}]
    )
    location_text = "Outside 12 Mill Lane"
    due_date = factory.LazyFunction(lambda: _today() + timedelta(days=14))

    class Meta:
        model = Case

    class Params:
        in_progress = factory.Trait(status=CaseStatus.IN_PROGRESS)
        awaiting_customer = factory.Trait(status=CaseStatus.AWAITING_CUSTOMER)
        resolved = factory.Trait(
            status=CaseStatus.RESOLVED, resolved_at=factory.LazyFunction(timezone.now)
        )
        closed = factory.Trait(
            status=CaseStatus.CLOSED,
            resolved_at=factory.LazyFunction(timezone.now),
            closed_at=factory.LazyFunction(timezone.now),
        )
        overdue = factory.Trait(due_date=factory.LazyFunction(lambda: _today() - timedelta(days=3)))


class CouncilClosureDayFactory(factory.django.DjangoModelFactory):
    reason = "Council closed"

    class Meta:
        model = CouncilClosureDay
        django_get_or_create = ("date",)
