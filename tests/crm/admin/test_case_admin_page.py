"""A case's page for staff: what it shows, who may see it, file downloads and the audit log."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from crm.cases.models import CaseAccessLog
from crm.cases.services import add_internal_note, add_public_update, open_case
from tests.crm.factories import CaseFactory, CustomerFactory, UserFactory
from tests.forms.uploads import JPEG_BYTES, PDF_BYTES


@pytest.fixture
def case(type_a, staff_a):
    customer = CustomerFactory(
        name="Ria Resident", email="ria@example.com", phone="01632 960999", postcode="DS9 9ZZ"
    )
    case = open_case(
        case_type=type_a,
        customer=customer,
        answers=[{"question": "How deep is the pothole?", "answer": "About 10cm", "key": "depth"}],
        location_text="Outside 12 Mill Lane",
        attachments=[SimpleUploadedFile("photo.jpg", JPEG_BYTES, content_type="image/jpeg")],
    )
    add_internal_note(case, actor=staff_a, text="Inspector booked for Tuesday")
    add_public_update(case, actor=staff_a, text="We will repair it this week")
    return case


def page_url(case) -> str:
    return f"/admin/cases/{case.uuid}/"


def test_case_page_shows_the_case(client_a, case):
    response = client_a.get(page_url(case))

    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        case.reference,
        "Received",
        "Normal",
        "Web",
        "Pothole",
        "Highways",
        "Outside 12 Mill Lane",
        "How deep is the pothole?",
        "About 10cm",
        "photo.jpg",
        "Ria Resident",
        "ria@example.com",
        "01632 960999",
        "DS9 9ZZ",
    ):
        assert text in html, text


def test_timeline_labels_internal_and_public_events(client_a, case):
    response = client_a.get(page_url(case))

    events = {event.message: event for event in response.context["events"]}
    assert not events["Inspector booked for Tuesday"].shown_to_resident
    assert events["We will repair it this week"].shown_to_resident
    html = response.content.decode()
    assert "Internal" in html
    assert "Shown to resident" in html
    assert "Ada Able" in html  # who did it


def test_overdue_case_is_flagged(client_a, type_a):
    case = CaseFactory(case_type=type_a, overdue=True)

    response = client_a.get(page_url(case))

    assert response.context["is_overdue"]
    assert "Overdue" in response.content.decode()


def test_staff_of_another_team_get_404(client, staff_b, case):
    client.force_login(staff_b)

    assert client.get(page_url(case)).status_code == 404
    attachment = case.attachments.get()
    assert client.get(f"{page_url(case)}files/{attachment.pk}/").status_code == 404
    assert not CaseAccessLog.objects.exists()


def test_officer_assigned_from_another_team_sees_the_case(client, staff_b, type_a):
    case = CaseFactory(case_type=type_a, assigned_to=staff_b)
    client.force_login(staff_b)

    assert client.get(page_url(case)).status_code == 200


def test_unknown_case_is_404(client_a, db):
    assert client_a.get("/admin/cases/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_viewing_the_case_is_written_to_the_access_log(client_a, staff_a, case):
    client_a.get(page_url(case))

    log = CaseAccessLog.objects.get()
    assert (log.case, log.user, log.action) == (case, staff_a, CaseAccessLog.Action.VIEWED)


def test_attachment_is_downloaded_through_the_staff_view(client_a, staff_a, case):
    attachment = case.attachments.get()
    html = client_a.get(page_url(case)).content.decode()
    url = f"{page_url(case)}files/{attachment.pk}/"
    assert url in html
    assert "/media/" not in html

    response = client_a.get(url)

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="photo.jpg"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == JPEG_BYTES
    assert CaseAccessLog.objects.filter(
        action=CaseAccessLog.Action.DOWNLOADED, attachment=attachment, user=staff_a
    ).exists()


def test_attachment_of_another_case_is_404(client_a, case, type_a):
    other = open_case(
        case_type=type_a,
        answers=[],
        attachments=[SimpleUploadedFile("other.pdf", PDF_BYTES, content_type="application/pdf")],
    )
    attachment = other.attachments.get()

    assert client_a.get(f"{page_url(case)}files/{attachment.pk}/").status_code == 404


def test_customer_panel_lists_only_other_cases_staff_may_see(client_a, case, type_b):
    visible = CaseFactory(case_type=case.case_type, customer=case.customer)
    hidden = CaseFactory(case_type=type_b, customer=case.customer)

    html = client_a.get(page_url(case)).content.decode()

    assert f"/admin/cases/{visible.uuid}/" in html
    assert hidden.reference not in html


def test_user_without_admin_access_is_sent_to_login(client, case):
    client.force_login(UserFactory())

    response = client.get(page_url(case))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
