"""Residents read a case's workflow state in the workflow's own words ("Stage 2: being
reviewed"), not the status it counts as ("In progress"): on the dashboard, the request's page,
its timeline and the tracking link's page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from crm.cases.enums import CaseStatus
from crm.cases.models import Workflow, WorkflowVersion
from crm.cases.services import change_case_status, open_case
from crm.cases.tracking import make_tracking_token
from tests.crm.factories import CaseFactory, CaseTypeFactory

pytestmark = pytest.mark.django_db

ANSWERS = [{"question": "What went wrong?", "answer": "The bin was missed", "key": "what"}]


def state(name, label, counts_as, **extra):
    return {"name": name, "label": label, "counts_as": counts_as, "clock_runs": True, **extra}


def complaint_definition(stage_2_label="Stage 2: being reviewed"):
    return {
        "states": [
            state("received", "Received", CaseStatus.RECEIVED),
            state("stage_1", "Stage 1: being looked into", CaseStatus.IN_PROGRESS),
            state("stage_1_answered", "Stage 1 reply sent", CaseStatus.RESOLVED),
            state("stage_2", stage_2_label, CaseStatus.IN_PROGRESS),
        ],
        "transitions": [
            {"from_state": "received", "to_state": "stage_1"},
            {"from_state": "stage_1", "to_state": "stage_1_answered"},
            {"from_state": "stage_1_answered", "to_state": "stage_2"},
        ],
    }


@pytest.fixture
def complaint_type(team):
    workflow = Workflow.objects.create(name="Complaints (test)", slug="complaint-labels-test")
    WorkflowVersion.objects.create(workflow=workflow, number=1, definition=complaint_definition())
    return CaseTypeFactory(name="Make a complaint", team=team, workflow=workflow)


@pytest.fixture
def complaint(complaint_type, customer_a, officer):
    """Ria's complaint, escalated to stage 2."""
    case = open_case(case_type=complaint_type, answers=ANSWERS, customer=customer_a)
    assert case.workflow_version is not None
    for to_state in ("stage_1", "stage_1_answered", "stage_2"):
        change_case_status(case, to_status=to_state, actor=officer)
    case.refresh_from_db()
    assert (case.state, case.status) == ("stage_2", CaseStatus.IN_PROGRESS)
    return case


def timeline_titles(page):
    return [h3.get_text(strip=True) for h3 in page.select(".ds-timeline__title")]


def test_the_dashboard_shows_the_states_label_coloured_by_what_it_counts_as(
    client, signed_in, resident_a, complaint, soup
):
    signed_in(resident_a)

    page = soup(client.get("/my-account/"))

    tag = page.find("table", class_="govuk-table").tbody.find("strong", class_="govuk-tag")
    assert tag.get_text(strip=True) == "Stage 2: being reviewed"
    assert "govuk-tag--light-blue" in tag["class"]  # in progress
    assert "In progress" not in page.get_text()


def test_the_request_page_shows_the_state_and_each_change_as_the_resident_was_told_it(
    client, signed_in, resident_a, complaint, soup
):
    signed_in(resident_a)

    page = soup(client.get(f"/my-account/requests/{complaint.uuid}/"))

    status = page.find("dt", string="Status").find_next_sibling("dd")
    assert status.get_text(strip=True) == "Stage 2: being reviewed"
    assert timeline_titles(page) == [
        "Request received",
        "Status changed to “Stage 1: being looked into”",
        "Status changed to “Stage 1 reply sent”",
        "Status changed to “Stage 2: being reviewed”",
    ]


def test_a_status_change_keeps_the_words_the_resident_was_shown_then(
    client, signed_in, resident_a, complaint, soup
):
    """A new version of the workflow renames the state: the case and its timeline keep the
    version they started under, and the event keeps the label it was recorded with."""
    complaint.workflow_version.definition = complaint_definition("Stage 2 (renamed)")
    complaint.events.filter(data__to_state="stage_2").update(
        data={"to_state": "stage_2", "label": "Escalated to stage 2"}
    )
    signed_in(resident_a)

    page = soup(client.get(f"/my-account/requests/{complaint.uuid}/"))

    assert timeline_titles(page)[-1] == "Status changed to “Escalated to stage 2”"


def test_the_tracking_link_shows_the_states_label_without_sign_in(client, complaint, soup):
    page = soup(client.get(f"/my-account/track/{make_tracking_token(complaint)}/"))

    status = page.find("dt", string="Status").find_next_sibling("dd")
    assert status.get_text(strip=True) == "Stage 2: being reviewed"
    assert "Status changed to “Stage 2: being reviewed”" in timeline_titles(page)


def test_cases_from_before_workflows_show_their_statuss_label(
    client, signed_in, resident_a, customer_a, case_type, soup
):
    case = CaseFactory(customer=customer_a, case_type=case_type, awaiting_customer=True)
    assert case.workflow_version_id is None and not case.state
    signed_in(resident_a)

    dashboard = soup(client.get("/my-account/"))
    page = soup(client.get(f"/my-account/requests/{case.uuid}/"))

    assert (
        dashboard.find("strong", class_="govuk-tag").get_text(strip=True) == "Waiting for a reply"
    )
    status = page.find("dt", string="Status").find_next_sibling("dd")
    assert status.get_text(strip=True) == "Waiting for a reply"


def test_state_labels_cost_no_query_per_request_on_the_dashboard(
    client, signed_in, resident_a, customer_a, complaint_type, case_type
):
    """Each row's label comes from its case's workflow version: fetched with the cases, so ten
    requests on two workflows cost what two do."""
    signed_in(resident_a)

    def queries_for_dashboard():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/my-account/").status_code == 200
        return len(queries)

    queries_for_dashboard()  # the first page view creates the site's council settings
    open_case(case_type=complaint_type, answers=ANSWERS, customer=customer_a)
    open_case(case_type=case_type, answers=ANSWERS, customer=customer_a)
    with_two = queries_for_dashboard()
    for _ in range(4):
        open_case(case_type=complaint_type, answers=ANSWERS, customer=customer_a)
        open_case(case_type=case_type, answers=ANSWERS, customer=customer_a)
    assert queries_for_dashboard() == with_two
