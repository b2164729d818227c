"""`load_demo_cases()`: a few cases in each state, for demo customers, safe to run again."""

from crm.cases.enums import CaseStatus, EventKind
from crm.cases.models import Case, CaseType
from demo.cases import load_demo_cases
from tests.crm.factories import CaseTypeFactory, TeamFactory, UserFactory


def test_loads_cases_in_each_state_without_case_types(db):
    staff = UserFactory(username="staff")

    load_demo_cases()

    cases = Case.objects.all()
    assert {case.status for case in cases} == {
        CaseStatus.RECEIVED,
        CaseStatus.IN_PROGRESS,
        CaseStatus.AWAITING_CUSTOMER,
        CaseStatus.RESOLVED,
    }
    assert CaseType.objects.get(slug="general-enquiry").team.members.filter(pk=staff.pk).exists()
    assert Case.objects.overdue().exists()
    assert cases.filter(customer__email="resident@example.com").count() == 2
    assert cases.filter(events__kind=EventKind.PUBLIC_UPDATE).exists()
    assert cases.filter(assigned_to=staff).exists()


def test_uses_the_forms_demo_case_types(db):
    team = TeamFactory(slug="street-scene")
    fly_tipping = CaseTypeFactory(slug="fly-tipping", team=team)
    noise = CaseTypeFactory(slug="report-noise", team=TeamFactory())

    load_demo_cases()

    used = set(Case.objects.values_list("case_type", flat=True))
    assert {fly_tipping.pk, noise.pk} <= used
    assert not CaseType.objects.filter(slug="general-enquiry").exists()


def test_running_twice_creates_no_duplicates(db):
    load_demo_cases()
    counts = (Case.objects.count(), CaseType.objects.count())

    load_demo_cases()

    assert (Case.objects.count(), CaseType.objects.count()) == counts
