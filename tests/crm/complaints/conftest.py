"""Fixtures for complaints: a Complaints team of three officers, the Complaint case type on the
`complaint` workflow (from the migration) with the code's targets, Compliment and Comment case
types on `feedback`, and helpers to open and move complaints as a real submission does."""

import pytest
from django.contrib.auth.models import Permission

from crm.cases.models import Workflow
from crm.cases.services import change_case_status, open_case
from tests.crm.factories import CaseTypeFactory, CustomerFactory, TeamFactory, UserFactory

ANSWERS = [{"question": "What went wrong?", "answer": "Bin missed three times", "key": "what"}]


def staff(**kwargs):
    user = UserFactory(**kwargs)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return user


@pytest.fixture
def first_handler(db):
    return staff(first_name="Fran", last_name="First")


@pytest.fixture
def second_handler(db):
    return staff(first_name="Sam", last_name="Second")


@pytest.fixture
def third_handler(db):
    return staff(first_name="Tia", last_name="Third")


@pytest.fixture
def complaints_team(first_handler, second_handler, third_handler):
    return TeamFactory(name="Complaints", members=[first_handler, second_handler, third_handler])


@pytest.fixture
def workflows(db):
    """The migration's workflows (made again if a transactional test's flush removed them)."""
    from importlib import import_module

    from django.apps import apps

    import_module("crm.complaints.migrations.0001_workflows").forwards(apps, None)
    return {w.slug: w for w in Workflow.objects.filter(slug__in=["complaint", "feedback"])}


@pytest.fixture
def complaint_type(complaints_team, workflows):
    return CaseTypeFactory(
        name="Complaint",
        team=complaints_team,
        sla_working_days=10,
        acknowledge_working_days=5,
        max_extension_working_days=10,
        workflow=workflows["complaint"],
    )


@pytest.fixture
def compliment_type(complaints_team, workflows):
    return CaseTypeFactory(name="Compliment", team=complaints_team, workflow=workflows["feedback"])


@pytest.fixture
def comment_type(complaints_team, workflows):
    return CaseTypeFactory(name="Comment", team=complaints_team, workflow=workflows["feedback"])


@pytest.fixture
def resident(db):
    return CustomerFactory(name="Ria Resident", email="ria@example.com")


@pytest.fixture
def complaint(complaint_type, resident):
    return open_case(case_type=complaint_type, answers=ANSWERS, customer=resident)


def move(case, state, actor, message=""):
    return change_case_status(case, to_status=state, actor=actor, public_message=message)


def answer_stage_1(case, handler):
    """Acknowledge, assign to `handler` and send the stage 1 reply as them."""
    from crm.cases.services import assign_case

    assign_case(case, actor=handler, officer=handler)
    move(case, "stage_1", handler)
    move(case, "stage_1_answered", handler, "We are sorry: the crew will call weekly.")
    return case


@pytest.fixture
def at_stage_2(complaint, first_handler):
    answer_stage_1(complaint, first_handler)
    move(complaint, "stage_2", first_handler)
    complaint.refresh_from_db()
    return complaint


@pytest.fixture
def answered_at_stage_2(at_stage_2, second_handler):
    move(at_stage_2, "stage_2_answered", second_handler, "We have reviewed it.")
    at_stage_2.refresh_from_db()
    return at_stage_2
