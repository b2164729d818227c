"""Retention, erasure, subject access and the lasting access log (UK GDPR Articles 5(1)(e), 15
and 17): what a data protection officer would check."""

import io
import json
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from crm.cases.enums import CaseStatus, EventKind
from crm.cases.models import Case, CaseAccessLog, CaseAttachment, CaseEvent, CaseType, Customer
from crm.cases.services import (
    add_internal_note,
    add_public_update,
    anonymise_case,
    anonymise_expired_cases,
    change_case_status,
    erase_customer,
    export_subject_access,
    open_case,
    record_case_access,
)
from crm.cases.services.privacy import months_before
from crm.cases.tasks import anonymise_expired_cases_task
from crm.notifications.models import OutboxMessage
from tests.crm.admin.conftest import admin_user
from tests.crm.factories import CaseFactory, CaseTypeFactory, CustomerFactory, UserFactory

ANSWERS = [
    {"question": "What is the problem?", "answer": "A deep pothole", "key": "problem"},
    {"question": "Your phone number", "answer": "07700 900123", "key": "phone"},
]


def jpeg(name="photo.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 10, 10)).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def private_path(attachment_name: str, settings) -> Path:
    return Path(settings.PRIVATE_MEDIA_ROOT) / attachment_name


@pytest.fixture
def full_case(case_type, customer, officer, django_capture_on_commit_callbacks):
    """A real case as residents and staff leave it: answers, a file, notes, updates, emails."""
    with django_capture_on_commit_callbacks(execute=True):
        case = open_case(
            case_type=case_type,
            answers=ANSWERS,
            customer=customer,
            location_text="Outside 12 Mill Lane",
            attachments=[jpeg("my-street.jpg")],
            submission_key="run-1",
        )
        add_internal_note(case, actor=officer, text="Ria rang again, sounded upset")
        add_public_update(case, actor=officer, text="Ria, we will fill it on Friday")
        change_case_status(
            case, to_status=CaseStatus.CLOSED, actor=officer, public_message="Filled, thanks Ria"
        )
    case.refresh_from_db()
    return case


def closed_months_ago(case: Case, months: int, *, days: int = 0) -> Case:
    closed = months_before(timezone.now(), months) - timedelta(days=days)
    Case.objects.filter(pk=case.pk).update(closed_at=closed, resolved_at=closed)
    case.refresh_from_db()
    return case


# --- The access log -----------------------------------------------------------------------------


def test_access_log_keeps_reference_and_viewer_name_after_the_case_is_deleted(officer):
    case = CaseFactory(reference="DS-2026-000042")
    record_case_access(case, user=officer)

    case.delete()
    officer.first_name = "Renamed"
    officer.save()

    entry = CaseAccessLog.objects.get()
    assert entry.case is None
    assert entry.case_reference == "DS-2026-000042"
    assert entry.user_name == "Olu Officer"


def test_access_log_names_a_viewer_without_a_full_name_by_username(db):
    viewer = UserFactory(username="jsmith", first_name="", last_name="")
    entry = record_case_access(CaseFactory(), user=viewer)
    assert entry.user_name == "jsmith"


def test_access_log_entries_cannot_be_deleted(officer):
    record_case_access(CaseFactory(), user=officer)

    with pytest.raises(ProtectedError):
        CaseAccessLog.objects.get().delete()
    with pytest.raises(ProtectedError):
        CaseAccessLog.objects.all().delete()
    assert CaseAccessLog.objects.count() == 1


# --- Retention ----------------------------------------------------------------------------------


def test_months_before_counts_calendar_months():
    moment = timezone.make_aware(datetime(2026, 3, 31, 2, 30))
    assert months_before(moment, 1) == timezone.make_aware(datetime(2026, 2, 28, 2, 30))
    assert months_before(moment, 72) == timezone.make_aware(datetime(2020, 3, 31, 2, 30))


def test_a_case_past_retention_is_anonymised_and_keeps_its_figures(
    full_case, settings, django_capture_on_commit_callbacks
):
    attachment = full_case.attachments.get()
    file_on_disk = private_path(attachment.file.name, settings)
    assert file_on_disk.exists()
    closed_months_ago(full_case, 72, days=1)
    events_before = list(full_case.events.values_list("kind", "to_status", "created_at"))

    with django_capture_on_commit_callbacks(execute=True):  # files go once the rows have
        assert anonymise_expired_cases() == 1

    case = Case.objects.get(pk=full_case.pk)
    assert case.anonymised_at is not None
    assert case.answers == []
    assert case.location_text == ""
    assert case.customer is None
    assert case.submission_key is None
    assert case.tracking_nonce != full_case.tracking_nonce
    assert not file_on_disk.exists()
    assert not CaseAttachment.objects.filter(case=case).exists()
    assert not OutboxMessage.objects.filter(case=case).exists()
    messages = set(CaseEvent.objects.filter(case=case).values_list("message", flat=True))
    assert messages == {""}
    # What reports need stays: the timeline's shape, the type, team, status, dates, reference.
    assert list(case.events.values_list("kind", "to_status", "created_at")) == events_before
    for field in ("reference", "case_type_id", "team_id", "status", "channel", "due_date"):
        assert getattr(case, field) == getattr(full_case, field)
    assert (case.created_at, case.closed_at) == (full_case.created_at, full_case.closed_at)
    # The customer record itself is not the case's to erase (they may have other cases).
    assert Customer.objects.filter(pk=full_case.customer_id, name="Ria Resident").exists()


def test_a_case_inside_its_retention_period_is_kept(full_case):
    closed_months_ago(full_case, 71)

    assert anonymise_expired_cases() == 0

    case = Case.objects.get(pk=full_case.pk)
    assert case.anonymised_at is None
    assert case.answers == ANSWERS
    assert case.customer_id is not None
    assert case.attachments.count() == 1


def test_each_case_type_has_its_own_retention_period(team):
    short = CaseTypeFactory(team=team, retention_months=12)
    long = CaseTypeFactory(team=team, retention_months=120)
    gone = closed_months_ago(CaseFactory(case_type=short, closed=True), 13)
    kept = closed_months_ago(CaseFactory(case_type=long, closed=True), 13)

    anonymise_expired_cases()

    assert Case.objects.get(pk=gone.pk).anonymised_at is not None
    assert Case.objects.get(pk=kept.pk).anonymised_at is None


def test_resolved_but_never_closed_cases_count_from_when_they_were_resolved(case_type):
    old = CaseFactory(case_type=case_type, resolved=True)
    Case.objects.filter(pk=old.pk).update(resolved_at=months_before(timezone.now(), 73))
    recent = CaseFactory(case_type=case_type, resolved=True)

    assert anonymise_expired_cases() == 1
    assert Case.objects.get(pk=old.pk).anonymised_at is not None
    assert Case.objects.get(pk=recent.pk).anonymised_at is None


def test_open_cases_are_never_anonymised_however_old(case_type):
    case = CaseFactory(case_type=case_type, in_progress=True)
    Case.objects.filter(pk=case.pk).update(created_at=months_before(timezone.now(), 200))

    assert anonymise_expired_cases() == 0
    with pytest.raises(ValidationError):
        anonymise_case(case)
    assert Case.objects.get(pk=case.pk).answers


def test_the_retention_job_is_idempotent(full_case):
    closed_months_ago(full_case, 80)
    assert anonymise_expired_cases_task.delay().get() == 1
    first = Case.objects.get(pk=full_case.pk).anonymised_at

    assert anonymise_expired_cases() == 0
    assert anonymise_case(full_case) is False
    assert Case.objects.get(pk=full_case.pk).anonymised_at == first


def test_the_retention_job_works_in_batches(case_type):
    for _ in range(3):
        closed_months_ago(CaseFactory(case_type=case_type, closed=True), 80)

    assert anonymise_expired_cases(limit=2) == 2
    assert anonymise_expired_cases(limit=2) == 1
    assert not Case.objects.filter(anonymised_at__isnull=True).exists()


def test_the_retention_job_is_in_the_beat_schedule(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {
        "cases.anonymise_expired_cases",
        "notifications.purge_outbox",
        "eforms.delete_expired_drafts",
    } <= tasks


# --- Erasure ------------------------------------------------------------------------------------


def test_erasure_anonymises_every_case_whatever_its_age_and_blanks_the_customer(
    full_case, customer, officer, settings, django_capture_on_commit_callbacks
):
    customer.user = UserFactory(email=customer.email)
    customer.save()
    resolved = CaseFactory(customer=customer, case_type=full_case.case_type, resolved=True)
    file_on_disk = private_path(full_case.attachments.get().file.name, settings)

    with django_capture_on_commit_callbacks(execute=True):
        erase_customer(customer, actor=officer)

    customer.refresh_from_db()
    assert customer.erased_at is not None
    assert (customer.name, customer.email, customer.phone) == ("", "", "")
    assert (customer.address_line_1, customer.town, customer.postcode) == ("", "", "")
    assert customer.user is None
    for case in Case.objects.filter(pk__in=[full_case.pk, resolved.pk]):
        assert case.anonymised_at is not None
        assert case.customer is None
        assert case.answers == []
    assert not file_on_disk.exists()


def test_erasure_is_refused_while_a_case_is_open_and_changes_nothing(full_case, customer, officer):
    open_one = CaseFactory(customer=customer, case_type=full_case.case_type, reference="DS-1")

    with pytest.raises(ValidationError) as error:
        erase_customer(customer, actor=officer)

    assert "DS-1" in error.value.messages[0]
    assert "still open" in error.value.messages[0]
    customer.refresh_from_db()
    assert customer.erased_at is None
    assert customer.name == "Ria Resident"
    assert Case.objects.get(pk=full_case.pk).anonymised_at is None
    assert Case.objects.get(pk=open_one.pk).customer_id == customer.pk


def test_erasure_includes_duplicate_records_merged_into_the_customer(customer, officer, case_type):
    duplicate = CustomerFactory(
        name="R Resident", email="ria.old@example.com", merged_into=customer
    )
    old_case = CaseFactory(customer=duplicate, case_type=case_type, closed=True)

    erase_customer(customer, actor=officer)

    duplicate.refresh_from_db()
    assert duplicate.erased_at is not None
    assert duplicate.email == ""
    assert Case.objects.get(pk=old_case.pk).anonymised_at is not None


# --- Subject access export ----------------------------------------------------------------------


@pytest.fixture
def dpo(db):
    """Staff allowed to export and erase customers' data."""
    user = admin_user(first_name="Dee", last_name="Peo")
    for codename in ("change_customer", "delete_customer"):
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label="cases", codename=codename)
        )
    return user


