"""The closure survey in Chromium, JavaScript on and off: a resident clicks a score in the email,
changes it and says why; the refused cases (a score outside 1 to 5, a reason too long, no choice,
an expired link, an unknown one) each get a page that says what happened. Every page passes
axe-core (WCAG 2.2 AA) and the site's CSP."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from crm.cases.enums import CaseStatus
from crm.cases.services import change_case_status
from crm.notifications.enums import EmailKind
from crm.notifications.models import OutboxMessage
from crm.surveys.models import AnsweredVia, SurveyResponse
from tests.crm.factories import CaseFactory, CaseTypeFactory, CustomerFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def closed_case(demo_content):
    case = CaseFactory(
        case_type=CaseTypeFactory(name="Report a pothole"),
        customer=CustomerFactory(name="Gail Guest", email="gail@example.com"),
        status=CaseStatus.IN_PROGRESS,
    )
    change_case_status(case, to_status=CaseStatus.CLOSED, actor=None)
    return case


def survey_path(case, score=None) -> str:
    """The path of a link in the case's survey email, as the resident would follow it."""
    message = OutboxMessage.objects.get(case=case, kind=EmailKind.CLOSURE_SURVEY)
    url = message.context[f"survey_url_{score}" if score else "survey_url"]
    return re.sub(r"^https?://[^/]+", "", url)


def heading(page):
    return page.get_by_role("heading", level=1)


@pytest.mark.parametrize("javascript_enabled", [True, False])
def test_one_click_records_the_score_then_the_resident_changes_it_and_says_why(
    closed_case, new_context, axe, javascript_enabled
):
    page = new_context(javascript_enabled=javascript_enabled).new_page()

    page.goto(survey_path(closed_case, 4))
    expect(page.get_by_text("Thank you, we have your answer: Satisfied.")).to_be_visible()
    expect(page.get_by_role("radio", name="Satisfied", exact=True)).to_be_checked()
    assert SurveyResponse.objects.get(case=closed_case).score == 4  # recorded by the click
    axe(page)

    page.get_by_role("radio", name="Very satisfied").check()
    page.get_by_label("Tell us why (optional)").fill("Filled the same week.")
    page.get_by_role("button", name="Send feedback").click()

    expect(heading(page)).to_have_text("Thank you for your feedback")
    expect(page.get_by_role("main")).to_contain_text("Your answer: Very satisfied")
    axe(page)
    response = SurveyResponse.objects.get(case=closed_case)
    assert (response.score, response.reason) == (5, "Filled the same week.")
    assert response.answered_via == AnsweredVia.FORM

    page.get_by_role("link", name="Change your answer").click()
    expect(page.get_by_role("radio", name="Very satisfied")).to_be_checked()
    expect(page.get_by_label("Tell us why (optional)")).to_have_value("Filled the same week.")
    axe(page)


@pytest.mark.parametrize("javascript_enabled", [True, False])
def test_mistakes_are_explained_in_an_error_summary(
    closed_case, new_context, axe, javascript_enabled
):
    page = new_context(javascript_enabled=javascript_enabled).new_page()

    page.goto(survey_path(closed_case))
    expect(heading(page)).to_have_text("How satisfied are you with how we dealt with your request?")
    axe(page)

    # No choice, and a reason over the limit: both explained, the text kept.
    too_long = "The crew came twice. " * 60
    page.get_by_label("Tell us why (optional)").fill(too_long)
    page.get_by_role("button", name="Send feedback").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Select how satisfied you are")
    expect(summary).to_contain_text("must be 1,200 characters or fewer")
    expect(page.get_by_label("Tell us why (optional)")).to_have_value(too_long)  # exactly as typed
    assert page.title().startswith("Error:")
    if javascript_enabled:
        expect(summary).to_be_focused()  # GOV.UK Frontend moves focus to the summary
    axe(page)

    summary.get_by_role("link", name=re.compile("Select how satisfied")).click()
    page.get_by_role("radio", name="Dissatisfied", exact=True).check()
    page.get_by_label("Tell us why (optional)").fill("Slow.")
    page.get_by_role("button", name="Send feedback").click()
    expect(heading(page)).to_have_text("Thank you for your feedback")

    # A score outside 1 to 5 in the link records nothing and says so.
    page.goto(survey_path(closed_case).rstrip("/") + "/9/")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "from 1 (very dissatisfied) to 5 (very satisfied)"
    )
    axe(page)
    assert SurveyResponse.objects.get(case=closed_case).score == 2


@pytest.mark.parametrize("javascript_enabled", [True, False])
def test_expired_and_unknown_links_say_so(closed_case, new_context, axe, javascript_enabled):
    page = new_context(javascript_enabled=javascript_enabled).new_page()
    path = survey_path(closed_case, 1)
    SurveyResponse.objects.filter(case=closed_case).update(
        expires_at=timezone.now() - timedelta(days=1)
    )

    answer = page.goto(path)
    assert answer.status == 410
    expect(heading(page)).to_have_text("This survey link has expired")
    axe(page)
    assert SurveyResponse.objects.get(case=closed_case).score is None

    missing = page.goto("/survey/this-token-was-never-sent/3/")
    assert missing.status == 404
    axe(page)
