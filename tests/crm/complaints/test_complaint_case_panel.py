"""The "Complaint" section of the staff case page: only for complaints; its forms post to the
complaint actions, which refuse with the message next to the field and the input kept."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from crm.cases.calendar import add_working_days
from crm.cases.services import open_case
from crm.complaints.models import ComplaintStage, OmbudsmanReferral
from tests.crm.complaints.conftest import ANSWERS, move


def today():
    return timezone.localdate()


def page(case):
    return f"/admin/cases/{case.uuid}/"


def action(case, name):
    return f"/admin/complaints/case/{case.uuid}/{name}/"


def section(response):
    soup = BeautifulSoup(response.content, "html.parser")
    heading = soup.find(id="case-complaint-heading")
    return heading.parent if heading else None


def error_for(panel, field_id):
    """The error message Wagtail shows next to a field (in the field's wrapper)."""
    field = panel.find(id=field_id)
    wrapper = field.find_parent(class_="w-field__wrapper")
    error = wrapper.find(class_="error-message") or wrapper.find(class_="w-field__errors")
    return error.get_text(" ", strip=True) if error else ""


@pytest.fixture
def client_1(client, first_handler):
    client.force_login(first_handler)
    return client


def test_the_section_is_only_on_complaints(client_1, complaint, compliment_type, case_type):
    panel = section(client_1.get(page(complaint)))
    assert panel is not None
    text = panel.get_text(" ", strip=True)
    assert "Received" in text
    assert complaint.acknowledge_by.strftime("%-d %B %Y") in text
    assert "Extend stage 1" in text
    for other in (compliment_type, case_type):
        case = open_case(case_type=other, answers=ANSWERS)
        case.team.members.add(*complaint.team.members.all())
        assert section(client_1.get(page(case))) is None


def test_extending_from_the_page(client_1, complaint):
    new_date = add_working_days(today(), 15)
    response = client_1.post(
        action(complaint, "extend"),
        {"complaint-extend-new_due_date": new_date.isoformat(), "complaint-extend-reason": "Busy"},
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.due_date == new_date
    panel = section(client_1.get(page(complaint)))
    assert "Extend stage 1" not in panel.get_text()  # once per stage
    assert "Busy" in panel.get_text()


def test_a_refused_extension_shows_the_error_next_to_the_date_and_keeps_the_input(
    client_1, complaint
):
    too_late = add_working_days(today(), 25)
    response = client_1.post(
        action(complaint, "extend"),
        {
            "complaint-extend-new_due_date": too_late.isoformat(),
            "complaint-extend-reason": "Waiting for the crew",
        },
    )
    assert response.status_code == 200
    panel = section(response)
    assert "up to 10 working days" in error_for(panel, "id_complaint-extend-new_due_date")
    assert panel.find(id="id_complaint-extend-new_due_date")["value"] == too_late.isoformat()
    assert panel.find(id="id_complaint-extend-reason").get_text().strip() == "Waiting for the crew"
    complaint.refresh_from_db()
    assert complaint.due_date == add_working_days(today(), 10)


def test_a_missing_reason_is_shown_next_to_the_reason(client_1, complaint):
    response = client_1.post(
        action(complaint, "extend"),
        {"complaint-extend-new_due_date": add_working_days(today(), 12).isoformat()},
    )
    panel = section(response)
    assert "Enter the reason" in error_for(panel, "id_complaint-extend-reason")


def test_recording_a_stage_outcome_from_the_page(client_1, complaint, first_handler):
    move(complaint, "stage_1_answered", first_handler)
    response = client_1.post(
        action(complaint, "stage/1/outcome"), {"complaint-outcome-1-outcome": "upheld"}
    )
    assert response.status_code == 302
    assert ComplaintStage.objects.get(case=complaint, number=1).outcome == "upheld"


def test_a_stage_outcome_before_the_reply_is_refused_on_the_page(client_1, complaint):
    response = client_1.post(
        action(complaint, "stage/1/outcome"), {"complaint-outcome-1-outcome": "upheld"}
    )
    assert response.status_code == 200
    assert "Send the stage 1 reply" in response.content.decode()
    assert not ComplaintStage.objects.filter(outcome="upheld").exists()


def test_an_unknown_stage_is_a_404(client_1, complaint):
    response = client_1.post(action(complaint, "stage/3/outcome"), {})
    assert response.status_code == 404


def test_staff_who_cannot_see_the_case_get_a_404(client, complaint):
    from tests.crm.complaints.conftest import staff

    client.force_login(staff())
    response = client.post(
        action(complaint, "extend"),
        {"complaint-extend-new_due_date": "2030-01-01", "complaint-extend-reason": "x"},
    )
    assert response.status_code == 404


def test_the_stage_1_handler_is_refused_stage_2_on_the_page(client_1, at_stage_2, first_handler):
    panel = section(client_1.get(page(at_stage_2)))
    assert "Fran First" in panel.get_text()  # named as excluded
    assert "You handled stage 1" in panel.get_text()
    assert panel.find(id="id_complaint-extend-new_due_date") is None  # not offered
    response = client_1.post(
        action(at_stage_2, "extend"),
        {
            "complaint-extend-new_due_date": add_working_days(today(), 22).isoformat(),
            "complaint-extend-reason": "Busy",
        },
    )
    assert response.status_code == 200
    panel = section(response)
    assert "someone else must handle stage 2" in panel.get_text()
    # The refused form is shown again, with what was typed.
    assert panel.find(id="id_complaint-extend-reason").get_text().strip() == "Busy"
    assert not ComplaintStage.objects.filter(number=2, extended_at__isnull=False).exists()


def test_someone_new_is_offered_stage_2s_forms(client, at_stage_2, second_handler):
    client.force_login(second_handler)
    panel = section(client.get(page(at_stage_2)))
    assert "You handled stage 1" not in panel.get_text()
    assert panel.find(id="id_complaint-extend-new_due_date") is not None


def test_the_ombudsman_forms_from_referral_to_remedy(client, answered_at_stage_2, third_handler):
    client.force_login(third_handler)
    case = answered_at_stage_2
    panel = section(client.get(page(case)))
    assert panel.find(id="id_complaint-referral-referred_on") is not None
    assert panel.find(id="id_complaint-decision-decision") is None  # only once referred

    response = client.post(
        action(case, "ombudsman/referral"),
        {
            "complaint-referral-referred_on": today().isoformat(),
            "complaint-referral-ombudsman_reference": "24 001 234",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == "ombudsman"

    # A finding of injustice without a remedy: refused next to the remedy, input kept.
    response = client.post(
        action(case, "ombudsman/decision"),
        {
            "complaint-decision-decision": "upheld_injustice",
            "complaint-decision-decided_on": today().isoformat(),
            "complaint-decision-remedy": "",
        },
    )
    assert response.status_code == 200
    panel = section(response)
    assert "Enter the remedy" in error_for(panel, "id_complaint-decision-remedy")
    selected = panel.find(id="id_complaint-decision-decision").find("option", selected=True)
    assert selected["value"] == "upheld_injustice"

    response = client.post(
        action(case, "ombudsman/decision"),
        {
            "complaint-decision-decision": "upheld_injustice",
            "complaint-decision-decided_on": today().isoformat(),
            "complaint-decision-remedy": "Apologise and pay £150",
            "complaint-decision-remedy_due_on": (today() + timedelta(days=28)).isoformat(),
        },
    )
    assert response.status_code == 302

    yesterday = (today() - timedelta(days=1)).isoformat()
    response = client.post(
        action(case, "ombudsman/remedy"), {"complaint-remedy-completed_on": yesterday}
    )
    assert response.status_code == 200
    panel = section(response)
    assert "before the referral" in error_for(panel, "id_complaint-remedy-completed_on")
    assert panel.find(id="id_complaint-remedy-completed_on")["value"] == yesterday

    response = client.post(
        action(case, "ombudsman/remedy"), {"complaint-remedy-completed_on": today().isoformat()}
    )
    assert response.status_code == 302
    referral = OmbudsmanReferral.objects.get(case=case)
    assert (referral.decision, referral.remedy_completed_on) == ("upheld_injustice", today())
    text = section(client.get(page(case))).get_text(" ", strip=True)
    assert "Upheld: maladministration and injustice" in text
    assert "Apologise and pay £150" in text


def test_a_date_that_is_not_a_date_is_refused_next_to_it(
    client, answered_at_stage_2, third_handler
):
    client.force_login(third_handler)
    response = client.post(
        action(answered_at_stage_2, "ombudsman/referral"),
        {"complaint-referral-referred_on": "31 February"},
    )
    assert response.status_code == 200
    panel = section(response)
    assert "Enter a real date" in error_for(panel, "id_complaint-referral-referred_on")
    assert not OmbudsmanReferral.objects.exists()


# --- The case page's own forms, for stage 2 ---------------------------------------------------


def test_the_stage_1_handler_cannot_move_stage_2_on_or_take_it_from_the_case_page(
    client_1, at_stage_2, first_handler
):
    response = client_1.post(
        f"/admin/cases/{at_stage_2.uuid}/status/",
        {"status-to_status": "stage_2_answered", "status-public_message": "Not upheld"},
    )
    assert response.status_code == 200
    assert "someone else must handle this stage" in response.content.decode()
    response = client_1.post(f"/admin/cases/{at_stage_2.uuid}/assign-to-me/")
    assert response.status_code == 200
    assert "someone else must handle this stage" in response.content.decode()
    response = client_1.post(
        f"/admin/cases/{at_stage_2.uuid}/assign/", {"assign-officer": first_handler.pk}
    )
    assert response.status_code == 200
    at_stage_2.refresh_from_db()
    assert (at_stage_2.state, at_stage_2.assigned_to) == ("stage_2", None)


def test_someone_new_takes_and_answers_stage_2_from_the_case_page(
    client, at_stage_2, second_handler
):
    client.force_login(second_handler)
    assert client.post(f"/admin/cases/{at_stage_2.uuid}/assign-to-me/").status_code == 302
    response = client.post(
        f"/admin/cases/{at_stage_2.uuid}/status/",
        {"status-to_status": "stage_2_answered", "status-public_message": "Not upheld"},
    )
    assert response.status_code == 302
    at_stage_2.refresh_from_db()
    assert (at_stage_2.state, at_stage_2.assigned_to) == ("stage_2_answered", second_handler)
    assert ComplaintStage.objects.get(case=at_stage_2, number=2).answered_by == second_handler
