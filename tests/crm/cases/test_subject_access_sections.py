"""Other CRM apps add parts to a subject access export through `register_export_section`
(crm/cases/services/subject_access.py), so crm.cases imports none of them."""

import datetime
import io
import json
import zipfile

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from crm.cases.models import Workflow, WorkflowVersion
from crm.cases.services import change_case_status, export_subject_access, open_case, subject_access
from crm.cases.services.subject_access import ExportSection, register_export_section
from tests.crm.admin.conftest import admin_user
from tests.crm.factories import CaseFactory, CaseTypeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def dpo(db):
    user = admin_user(first_name="Dee", last_name="Peo")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="cases", codename="change_customer")
    )
    return user


@pytest.fixture
def providers(monkeypatch):
    """The registry as the installed apps left it, restored after the test."""
    registry = dict(subject_access._section_providers)
    monkeypatch.setattr(subject_access, "_section_providers", registry)
    return registry


def export(customer, dpo):
    archive = zipfile.ZipFile(io.BytesIO(export_subject_access(customer, actor=dpo).read()))
    return json.loads(archive.read("data.json")), archive.read("summary.html").decode()


def parking_section(customer, cases):
    if not cases:
        return None
    return ExportSection(
        key="parking_permits",
        title="Parking permits",
        columns=(("permit", "Permit"), ("issued", "Issued"), ("paid", "Paid"), ("note", "Note")),
        rows=(
            {
                "permit": f"P-{cases[0].reference}",
                "issued": timezone.make_aware(datetime.datetime(2026, 3, 14, 9, 30)),
                "paid": True,
                "note": "",
            },
        ),
    )


def test_a_registered_section_is_in_the_json_and_the_summary(providers, case_type, customer, dpo):
    case = CaseFactory(case_type=case_type, customer=customer)
    seen = []
    register_export_section(
        "tests.parking", lambda c, cases: seen.append((c, list(cases))) or parking_section(c, cases)
    )

    data, summary = export(customer, dpo)

    assert seen == [(customer, [case])]
    [row] = data["sections"]["parking_permits"]
    assert row["permit"] == f"P-{case.reference}"
    assert row["issued"].startswith("2026-03-14")
    assert "<h2>Parking permits</h2>" in summary
    assert f"<td>P-{case.reference}</td><td>14 March 2026 09:30</td><td>Yes</td><td>–</td>" in (
        summary
    )


def test_a_section_with_nothing_about_the_person_is_left_out(providers, customer, dpo):
    register_export_section("tests.parking", parking_section)  # no cases: None
    register_export_section(
        "tests.empty", lambda c, cases: ExportSection("empty", "Empty", (("a", "A"),), ())
    )

    data, summary = export(customer, dpo)

    assert data["sections"] == {}
    assert "Parking permits" not in summary and "Empty" not in summary


def test_registering_a_name_again_replaces_the_provider(providers, case_type, customer, dpo):
    CaseFactory(case_type=case_type, customer=customer)
    register_export_section("tests.parking", lambda c, cases: None)
    register_export_section("tests.parking", parking_section)

    data, _summary = export(customer, dpo)

    assert list(data["sections"]) == ["parking_permits"]


def test_two_sections_under_one_key_are_refused(providers, case_type, customer, dpo):
    CaseFactory(case_type=case_type, customer=customer)
    register_export_section("tests.parking", parking_section)
    register_export_section("tests.parking_again", parking_section)

    with pytest.raises(ValueError, match="parking_permits"):
        export_subject_access(customer, actor=dpo)


def test_a_failing_section_fails_the_export_rather_than_leave_it_out(
    providers, case_type, customer, dpo
):
    """An export that silently lacks part of what we hold would be a wrong answer to the
    person; staff see the error and try again instead. No access is logged for it."""
    CaseFactory(case_type=case_type, customer=customer)

    def broken(c, cases):
        raise RuntimeError("bookings unavailable")

    register_export_section("tests.broken", broken)

    with pytest.raises(RuntimeError):
        export_subject_access(customer, actor=dpo)
    assert not customer.cases.first().access_logs.exists()


def test_the_export_names_the_workflow_state_the_resident_was_shown(customer, dpo, officer, team):
    workflow = Workflow.objects.create(name="Requests (test)", slug="subject-access-states-test")
    WorkflowVersion.objects.create(
        workflow=workflow,
        number=1,
        definition={
            "states": [
                {"name": "received", "label": "Received", "counts_as": "received"},
                {
                    "name": "awaiting_clarification",
                    "label": "Waiting for you to clarify your request",
                    "counts_as": "awaiting_customer",
                    "clock_runs": False,
                },
            ],
            "transitions": [{"from_state": "received", "to_state": "awaiting_clarification"}],
        },
    )
    case_type = CaseTypeFactory(team=team, workflow=workflow)
    case = open_case(case_type=case_type, answers=[], customer=customer)
    change_case_status(
        case, to_status="awaiting_clarification", actor=officer, public_message="Which?"
    )

    data, summary = export(customer, dpo)

    [exported] = data["cases"]
    assert (exported["status"], exported["state"]) == (
        "Waiting for a reply",
        "Waiting for you to clarify your request",
    )
    received, change = [event for event in exported["timeline"] if event["to_status"]]
    assert received["to_state"] == "Received"
    assert change["to_state"] == "Waiting for you to clarify your request"
    assert "Waiting for you to clarify your request (counts as “Waiting for a reply”)" in summary
