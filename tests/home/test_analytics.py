"""Analytics: the CSP allows its hosts only after consent, and never on pages with personal data.

A visitor who accepted analytics cookies gets the analytics scripts, and a Content-Security-Policy
that lets them talk to Google Analytics, on public pages only. My Account, sign-in, a draft's
resume link, the eForm confirmation and any page whose address or title holds a case reference,
a token or what the visitor typed keep the strict policy and load nothing.
"""

import json
import re
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress

from crm.cases.links import resident_case_url, resident_tracking_url
from tests.crm.factories import CaseFactory, CustomerFactory, UserFactory
from tests.csp import assert_policy_allows_page
from tests.factories import ServicePageFactory
from tests.forms import factories as f

pytestmark = pytest.mark.django_db

POLICY = "doorstep_cookies_policy"
ANALYTICS_ID = "G-TEST123"
ANALYTICS_HOSTS = ("googletagmanager.com", "google-analytics.com", "analytics.google.com")
REFERENCE = "DS-2026-000123"
REFERENCE_PATTERN = re.compile(r"DS-\d{4}-\d+")


@pytest.fixture(autouse=True)
def analytics_configured(council_settings):
    council_settings.google_analytics_id = ANALYTICS_ID
    council_settings.save()


@pytest.fixture
def service(home_page):
    return ServicePageFactory(title="Report a missed bin")


@pytest.fixture
def accepted(client):
    client.cookies[POLICY] = json.dumps({"analytics": True})
    return client


@pytest.fixture
def resident(db):
    user = UserFactory(email="ria@example.com", first_name="Ria", last_name="Resident")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def residents_case(resident):
    customer = CustomerFactory(name="Ria Resident", email=resident.email)
    return CaseFactory(reference=REFERENCE, customer=customer)


def directives(response) -> dict[str, list[str]]:
    header = response.get("Content-Security-Policy", "")
    policy = {}
    for part in header.split(";"):
        name, *sources = part.split()
        policy[name] = sources
    return policy


def analytics_hosts_in_policy(response) -> list[str]:
    header = response.get("Content-Security-Policy", "")
    return [host for host in ANALYTICS_HOSTS if host in header]


def analytics_scripts(page_soup) -> list:
    return [
        script
        for script in page_soup.find_all("script", src=True)
        if "googletagmanager.com" in script["src"] or "analytics.js" in script["src"]
    ]


def assert_no_analytics(response, page_soup):
    assert "Content-Security-Policy" in response
    assert analytics_hosts_in_policy(response) == []
    assert analytics_scripts(page_soup) == []
    assert ANALYTICS_ID not in response.content.decode()


# --- The policy follows consent -----------------------------------------------------------------


@pytest.mark.parametrize("choice", [None, False], ids=["no-choice", "rejected"])
def test_no_analytics_host_in_the_policy_without_consent(client, service, soup, choice):
    if choice is not None:
        client.cookies[POLICY] = json.dumps({"analytics": choice})
    response = client.get(service.url)
    assert response.status_code == 200
    assert_no_analytics(response, soup(response))


def test_analytics_hosts_allowed_after_consent(accepted, service, soup):
    response = accepted.get(service.url)

    policy = directives(response)
    assert "https://*.googletagmanager.com" in policy["script-src"]
    assert "https://*.google-analytics.com" in policy["connect-src"]
    assert "https://*.analytics.google.com" in policy["connect-src"]
    assert "https://*.google-analytics.com" in policy["img-src"]
    # The rest of the policy is as strict as before.
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    scripts = analytics_scripts(soup(response))
    assert scripts[0]["src"] == f"https://www.googletagmanager.com/gtag/js?id={ANALYTICS_ID}"
    assert_policy_allows_page(response)


def test_no_analytics_host_without_a_measurement_id(accepted, service, council_settings, soup):
    council_settings.google_analytics_id = ""
    council_settings.save()
    response = accepted.get(service.url)
    assert_no_analytics(response, soup(response))


