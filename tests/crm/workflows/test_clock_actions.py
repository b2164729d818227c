"""A state's clock settings act when a case enters it: a state whose clock does not run stops
it (with the state's label as the reason), the next running state starts it again, and finishing
while stopped ends the stop that day, so a finished case shows no stopped clock."""

import pytest

from crm.cases.models import ClockStop
from crm.cases.services import change_case_status, open_case
from tests.crm.factories import CaseTypeFactory
from tests.crm.workflows.builders import make_workflow, state, transition

pytestmark = pytest.mark.django_db


@pytest.fixture
def case():
    workflow = make_workflow(
        "waiting",
        [
            state("received", "Received", "received"),
            state("waiting", "Waiting for you", "awaiting_customer", clock_runs=False),
            state("working", "With our team", "in_progress"),
            state("done", "Done", "closed"),
            transition("received", "waiting"),
            transition("waiting", "working"),
            transition("waiting", "done"),
            transition("done", "working"),
        ],
    )
    case_type = CaseTypeFactory(workflow=workflow)
    return open_case(
        case_type=case_type,
        answers=[{"question": "What?", "answer": "A fence", "key": "what"}],
    )


def test_a_state_whose_clock_does_not_run_stops_it_and_the_next_starts_it(case):
    change_case_status(case, to_status="waiting", actor=None)
    case.refresh_from_db()
    assert case.clock_stopped
    assert ClockStop.objects.get(case=case).reason == "Waiting for you"

    change_case_status(case, to_status="working", actor=None)
    case.refresh_from_db()
    assert not case.clock_stopped
    assert ClockStop.objects.get(case=case).resumed_on is not None


def test_finishing_while_stopped_ends_the_stop(case):
    change_case_status(case, to_status="waiting", actor=None)
    change_case_status(case, to_status="done", actor=None)
    case.refresh_from_db()

    assert not case.clock_stopped
    assert not ClockStop.objects.filter(case=case, resumed_on__isnull=True).exists()

    change_case_status(case, to_status="working", actor=None)  # reopened: nothing to resume
    case.refresh_from_db()
    assert not case.clock_stopped
    assert ClockStop.objects.filter(case=case).count() == 1
