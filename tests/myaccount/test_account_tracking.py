"""Following a request from the signed link in an email, without signing in.

The link shows the status and public updates; the answers and files need sign-in or a one-time
code emailed to the request's address.
"""

import time
from datetime import timedelta
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from crm.cases.enums import CaseStatus
from crm.cases.links import resident_case_url, resident_tracking_url
from crm.cases.models import Case
from crm.cases.services import add_internal_note, add_public_update, open_case
from crm.cases.tracking import make_tracking_token
from crm.notifications.enums import EmailKind
from crm.notifications.models import OutboxMessage
from tests.crm.factories import CustomerFactory

pytestmark = pytest.mark.django_db

ANSWERS = [{"question": "Where is the pothole?", "answer": "Outside 12 Mill Lane"}]
PDF_BYTES = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n" + b"\x00" * 64


def pdf(name="map.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


@pytest.fixture
def guest_case(case_type, officer):
    """A request from someone who has no account."""
    customer = CustomerFactory(name="Gail Guest", email="gail@example.com")
    case = open_case(
        case_type=case_type,
        answers=ANSWERS,
        customer=customer,
        location_text="12 Mill Lane",
        attachments=[pdf()],
    )
    add_public_update(case, actor=officer, text="We will fill it this week.")
    add_internal_note(case, actor=officer, text="Staff only: crew B.")
    return Case.objects.get(pk=case.pk)


@pytest.fixture
def staff_client(superuser):
    """A member of staff in another browser."""
    staff = Client()
    staff.force_login(superuser)
    return staff


# Links are signed with the time they were made; these tests sign theirs at one moment, so the
# same case gives the same link throughout a test.
SIGNED_AT = time.time()


def tracking_path(case, *, signed_at=SIGNED_AT):
    with mock.patch("django.core.signing.time.time", return_value=signed_at):
        return f"/my-account/track/{make_tracking_token(case)}/"


def file_path(case):
    return f"{tracking_path(case)}files/{case.attachments.get().pk}/"


def emailed_code(case) -> str:
    message = OutboxMessage.objects.filter(case=case, kind=EmailKind.TRACKING_CODE).latest("pk")
    return message.context["code"]


def enter(client, case, code):
    return client.post(f"{tracking_path(case)}code/enter/", {"code": code})


def error_summary(page) -> list[str]:
    summary = page.find(class_="govuk-error-summary")
    return [link.get_text(strip=True) for link in summary.find_all("a")] if summary else []


# --- What the link alone shows -------------------------------------------------------------------


def test_the_tracking_link_shows_the_status_and_public_updates_only(client, guest_case, soup):
    response = client.get(tracking_path(guest_case))

    assert response.status_code == 200
    assert response["Referrer-Policy"] == "strict-origin"
    page = soup(response)
    assert page.h1.get_text(strip=True) == "Report a pothole"
    text = page.get_text(" ", strip=True)
    assert guest_case.reference in text
    assert "Received" in text
    assert "We will fill it this week." in text
    assert "crew B" not in text
    for private in ("Outside 12 Mill Lane", "12 Mill Lane", "map.pdf", "What you told us"):
        assert private not in text
    assert page.find("a", href=lambda href: href and "/files/" in href) is None
    code_link = page.find("a", string="Get a code to see the details")
    assert code_link["href"] == f"{tracking_path(guest_case)}code/"
    assert page.find("textarea") is None
    signup = page.find("a", string="create an account")
    assert signup["href"] == f"/accounts/signup/?next=/my-account/requests/{guest_case.uuid}/"
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex, nofollow"


def test_files_are_404_through_the_link_without_a_code(client, guest_case):
    assert client.get(file_path(guest_case)).status_code == 404


def test_a_tracking_link_reaches_no_other_requests_files(client, guest_case, case_type):
    other = open_case(
        case_type=case_type,
        answers=ANSWERS,
        customer=CustomerFactory(email="other@example.com"),
        attachments=[pdf("other.pdf")],
    )
    client.post(f"{tracking_path(guest_case)}code/")
    enter(client, guest_case, emailed_code(guest_case))

    response = client.get(f"{tracking_path(guest_case)}files/{other.attachments.get().pk}/")

    assert response.status_code == 404


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # signature changed
        lambda token: "0" * 32 + token[32:],  # another case's UUID, same signature
        lambda token: token.split(".")[0],  # no signature
        lambda token: "not-a-token",
    ],
)
def test_a_tampered_token_is_404_on_every_page(client, guest_case, tamper):
    token = tamper(make_tracking_token(guest_case))
    attachment = guest_case.attachments.get()
    for path in ("", "code/", "code/enter/", f"files/{attachment.pk}/"):
        assert client.get(f"/my-account/track/{token}/{path}").status_code == 404