def read_zip(handle) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(handle.read()))


def test_the_export_holds_the_record_cases_timeline_emails_and_files(full_case, customer, dpo):
    other_person = CaseFactory(case_type=full_case.case_type)

    archive = read_zip(export_subject_access(customer, actor=dpo))

    names = set(archive.namelist())
    attachment = full_case.attachments.get()
    file_path = f"files/{full_case.reference}/{attachment.pk}-my-street.jpg"
    assert {"README.txt", "data.json", "summary.html", file_path} <= names
    assert archive.read(file_path) == attachment.file.open("rb").read()
    data = json.loads(archive.read("data.json"))
    assert data["customer"]["email"] == "ria@example.com"
    assert [case["reference"] for case in data["cases"]] == [full_case.reference]
    exported = data["cases"][0]
    assert exported["answers"][0] == {
        "question": "What is the problem?",
        "answer": "A deep pothole",
    }
    notes = [event for event in exported["timeline"] if event["internal"]]
    assert notes[0]["message"] == "Ria rang again, sounded upset"
    assert any(
        email["subject"] and email["to"] == "ria@example.com" for email in exported["emails"]
    )
    summary = archive.read("summary.html").decode()
    assert "Ria rang again, sounded upset" in summary
    assert "Internal" in summary
    assert other_person.reference not in summary
    assert "redact" in archive.read("README.txt").decode()


