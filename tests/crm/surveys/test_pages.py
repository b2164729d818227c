"""The resident's survey pages: one click records the score, the page lets them change it and
say why; unknown, expired and malformed links are refused with a page that says so."""

from datetime import timedelta

import pytest
from django.utils import timezone

from crm.surveys.models import AnsweredVia, SurveyResponse

pytestmark = pytest.mark.django_db


def response_for(case) -> SurveyResponse:
    return SurveyResponse.objects.get(case=case)


def checked_value(html: str) -> list[str]:
    import re

    return re.findall(r'name="score" type="radio" value="(\d)" checked', html)


def test_a_click_on_a_link_records_the_score_at_once(client, surveyed_case, token):
    page = client.get(f"/survey/{token}/4/")

    assert page.status_code == 200
    response = response_for(surveyed_case)
    assert response.score == 4
    assert response.answered_via == AnsweredVia.LINK
    assert response.confirmed_at is None
    html = page.content.decode()
    assert "Thank you, we have your answer: Satisfied." in html
    assert checked_value(html) == ["4"]  # the choice shown, and it can be changed
    assert "Tell us why (optional)" in html
    assert "Send feedback" in html
    assert page["Cache-Control"].startswith("max-age=0") or "no-cache" in page["Cache-Control"]
    assert page["X-Robots-Tag"] == "noindex, nofollow"
    assert page["Referrer-Policy"] == "same-origin"


def test_no_sign_in_is_needed_and_the_last_answer_wins(client, surveyed_case, token):
    client.get(f"/survey/{token}/1/")
    client.get(f"/survey/{token}/5/")
    response = response_for(surveyed_case)
    assert response.score == 5
    assert response.link_clicks == 2
    assert response.first_answered_at <= response.answered_at


def test_a_head_request_from_a_link_checker_records_nothing(client, surveyed_case, token):
    assert client.head(f"/survey/{token}/1/").status_code == 200
    assert response_for(surveyed_case).score is None


def test_the_page_form_changes_the_score_and_keeps_the_reason(client, surveyed_case, token):
    client.get(f"/survey/{token}/2/")
    sent = client.post(f"/survey/{token}/", {"score": "3", "reason": "  Slow, but fixed.  "})

    assert sent.status_code == 302
    assert sent["Location"] == f"/survey/{token}/thanks/"
    response = response_for(surveyed_case)
    assert (response.score, response.reason) == (3, "Slow, but fixed.")
    assert response.answered_via == AnsweredVia.FORM
    assert response.confirmed_at is not None
    thanks = client.get(sent["Location"])
    assert "Thank you for your feedback" in thanks.content.decode()
    assert "Your answer: Neither satisfied nor dissatisfied" in thanks.content.decode()


def test_the_question_page_without_a_score_shows_the_radios(client, surveyed_case, token):
    page = client.get(f"/survey/{token}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "How satisfied are you with how we dealt with your request?" in html
    assert html.count('name="score" type="radio"') == 5
    assert checked_value(html) == []
    assert "Send feedback" in html
    assert "Thank you, we have your answer" not in html
    assert response_for(surveyed_case).score is None  # looking records nothing


def test_the_question_page_shows_an_earlier_answer(client, surveyed_case, token):
    client.post(f"/survey/{token}/", {"score": "1", "reason": "Nobody came."})
    html = client.get(f"/survey/{token}/").content.decode()
    assert checked_value(html) == ["1"]
    assert "Nobody came." in html


def test_an_unknown_token_is_not_found(client, surveyed_case):
    assert client.get("/survey/not-a-real-token/").status_code == 404
    assert client.get("/survey/not-a-real-token/3/").status_code == 404
    assert client.post("/survey/not-a-real-token/", {"score": "3"}).status_code == 404
    assert client.get(f"/survey/{'x' * 500}/").status_code == 404


def test_an_expired_link_says_so_and_records_nothing(client, surveyed_case, token):
    SurveyResponse.objects.filter(case=surveyed_case).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    for page in (
        client.get(f"/survey/{token}/5/"),
        client.get(f"/survey/{token}/"),
        client.post(f"/survey/{token}/", {"score": "5"}),
    ):
        assert page.status_code == 410
        assert "This survey link has expired" in page.content.decode()
    assert response_for(surveyed_case).score is None


def test_a_link_for_a_case_anonymised_since_no_longer_works(client, surveyed_case, token):
    surveyed_case.anonymised_at = timezone.now()
    surveyed_case.save(update_fields=["anonymised_at"])
    page = client.get(f"/survey/{token}/5/")
    assert page.status_code == 410
    assert response_for(surveyed_case).score is None


@pytest.mark.parametrize("score", ["0", "6", "-1", "99"])
def test_a_score_outside_one_to_five_in_the_link_is_refused(client, surveyed_case, token, score):
    page = client.get(f"/survey/{token}/{score}/")
    html = page.content.decode()
    assert page.status_code == 400
    assert "There is a problem" in html
    assert "Select how satisfied you are, from 1 (very dissatisfied) to 5" in html
    assert 'href="#score"' in html
    assert response_for(surveyed_case).score is None


@pytest.mark.parametrize("score", ["", "0", "6", "three"])
def test_the_form_refuses_a_missing_or_wrong_score(client, surveyed_case, token, score):
    page = client.post(f"/survey/{token}/", {"score": score, "reason": "Kept"})
    html = page.content.decode()
    assert page.status_code == 400
    assert "There is a problem" in html
    assert "<title>Error:" in html
    assert "Kept</textarea>" in html
    assert response_for(surveyed_case).score is None


def test_a_reason_too_long_is_refused_and_the_text_kept(client, surveyed_case, token):
    reason = "Too long. " * 121  # 1,210 characters
    page = client.post(f"/survey/{token}/", {"score": "2", "reason": reason})
    html = page.content.decode()
    assert page.status_code == 400
    assert "Why you gave this answer must be 1,200 characters or fewer" in html
    assert 'href="#reason"' in html
    assert reason.strip() in html
    assert checked_value(html) == ["2"]
    assert response_for(surveyed_case).reason == ""


def test_a_reason_is_shown_back_as_text_not_markup(client, surveyed_case, token):
    client.post(f"/survey/{token}/", {"score": "1", "reason": "<script>alert(1)</script>"})
    html = client.get(f"/survey/{token}/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