def test_an_expired_link_is_404(client, guest_case, settings):
    settings.DOORSTEP_TRACKING_LINK_MAX_AGE_DAYS = 30
    old_path = tracking_path(guest_case, signed_at=time.time() - 31 * 24 * 60 * 60)

    assert client.get(old_path).status_code == 404
    assert client.get(tracking_path(guest_case)).status_code == 200


def test_the_link_stops_working_days_after_the_request_is_closed(client, guest_case, settings):
    settings.DOORSTEP_TRACKING_LINK_DAYS_AFTER_CLOSE = 90
    path = tracking_path(guest_case)
    closed = Case.objects.filter(pk=guest_case.pk)

    closed.update(status=CaseStatus.CLOSED, closed_at=timezone.now() - timedelta(days=89))
    assert client.get(path).status_code == 200

    closed.update(closed_at=timezone.now() - timedelta(days=91))
    assert client.get(path).status_code == 404


def test_a_revoked_link_is_404_and_the_new_one_works(client, guest_case, staff_client):
    old_path = tracking_path(guest_case)

    response = staff_client.post(f"/admin/cases/{guest_case.uuid}/tracking-links/revoke/")

    assert response.status_code == 302
    assert client.get(old_path).status_code == 404
    guest_case.refresh_from_db()
    assert client.get(tracking_path(guest_case)).status_code == 200


def test_the_owner_signed_in_is_taken_to_their_full_request_page(
    client, signed_in, resident_a, customer_a, case_type
):
    case = open_case(case_type=case_type, answers=ANSWERS, customer=customer_a)
    signed_in(resident_a)

    response = client.get(tracking_path(case))

    assert response.status_code == 302
    assert response.url == f"/my-account/requests/{case.uuid}/"


def test_someone_else_signed_in_sees_only_the_status(client, signed_in, resident_b, guest_case):
    signed_in(resident_b)

    response = client.get(tracking_path(guest_case))

    assert response.status_code == 200
    assert b"<textarea" not in response.content
    assert b"Outside 12 Mill Lane" not in response.content
    assert client.get(file_path(guest_case)).status_code == 404


def test_posting_to_a_tracking_link_is_not_allowed(client, guest_case):
    assert client.post(tracking_path(guest_case), {"message": "Hello"}).status_code == 405


# --- The one-time code ---------------------------------------------------------------------------


def test_the_code_shows_the_answers_and_files(client, guest_case, soup):
    page = soup(client.get(f"{tracking_path(guest_case)}code/"))
    assert page.h1.get_text(strip=True) == "Get a code to see the details"

    response = client.post(f"{tracking_path(guest_case)}code/")

    assert response.status_code == 302
    assert response.url == f"{tracking_path(guest_case)}code/enter/"
    assert response["Referrer-Policy"] == "strict-origin"
    message = OutboxMessage.objects.get(case=guest_case, kind=EmailKind.TRACKING_CODE)
    assert message.recipient == "gail@example.com"
    page = soup(client.get(response.url))
    assert page.h1.get_text(strip=True) == "Enter the code"
    assert page.find("input", attrs={"name": "code"})["autocomplete"] == "one-time-code"

    response = enter(client, guest_case, message.context["code"])

    assert response.status_code == 302
    assert response.url == tracking_path(guest_case)
    page = soup(client.get(tracking_path(guest_case)))
    text = page.get_text(" ", strip=True)
    assert "Outside 12 Mill Lane" in text
    assert "Get a code to see the details" not in text
    href = page.find("a", string="map.pdf")["href"]
    assert href == file_path(guest_case)
    download = client.get(href)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == PDF_BYTES


def test_a_wrong_code_shows_the_govuk_error(client, guest_case, soup):
    client.post(f"{tracking_path(guest_case)}code/")
    code = emailed_code(guest_case)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"

    response = enter(client, guest_case, wrong)

    assert response.status_code == 400
    page = soup(response)
    message = "The code is not correct. Check the email we sent you and try again."
    assert error_summary(page) == [message]
    assert page.find(class_="govuk-error-summary").find("a")["href"] == "#id_code"
    assert message in page.find(id="id_code-error").get_text()
    assert page.find("input", attrs={"name": "code"})["value"] == wrong  # kept
    assert page.title.get_text(strip=True).startswith("Error:")
    assert b"Outside 12 Mill Lane" not in client.get(tracking_path(guest_case)).content