def test_the_export_is_written_to_the_access_log(full_case, customer, dpo):
    export_subject_access(customer, actor=dpo).close()

    entry = CaseAccessLog.objects.get(action=CaseAccessLog.Action.EXPORTED)
    assert (entry.case, entry.user, entry.user_name) == (full_case, dpo, "Dee Peo")


def test_staff_with_the_permission_download_the_export_from_the_admin(client, full_case, dpo):
    client.force_login(dpo)
    url = reverse("cases_admin:subject_access_export", args=[full_case.customer_id])

    page = client.get(url)
    assert page.status_code == 200
    assert b"Download the export (ZIP)" in page.content

    response = client.post(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    assert "Ria" not in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert "data.json" in archive.namelist()
    assert CaseAccessLog.objects.filter(action=CaseAccessLog.Action.EXPORTED).count() == 1


def test_staff_without_the_permission_cannot_export(client, full_case, officer):
    staff = admin_user(first_name="No", last_name="Perm")
    full_case.team.members.add(staff)
    client.force_login(staff)
    url = reverse("cases_admin:subject_access_export", args=[full_case.customer_id])

    # Wagtail turns the refusal into a redirect to the dashboard with a "no permission" message.
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 302
        assert response.url == reverse("wagtailadmin_home")
    assert not CaseAccessLog.objects.filter(action=CaseAccessLog.Action.EXPORTED).exists()


def test_the_case_page_offers_the_export_only_with_the_permission(client, full_case, dpo):
    staff = admin_user()
    full_case.team.members.add(staff, dpo)
    case_url = reverse("cases_admin:case", args=[full_case.uuid])
    export_url = reverse("cases_admin:subject_access_export", args=[full_case.customer_id])

    client.force_login(staff)
    assert export_url not in client.get(case_url).content.decode()
    client.force_login(dpo)
    assert export_url in client.get(case_url).content.decode()


# --- Erasure from the admin ---------------------------------------------------------------------


def test_erasure_from_the_admin_is_refused_with_the_open_cases_named(client, customer, dpo, team):
    open_one = CaseFactory(customer=customer, case_type=CaseTypeFactory(team=team))
    client.force_login(dpo)

    response = client.post(reverse("cases_admin:erase_customer", args=[customer.pk]))

    assert response.status_code == 400
    assert open_one.reference in response.content.decode()
    assert Customer.objects.get(pk=customer.pk).erased_at is None


def test_erasure_from_the_admin(client, full_case, customer, dpo):
    client.force_login(dpo)
    url = reverse("cases_admin:erase_customer", args=[customer.pk])

    response = client.post(url, follow=True)

    assert response.status_code == 200
    assert "has been erased" in response.content.decode()
    assert Customer.objects.get(pk=customer.pk).erased_at is not None
    assert Case.objects.get(pk=full_case.pk).anonymised_at is not None


def test_staff_without_the_permission_cannot_erase(client, customer):
    staff = admin_user()
    client.force_login(staff)

    response = client.post(reverse("cases_admin:erase_customer", args=[customer.pk]))

    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
    assert Customer.objects.get(pk=customer.pk).erased_at is None


def test_an_anonymised_case_keeps_its_event_kinds(full_case):
    anonymise_case(full_case)
    kinds = set(full_case.events.values_list("kind", flat=True))
    assert {EventKind.CREATED, EventKind.INTERNAL_NOTE, EventKind.STATUS_CHANGED} <= kinds


def test_the_case_page_says_when_personal_data_was_removed(client, full_case, dpo):
    full_case.team.members.add(dpo)
    anonymise_case(full_case)
    client.force_login(dpo)

    page = client.get(reverse("cases_admin:case", args=[full_case.uuid])).content.decode()

    assert "Personal data removed" in page
    assert "No customer is recorded for this case." in page
    assert "A deep pothole" not in page


def test_the_retention_period_is_set_on_the_case_type_in_the_admin(client, team):
    client.force_login(UserFactory(superuser=True))
    form = {
        "name": "Street trading consent",
        "slug": "street-trading",
        "team": team.pk,
        "sla_working_days": 15,
        "public_description": "Selling goods from a stall on the street.",
        "is_active": "on",
    }
    add_url = "/admin/snippets/cases/casetype/add/"
    assert 'name="retention_months" value="72"' in client.get(add_url).content.decode()

    response = client.post(add_url, {**form, "retention_months": 24})

    assert response.status_code == 302
    assert CaseType.objects.get(slug="street-trading").retention_months == 24


def test_the_access_log_survives_anonymisation_of_its_case(full_case, officer):
    attachment = full_case.attachments.get()
    record_case_access(
        full_case, user=officer, action=CaseAccessLog.Action.DOWNLOADED, attachment=attachment
    )

    anonymise_case(full_case)

    entry = CaseAccessLog.objects.get()
    assert (entry.case, entry.case_reference, entry.user_name) == (
        full_case,
        full_case.reference,
        "Olu Officer",
    )
    assert entry.attachment is None