# --- Pages that never carry analytics, consent or not -------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/accounts/password/reset/key/1-set-password/",
        "/accounts/confirm-email/some-key/",
    ],
)
def test_sign_in_pages_load_no_analytics(accepted, home_page, soup, path):
    response = accepted.get(path)
    assert response.status_code in {200, 404}
    assert_no_analytics(response, soup(response))


def test_my_account_loads_no_analytics(accepted, resident, residents_case, soup):
    accepted.force_login(resident)
    response = accepted.get("/my-account/")
    assert response.status_code == 200
    assert REFERENCE in response.content.decode()
    assert_no_analytics(response, soup(response))


def test_a_case_page_with_its_reference_in_the_title_loads_no_analytics(
    accepted, resident, residents_case, soup
):
    accepted.force_login(resident)
    response = accepted.get(urlsplit(resident_case_url(residents_case)).path)
    page = soup(response)
    assert response.status_code == 200
    assert REFERENCE in page.title.get_text()
    assert_no_analytics(response, page)


def test_the_tracking_link_loads_no_analytics(accepted, residents_case, soup):
    path = urlsplit(resident_tracking_url(residents_case)).path
    response = accepted.get(path)
    assert response.status_code == 200
    assert_no_analytics(response, soup(response))


@pytest.mark.parametrize(
    "path",
    [
        f"/{REFERENCE}/",  # a 404 whose address is a reference
        f"/report-a-missed-bin/?ref={REFERENCE}",
        f"/search/?q={REFERENCE}",
        "/search/?q=Ria+Resident+12+Mill+Lane",  # the title repeats what was typed
    ],
)
def test_addresses_with_a_reference_or_typed_text_load_no_analytics(accepted, service, soup, path):
    response = accepted.get(path)
    assert_no_analytics(response, soup(response))


def test_the_search_page_without_a_query_may_load_analytics(accepted, service, soup):
    response = accepted.get("/search/")
    assert analytics_scripts(soup(response))
    assert analytics_hosts_in_policy(response)


@pytest.fixture
def eform(home_page):
    return f.EFormFactory(title="Report a pothole", slug="report-a-pothole")


def test_a_drafts_resume_link_loads_no_analytics(accepted, eform, resident, soup):
    accepted.force_login(resident)
    draft = f.FormDraftFactory(user=resident, form=eform)
    response = accepted.get(draft.resume_url)
    assert response.status_code == 302
    assert analytics_hosts_in_policy(response) == []
    # A link to a draft that is gone shows "Page not found", still without analytics.
    draft.delete()
    response = accepted.get(draft.resume_url)
    assert response.status_code == 404
    assert_no_analytics(response, soup(response))


def test_the_eform_confirmation_with_the_reference_loads_no_analytics(accepted, eform, soup):
    start = accepted.get(f"/forms/{eform.slug}/", follow=True)
    assert analytics_scripts(soup(start))  # the form itself is a public page
    accepted.post(f"/forms/{eform.slug}/about-you/", {"about-you-name": "Ann Other"})
    response = accepted.post(f"/forms/{eform.slug}/check-your-answers/")
    assert response.url == f"/forms/{eform.slug}/confirmation/"

    response = accepted.get(response.url)
    page = soup(response)
    assert REFERENCE_PATTERN.search(page.select_one(".govuk-panel").get_text())
    assert_no_analytics(response, page)


def test_the_closure_survey_with_its_token_in_the_address_loads_no_analytics(rf):
    from home.analytics import path_may_carry_analytics

    for path in ("/survey/Zm9vYmFyYmF6cXV4/", "/survey/Zm9vYmFyYmF6cXV4/4/"):
        assert not path_may_carry_analytics(rf.get(path)), path
    assert path_may_carry_analytics(rf.get("/bins-and-recycling/"))
