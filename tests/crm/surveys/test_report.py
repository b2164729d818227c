"""Reports > Satisfaction: results per case type (responses, response rate, mean, distribution),
recent reasons, a date range and CSV downloads; only for superusers and staff with "Can view
survey response"."""

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from crm.cases.enums import CaseStatus
from crm.surveys.models import AnsweredVia, SurveyResponse
from crm.surveys.services import erase_reasons_of_anonymised_cases
from tests.crm.factories import CaseFactory, CaseTypeFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/admin/surveys/satisfaction/"
LONDON = ZoneInfo("Europe/London")
_tokens = iter(range(10_000))


def admin_user(**kwargs):
    user = UserFactory(**kwargs)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return user


def survey(case_type, *, sent=(2026, 11, 2), score=None, reason="", confirmed=False, **case):
    sent_at = datetime(*sent, 12, 0, tzinfo=LONDON)
    return SurveyResponse.objects.create(
        case=CaseFactory(case_type=case_type, status=CaseStatus.CLOSED, **case),
        token_hash=f"{next(_tokens):064d}",
        sent_at=sent_at,
        expires_at=sent_at + timezone.timedelta(days=60),
        score=score,
        reason=reason,
        answered_at=sent_at if score else None,
        answered_via=(AnsweredVia.FORM if confirmed else AnsweredVia.LINK) if score else "",
        confirmed_at=sent_at if confirmed else None,
    )


@pytest.fixture
def results(db):
    potholes = CaseTypeFactory(name="Report a pothole")
    bins = CaseTypeFactory(name="Missed bin")
    survey(potholes, score=5, reason="Fixed in a day", confirmed=True)
    survey(potholes, score=4)
    survey(potholes, score=1, reason='=HYPERLINK("http://evil")', confirmed=True)
    survey(potholes)  # not answered
    survey(bins, score=2, reason="Bin still not collected", confirmed=True)
    survey(bins, sent=(2026, 10, 1), score=5, reason="October: outside the range")
    return potholes, bins


@pytest.fixture
def analyst(db):
    user = admin_user(first_name="Sam")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="surveys", codename="view_surveyresponse")
    )
    return user


def row_for(page, name):
    return next(row for row in page.context["rows"] if row["case_type"] == name)


def test_results_per_case_type(client, analyst, results):
    client.force_login(analyst)
    page = client.get(URL, {"sent_from": "2026-11-01", "sent_to": "2026-11-30"})

    assert page.status_code == 200
    potholes = row_for(page, "Report a pothole")
    assert (potholes["sent"], potholes["responses"], potholes["confirmed"]) == (4, 3, 2)
    assert potholes["rate"] == 75.0
    assert float(potholes["mean"]) == pytest.approx(3.33, abs=0.01)
    assert [cell["count"] for cell in potholes["distribution"]] == [1, 0, 0, 1, 1]
    bins = row_for(page, "Missed bin")
    assert (bins["sent"], bins["responses"], bins["rate"]) == (1, 1, 100.0)
    total = page.context["total"]
    assert (total["sent"], total["responses"]) == (5, 4)
    html = page.content.decode()
    assert "Report a pothole" in html and "75.0%" in html


def test_all_dates_by_default_and_the_range_filters(client, analyst, results):
    client.force_login(analyst)
    everything = client.get(URL)
    assert row_for(everything, "Missed bin")["sent"] == 2
    october = client.get(URL, {"sent_from": "2026-10-01", "sent_to": "2026-10-31"})
    assert [row["case_type"] for row in october.context["rows"]] == ["Missed bin"]


def test_a_backwards_range_is_explained(client, analyst, results):
    client.force_login(analyst)
    page = client.get(URL, {"sent_from": "2026-11-30", "sent_to": "2026-11-01"})
    assert "The start of the range must be on or before its end." in page.content.decode()


def test_recent_reasons_newest_first_but_not_for_anonymised_cases(client, analyst, results):
    potholes, _bins = results
    survey(potholes, score=3, reason="Name and address here", anonymised_at=timezone.now())
    client.force_login(analyst)
    page = client.get(URL, {"sent_from": "2026-11-01"})
    reasons = [row["reason"] for row in page.context["reasons"]]
    assert "Fixed in a day" in reasons
    assert "Bin still not collected" in reasons
    assert "Name and address here" not in reasons
    assert "Name and address here" not in page.content.decode()


def test_csv_downloads_quote_formulas(client, analyst, results):
    client.force_login(analyst)
    summary = client.get(URL, {"sent_from": "2026-11-01", "format": "csv"})
    assert summary["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(summary.content.decode("utf-8-sig"))))
    assert rows[0][:5] == [
        "Case type",
        "Surveys sent",
        "Responses",
        "Response rate (%)",
        "Mean score",
    ]
    pothole_row = next(row for row in rows if row[0] == "Report a pothole")
    assert pothole_row[1:4] == ["4", "3", "75.0"]
    assert rows[-1][0] == "All case types"

    reasons = client.get(URL, {"sent_from": "2026-11-01", "format": "reasons"})
    text = reasons.content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    assert "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text


def test_a_case_type_named_like_a_formula_is_quoted_in_the_csv(client, analyst):
    survey(CaseTypeFactory(name="+Pothole"), score=3)
    client.force_login(analyst)
    rows = list(
        csv.reader(io.StringIO(client.get(URL, {"format": "csv"}).content.decode("utf-8-sig")))
    )
    assert rows[1][0] == "'+Pothole"


def test_staff_without_the_permission_are_refused_and_see_no_menu_item(client, results):
    officer = admin_user(first_name="Olu")
    client.force_login(officer)
    # Wagtail turns the refusal into a redirect to the dashboard with "permission denied".
    for refused in (client.get(URL), client.get(URL, {"format": "csv"})):
        assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    assert "Satisfaction" not in client.get("/admin/").content.decode()


def test_superusers_and_permitted_staff_see_the_menu_item(client, analyst):
    client.force_login(analyst)
    assert URL in client.get("/admin/").content.decode()
    superuser = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(superuser)
    assert client.get(URL).status_code == 200


def test_anonymous_visitors_are_sent_to_sign_in(client):
    page = client.get(URL)
    assert page.status_code == 302
    assert "/admin/login/" in page["Location"]


def test_reasons_of_anonymised_cases_are_erased_by_the_nightly_task(results):
    potholes, _bins = results
    gone = survey(
        potholes, score=2, reason="My neighbour at 4 Elm Road", anonymised_at=timezone.now()
    )
    assert erase_reasons_of_anonymised_cases() == 1
    gone.refresh_from_db()
    assert (gone.reason, gone.score) == ("", 2)
    assert SurveyResponse.objects.exclude(reason="").count() == 4


def test_the_permission_can_be_given_to_a_group_in_the_admin(client):
    superuser = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(superuser)
    page = client.get("/admin/groups/new/")
    permission = Permission.objects.get(
        content_type__app_label="surveys", codename="view_surveyresponse"
    )
    assert f'value="{permission.pk}"' in page.content.decode()
