"""The "Information request" section of an FOI case page and its four forms: shown only on
cases that follow the information-request workflow; each POST calls its service; refusals come
back next to the field with what was typed kept."""

from datetime import date

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile

from crm.cases.services import assign_case, change_case_status, open_case
from crm.information.models import InformationRequest
from tests.crm.factories import CustomerFactory
from tests.forms.uploads import PDF_BYTES

from .conftest import ANSWERS, admin_user, received_on

HEADING = "case-information-heading"


def page_url(case) -> str:
    return f"/admin/cases/{case.uuid}/"


def action_url(case, action: str) -> str:
    return f"/admin/information/case/{case.uuid}/{action}/"


def panel(response):
    soup = BeautifulSoup(response.content, "html.parser")
    heading = soup.find(id=HEADING)
    return heading.parent if heading else None


def form_of(section, button_text: str):
    for form in section.find_all("form"):
        button = form.find("button")
        if button and button.get_text(strip=True) == button_text:
            return form
    return None


def field_error(form, name: str) -> str:
    """The error text shown in the field's wrapper (Wagtail's formattedfield)."""
    field = form.find(attrs={"name": name})
    wrapper = field.find_parent(class_="w-field__wrapper")
    error = wrapper.find(class_="error-message")
    return error.get_text(" ", strip=True) if error else ""


@pytest.fixture
def staff(client, foi_officer):
    client.force_login(foi_officer)
    return client


def test_the_section_shows_on_information_request_cases_only(
    staff, foi_case, case_type, foi_officer, team
):
    section = panel(staff.get(page_url(foi_case)))
    assert section is not None
    assert section.find("h2").get_text(strip=True) == "Information request"
    text = section.get_text(" ", strip=True)
    assert "Freedom of Information Act 2000" in text
    buttons = [b.get_text(strip=True) for b in section.find_all("button")]
    assert buttons == ["Send the response", "Record exemptions", "Extend the deadline"]
    assert form_of(section, "Send the response")["enctype"] == "multipart/form-data"

    team.members.add(foi_officer)
    other = open_case(case_type=case_type, answers=ANSWERS, customer=CustomerFactory())
    assert panel(staff.get(page_url(other))) is None
    response = staff.post(action_url(other, "exemptions"), {"foi-exemptions-regime": "foi"})
    assert response.status_code == 404


def test_the_due_date_is_shown_under_the_foi_rule(staff, foi_case, today):
    today(date(2026, 5, 22))
    received_on(foi_case, date(2026, 5, 22))
    text = panel(staff.get(page_url(foi_case))).get_text(" ", strip=True)
    assert "Tuesday 23 June 2026" in text


def test_staff_who_cannot_see_the_case_get_a_404(client, foi_case):
    client.force_login(admin_user())
    response = client.post(action_url(foi_case, "respond"), {"foi-response-message": "Here it is."})
    assert response.status_code == 404
    foi_case.refresh_from_db()
    assert foi_case.state == "received"


# --- Record exemptions --------------------------------------------------------------------------


def test_record_exemptions(staff, foi_case):
    response = staff.post(
        action_url(foi_case, "exemptions"),
        {
            "foi-exemptions-regime": "foi",
            "foi-exemptions-foia": ["foia-s40", "foia-s43"],
            "foi-exemptions-eir": ["eir-13"],
        },
    )
    assert response.status_code == 302
    assert response["Location"] == page_url(foi_case)
    info = InformationRequest.objects.get(case=foi_case)
    assert info.exemptions == ["foia-s40", "foia-s43", "eir-13"]

    section = panel(staff.get(page_url(foi_case)))
    assert "Section 43: commercial interests" in section.get_text(" ", strip=True)
    form = form_of(section, "Record exemptions")
    ticked = [box["value"] for box in form.find_all("input", checked=True, type="checkbox")]
    assert ticked == ["foia-s40", "foia-s43", "eir-13"]


def test_an_unknown_exemption_is_shown_next_to_the_field_with_the_ticks_kept(staff, foi_case):
    response = staff.post(
        action_url(foi_case, "exemptions"),
        {
            "foi-exemptions-regime": "eir",
            "foi-exemptions-foia": ["foia-s40", "foia-s99"],
            "foi-exemptions-eir": ["eir-12-4-b"],
        },
    )
    assert response.status_code == 200
    form = form_of(panel(response), "Record exemptions")
    assert "foia-s99" in field_error(form, "foi-exemptions-foia")
    ticked = [box["value"] for box in form.find_all("input", checked=True, type="checkbox")]
    assert ticked == ["foia-s40", "eir-12-4-b"]
    assert form.find("option", selected=True)["value"] == "eir"
    assert not InformationRequest.objects.filter(case=foi_case).exists()


# --- Extend the deadline ------------------------------------------------------------------------


def test_extend_the_deadline(staff, foi_case, today):
    today(date(2026, 5, 26))
    received_on(foi_case, date(2026, 5, 22))
    response = staff.post(
        action_url(foi_case, "extend"),
        {
            "foi-extension-new_due_date": "2026-07-22",
            "foi-extension-reason": "We need time to consider the public interest.",
        },
    )
    assert response.status_code == 302
    foi_case.refresh_from_db()
    assert foi_case.due_date == date(2026, 7, 22)


