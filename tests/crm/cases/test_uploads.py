"""The one upload rule in the CRM: files checked by their bytes, the sniffed type stored and served,
virus scans with ClamAV before anyone opens a file, and the streaming size cap.

The ClamAV tests use the real `clamd` client and our real code path; only the other end of the
socket is ours: a tiny clamd on 127.0.0.1 that speaks the INSTREAM protocol.
"""

import socket
import struct
import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.utils import timezone

from crm.cases.enums import ScanStatus
from crm.cases.models import CaseAccessLog, CaseAttachment
from crm.cases.photo_location import strip_location
from crm.cases.services import add_case_attachment, open_case
from crm.cases.tasks import scan_attachment, sweep_pending_scans
from crm.cases.uploads import CappedUploadHandler, OversizedUpload
from tests.crm.admin.conftest import admin_user
from tests.crm.factories import CaseTypeFactory, CustomerFactory, TeamFactory
from tests.forms.uploads import JPEG_BYTES, PDF_BYTES, docx, html_named_pdf, pdf

pytestmark = pytest.mark.django_db

# The standard anti-virus test string: every scanner reports it, and it harms nothing.
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
ANSWERS = [{"question": "Where?", "answer": "Mill Lane", "key": "where"}]


class FakeClamd:
    """A clamd that answers INSTREAM: "FOUND" when the stream holds the EICAR string."""

    def __init__(self, unix_path: str | None = None):
        if unix_path:
            self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            self.server.bind(unix_path)
        else:
            self.server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            self.server.bind(("127.0.0.1", 0))
            self.port = self.server.getsockname()[1]
        self.server.listen(5)
        self.streams: list[bytes] = []
        self.commands: list[bytes] = []
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        while True:
            try:
                connection, _address = self.server.accept()
            except OSError:
                return
            with connection, connection.makefile("rb") as stream:
                self.commands.append(stream.readline())
                received = b""
                while True:
                    (length,) = struct.unpack("!L", stream.read(4))
                    if not length:
                        break
                    received += stream.read(length)
                self.streams.append(received)
                answer = (
                    b"stream: Eicar-Signature FOUND\n" if EICAR in received else b"stream: OK\n"
                )
                connection.sendall(answer)

    def close(self):
        self.server.close()


@pytest.fixture
def clamd_server(settings):
    server = FakeClamd()
    settings.CLAMAV_HOST = "127.0.0.1"
    settings.CLAMAV_PORT = server.port
    settings.CLAMAV_TIMEOUT = 5
    yield server
    server.close()


@pytest.fixture
def staff(db):
    return admin_user(first_name="Ada", last_name="Able")


@pytest.fixture
def case(staff):
    case_type = CaseTypeFactory(name="Pothole", team=TeamFactory(name="Highways", members=[staff]))
    return open_case(case_type=case_type, answers=ANSWERS, customer=CustomerFactory())


def attach(case, uploaded_file, django_capture_on_commit_callbacks) -> CaseAttachment:
    """Add a file as a service call does, running what it queues on commit (the scan)."""
    with django_capture_on_commit_callbacks(execute=True):
        attachment = add_case_attachment(case, uploaded_file=uploaded_file)
    attachment.refresh_from_db()
    return attachment


def download_url(case, attachment) -> str:
    return f"/admin/cases/{case.uuid}/files/{attachment.pk}/"


# --- The rule ------------------------------------------------------------------------------------


def test_the_crm_refuses_a_file_whose_bytes_are_not_an_allowed_type(case):
    """Every path into the CRM, not only the forms: a web page dressed as a PDF is refused."""
    with pytest.raises(ValidationError) as refused:
        add_case_attachment(case, uploaded_file=html_named_pdf("map.pdf"))
    assert refused.value.code == "file_type"
    assert not case.attachments.exists()


def test_the_sniffed_type_is_stored_and_served_not_the_browsers_claim(
    case, client, staff, django_capture_on_commit_callbacks
):
    claimed_jpeg = SimpleUploadedFile("scan.jpg", PDF_BYTES, content_type="image/jpeg")
    attachment = attach(case, claimed_jpeg, django_capture_on_commit_callbacks)

    assert (attachment.original_name, attachment.content_type) == ("scan.pdf", "application/pdf")
    assert attachment.file.name.endswith(".pdf")
    client.force_login(staff)
    response = client.get(download_url(case, attachment))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="scan.pdf"'
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_word_documents_are_accepted(case, django_capture_on_commit_callbacks):
    attachment = attach(case, docx("statement.docx"), django_capture_on_commit_callbacks)
    assert attachment.content_type.endswith("wordprocessingml.document")


# --- Virus scanning ------------------------------------------------------------------------------


def test_without_a_scanner_files_are_not_scanned_and_can_be_opened(
    case, client, staff, django_capture_on_commit_callbacks
):
    attachment = attach(case, pdf(), django_capture_on_commit_callbacks)

    assert attachment.scan_status == ScanStatus.NOT_SCANNED
    client.force_login(staff)
    assert client.get(download_url(case, attachment)).status_code == 200


def test_a_clean_file_is_scanned_after_commit_and_can_then_be_opened(
    case, client, staff, clamd_server, django_capture_on_commit_callbacks
):
    attachment = attach(case, pdf(), django_capture_on_commit_callbacks)

    assert attachment.scan_status == ScanStatus.CLEAN
    assert attachment.scanned_at is not None
    assert clamd_server.commands == [b"nINSTREAM\n"]
    assert clamd_server.streams == [PDF_BYTES]
    client.force_login(staff)
    assert client.get(download_url(case, attachment)).status_code == 200


