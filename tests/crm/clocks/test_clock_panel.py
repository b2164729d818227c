"""The "Clock" section of the staff case page and its forms (crm/cases/admin/clock_panel.py,
clock_views.py): what it shows, and each POST allowed and refused, with the error next to its
field and what was typed kept."""

from datetime import date

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from crm.cases.enums import Rule
from crm.cases.models import ClockStop
from crm.cases.services import stop_clock
from tests.crm.factories import CaseTypeFactory

from .conftest import DUE, admin_user, clock_case


@pytest.fixture
def client_o(client, officer):
    client.force_login(officer)
    return client


def page(case) -> str:
    return reverse("cases_admin:case", kwargs={"case_uuid": case.uuid})


def url(case, name) -> str:
    return reverse(f"cases_admin:clock_{name}", kwargs={"case_uuid": case.uuid})


def panel(response) -> BeautifulSoup:
    soup = BeautifulSoup(response.content, "html.parser")
    heading = soup.find(id="case-clock-heading")
    assert heading is not None, "no Clock section"
    return heading.find_parent("section")


def field_error(form, name) -> str:
    """The error shown with a field (Wagtail's formattedfield puts it in the field's wrapper)."""
    field = form.find(attrs={"name": name})
    wrapper = field.find_parent(class_="w-field__wrapper")
    error = wrapper.find(class_="error-message")
    return error.get_text(" ", strip=True) if error else ""


def test_the_panel_shows_the_clock_in_words(client_o, case, officer):
    stop_clock(case, actor=officer, reason="Waiting for photos", on=date(2026, 3, 4))
    response = client_o.get(page(case))
    section = panel(response)
    text = section.get_text(" ", strip=True)
    assert "Council working days" in text
    assert "2 Mar 2026" in text  # started
    assert "10 working days" in text  # target
    assert "0 of up to 10 working days" in text  # extension
    assert "Stopped" in text and "Clock stopped" in text  # the state and its flag
    row = section.find("td", string="Waiting for photos").find_parent("tr")
    assert "4 Mar 2026" in row.get_text() and "Still stopped" in row.get_text()
    assert "Olu Officer" in row.get_text()
    assert section.find("form", action=url(case, "restart")) is not None
    assert section.find("form", action=url(case, "stop")) is None
    assert section.find("form", action=url(case, "extend")) is None  # not while stopped


def test_the_panel_says_the_foi_rule_and_the_acknowledgement(client_o, team):
    case = clock_case(
        CaseTypeFactory(team=team, clock_rule=Rule.FOI, acknowledge_working_days=5),
        acknowledge_by=date(2026, 3, 9),
    )
    text = panel(client_o.get(page(case))).get_text(" ", strip=True)
    assert "Freedom of Information" in text
    assert "Due by 9 Mar 2026; not done yet" in text
    assert "Cases of this type cannot be extended" in text


def test_a_finished_case_has_no_clock_forms(client_o, case_type):
    case = clock_case(case_type, closed=True)
    section = panel(client_o.get(page(case)))
    assert section.find("form") is None
    assert "Stopped for good" in section.get_text()


def test_stopping_the_clock(client_o, case, officer):
    response = client_o.post(url(case, "stop"), {"clock-stop-reason": "Waiting for a fee"})
    assert response.status_code == 302 and response.url == page(case)
    case.refresh_from_db()
    assert case.clock_stopped
    stop = ClockStop.objects.get()
    assert (stop.reason, stop.stopped_by) == ("Waiting for a fee", officer)


def test_stopping_without_a_reason_shows_the_error_next_to_the_field(client_o, case):
    response = client_o.post(url(case, "stop"), {"clock-stop-reason": "  "})
    assert response.status_code == 200
    form = panel(response).find("form", action=url(case, "stop"))
    assert field_error(form, "clock-stop-reason") == "Enter why the clock is stopped."
    case.refresh_from_db()
    assert not case.clock_stopped and not ClockStop.objects.exists()


def test_stopping_a_stopped_clock_is_refused_on_the_form_with_the_reason_kept(
    client_o, case, officer
):
    stop_clock(case, actor=officer, reason="First")
    response = client_o.post(url(case, "stop"), {"clock-stop-reason": "Second reason"})
    assert response.status_code == 200
    form = panel(response).find("form", action=url(case, "stop"))
    assert "The clock is already stopped." in form.get_text()
    assert form.find("textarea").get_text().strip() == "Second reason"
    assert ClockStop.objects.count() == 1


def test_restarting_the_clock(client_o, case, officer):
    stop_clock(case, actor=officer, reason="Waiting")
    response = client_o.post(url(case, "restart"), {})
    assert response.status_code == 302
    case.refresh_from_db()
    assert not case.clock_stopped
    assert ClockStop.objects.get().resumed_by == officer


def test_restarting_a_running_clock_is_refused(client_o, case):
    response = client_o.post(url(case, "restart"), {})
    assert response.status_code == 200
    form = panel(response).find("form", action=url(case, "restart"))
    assert "The clock is not stopped." in form.get_text()


def test_extending_the_deadline(client_o, case):
    response = client_o.post(
        url(case, "extend"),
        {"clock-extend-new_due_date": "2026-03-20", "clock-extend-reason": "Waiting for a survey"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.due_date == date(2026, 3, 20) and case.extension_working_days == 4


@pytest.mark.parametrize(
    ("new_date", "reason", "field", "error"),
    [
        ("2026-03-31", "Too long", "clock-extend-new_due_date", "up to 10 working days in all"),
        ("2026-03-16", "Same day", "clock-extend-new_due_date", "must be after the current"),
        ("2026-03-21", "Saturday", "clock-extend-new_due_date", "is not a working day"),
        ("31/02/2026", "Bad date", "clock-extend-new_due_date", "Enter the new due date as a real"),
        ("", "No date", "clock-extend-new_due_date", "Enter the new due date"),
        ("2026-03-20", "", "clock-extend-reason", "Enter the reason for the extension"),
    ],
)
def test_a_refused_extension_shows_the_error_next_to_the_field_and_keeps_the_input(
    client_o, case, new_date, reason, field, error
):
    response = client_o.post(
        url(case, "extend"),
        {"clock-extend-new_due_date": new_date, "clock-extend-reason": reason},
    )
    assert response.status_code == 200
    form = panel(response).find("form", action=url(case, "extend"))
    assert error in field_error(form, field)
    assert form.find(attrs={"name": "clock-extend-new_due_date"}).get("value", "") == new_date
    assert form.find("textarea", attrs={"name": "clock-extend-reason"}).get_text().strip() == reason
    case.refresh_from_db()
    assert case.due_date == DUE and case.extension_working_days == 0


def test_extending_a_type_that_cannot_be_extended_is_refused_above_the_form(client_o, team):
    case = clock_case(CaseTypeFactory(team=team, max_extension_working_days=0))
    response = client_o.post(
        url(case, "extend"),
        {"clock-extend-new_due_date": "2026-03-20", "clock-extend-reason": "Why"},
    )
    assert response.status_code == 200
    form = panel(response).find("form", action=url(case, "extend"))
    assert "Cases of this type cannot be extended." in form.get_text()


def test_staff_who_cannot_see_the_case_get_a_404(client, case):
    client.force_login(admin_user())
    for name in ("stop", "restart", "extend"):
        assert client.post(url(case, name), {"clock-stop-reason": "x"}).status_code == 404
    assert not ClockStop.objects.exists()


def test_get_is_not_an_action(client_o, case):
    assert client_o.get(url(case, "stop")).status_code == 405