def test_an_extension_too_long_is_refused_next_to_the_date_with_the_reason_kept(
    staff, foi_case, today
):
    today(date(2026, 5, 26))
    received_on(foi_case, date(2026, 5, 22))
    response = staff.post(
        action_url(foi_case, "extend"),
        {
            "foi-extension-new_due_date": "2026-07-23",
            "foi-extension-reason": "We need time to consider the public interest.",
        },
    )
    assert response.status_code == 200
    form = form_of(panel(response), "Extend the deadline")
    assert "up to 20 working days" in field_error(form, "foi-extension-new_due_date")
    assert form.find("textarea").get_text(strip=True) == (
        "We need time to consider the public interest."
    )
    assert form.find("input", attrs={"name": "foi-extension-new_due_date"})["value"] == (
        "2026-07-23"
    )
    foi_case.refresh_from_db()
    assert foi_case.due_date == date(2026, 6, 23)


def test_an_extension_without_a_reason_is_refused_next_to_the_reason(staff, foi_case):
    response = staff.post(
        action_url(foi_case, "extend"), {"foi-extension-new_due_date": "2030-01-02"}
    )
    form = form_of(panel(response), "Extend the deadline")
    assert field_error(form, "foi-extension-reason") == "Enter the reason for the extension."


# --- Send the response --------------------------------------------------------------------------


def test_send_the_response_with_files(staff, foi_case):
    response = staff.post(
        action_url(foi_case, "respond"),
        {
            "foi-response-message": "The information is attached.",
            "foi-response-files": [
                SimpleUploadedFile("spend.pdf", PDF_BYTES, content_type="application/pdf"),
                SimpleUploadedFile("notes.pdf", PDF_BYTES, content_type="application/pdf"),
            ],
        },
    )
    assert response.status_code == 302
    foi_case.refresh_from_db()
    assert foi_case.state == "responded"
    assert sorted(a.original_name for a in foi_case.attachments.all()) == [
        "notes.pdf",
        "spend.pdf",
    ]
    section = panel(staff.get(page_url(foi_case)))
    assert form_of(section, "Send the response") is None  # sent: no second response
    assert "Response sent" in section.get_text(" ", strip=True)


def test_a_response_without_a_message_is_refused_next_to_the_message(staff, foi_case):
    response = staff.post(action_url(foi_case, "respond"), {"foi-response-message": ""})
    form = form_of(panel(response), "Send the response")
    assert field_error(form, "foi-response-message") == "Write the response to the resident."
    foi_case.refresh_from_db()
    assert foi_case.state == "received"


def test_a_file_that_is_not_allowed_is_refused_next_to_the_files_with_the_message_kept(
    staff, foi_case
):
    response = staff.post(
        action_url(foi_case, "respond"),
        {
            "foi-response-message": "Attached.",
            "foi-response-files": [
                SimpleUploadedFile("spend.pdf", b"<html></html>", content_type="application/pdf")
            ],
        },
    )
    form = form_of(panel(response), "Send the response")
    assert "must be a" in field_error(form, "foi-response-files")
    assert form.find("textarea").get_text(strip=True) == "Attached."
    assert not foi_case.attachments.exists()


def test_a_response_the_workflow_does_not_allow_is_shown_above_the_form(
    staff, foi_case, foi_officer
):
    change_case_status(
        foi_case, to_status="awaiting_clarification", actor=foi_officer, public_message="Which?"
    )
    section = panel(staff.get(page_url(foi_case)))
    assert form_of(section, "Send the response") is None  # not offered while waiting

    response = staff.post(
        action_url(foi_case, "respond"), {"foi-response-message": "Here it is anyway."}
    )
    form = form_of(panel(response), "Send the response")
    assert "cannot move from" in form.get_text(" ", strip=True)
    assert form.find("textarea").get_text(strip=True) == "Here it is anyway."
    foi_case.refresh_from_db()
    assert foi_case.state == "awaiting_clarification"


# --- Record the review outcome ------------------------------------------------------------------


@pytest.fixture
def in_review(foi_case, foi_officer):
    assign_case(foi_case, actor=foi_officer, officer=foi_officer)
    change_case_status(foi_case, to_status="responded", actor=foi_officer)
    change_case_status(foi_case, to_status="internal_review", actor=foi_officer)
    return foi_case


def test_record_the_review_outcome(client, in_review, reviewer):
    client.force_login(reviewer)
    section = panel(client.get(page_url(in_review)))
    form = form_of(section, "Record the review outcome")
    assert [r["value"] for r in form.find_all("input", type="radio")] == [
        "upheld",
        "partly_upheld",
        "overturned",
    ]
    response = client.post(
        action_url(in_review, "review-outcome"),
        {"foi-review-outcome": "overturned", "foi-review-reason": "Section 40 did not apply."},
    )
    assert response.status_code == 302
    in_review.refresh_from_db()
    assert in_review.state == "review_completed"
    info = InformationRequest.objects.get(case=in_review)
    assert info.review_outcome == "overturned"


def test_the_handler_cannot_record_the_review_outcome_and_keeps_what_they_typed(staff, in_review):
    response = staff.post(
        action_url(in_review, "review-outcome"),
        {"foi-review-outcome": "upheld", "foi-review-reason": "It was right."},
    )
    form = form_of(panel(response), "Record the review outcome")
    assert "someone else must handle this stage" in form.get_text(" ", strip=True)
    assert form.find("textarea").get_text(strip=True) == "It was right."
    assert form.find("input", type="radio", checked=True)["value"] == "upheld"
    in_review.refresh_from_db()
    assert in_review.state == "internal_review"


def test_a_review_outcome_without_a_choice_is_refused_next_to_it(client, in_review, reviewer):
    client.force_login(reviewer)
    response = client.post(
        action_url(in_review, "review-outcome"), {"foi-review-reason": "Because."}
    )
    form = form_of(panel(response), "Record the review outcome")
    assert field_error(form, "foi-review-outcome") == "Choose the outcome of the review."