@pytest.mark.parametrize(
    ("typed", "message"),
    [("", "Enter the code"), ("12ab56", "The code must be 6 numbers")],
)
def test_a_missing_or_malformed_code_says_what_to_do(client, guest_case, soup, typed, message):
    response = enter(client, guest_case, typed)

    assert response.status_code == 400
    assert error_summary(soup(response)) == [message]


def test_an_expired_code_is_refused(client, guest_case, soup, settings):
    settings.DOORSTEP_TRACKING_CODE_MINUTES = 15
    client.post(f"{tracking_path(guest_case)}code/")
    later = time.time() + 16 * 60

    with mock.patch("crm.cases.services.tracking_codes.time.time", return_value=later):
        response = enter(client, guest_case, emailed_code(guest_case))

    assert error_summary(soup(response)) == ["The code has expired. Get a new code."]
    assert client.get(file_path(guest_case)).status_code == 404


def test_a_code_works_once(client, guest_case, soup):
    client.post(f"{tracking_path(guest_case)}code/")
    code = emailed_code(guest_case)
    enter(client, guest_case, code)
    client.session.flush()  # another browser, or the same one later

    response = enter(client, guest_case, code)

    assert error_summary(soup(response)) == ["That code has already been used. Get a new code."]


def test_too_many_wrong_codes_lock_the_code(client, guest_case, soup, settings):
    settings.DOORSTEP_TRACKING_CODE_ATTEMPTS = 3
    client.post(f"{tracking_path(guest_case)}code/")
    code = emailed_code(guest_case)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _ in range(2):
        enter(client, guest_case, wrong)

    response = enter(client, guest_case, wrong)
    again = enter(client, guest_case, code)

    too_many = ["You have entered a wrong code too many times. Get a new code."]
    assert error_summary(soup(response)) == too_many
    assert error_summary(soup(again)) == too_many
    assert client.get(file_path(guest_case)).status_code == 404


def test_asking_for_too_many_codes_is_refused(client, guest_case, soup, settings):
    settings.DOORSTEP_TRACKING_CODE_REQUESTS_PER_HOUR = 2
    for _ in range(2):
        assert client.post(f"{tracking_path(guest_case)}code/").status_code == 302

    response = client.post(f"{tracking_path(guest_case)}code/")

    assert response.status_code == 429
    assert error_summary(soup(response)) == [
        "You have asked for too many codes. Wait an hour, then get a new code."
    ]
    assert OutboxMessage.objects.filter(kind=EmailKind.TRACKING_CODE).count() == 2


def test_access_from_a_code_ends_after_the_set_time(client, guest_case, settings):
    settings.DOORSTEP_TRACKING_ACCESS_MINUTES = 60
    client.post(f"{tracking_path(guest_case)}code/")
    enter(client, guest_case, emailed_code(guest_case))
    assert client.get(file_path(guest_case)).status_code == 200

    later = time.time() + 61 * 60
    with mock.patch("myaccount.tracking.time.time", return_value=later):
        assert client.get(file_path(guest_case)).status_code == 404
        assert b"Outside 12 Mill Lane" not in client.get(tracking_path(guest_case)).content


def test_revoking_the_link_ends_access_from_a_code(client, guest_case, officer):
    from crm.cases.services import revoke_tracking_links

    path, files = tracking_path(guest_case), file_path(guest_case)
    client.post(f"{path}code/")
    enter(client, guest_case, emailed_code(guest_case))

    revoke_tracking_links(guest_case, actor=officer)
    guest_case.refresh_from_db()

    assert client.get(path).status_code == 404
    assert (
        client.get(f"{tracking_path(guest_case)}files/{files.split('/')[-2]}/").status_code == 404
    )


# --- Emails --------------------------------------------------------------------------------------


def test_emails_to_residents_without_an_account_carry_the_tracking_link(client, guest_case):
    message = OutboxMessage.objects.filter(case=guest_case, recipient="gail@example.com").first()

    assert message.context["case_url"].startswith("http://testserver/my-account/track/")
    path = message.context["case_url"].removeprefix("http://testserver")
    assert client.get(path).status_code == 200
    assert resident_tracking_url(guest_case).startswith("http://testserver/my-account/track/")


def test_emails_to_residents_with_an_account_link_to_my_account(case_type, resident_a):
    customer = CustomerFactory(email=resident_a.email, user=resident_a)
    case = open_case(case_type=case_type, answers=ANSWERS, customer=customer)

    message = OutboxMessage.objects.get(case=case)

    assert message.context["case_url"] == resident_case_url(case)
