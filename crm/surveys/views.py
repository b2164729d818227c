"""The closure survey's public pages: no sign-in, the token in the link is the only key.

- `/survey/<token>/<score>/`: a link in the email. The score is recorded at once, then the page
  confirms it and offers the same question (the score can be changed) with "Tell us why".
- `/survey/<token>/`: the question on its own; its form is where every answer is sent.
- `/survey/<token>/thanks/`: after sending.

An unknown token is a 404; an expired one a page that says so (410). Pages are never cached and
never indexed, and send their address (the key) as a referrer only to this site.
"""

from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from .forms import SurveyForm, reason_limit_text
from .models import REASON_MAX_LENGTH, Score
from .services import (
    SurveyExpired,
    check_score,
    record_form_answer,
    record_link_answer,
    response_for_token,
)


def survey_page(view):
    """Private, unindexed, no referrer to other sites; an expired link gets its own page."""

    @wraps(view)
    def wrapper(request: HttpRequest, token: str, *args, **kwargs) -> HttpResponse:
        try:
            response = response_for_token(token)
        except SurveyExpired:
            page = render(request, "surveys/expired.html", status=410)
        else:
            page = view(request, response, token, *args, **kwargs)
        page["X-Robots-Tag"] = "noindex, nofollow"
        # Not "no-referrer": browsers then send "Origin: null" with the form, which Django's
        # CSRF check refuses. "same-origin" still keeps the address (the key) off other sites.
        page["Referrer-Policy"] = "same-origin"
        return page

    return never_cache(wrapper)


def _render_form(request, token, form, *, status=200, recorded=None, response=None):
    return render(
        request,
        "surveys/survey.html",
        {
            "form": form,
            "errors": form.error_list() if form.is_bound else [],
            "recorded": recorded,
            "recorded_label": Score(recorded).label if recorded else "",
            "case_type": response.case.case_type.name if response else "",
            "choices": Score.choices,
            "selected": _selected(form),
            "reason_limit": reason_limit_text(),
            "reason_max_length": REASON_MAX_LENGTH,
            "action": f"/survey/{token}/",
        },
        status=status,
    )


def _selected(form) -> str:
    if form.is_bound:
        return str(form.data.get("score", ""))
    initial = form.initial.get("score")
    return str(initial) if initial else ""


@survey_page
@require_http_methods(["GET", "HEAD", "POST"])
def survey(request, response, token):
    if request.method == "POST":
        form = SurveyForm(request.POST)
        if form.is_valid():
            record_form_answer(
                response, score=form.cleaned_data["score"], reason=form.cleaned_data["reason"]
            )
            return redirect("surveys:thanks", token=token)
        return _render_form(request, token, form, status=400, response=response)
    form = SurveyForm(initial={"score": response.score, "reason": response.reason})
    return _render_form(request, token, form, response=response)


@survey_page
@require_safe
def survey_score(request, response, token, score):
    try:
        score = check_score(score)
    except ValueError:
        # Shown as the question with an error, as if the form had been sent without a choice.
        form = SurveyForm({"score": "", "reason": response.reason})
        return _render_form(request, token, form, status=400, response=response)
    if request.method == "GET":  # a HEAD request (link checkers) records nothing
        response = record_link_answer(response, score)
    form = SurveyForm(initial={"score": score, "reason": response.reason})
    return _render_form(request, token, form, recorded=score, response=response)


@survey_page
@require_safe
def thanks(request, response, token):
    return render(
        request,
        "surveys/thanks.html",
        {
            "score_label": Score(response.score).label if response.score else "",
            "change_url": f"/survey/{token}/",
        },
    )
