"""Following a request from the signed link in an email, without signing in."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from crm.cases.links import resident_case_url, resident_tracking_url
from crm.cases.services import add_internal_note, add_public_update, open_case
from crm.cases.tracking import make_tracking_token, read_tracking_token
from crm.notifications.models import OutboxMessage
from tests.crm.factories import CustomerFactory

pytestmark = pytest.mark.django_db

ANSWERS = [{"question": "Where is the pothole?", "answer": "Outside 12 Mill Lane"}]


@pytest.fixture
def guest_case(case_type, officer):
    """A request from someone who has no account."""
    customer = CustomerFactory(name="Gail Guest", email="gail@example.com")
    case = open_case(
        case_type=case_type,
        answers=ANSWERS,
        customer=customer,
        attachments=[SimpleUploadedFile("photo.jpg", b"jpeg-bytes", content_type="image/jpeg")],
    )
    add_public_update(case, actor=officer, text="We will fill it this week.")
    add_internal_note(case, actor=officer, text="Staff only: crew B.")
    return case


def tracking_path(case):
    return f"/my-account/track/{make_tracking_token(case)}/"


def test_the_tracking_link_shows_the_request_read_only(client, guest_case, soup):
    response = client.get(tracking_path(guest_case))

    assert response.status_code == 200
    assert response["Referrer-Policy"] == "no-referrer"
    page = soup(response)
    assert page.h1.get_text(strip=True) == "Report a pothole"
    text = page.get_text(" ", strip=True)
    assert guest_case.reference in text
    assert "Outside 12 Mill Lane" in text
    assert "We will fill it this week." in text
    assert "crew B" not in text
    assert page.find("textarea") is None
    assert page.find("form", enctype="multipart/form-data") is None
    signup = page.find("a", string="create an account")
    assert signup["href"] == f"/accounts/signup/?next=/my-account/requests/{guest_case.uuid}/"
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex, nofollow"


def test_files_download_through_the_tracking_link(client, guest_case, soup):
    page = soup(client.get(tracking_path(guest_case)))
    href = page.find("a", string="photo.jpg")["href"]
    assert href.startswith(tracking_path(guest_case) + "files/")

    response = client.get(href)

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="photo.jpg"'
    assert b"".join(response.streaming_content) == b"jpeg-bytes"


def test_a_tracking_link_reaches_no_other_requests_files(client, guest_case, case_type):
    other = open_case(
        case_type=case_type,
        answers=ANSWERS,
        customer=CustomerFactory(email="other@example.com"),
        attachments=[SimpleUploadedFile("other.jpg", b"x", content_type="image/jpeg")],
    )
    other_file = other.attachments.get()

    response = client.get(f"{tracking_path(guest_case)}files/{other_file.pk}/")

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
def test_a_tampered_token_is_404(client, guest_case, tamper):
    token = make_tracking_token(guest_case)

    assert client.get(f"/my-account/track/{tamper(token)}/").status_code == 404
    attachment = guest_case.attachments.get()
    assert (
        client.get(f"/my-account/track/{tamper(token)}/files/{attachment.pk}/").status_code == 404
    )


def test_a_token_is_stable_and_only_reads_back_its_own_case(guest_case):
    token = make_tracking_token(guest_case)

    assert token == make_tracking_token(guest_case)
    assert read_tracking_token(token) == guest_case.uuid
    assert str(guest_case.uuid).replace("-", "") in token
    assert read_tracking_token(token + "x") is None


def test_the_owner_signed_in_is_taken_to_their_full_request_page(
    client, signed_in, resident_a, customer_a, case_type
):
    case = open_case(case_type=case_type, answers=ANSWERS, customer=customer_a)
    signed_in(resident_a)

    response = client.get(tracking_path(case))

    assert response.status_code == 302
    assert response.url == f"/my-account/requests/{case.uuid}/"


def test_someone_else_signed_in_sees_the_read_only_page(client, signed_in, resident_b, guest_case):
    signed_in(resident_b)

    response = client.get(tracking_path(guest_case))

    assert response.status_code == 200
    assert b"<textarea" not in response.content


def test_posting_to_a_tracking_link_is_not_allowed(client, guest_case):
    response = client.post(tracking_path(guest_case), {"message": "Hello"})

    assert response.status_code == 405


# --- Emails ---------------------------------------------------------------------------------------


def test_emails_to_residents_without_an_account_carry_the_tracking_link(guest_case):
    message = OutboxMessage.objects.filter(case=guest_case, recipient="gail@example.com").first()

    assert message.context["case_url"] == resident_tracking_url(guest_case)
    assert message.context["case_url"].startswith("http://testserver/my-account/track/")


def test_emails_to_residents_with_an_account_link_to_my_account(case_type, resident_a):
    customer = CustomerFactory(email=resident_a.email, user=resident_a)
    case = open_case(case_type=case_type, answers=ANSWERS, customer=customer)

    message = OutboxMessage.objects.get(case=case)

    assert message.context["case_url"] == resident_case_url(case)
