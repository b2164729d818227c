"""A request's page in My Account: what the resident sees, sending messages and files, and that
nobody else's request can be reached by any URL."""

import io
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import ExifTags, Image

from crm.cases.enums import CaseStatus, EventKind, ScanStatus
from crm.cases.photo_location import has_location
from crm.cases.services import (
    add_case_attachment,
    add_internal_note,
    add_public_update,
    change_case_status,
    open_case,
)
from crm.notifications.enums import EmailKind
from crm.notifications.models import OutboxMessage
from tests.forms.uploads import (
    JPEG_BYTES,
    PDF_BYTES,
    count_stored_chunks,
    html_named_pdf,
    jpeg,
    pdf,
)

pytestmark = pytest.mark.django_db

ANSWERS = [
    {"question": "Where is the pothole?", "answer": "Outside 12 Mill Lane", "key": "where"},
    {"question": "How deep is it?", "answer": "About 10cm", "key": "depth"},
]


def upload(name="photo.jpg", content=JPEG_BYTES, content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def case_a(case_type, customer_a, officer):
    """Ria's request, with a photo she sent, an update from the council and a staff-only note."""
    case = open_case(
        case_type=case_type,
        answers=ANSWERS,
        customer=customer_a,
        location_text="Mill Lane",
        attachments=[upload("pothole.jpg")],
    )
    add_public_update(case, actor=officer, text="We will fill it this week.")
    add_internal_note(case, actor=officer, text="Staff only: crew B.")
    add_case_attachment(
        case, uploaded_file=upload("internal.pdf", PDF_BYTES), uploaded_by=officer, is_public=False
    )
    return case


@pytest.fixture
def case_b(case_type, customer_b):
    return open_case(
        case_type=case_type, answers=ANSWERS, customer=customer_b, attachments=[upload("b.jpg")]
    )


def page_url(case):
    return f"/my-account/requests/{case.uuid}/"


def file_url(case, attachment):
    return f"/my-account/requests/{case.uuid}/files/{attachment.pk}/"


def typed(page) -> str:
    """What the message box holds (browsers drop the newline Django puts after <textarea>)."""
    return page.find("textarea", id="id_message").get_text().removeprefix("\n")


def public_file(case):
    return case.attachments.get(event__is_public=True)


# --- What the resident sees ----------------------------------------------------------------------


def test_the_request_page_shows_the_request_answers_files_and_public_timeline(
    client, signed_in, resident_a, case_a, soup, council_settings
):
    signed_in(resident_a)

    response = client.get(page_url(case_a))

    assert response.status_code == 200
    page = soup(response)
    assert page.h1.get_text(strip=True) == "Report a pothole"
    assert page.title.get_text().startswith(f"Report a pothole ({case_a.reference}) - ")
    summary = {
        row.dt.get_text(strip=True): row.dd.get_text(strip=True)
        for row in page.find_all(class_="govuk-summary-list__row")
    }
    assert summary["Reference"] == case_a.reference
    assert summary["Type of request"] == "Report a pothole"
    assert summary["Status"] == "Received"
    assert summary["Where is the pothole?"] == "Outside 12 Mill Lane"
    assert summary["How deep is it?"] == "About 10cm"
    text = page.get_text(" ", strip=True)
    # The public timeline, in order; staff-only notes and files never appear.
    titles = [h3.get_text(strip=True) for h3 in page.select(".ds-timeline h3")]
    council = council_settings.council_name
    assert titles == ["Request received", "File added", f"Update from {council}"]
    assert "We will fill it this week." in text
    assert "crew B" not in text
    assert "internal.pdf" not in text
    download = page.find("a", string="pothole.jpg")
    assert download["href"] == file_url(case_a, public_file(case_a))
    assert "/media/" not in response.content.decode()


def test_a_public_file_downloads_through_django_as_an_attachment(
    client, signed_in, resident_a, case_a
):
    signed_in(resident_a)

    response = client.get(file_url(case_a, public_file(case_a)))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="pothole.jpg"'
    assert response["Content-Type"] == "image/jpeg"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == JPEG_BYTES


def test_staff_only_files_are_not_downloadable(client, signed_in, resident_a, case_a):
    internal = case_a.attachments.get(event__is_public=False)
    signed_in(resident_a)

    assert client.get(file_url(case_a, internal)).status_code == 404


# --- Nobody else's request, by any URL -----------------------------------------------------------


def test_resident_a_gets_404_for_resident_bs_request_by_every_url(
    client, signed_in, resident_a, case_a, case_b
):
    b_file = public_file(case_b)
    signed_in(resident_a)

    assert client.get(page_url(case_b)).status_code == 404
    assert client.get(file_url(case_b, b_file)).status_code == 404
    # B's file through A's own request: still not A's.
    assert client.get(file_url(case_a, b_file)).status_code == 404
    response = client.post(page_url(case_b), {"message": "Let me in"})
    assert response.status_code == 404
    assert not case_b.events.filter(kind=EventKind.RESIDENT_MESSAGE).exists()


def test_unknown_and_malformed_request_urls_are_404(client, signed_in, resident_a, case_a):
    signed_in(resident_a)

    assert client.get(f"/my-account/requests/{uuid.uuid4()}/").status_code == 404
    assert client.get(f"/my-account/requests/{case_a.reference}/").status_code == 404
    assert client.get(f"/my-account/requests/{case_a.uuid}/files/999999/").status_code == 404


def test_visitors_cannot_download_files_or_post_messages(client, case_a):
    attachment_url = file_url(case_a, public_file(case_a))

    assert client.get(attachment_url).status_code == 302
    response = client.post(page_url(case_a), {"message": "Hello"})
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    assert not case_a.events.filter(kind=EventKind.RESIDENT_MESSAGE).exists()


# --- Sending a message ---------------------------------------------------------------------------


def test_sending_a_message_with_files_adds_it_to_the_timeline_and_tells_the_team(
    client, signed_in, resident_a, case_a, soup
):
    signed_in(resident_a)

    response = client.post(
        page_url(case_a),
        {"message": "It is getting bigger.", "files": [upload("bigger.jpg"), pdf("map.pdf")]},
    )

    assert response.status_code == 302
    assert response.url == page_url(case_a)
    event = case_a.events.get(kind=EventKind.RESIDENT_MESSAGE)
    assert event.message == "It is getting bigger."
    assert event.actor == resident_a
    assert sorted(a.original_name for a in event.attachments.all()) == ["bigger.jpg", "map.pdf"]
    assert OutboxMessage.objects.filter(
        kind=EmailKind.RESIDENT_MESSAGE, recipient="highways@council.example"
    ).exists()
    page = soup(client.get(response.url))
    assert "Your message has been sent" in page.find(class_="govuk-notification-banner").text
    assert "It is getting bigger." in page.select_one(".ds-timeline").get_text()
    assert page.find("a", string="bigger.jpg") is not None


def test_an_empty_message_is_refused_with_the_error_summary(
    client, signed_in, resident_a, case_a, soup
):
    signed_in(resident_a)

    response = client.post(page_url(case_a), {"message": "   "})

    assert response.status_code == 400
    page = soup(response)
    assert page.title.get_text().startswith("Error: ")
    summary = page.find(class_="govuk-error-summary")
    link = summary.find("a")
    assert (link["href"], link.get_text(strip=True)) == ("#id_message", "Enter a message")
    assert page.find(id="id_message-error") is not None
    assert "id_message-error" in page.find("textarea", id="id_message")["aria-describedby"]
    assert not case_a.events.filter(kind=EventKind.RESIDENT_MESSAGE).exists()


def test_the_typed_message_is_kept_when_a_file_is_refused(
    client, signed_in, resident_a, case_a, soup
):
    signed_in(resident_a)

    response = client.post(
        page_url(case_a),
        {"message": "Here is a script", "files": [upload("run.exe", b"MZ", "application/x-exe")]},
    )

    assert response.status_code == 400
    page = soup(response)
    assert typed(page) == "Here is a script"
    link = page.find(class_="govuk-error-summary").find("a")
    assert link["href"] == "#id_files"
    assert link.get_text(strip=True).startswith("The selected file must be a ")
    assert not case_a.events.filter(kind=EventKind.RESIDENT_MESSAGE).exists()


# --- The upload rule on messages (crm/cases/uploads.py) -------------------------------------------


def test_a_pdf_name_on_html_bytes_is_refused_by_its_content(
    client, signed_in, resident_a, case_a, soup
):
    """The old check read the name only, so "map.pdf" holding a web page was accepted."""
    signed_in(resident_a)

    response = client.post(
        page_url(case_a), {"message": "Here is the map", "files": [html_named_pdf("map.pdf")]}
    )

    assert response.status_code == 400
    page = soup(response)
    assert typed(page) == "Here is the map"
    link = page.find(class_="govuk-error-summary").find("a")
    assert link["href"] == "#id_files"
    assert link.get_text(strip=True) == (
        "The selected file must be a JPG, PNG, HEIC, PDF or Word document (DOCX)"
    )
    assert not case_a.events.filter(kind=EventKind.RESIDENT_MESSAGE).exists()


def test_the_type_found_in_the_bytes_is_stored_and_served_not_the_browsers_claim(
    client, signed_in, resident_a, case_a
):
    signed_in(resident_a)
    letter = SimpleUploadedFile("letter.jpg", PDF_BYTES, content_type="image/jpeg")

    client.post(page_url(case_a), {"message": "The council's letter", "files": [letter]})

    attachment = case_a.attachments.get(event__kind=EventKind.RESIDENT_MESSAGE)
    assert (attachment.original_name, attachment.content_type) == ("letter.pdf", "application/pdf")
    assert attachment.file.name.endswith(".pdf")
    response = client.get(file_url(case_a, attachment))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="letter.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_photo_loses_its_location_but_keeps_the_rest_of_its_details(
    client, signed_in, resident_a, case_a
):
    signed_in(resident_a)
    photo = jpeg("from-my-window.jpg", gps=True)
    assert has_location(photo.read(), "image/jpeg")
    photo.seek(0)

    client.post(page_url(case_a), {"message": "Still there", "files": [photo]})

    attachment = case_a.attachments.get(event__kind=EventKind.RESIDENT_MESSAGE)
    kept = attachment.file.open("rb").read()
    assert not has_location(kept, "image/jpeg")
    with Image.open(io.BytesIO(kept)) as image:
        assert image.getexif()[ExifTags.Base.Make] == "Doorstep Camera"
        assert image.size == (16, 12)