def test_clamd_on_a_unix_socket_is_used_too(
    case, settings, tmp_path, django_capture_on_commit_callbacks
):
    server = FakeClamd(unix_path=str(tmp_path / "clamd.ctl"))
    settings.CLAMAV_SOCKET = str(tmp_path / "clamd.ctl")
    try:
        infected = SimpleUploadedFile("a.pdf", PDF_BYTES + EICAR, content_type="application/pdf")
        attachment = attach(case, infected, django_capture_on_commit_callbacks)
    finally:
        server.close()

    assert attachment.scan_status == ScanStatus.INFECTED
    assert server.streams == [PDF_BYTES + EICAR]


def test_a_file_is_pending_until_the_transaction_commits(case, clamd_server):
    attachment = add_case_attachment(case, uploaded_file=pdf())  # on_commit never runs here
    assert attachment.scan_status == ScanStatus.PENDING
    assert clamd_server.streams == []


def test_an_infected_file_is_blocked_for_staff_with_a_clear_message(
    case, client, staff, clamd_server, django_capture_on_commit_callbacks
):
    infected = SimpleUploadedFile("invoice.pdf", PDF_BYTES + EICAR, content_type="application/pdf")
    attachment = attach(case, infected, django_capture_on_commit_callbacks)
    assert attachment.scan_status == ScanStatus.INFECTED
    client.force_login(staff)

    response = client.get(download_url(case, attachment), follow=True)

    assert response.redirect_chain == [(f"/admin/cases/{case.uuid}/", 302)]
    page = response.content.decode()
    assert "invoice.pdf: Virus found: blocked" in page
    assert download_url(case, attachment) not in page  # no link to the file on the case page
    assert not CaseAccessLog.objects.filter(attachment=attachment).exists()  # nothing was opened


def test_a_file_waiting_for_its_scan_cannot_be_opened_while_clamd_is_down(
    case, client, staff, settings, django_capture_on_commit_callbacks
):
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    settings.CLAMAV_HOST, settings.CLAMAV_PORT = closed.getsockname()
    closed.close()  # nothing listens there now

    attachment = attach(case, pdf(), django_capture_on_commit_callbacks)

    assert attachment.scan_status == ScanStatus.PENDING
    client.force_login(staff)
    response = client.get(download_url(case, attachment), follow=True)
    assert "letter.pdf: Waiting for the virus scan" in response.content.decode()


def test_the_sweep_scans_files_left_pending(case, clamd_server):
    attachment = add_case_attachment(case, uploaded_file=pdf())
    CaseAttachment.objects.filter(pk=attachment.pk).update(
        created_at=timezone.now() - timedelta(hours=1)
    )

    assert sweep_pending_scans.delay().get() == 1

    attachment.refresh_from_db()
    assert attachment.scan_status == ScanStatus.CLEAN


def test_a_scan_result_is_written_once(case, clamd_server, django_capture_on_commit_callbacks):
    attachment = attach(case, pdf(), django_capture_on_commit_callbacks)
    scanned_at = attachment.scanned_at

    scan_attachment.delay(attachment.pk)  # a duplicate task: nothing to do

    attachment.refresh_from_db()
    assert (attachment.scan_status, attachment.scanned_at) == (ScanStatus.CLEAN, scanned_at)
    assert len(clamd_server.streams) == 1


# --- The capped upload handler on its own ---------------------------------------------------------


def feed(path: str, chunks: int, *, chunk_size=64 * 1024, limit=128 * 1024, settings=None):
    """Stream `chunks` chunks of one file through the handler; what passed on, what came out."""
    settings.UPLOAD_MAX_FILE_SIZE = limit
    handler = CappedUploadHandler(RequestFactory().post(path))
    handler.handle_raw_input(None, {}, chunks * chunk_size, b"x")
    handler.new_file("photos", "photo.jpg", "image/jpeg", None)
    passed = 0
    for number in range(chunks):
        chunk = handler.receive_data_chunk(b"\0" * chunk_size, number * chunk_size)
        passed += len(chunk or b"")
    return passed, handler.file_complete(chunks * chunk_size)


def test_the_handler_passes_nothing_on_past_the_cap_and_reports_the_file(settings):
    passed, result = feed("/forms/report-graffiti/photos/", 10, settings=settings)

    assert passed == 128 * 1024
    assert isinstance(result, OversizedUpload)
    assert (result.name, result.limit) == ("photo.jpg", 128 * 1024)


def test_editors_images_and_documents_keep_wagtails_own_limits(settings):
    passed, result = feed("/admin/documents/multiple/add/", 10, settings=settings)

    assert passed == 10 * 64 * 1024
    assert result is None  # Django's own handlers hand over the whole file


# --- Photo location ------------------------------------------------------------------------------


def test_an_exif_block_too_damaged_to_rewrite_is_dropped_whole():
    """It might still hold a location some other program can read: better no EXIF at all."""
    payload = b"Exif\x00\x00XX not a TIFF header, GPS 52N 1W"
    segment = b"\xff\xe1" + (len(payload) + 2).to_bytes(2, "big") + payload
    photo = JPEG_BYTES[:2] + segment + JPEG_BYTES[2:]

    kept = strip_location(photo, "image/jpeg")

    assert kept == JPEG_BYTES
