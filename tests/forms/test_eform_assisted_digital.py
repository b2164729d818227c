"""Assisted digital: staff fill in the public form for a caller, and the case records how."""

import pytest

from crm.cases.enums import Channel, EventKind
from crm.cases.models import Case
from forms.assisted import SESSION_KEY
from tests.crm.factories import CustomerFactory, UserFactory
from tests.forms import factories as f

START_URL = "/admin/eforms/assisted/"


@pytest.fixture
def eform(case_type):
    return f.EFormFactory(
        title="Report fly-tipping",
        slug="report-fly-tipping",
        case_type=case_type,
        sign_in_required=True,
        steps=[
            f.step("where", "Where", f.long_text("location", "Where is it?", is_location=True)),
            f.step(
                "you",
                "Caller's details",
                f.short_text(prefill="name"),
                f.email(prefill="email"),
            ),
        ],
    )


def start_for_caller(client, eform, channel="phone"):
    response = client.post(START_URL, {"form": eform.pk, "channel": channel})
    assert response.status_code == 302, response.content
    assert response.url == f"/forms/{eform.slug}/?reset=1"
    return client.get(response.url)


def answer_and_send(client, walk, eform, email="caller@example.com"):
    walk(eform, "where", {"location": "Lay-by on the A12"})
    walk(eform, "you", {"name": "Colin Caller", "email": email})
    return client.post(f"/forms/{eform.slug}/check-your-answers/")


@pytest.mark.django_db
def test_staff_see_the_menu_item_and_live_forms(client, staff, eform, case_type, soup):
    f.EFormFactory(case_type=case_type, title="Not ready yet", draft=True)
    client.force_login(staff)
    menu = client.get("/admin/").content.decode()  # the menu is data for Wagtail's script
    assert "Start a form for a caller" in menu
    assert START_URL in menu
    page = soup(client.get(START_URL))
    options = [option.get_text() for option in page.select("select[name=form] option")]
    assert options == ["Choose a form", "Report fly-tipping"]
    channels = [radio["value"] for radio in page.select("input[name=channel]")]
    assert channels == ["phone", "face_to_face", "email", "post"]


@pytest.mark.django_db
def test_a_call_becomes_a_phone_case_opened_by_the_adviser(client, walk, staff, eform, soup):
    client.force_login(staff)
    response = start_for_caller(client, eform, "phone")
    assert response.url == f"/forms/{eform.slug}/where/"  # sign-in requirement does not apply
    page = soup(client.get(response.url))
    assert "You are completing this form for a caller (phone)" in page.get_text()
    assert not page.select('button[name="save_draft"]')

    you = soup(client.get(f"/forms/{eform.slug}/you/"))
    assert you.select_one("#id_you-name")["value"] == ""  # the adviser's details are not used

    response = answer_and_send(client, walk, eform)
    assert response.url == f"/forms/{eform.slug}/confirmation/"
    confirmation = soup(client.get(response.url))
    assert confirmation.select_one('a[href="/admin/eforms/assisted/"]')
    case = Case.objects.get()
    assert case.channel == Channel.PHONE
    created = case.events.get(kind=EventKind.CREATED)
    assert created.actor == staff
    assert case.customer.email == "caller@example.com"
    assert case.customer.name == "Colin Caller"
    assert not case.customer.email_verified
    assert SESSION_KEY not in client.session or eform.slug not in client.session[SESSION_KEY]


@pytest.mark.django_db
def test_the_caller_is_matched_to_their_customer_record(client, walk, staff, eform):
    existing = CustomerFactory(email="caller@example.com", name="Colin Caller", verified=True)
    client.force_login(staff)
    start_for_caller(client, eform, "face_to_face")
    answer_and_send(client, walk, eform, email="Caller@Example.com")
    case = Case.objects.get()
    assert case.channel == Channel.FACE_TO_FACE
    assert case.customer == existing


@pytest.mark.django_db
def test_people_without_admin_access_cannot_start_assisted_mode(client, resident, eform):
    client.force_login(resident)
    response = client.post(START_URL, {"form": eform.pk, "channel": "phone"})
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")
    assert SESSION_KEY not in client.session


@pytest.mark.django_db
def test_the_wizard_ignores_assisted_mode_for_non_staff(client, walk, eform, soup):
    resident = UserFactory(email="rita@example.com", first_name="Rita", last_name="Resident")
    client.force_login(resident)
    session = client.session
    session[SESSION_KEY] = {eform.slug: "phone"}
    session.save()
    client.get(f"/forms/{eform.slug}/")
    page = soup(client.get(f"/forms/{eform.slug}/where/"))
    assert "completing this form for a caller" not in page.get_text()
    assert SESSION_KEY not in client.session or not client.session[SESSION_KEY]
    answer_and_send(client, walk, eform)
    case = Case.objects.get()
    assert case.channel == Channel.WEB
    assert case.events.get(kind=EventKind.CREATED).actor is None


@pytest.mark.django_db
def test_choosing_a_form_and_channel_is_required(client, staff, eform, soup):
    client.force_login(staff)
    response = client.post(START_URL, {})
    assert response.status_code == 200
    text = soup(response).get_text()
    assert "Choose the form to fill in" in text
    assert "Choose how the caller contacted us" in text
