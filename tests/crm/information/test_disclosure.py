"""A responded FOI case can be published to the disclosure log from its case page: the
response (the public update `send_response` writes) and its files are what the draft entry is
made of (services/disclosure.py)."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from crm.information.services import send_response
from services.disclosure import prepare_disclosure_entry
from services.models import DisclosureLogPage
from tests.forms.uploads import PDF_BYTES


@pytest.fixture
def log(home_page, foi_type):
    log = DisclosureLogPage(title="Disclosure log", slug="disclosure-log", live=True)
    home_page.add_child(instance=log)
    log.case_types.set([foi_type])
    log.save_revision().publish()
    return log


@pytest.fixture
def editor_officer(foi_officer):
    foi_officer.groups.add(Group.objects.get(name="Editors"))
    return foi_officer


def test_a_responded_case_is_prepared_with_its_response_and_files(
    log, foi_case, editor_officer, client
):
    send_response(
        foi_case,
        actor=editor_officer,
        message="We spent £120,000 on pothole repairs in 2025. Ria Resident asked for this.",
        files=[SimpleUploadedFile("spend.pdf", PDF_BYTES, content_type="application/pdf")],
    )

    client.force_login(editor_officer)
    page = client.get(f"/admin/cases/{foi_case.uuid}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Prepare a disclosure log entry" in html
    assert "spend.pdf" in html

    attachment = foi_case.attachments.get()
    entry = prepare_disclosure_entry(foi_case, user=editor_officer, attachment_ids=[attachment.pk])

    assert "We spent £120,000 on pothole repairs in 2025." in entry.response
    assert "Ria Resident" not in entry.response  # the requester's name is removed
    assert "[personal data removed]" in entry.response
    assert "Pothole repair spend 2025" in entry.request_text
    assert [d.document.title for d in entry.documents.all()] == ["spend.pdf"]
    assert not entry.live