def test_a_file_past_the_cap_is_cut_off_while_it_streams_and_the_message_is_kept(
    client, signed_in, resident_a, case_a, soup, settings
):
    """A real multipart POST: the capped upload handler stops passing the file on at the cap, so
    no more than that is ever stored; the form says so and keeps what was typed."""
    settings.UPLOAD_MAX_FILE_SIZE = 256 * 1024
    stored = count_stored_chunks(settings)
    signed_in(resident_a)
    big = jpeg("huge.jpg", size=3 * 1024 * 1024)

    response = client.post(page_url(case_a), {"message": "A big photo", "files": [big]})

    assert response.status_code == 400
    assert stored["files"] <= 256 * 1024
    page = soup(response)
    assert typed(page) == "A big photo"
    link = page.find(class_="govuk-error-summary").find("a")
    assert link.get_text(strip=True) == "The selected file must be smaller than 256KB"
    assert not case_a.events.filter(kind=EventKind.RESIDENT_MESSAGE).exists()


def test_a_file_waiting_for_its_virus_scan_cannot_be_downloaded_yet(
    client, signed_in, resident_a, case_a, soup
):
    attachment = public_file(case_a)
    attachment.scan_status = ScanStatus.PENDING
    attachment.save()
    signed_in(resident_a)

    response = client.get(file_url(case_a, attachment))

    assert response.status_code == 409
    page = soup(response)
    assert page.h1.get_text(strip=True) == "You cannot open this file yet"
    assert "waiting for a virus scan" in page.get_text()
    # The request's page names the file with its state, without a link that would fail.
    request_page = soup(client.get(page_url(case_a)))
    assert request_page.find("a", string="pothole.jpg") is None
    files = request_page.find("h2", string="Files").find_next("ul")
    assert "pothole.jpg Waiting for the virus scan" in " ".join(files.get_text().split())


