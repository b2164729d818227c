"""The demo's Freedom of Information, Environmental Information, complaint, compliment and comment
eForms and case types (on the agreed workflows), and its cases in those workflows' states."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from crm.cases.calendar import Rule
from crm.cases.models import Case, CaseType
from demo.statutory import SUBMISSION_KEY_PREFIX, load_demo_statutory_cases
from forms.models import EForm
from services.disclosure import entry_for_case
from services.models import ServicePage

DEV = {"DEBUG": True, "DOORSTEP_ALLOW_DEMO_ACCOUNTS": True}

FORMS = {
    "freedom-of-information-request": "freedom-of-information-request",
    "environmental-information-request": "environmental-information-request",
    "make-a-complaint": "complaint",
    "give-a-compliment": "compliment",
    "make-a-comment": "comment",
}


def load() -> str:
    out = StringIO()
    call_command("load_demo_content", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker):
    """The demo loaded once for the module, rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(**DEV):
            output = load()
        yield output
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_site, db):
    return demo_site


def demo_case(key: str) -> Case:
    return Case.objects.get(submission_key=f"{SUBMISSION_KEY_PREFIX}{key}")


def test_case_types_follow_the_agreed_workflows(demo):
    for slug in ("freedom-of-information-request", "environmental-information-request"):
        case_type = CaseType.objects.get(slug=slug)
        assert case_type.workflow.slug == "information-request"
        assert case_type.clock_rule == Rule.FOI
        assert case_type.sla_working_days == 20
        assert case_type.max_extension_working_days == 20
    complaint = CaseType.objects.get(slug="complaint")
    assert complaint.workflow.slug == "complaint"
    assert (
        complaint.sla_working_days,
        complaint.acknowledge_working_days,
        complaint.max_extension_working_days,
    ) == (10, 5, 10)
    for slug in ("compliment", "comment"):
        assert CaseType.objects.get(slug=slug).workflow.slug == "feedback"


def test_each_form_is_live_and_started_from_its_service_page(demo, client, soup):
    starts = {
        button["href"]
        for page in ServicePage.objects.live()
        for button in soup(client.get(page.url)).select("a.govuk-button--start")
    }
    for slug, case_type in FORMS.items():
        eform = EForm.objects.get(slug=slug)
        assert eform.live
        assert eform.case_type.slug == case_type
        assert f"/forms/{slug}/" in starts
        assert client.get(f"/forms/{slug}/").status_code == 200
    foi_page = ServicePage.objects.get(slug="make-a-freedom-of-information-request")
    button = soup(client.get(foi_page.url)).select_one("a.govuk-button--start")
    assert button.get_text(strip=True) == "Start now"


def test_an_foi_request_waits_for_clarification_with_its_clock_stopped(demo):
    case = demo_case("foi-clarification")
    assert case.state == "awaiting_clarification"
    assert case.clock_stopped
    assert case.clock_stops.filter(resumed_on__isnull=True).exists()


def test_an_foi_response_is_sent_and_published_in_the_disclosure_log(demo, client):
    case = demo_case("foi-published")
    assert case.state == "responded"
    entry = entry_for_case(case)
    assert entry is not None and entry.live
    assert entry.reference == case.reference
    page = client.get(entry.url)
    assert page.status_code == 200
    assert "46 public charging points" in page.content.decode()
    assert "priya" not in page.content.decode().lower()  # no personal data published


def test_a_complaint_is_at_stage_2_and_a_compliment_passed_on(demo):
    assert demo_case("complaint-stage-2").state == "stage_2"
    compliment = demo_case("compliment-passed-on")
    assert compliment.state == "passed_on"
    assert compliment.customer.email == "resident@example.com"  # in the demo resident's account


def test_loading_again_adds_no_cases(demo):
    count = Case.objects.count()
    assert load_demo_statutory_cases() == 0
    assert Case.objects.count() == count
