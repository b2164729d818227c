"""Filling in a form as a resident would, with plain HTML posts (no JavaScript needed)."""

import pytest
from django.conf import settings
from django.shortcuts import resolve_url

from crm.cases.enums import Channel
from crm.cases.models import Case, CaseAttachment, Customer
from forms.storage import wizard_file_storage
from tests.forms import factories as f
from tests.forms.uploads import jpeg, pdf


@pytest.fixture
def fly_tipping(case_type):
    return f.EFormFactory(
        title="Report fly-tipping",
        slug="report-fly-tipping",
        case_type=case_type,
        steps=[
            f.step(
                "location",
                "Where is it?",
                f.long_text("location", "Where is the fly-tipping?", is_location=True),
            ),
            f.step("waste", "What has been dumped?", f.checkboxes()),
            f.step("hazardous", "Hazardous?", f.yes_no()),
            f.step(
                "hazard",
                "Tell us about the hazard",
                f.long_text("hazard_details", "What is hazardous about it?"),
                condition_key="hazardous",
                condition_value="yes",
            ),
            f.step("photos", "Photos", f.upload(required=False, file_kinds=["jpeg", "png"])),
            f.step(
                "your-details",
                "Your details",
                f.short_text("name", "Full name", prefill="name"),
                f.email(prefill="email"),
                f.phone(required=False, prefill="phone"),
            ),
        ],
    )


def wizard_files() -> list[str]:
    storage = wizard_file_storage()
    return storage.listdir("")[1] if storage.exists("") else []


def url(eform, step=""):
    return f"/forms/{eform.slug}/" + (f"{step}/" if step else "")


def answer_up_to_photos(client, walk, eform, *, hazardous="no"):
    assert client.get(url(eform)).status_code == 302
    walk(eform, "location", {"location": "Behind the shops on Mill Lane"})
    walk(eform, "waste", {"waste": ["bags", "tyres"]})
    response = walk(eform, "hazardous", {"hazardous": hazardous})
    if hazardous == "yes":
        assert response.url == url(eform, "hazard")
        response = walk(eform, "hazard", {"hazard_details": "Smells of chemicals"})
    return response


def complete(client, walk, eform, *, hazardous="no", photos=None):
    answer_up_to_photos(client, walk, eform, hazardous=hazardous)
    walk(eform, "photos", files={"photos": photos or []})
    response = walk(
        eform, "your-details", {"name": "Ann Other", "email": "ann@example.com", "phone": ""}
    )
    assert response.url == url(eform, "check-your-answers")
    return response


# --- Starting -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_start_goes_to_the_first_question_or_shows_the_introduction(client, fly_tipping, soup):
    response = client.get(url(fly_tipping))
    assert response.status_code == 302
    assert response.url == url(fly_tipping, "location")

    fly_tipping.intro = "<p>It takes 5 minutes.</p>"
    fly_tipping.save()
    page = soup(client.get(url(fly_tipping)))
    assert page.h1.get_text() == "Report fly-tipping"
    start = page.select_one("a.govuk-button--start")
    assert start["href"] == url(fly_tipping, "location")


@pytest.mark.django_db
def test_forms_that_are_not_live_are_not_found(client, case_type):
    eform = f.EFormFactory(case_type=case_type, draft=True)
    assert client.get(url(eform)).status_code == 404
    assert client.get(url(eform, "about-you")).status_code == 404


@pytest.mark.django_db
def test_a_single_question_is_the_page_heading(client, fly_tipping, soup):
    client.get(url(fly_tipping))
    page = soup(client.get(url(fly_tipping, "location")))
    assert page.select_one("h1 label").get_text() == "Where is the fly-tipping?"
    assert page.title.get_text().startswith("Where is the fly-tipping? - Report fly-tipping")
    assert page.select_one(".govuk-back-link") is None  # the first step of a form with no intro
    assert page.select_one("main button.govuk-button").get_text() == "Continue"

    walk_page = soup(client.get(url(fly_tipping, "waste")))
    assert walk_page.select_one("legend h1").get_text() == "What has been dumped?"
    assert walk_page.select_one(".govuk-back-link")["href"] == url(fly_tipping, "location")


