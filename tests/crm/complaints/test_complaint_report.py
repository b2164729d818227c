"""Reports > Complaints: the figures per case type and stage, the Ombudsman's and the
compliments and comments; who may see it; a fixed number of queries."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail import hooks

from crm.cases.calendar import add_working_days
from crm.cases.services import open_case
from crm.complaints.report import (
    cases_received_between,
    complaint_figures,
    feedback_figures,
    ombudsman_figures,
)
from crm.complaints.services import (
    extend_stage,
    record_ombudsman_decision,
    record_ombudsman_referral,
    record_stage_outcome,
)
from tests.crm.complaints.conftest import ANSWERS, answer_stage_1, move, staff
from tests.crm.factories import CaseTypeFactory

URL = "/admin/complaints/report/"


def today():
    return timezone.localdate()


@pytest.fixture
def figures_data(
    complaint_type, compliment_type, comment_type, first_handler, second_handler, third_handler
):
    """Four complaints of one type and one of another; two compliments and a comment."""
    new = lambda case_type=complaint_type: open_case(case_type=case_type, answers=ANSWERS)  # noqa: E731

    new()  # 1: still received, not acknowledged

    late = new()  # 2: acknowledged late, stage 1 answered late, not upheld
    late.acknowledge_by = late.due_date = today() - timedelta(days=1)
    late.save(update_fields=["acknowledge_by", "due_date"])
    answer_stage_1(late, first_handler)
    record_stage_outcome(late, stage=1, outcome="not_upheld", actor=first_handler)

    extended = new()  # 3: extended at stage 1, on time, partly upheld, escalated, stage 2 on time,
    # upheld at stage 2, then referred and decided
    extend_stage(
        extended, actor=first_handler, new_due_date=add_working_days(today(), 12), reason="Busy"
    )
    answer_stage_1(extended, first_handler)
    record_stage_outcome(extended, stage=1, outcome="partly_upheld", actor=first_handler)
    move(extended, "stage_2", first_handler)
    move(extended, "stage_2_answered", second_handler, "Reviewed")
    record_stage_outcome(extended, stage=2, outcome="upheld", actor=second_handler)
    record_ombudsman_referral(extended, actor=third_handler, referred_on=today())
    record_ombudsman_decision(
        extended,
        actor=third_handler,
        decision="upheld_injustice",
        decided_on=today(),
        remedy="Apologise",
    )

    escalated = new()  # 4: on time at stage 1, at stage 2 now
    answer_stage_1(escalated, first_handler)
    move(escalated, "stage_2", first_handler)

    other_type = CaseTypeFactory(
        name="Adult social care complaint",
        team=complaint_type.team,
        acknowledge_working_days=5,
        max_extension_working_days=10,
        workflow=complaint_type.workflow,
    )
    move(new(other_type), "stage_1", first_handler)  # acknowledged on time

    for case_type, state in (
        (compliment_type, "passed_on"),
        (compliment_type, "received"),
        (comment_type, "closed"),
    ):
        case = new(case_type)
        if state != "received":
            move(case, state, first_handler)


def test_complaint_figures_per_case_type_and_stage(figures_data):
    rows = complaint_figures(cases_received_between("complaint", None, None))
    simple = {
        (row["case_type"], row["stage"]): {
            key: row[key]
            for key in (
                "received",
                "acknowledged",
                "acknowledged_on_time",
                "answered",
                "answered_on_time",
                "extended",
                "escalated",
                "referred",
                "outcomes",
            )
        }
        for row in rows
    }
    assert simple == {
        ("Adult social care complaint", 1): {
            "received": 1,
            "acknowledged": 1,
            "acknowledged_on_time": 1,
            "answered": 0,
            "answered_on_time": 0,
            "extended": 0,
            "escalated": 0,
            "referred": None,
            "outcomes": [0, 0, 0],
        },
        ("Adult social care complaint", 2): {
            "received": 0,
            "acknowledged": None,
            "acknowledged_on_time": None,
            "answered": 0,
            "answered_on_time": 0,
            "extended": 0,
            "escalated": None,
            "referred": 0,
            "outcomes": [0, 0, 0],
        },
        ("Complaint", 1): {
            "received": 4,
            "acknowledged": 3,
            "acknowledged_on_time": 2,
            "answered": 3,
            "answered_on_time": 2,
            "extended": 1,
            "escalated": 2,
            "referred": None,
            "outcomes": [0, 1, 1],  # upheld, partly upheld, not upheld
        },
        ("Complaint", 2): {
            "received": 2,
            "acknowledged": None,
            "acknowledged_on_time": None,
            "answered": 1,
            "answered_on_time": 1,
            "extended": 0,
            "escalated": None,
            "referred": 1,
            "outcomes": [1, 0, 0],
        },
    }
    assert [row["case_type"] for row in rows] == [
        "Adult social care complaint",
        "Adult social care complaint",
        "Complaint",
        "Complaint",
    ]


def test_ombudsman_and_feedback_figures(figures_data):
    complaints = cases_received_between("complaint", None, None)
    assert ombudsman_figures(complaints) == [
        {
            "case_type": "Complaint",
            "referred": 1,
            "awaiting": 0,
            "decisions": [0, 1, 0, 0, 0, 0],
            "remedies": 1,
            "remedies_completed": 0,
        }
    ]
    assert feedback_figures(cases_received_between("feedback", None, None)) == [
        {"case_type": "Comment", "received": 1, "passed_on": 0, "closed": 1, "open": 0},
        {"case_type": "Compliment", "received": 2, "passed_on": 1, "closed": 0, "open": 1},
    ]


def test_the_date_range_picks_complaints_by_when_they_were_received(figures_data):
    yesterday = today() - timedelta(days=1)
    assert not cases_received_between("complaint", None, yesterday).exists()
    assert cases_received_between("complaint", today(), today()).count() == 5


def test_the_report_page_for_a_superuser_in_a_fixed_number_of_queries(
    client, figures_data, django_assert_max_num_queries
):
    client.force_login(staff(is_superuser=True))
    with django_assert_max_num_queries(25):
        response = client.get(URL)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    rows = soup.find(id="complaints-by-stage").find("tbody").find_all("tr")
    assert len(rows) == 4
    cells = [cell.get_text(strip=True) for cell in rows[2].find_all(["th", "td"])]
    assert cells[:10] == ["Complaint", "Stage 1", "4", "3", "2", "3", "2", "1", "2", "—"]
    assert "Compliment" in soup.find(id="complaints-feedback").get_text()
    assert "Reports" in response.content.decode()


def test_the_report_queries_do_not_grow_with_the_cases(client, figures_data, complaint_type):
    client.force_login(staff(is_superuser=True))
    with CaptureQueriesContext(connection) as before:
        client.get(URL)
    for _ in range(3):
        open_case(case_type=complaint_type, answers=ANSWERS)
    with CaptureQueriesContext(connection) as after:
        client.get(URL)
    assert len(after) == len(before)


def test_an_invalid_range_is_shown_and_no_figures_hidden(client, figures_data):
    client.force_login(staff(is_superuser=True))
    response = client.get(URL, {"received_from": "2026-05-02", "received_to": "2026-05-01"})
    assert "on or before its end" in response.content.decode()


def test_staff_need_the_permission(client, figures_data):
    user = staff()
    client.force_login(user)
    refused = client.get(URL)
    # Wagtail turns the refusal into a redirect to the dashboard with "permission denied".
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    assert "Complaints" not in _shown_reports(user)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="complaints", codename="view_complaintstage")
    )
    user = type(user).objects.get(pk=user.pk)  # permissions are cached on the object
    client.force_login(user)
    assert client.get(URL).status_code == 200
    assert "Complaints" in _shown_reports(user)


def _shown_reports(user):
    """The labels of the Reports menu items shown to `user`."""
    request = RequestFactory().get("/admin/")
    request.user = user
    return [
        str(item.label)
        for fn in hooks.get_hooks("register_reports_menu_item")
        if (item := fn()).is_shown(request)
    ]


def test_the_stage_table_downloads_as_csv(client, figures_data):
    client.force_login(staff(is_superuser=True))
    response = client.get(URL, {"format": "csv", "received_from": today().isoformat()})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f"complaints-{today().isoformat()}.csv" in response["Content-Disposition"]
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Case type,Stage,Received,Acknowledged")
    assert "Complaint,Stage 1,4,3,2,3,2,1,2,,0,1,1" in lines
    assert "Complaint,Stage 2,2,,,1,1,0,,1,1,0,0" in lines