def test_a_file_with_a_virus_is_never_downloaded(client, signed_in, resident_a, case_a, soup):
    attachment = public_file(case_a)
    attachment.scan_status = ScanStatus.INFECTED
    attachment.save()
    signed_in(resident_a)

    response = client.get(file_url(case_a, attachment))

    assert response.status_code == 403
    assert "a virus was found in it" in soup(response).get_text()


def test_a_closed_request_refuses_messages_and_keeps_what_was_typed(
    client, signed_in, resident_a, case_a, officer, soup
):
    signed_in(resident_a)
    page_before = soup(client.get(page_url(case_a)))
    assert page_before.find("textarea", id="id_message") is not None
    change_case_status(case_a, to_status=CaseStatus.CLOSED, actor=officer)

    # The page no longer offers the form...
    closed_page = soup(client.get(page_url(case_a)))
    assert closed_page.find("textarea") is None
    assert "This request is closed" in closed_page.get_text()
    # ...and a message typed before it closed is refused, with the reason in the summary.
    response = client.post(page_url(case_a), {"message": "Is it done?"})

    assert response.status_code == 400
    page = soup(response)
    summary = page.find(class_="govuk-error-summary")
    assert "This request is closed. Start a new request if you need more help." in summary.text
    assert summary.find("a")["href"] == "#id_message"
    assert typed(page) == "Is it done?"
    assert not case_a.events.filter(kind=EventKind.RESIDENT_MESSAGE).exists()


def test_the_message_form_is_accessible(client, signed_in, resident_a, case_a, soup):
    signed_in(resident_a)

    page = soup(client.get(page_url(case_a)))

    form = page.find("form", enctype="multipart/form-data")
    assert form.has_attr("novalidate")
    for field_id in ("id_message", "id_files"):
        assert page.find("label", attrs={"for": field_id}).get_text(strip=True)
    assert page.find("input", id="id_files").has_attr("multiple")
    assert "id_files-hint" in page.find("input", id="id_files")["aria-describedby"]
    assert len(page.find_all("h1")) == 1


def test_csrf_is_required_to_send_a_message(resident_a, case_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(resident_a)

    assert client.post(page_url(case_a), {"message": "Hello"}).status_code == 403