@pytest.mark.django_db
def test_a_step_with_several_questions_has_the_step_title_as_heading(client, fly_tipping, soup):
    client.get(url(fly_tipping))
    page = soup(client.get(url(fly_tipping, "your-details")))
    assert page.h1.get_text() == "Your details"
    assert [label.get_text() for label in page.select("label.govuk-label--m")] == [
        "Full name",
        "Email address",
        "Phone number",
    ]


# --- Errors -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_errors_use_the_error_summary_and_keep_every_answer(client, walk, fly_tipping, soup):
    answer_up_to_photos(client, walk, fly_tipping)
    response = walk(
        fly_tipping, "your-details", {"name": "Ann Other", "email": "ann.example", "phone": "123"}
    )
    assert response.status_code == 200
    page = soup(response)
    assert page.title.get_text().startswith("Error: Your details - Report fly-tipping")
    summary = page.select_one(".govuk-error-summary")
    assert summary.h2.get_text() == "There is a problem"
    assert [(a["href"], a.get_text()) for a in summary.select("a")] == [
        (
            "#id_your-details-email",
            "Enter an email address in the correct format, like name@example.com",
        ),
        (
            "#id_your-details-phone",
            "Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192",
        ),
    ]
    email = page.select_one("#id_your-details-email")
    assert email["value"] == "ann.example"
    assert "govuk-input--error" in email["class"]
    assert email["aria-describedby"] == "id_your-details-email-error"
    assert page.select_one("#id_your-details-email-error").get_text(" ", strip=True) == (
        "Error: Enter an email address in the correct format, like name@example.com"
    )
    assert page.select_one("#id_your-details-name")["value"] == "Ann Other"

    # Earlier answers are kept too.
    location = soup(client.get(url(fly_tipping, "location"))).select_one("textarea")
    assert location.get_text() == "Behind the shops on Mill Lane"


@pytest.mark.django_db
def test_a_refused_upload_is_reported_by_its_content_not_its_name(client, walk, fly_tipping, soup):
    answer_up_to_photos(client, walk, fly_tipping)
    response = walk(fly_tipping, "photos", files={"photos": [pdf(name="photo.jpg")]})
    assert response.status_code == 200
    summary = soup(response).select_one(".govuk-error-summary a")
    assert summary["href"] == "#id_photos-photos"
    assert summary.get_text() == "The selected file must be a JPG or PNG"
    assert not wizard_files()


# --- Conditions ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_hazard_step_is_shown_only_when_something_is_hazardous(client, walk, fly_tipping):
    response = answer_up_to_photos(client, walk, fly_tipping, hazardous="no")
    assert response.url == url(fly_tipping, "photos")
    assert client.get(url(fly_tipping, "hazard")).url == url(fly_tipping, "photos")

    response = walk(fly_tipping, "hazardous", {"hazardous": "yes"})
    assert response.url == url(fly_tipping, "hazard")
    response = walk(fly_tipping, "hazard", {"hazard_details": "Asbestos sheets"})
    assert response.url == url(fly_tipping, "photos")


@pytest.mark.django_db
def test_check_your_answers_lists_only_the_steps_shown(client, walk, fly_tipping, soup):
    complete(client, walk, fly_tipping, hazardous="no")
    page = soup(client.get(url(fly_tipping, "check-your-answers")))
    rows = {
        row.dt.get_text(strip=True): row.select_one(".govuk-summary-list__value").get_text(
            "|", strip=True
        )
        for row in page.select(".govuk-summary-list__row")
    }
    assert rows == {
        "Where is the fly-tipping?": "Behind the shops on Mill Lane",
        "What has been dumped?": "Bags|Tyres",
        "Is anything hazardous?": "No",
        "Photos": "Not answered",
        "Full name": "Ann Other",
        "Email address": "ann@example.com",
        "Phone number": "Not answered",
    }


