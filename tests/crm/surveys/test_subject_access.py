"""A person's closure survey answers are part of their subject access export (UK GDPR Article
15), added through the export's section registry (crm.cases never imports crm.surveys)."""

import io
import json
import zipfile

import pytest
from django.contrib.auth.models import Permission

from crm.cases.services import export_subject_access
from crm.cases.services.subject_access import _section_providers
from crm.surveys.exports import SECTION_KEY, survey_answers_section
from crm.surveys.services import record_form_answer, record_link_answer, response_for_token
from tests.crm.admin.conftest import admin_user
from tests.crm.factories import CaseFactory, CustomerFactory

from .conftest import close

pytestmark = pytest.mark.django_db


@pytest.fixture
def dpo(db):
    user = admin_user(first_name="Dee", last_name="Peo")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="cases", codename="change_customer")
    )
    return user


def export(customer, dpo):
    archive = zipfile.ZipFile(io.BytesIO(export_subject_access(customer, actor=dpo).read()))
    return (
        json.loads(archive.read("data.json")),
        archive.read("summary.html").decode(),
        archive.read("README.txt").decode(),
    )


def test_the_surveys_app_registers_its_section():
    assert _section_providers["surveys.closure_survey_answers"] is survey_answers_section


def test_a_persons_survey_answer_is_in_their_export(surveyed_case, token, customer, dpo):
    response = response_for_token(token)
    record_link_answer(response, 2)
    record_form_answer(response, score=2, reason="Nobody called me back")

    data, summary, readme = export(customer, dpo)

    [row] = data["sections"][SECTION_KEY]
    assert row["case"] == surveyed_case.reference
    assert (row["score"], row["answer"]) == (2, "Dissatisfied")
    assert row["reason"] == "Nobody called me back"
    assert row["answered_from"] == "Survey page"
    assert row["confirmed_on_page"] is not None
    assert "<h2>Closure survey answers</h2>" in summary
    assert "Nobody called me back" in summary
    assert "Dissatisfied" in summary
    assert "Closure survey answers" in readme


def test_a_score_given_by_the_emails_link_alone_is_exported_too(
    surveyed_case, token, customer, dpo
):
    record_link_answer(response_for_token(token), 5)

    data, summary, _readme = export(customer, dpo)

    [row] = data["sections"][SECTION_KEY]
    assert (row["answer"], row["reason"], row["answered_from"]) == (
        "Very satisfied",
        "",
        "Link in the email",
    )
    assert row["confirmed_on_page"] is None


def test_no_answer_no_section(surveyed_case, customer, dpo):
    """A survey sent but never answered holds nothing the person said (its email is exported
    with the case): no heading for surveys at all."""
    data, summary, readme = export(customer, dpo)

    assert surveyed_case.survey_response.score is None
    assert data["sections"] == {}
    assert "Closure survey" not in summary
    assert "Closure survey" not in readme


def test_someone_elses_answers_stay_out(surveyed_case, token, customer, dpo, case_type):
    record_form_answer(response_for_token(token), score=1, reason="Ria's own reason")
    someone_else = CustomerFactory(email="someone@example.com")

    data, summary, _readme = export(someone_else, dpo)

    assert data["sections"] == {}
    assert "Ria's own reason" not in summary


def test_answers_on_a_merged_duplicates_cases_are_exported_with_the_record_kept(
    case_type, customer, dpo, django_capture_on_commit_callbacks
):
    duplicate = CustomerFactory(email="ria.old@example.com", merged_into=customer)
    case = CaseFactory(case_type=case_type, customer=duplicate, in_progress=True)
    with django_capture_on_commit_callbacks(execute=False):
        close(case)
    response = case.survey_response
    response.score, response.reason = 4, "Quick, thanks"
    response.save()

    data, _summary, _readme = export(customer, dpo)

    assert [row["reason"] for row in data["sections"][SECTION_KEY]] == ["Quick, thanks"]
