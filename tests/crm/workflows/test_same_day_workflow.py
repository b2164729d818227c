"""A member of staff defines a new case type's workflow in the admin and uses it the same day:
no code, no deployment."""

import pytest

from crm.cases.enums import CaseStatus, EventKind
from crm.cases.models import CaseType, Workflow
from crm.cases.services import open_case
from tests.crm.factories import TeamFactory, UserFactory
from tests.crm.workflows.builders import admin_form_data, state, transition

pytestmark = pytest.mark.django_db


def test_a_workflow_made_in_the_admin_is_used_by_a_new_case_type_the_same_day(client):
    admin = UserFactory(superuser=True, first_name="Wren", last_name="Admin")
    client.force_login(admin)
    team = TeamFactory(name="Trees", members=[admin])
    blocks = [
        state("received", "Received", "received"),
        state(
            "site_visit",
            "Waiting for a site visit",
            "in_progress",
            clock_runs=False,
        ),
        state("decided", "Decision made", "resolved"),
        state("closed", "Closed", "closed"),
        transition("received", "site_visit", label="Book a site visit"),
        transition("site_visit", "decided", label="Record the decision", message_required=True),
        transition("decided", "closed"),
    ]

    response = client.post(
        "/admin/snippets/cases/workflow/add/",
        admin_form_data("Tree works", "tree-works", blocks, description="Protected trees"),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    workflow = Workflow.objects.get(slug="tree-works")

    response = client.post(
        "/admin/snippets/cases/casetype/add/",
        {
            "name": "Work to a protected tree",
            "slug": "protected-tree",
            "team": team.pk,
            "workflow": workflow.pk,
            "sla_working_days": 40,
            "clock_rule": "council",
            "acknowledge_working_days": "",
            "max_extension_working_days": 0,
            "duplicate_window_days": 14,
            "retention_months": 72,
            "public_description": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    case_type = CaseType.objects.get(slug="protected-tree")
    assert case_type.workflow == workflow

    case = open_case(case_type=case_type, answers=[{"question": "Tree", "answer": "Oak"}])
    assert (case.workflow_version.workflow, case.workflow_version.number) == (workflow, 1)
    assert (case.state, case.status) == ("received", CaseStatus.RECEIVED)

    page = client.get(f"/admin/cases/{case.uuid}/")
    html = page.content.decode()
    assert "Tree works, version 1" in html
    assert "Council working days (closure days do not count)" in html
    assert list(page.context["status_form"].fields["to_status"].widget.choices) == [
        ("site_visit", "Book a site visit")
    ]

    response = client.post(
        f"/admin/cases/{case.uuid}/status/", {"status-to_status": "site_visit"}, follow=True
    )
    assert "The status has been changed." in [str(m).strip() for m in response.context["messages"]]
    case.refresh_from_db()
    assert (case.state, case.status, case.clock_stopped) == (
        "site_visit",
        CaseStatus.IN_PROGRESS,
        True,
    )
    html = response.content.decode()
    assert "Waiting for a site visit" in html and "counts as In progress" in html

    response = client.post(
        f"/admin/cases/{case.uuid}/status/",
        {"status-to_status": "decided", "status-public_message": "Consent granted"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.state, case.status) == ("decided", CaseStatus.RESOLVED)
    event = case.events.filter(kind=EventKind.STATUS_CHANGED).latest("created_at")
    assert (event.actor, event.message, event.data["label"]) == (
        admin,
        "Consent granted",
        "Decision made",
    )