# --- Changing an answer -------------------------------------------------------------------------


@pytest.mark.django_db
def test_change_links_return_to_check_your_answers(client, walk, fly_tipping, soup):
    complete(client, walk, fly_tipping)
    page = soup(client.get(url(fly_tipping, "check-your-answers")))
    change = page.select_one('a[href*="/waste/"]')
    assert change["href"] == url(fly_tipping, "waste") + "?change=1"
    assert change.get_text(" ", strip=True) == "Change What has been dumped?"

    step_page = soup(client.get(change["href"]))
    assert step_page.select_one(".govuk-back-link")["href"] == url(
        fly_tipping, "check-your-answers"
    )
    response = walk(fly_tipping, "waste", {"waste": ["tyres"]}, query="?change=1")
    assert response.url == url(fly_tipping, "check-your-answers")
    assert "Tyres" in soup(client.get(response.url)).get_text()


@pytest.mark.django_db
def test_a_change_that_shows_a_new_step_asks_it_before_returning(client, walk, fly_tipping):
    complete(client, walk, fly_tipping, hazardous="no")
    response = walk(fly_tipping, "hazardous", {"hazardous": "yes"}, query="?change=1")
    assert response.url == url(fly_tipping, "hazard") + "?change=1"
    response = walk(fly_tipping, "hazard", {"hazard_details": "Gas bottles"}, query="?change=1")
    assert response.url == url(fly_tipping, "check-your-answers")


# --- Sending ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_sending_opens_a_case_and_shows_its_reference(client, walk, fly_tipping, soup):
    complete(client, walk, fly_tipping, hazardous="yes")
    response = client.post(url(fly_tipping, "check-your-answers"))
    assert response.url == url(fly_tipping, "confirmation")
    case = Case.objects.get()
    assert case.case_type == fly_tipping.case_type
    assert case.channel == Channel.WEB
    assert case.location_text == "Behind the shops on Mill Lane"
    assert case.answers[1] == {
        "question": "What has been dumped?",
        "answer": "Bags, Tyres",
        "key": "waste",
    }
    assert {"question": "What is hazardous about it?", "answer": "Smells of chemicals",
            "key": "hazard_details"} in case.answers  # fmt: skip
    assert case.customer.email == "ann@example.com"
    assert case.customer.name == "Ann Other"
    assert not case.customer.email_verified

    page = soup(client.get(response.url))
    panel = page.select_one(".govuk-panel")
    assert panel.h1.get_text() == "Form sent"
    assert case.reference in panel.get_text()
    assert "We will look into it within 5 working days." in page.get_text()
    assert "We have sent a confirmation email to ann@example.com." in page.get_text()


@pytest.mark.django_db
def test_sending_twice_opens_one_case(client, walk, fly_tipping):
    complete(client, walk, fly_tipping)
    check = url(fly_tipping, "check-your-answers")
    session_before = dict(client.session.items())

    assert client.post(check).url == url(fly_tipping, "confirmation")
    # A double click: the second request still carries the run the first one sent.
    session = client.session
    session.update(session_before)
    session.save()
    assert client.post(check).url == url(fly_tipping, "confirmation")
    # Back and resubmit, of check your answers and of the last step.
    assert client.post(check).url == url(fly_tipping, "confirmation")
    last = walk(fly_tipping, "your-details", {"name": "Ann", "email": "ann@example.com"})
    assert last.url == url(fly_tipping, "confirmation")
    assert Case.objects.count() == 1


@pytest.mark.django_db
def test_starting_again_after_sending_opens_a_new_case(client, walk, fly_tipping):
    complete(client, walk, fly_tipping)
    client.post(url(fly_tipping, "check-your-answers"))
    complete(client, walk, fly_tipping)
    client.post(url(fly_tipping, "check-your-answers"))
    assert Case.objects.count() == 2


