"""cases/0007_standard_workflow: cases opened before workflows follow the standard workflow's
version 1, in the state their status was."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from crm.cases.models import Case, Workflow
from crm.cases.services import change_case_status
from crm.cases.workflows import STANDARD_SPEC, case_state, spec_for_case

BEFORE = [("cases", "0006_workflows")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    """Every app's newest migration (going back to cases 0006 also unapplied the migrations of
    the apps that build on 0007, such as the information request and complaint workflows)."""
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


# serialized_rollback: the rows other migrations made (the standard workflow itself, locales)
# are put back afterwards for the tests that follow.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_cases_from_before_workflows_follow_the_standard_workflow_version_1():
    old_apps = migrate(BEFORE)
    try:
        OldTeam = old_apps.get_model("cases", "Team")
        OldCaseType = old_apps.get_model("cases", "CaseType")
        OldCase = old_apps.get_model("cases", "Case")
        OldWorkflow = old_apps.get_model("cases", "Workflow")
        OldWorkflowVersion = old_apps.get_model("cases", "WorkflowVersion")
        # 0006 made the tables; 0007 (unapplied) is what fills them.
        OldCase.objects.update(workflow_version=None, state="")
        OldWorkflowVersion.objects.filter(workflow__slug="standard").delete()
        OldWorkflow.objects.filter(slug="standard").delete()
        team = OldTeam.objects.create(name="Old team", slug="old-team-0007")
        case_type = OldCaseType.objects.create(name="Old type", slug="old-type-0007", team=team)
        statuses = ["received", "in_progress", "awaiting_customer", "resolved", "closed"]
        for number, status in enumerate(statuses):
            OldCase.objects.create(
                reference=f"OLD-0007-{number}",
                case_type=case_type,
                team=team,
                status=status,
                due_date=date(2026, 1, 30),
                answers=[],
            )
    finally:
        migrate(latest())

    standard = Workflow.objects.get(slug="standard")
    version = standard.versions.get()
    assert version.number == 1
    cases = {case.status: case for case in Case.objects.filter(reference__startswith="OLD-0007-")}
    assert len(cases) == 5
    for status, case in cases.items():
        assert case.workflow_version == version
        assert case.state == status
        assert case_state(case).name == status
        assert spec_for_case(case).states.keys() == STANDARD_SPEC.states.keys()
        assert {(t.from_state, t.to_state) for t in spec_for_case(case).transitions} == {
            (t.from_state, t.to_state) for t in STANDARD_SPEC.transitions
        }
    change_case_status(cases["closed"], to_status="in_progress", actor=None)  # reopen
    cases["closed"].refresh_from_db()
    assert (cases["closed"].state, cases["closed"].status) == ("in_progress", "in_progress")