@pytest.mark.django_db
def test_an_uploaded_file_is_attached_to_the_case(client, walk, fly_tipping, soup):
    answer_up_to_photos(client, walk, fly_tipping)
    response = walk(fly_tipping, "photos", files={"photos": [jpeg("fly tip.jpg")]})
    assert response.url == url(fly_tipping, "your-details")
    # Going back shows the file and keeps it without uploading it again.
    page = soup(client.get(url(fly_tipping, "photos")))
    assert page.select_one(".govuk-summary-list__value").get_text() == "fly tip.jpg"
    assert walk(fly_tipping, "photos").url == url(fly_tipping, "your-details")
    walk(fly_tipping, "your-details", {"name": "Ann Other", "email": "ann@example.com"})

    client.post(url(fly_tipping, "check-your-answers"))
    attachment = CaseAttachment.objects.get()
    assert attachment.case == Case.objects.get()
    assert attachment.original_name == "fly tip.jpg"
    assert attachment.content_type == "image/jpeg"
    assert attachment.file.read().startswith(b"\xff\xd8\xff")
    assert "fly tip" not in attachment.file.name
    assert wizard_files() == []  # the wizard's copy is gone


@pytest.mark.django_db
def test_files_can_be_removed_before_sending(client, walk, fly_tipping, soup):
    answer_up_to_photos(client, walk, fly_tipping)
    walk(fly_tipping, "photos", files={"photos": [jpeg("a.jpg"), jpeg("b.jpg")]})
    page = soup(client.get(url(fly_tipping, "photos")))
    remove = page.select('button[name="remove_file"]')
    assert [button["value"] for button in remove] == ["photos:0", "photos:1"]
    assert remove[0]["form"] == "remove-files"
    client.post(url(fly_tipping, "photos"), {"remove_file": "photos:0"})
    page = soup(client.get(url(fly_tipping, "photos")))
    assert [v.get_text() for v in page.select(".govuk-summary-list__value")] == ["b.jpg"]
    assert len(wizard_files()) == 1


# --- Sign-in ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_forms_that_need_sign_in_send_visitors_to_sign_in(client, case_type):
    eform = f.EFormFactory(case_type=case_type, sign_in_required=True)
    response = client.get(url(eform, "about-you"))
    assert response.status_code == 302
    assert response.url == f"{resolve_url(settings.LOGIN_URL)}?next={url(eform, 'about-you')}"


@pytest.mark.django_db
def test_signed_in_residents_get_their_details_filled_in(client, walk, fly_tipping, resident, soup):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=resident, email=resident.email, verified=True, primary=True)
    client.force_login(resident)
    answer_up_to_photos(client, walk, fly_tipping)
    walk(fly_tipping, "photos")
    page = soup(client.get(url(fly_tipping, "your-details")))
    assert page.select_one("#id_your-details-name")["value"] == "Jane Fletcher"
    assert page.select_one("#id_your-details-email")["value"] == "jane@example.com"
    assert page.select_one("#id_your-details-name")["autocomplete"] == "name"

    walk(fly_tipping, "your-details", {"name": "Jane Fletcher", "email": "other@example.com"})
    client.post(url(fly_tipping, "check-your-answers"))
    customer = Case.objects.get().customer
    assert customer.email == "jane@example.com"  # the account's verified address, not the typed one
    assert customer.email_verified


@pytest.mark.django_db
def test_an_unverified_account_email_does_not_verify_the_customer(
    client, walk, fly_tipping, resident
):
    client.force_login(resident)
    complete(client, walk, fly_tipping)
    client.post(url(fly_tipping, "check-your-answers"))
    customer = Customer.objects.get()
    assert customer.email == "jane@example.com"
    assert not customer.email_verified
