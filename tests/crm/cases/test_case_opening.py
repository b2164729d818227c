"""Opening a case: references, due dates, idempotency, events, attachments and the outbox."""

import io
import os
import threading
import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from PIL import Image

from crm.cases.enums import CaseStatus, Channel, EventKind, Priority
from crm.cases.links import resident_tracking_url
from crm.cases.maintenance import delete_orphan_case_files
from crm.cases.models import Case, CaseAttachment, CaseEvent, ReferenceCounter
from crm.cases.services import (
    add_public_update,
    open_case,
    removing_files_on_rollback,
)
from crm.cases.storage import private_storage
from crm.notifications.enums import EmailKind, OutboxStatus
from crm.notifications.models import OutboxMessage
from crm.notifications.services import render_outbox_message
from tests.crm.factories import CaseTypeFactory, CouncilClosureDayFactory, CustomerFactory
from tests.forms.uploads import JPEG_BYTES

LONDON = ZoneInfo("Europe/London")
ANSWERS = [
    {"question": "What is the problem?", "answer": "Pothole", "key": "problem"},
    {"question": "How deep is it?", "answer": ["Deeper than 5cm", "Wider than a tyre"]},
]


def at(*args) -> datetime:
    return datetime(*args, tzinfo=LONDON)


@pytest.fixture
def frozen_now(monkeypatch):
    """Pin timezone.now() for the services (the year of the reference, the SLA start)."""

    def freeze(moment: datetime):
        monkeypatch.setattr("django.utils.timezone.now", lambda: moment)

    return freeze


def test_opening_a_case_records_everything_a_submission_needs(case_type, customer, officer):
    case = open_case(
        case_type=case_type,
        answers=ANSWERS,
        customer=customer,
        channel=Channel.PHONE,
        location_text="  Outside 12 Mill Lane ",
        priority=Priority.HIGH,
        opened_by=officer,
    )

    case.refresh_from_db()
    assert case.status == CaseStatus.RECEIVED
    assert case.team == case_type.team
    assert case.channel == Channel.PHONE
    assert case.priority == Priority.HIGH
    assert case.location_text == "Outside 12 Mill Lane"
    assert case.answers[1] == {
        "question": "How deep is it?",
        "answer": "Deeper than 5cm, Wider than a tyre",
        "key": "",
    }
    event = case.events.get()
    assert (event.kind, event.is_public, event.actor, event.to_status) == (
        EventKind.CREATED,
        True,
        officer,
        CaseStatus.RECEIVED,
    )


def test_reference_has_the_prefix_the_year_and_a_six_digit_number(case_type, settings):
    settings.DOORSTEP_CASE_REFERENCE_PREFIX = "WDC"
    first = open_case(case_type=case_type, answers=ANSWERS)
    second = open_case(case_type=case_type, answers=ANSWERS)

    year = first.created_at.astimezone(LONDON).year
    assert first.reference == f"WDC-{year}-000001"
    assert second.reference == f"WDC-{year}-000002"


def test_the_counter_starts_again_each_year(case_type, frozen_now):
    frozen_now(at(2026, 12, 31, 23, 59))
    last_of_2026 = open_case(case_type=case_type, answers=ANSWERS)
    frozen_now(at(2027, 1, 1, 0, 1))
    first_of_2027 = open_case(case_type=case_type, answers=ANSWERS)
    second_of_2027 = open_case(case_type=case_type, answers=ANSWERS)

    assert last_of_2026.reference == "DS-2026-000001"
    assert first_of_2027.reference == "DS-2027-000001"
    assert second_of_2027.reference == "DS-2027-000002"
    assert set(ReferenceCounter.objects.values_list("year", "last_number")) == {
        (2026, 1),
        (2027, 2),
    }


def test_references_are_unique_across_many_cases(case_type):
    references = [open_case(case_type=case_type, answers=ANSWERS).reference for _ in range(25)]
    assert len(set(references)) == 25


def test_due_date_counts_working_days_from_the_day_opened(frozen_now, team):
    # Thursday 24 December 2026: Christmas (Fri 25), the weekend and Boxing Day's substitute
    # (Mon 28) are not working days, so the third working day is Thursday 31 December.
    case_type = CaseTypeFactory(team=team, sla_working_days=3)
    frozen_now(at(2026, 12, 24, 15, 0))
    case = open_case(case_type=case_type, answers=ANSWERS)
    assert case.due_date == date(2026, 12, 31)


def test_due_date_skips_council_closure_days(frozen_now, team):
    CouncilClosureDayFactory(date=date(2026, 12, 29), reason="Christmas shutdown")
    CouncilClosureDayFactory(date=date(2026, 12, 30), reason="Christmas shutdown")
    case_type = CaseTypeFactory(team=team, sla_working_days=3)
    frozen_now(at(2026, 12, 24, 15, 0))
    case = open_case(case_type=case_type, answers=ANSWERS)
    # 31 Dec, (1 Jan New Year's Day), (2-3 weekend), 4 Jan, 5 Jan.
    assert case.due_date == date(2027, 1, 5)


def test_the_same_submission_key_opens_one_case(case_type, customer):
    first = open_case(
        case_type=case_type, answers=ANSWERS, customer=customer, submission_key="form-1:abc"
    )
    again = open_case(
        case_type=case_type, answers=ANSWERS, customer=customer, submission_key="form-1:abc"
    )

    assert again.pk == first.pk
    assert Case.objects.count() == 1
    assert CaseEvent.objects.count() == 1
    assert OutboxMessage.objects.count() == 1


def test_a_racing_duplicate_submission_returns_the_winners_case(case_type, monkeypatch):
    """Simulate losing the race: the pre-check sees nothing, then the insert hits the key."""
    winner = open_case(case_type=case_type, answers=ANSWERS, submission_key="race")
    real_filter = Case.objects.filter
    calls = {"n": 0}

    def filter_missing_once(*args, **kwargs):
        calls["n"] += 1
        queryset = real_filter(*args, **kwargs)
        return queryset.none() if calls["n"] == 1 else queryset

    monkeypatch.setattr(Case.objects, "filter", filter_missing_once)
    with transaction.atomic():  # the caller's transaction survives the savepoint rollback
        loser = open_case(case_type=case_type, answers=ANSWERS, submission_key="race")
        assert Case.objects.count() == 1

    assert loser.pk == winner.pk
    assert CaseEvent.objects.count() == 1


def test_different_submission_keys_open_different_cases(case_type):
    open_case(case_type=case_type, answers=ANSWERS, submission_key="a")
    open_case(case_type=case_type, answers=ANSWERS, submission_key="b")
    open_case(case_type=case_type, answers=ANSWERS)
    open_case(case_type=case_type, answers=ANSWERS)
    assert Case.objects.count() == 4


def test_attachments_are_kept_privately_with_a_public_file_added_event(
    case_type, customer, settings
):
    photo = SimpleUploadedFile("C:\\Users\\ria\\pothole.jpg", JPEG_BYTES, "image/jpeg")
    case = open_case(case_type=case_type, answers=ANSWERS, customer=customer, attachments=[photo])

    attachment = case.attachments.get()
    assert attachment.original_name == "pothole.jpg"
    assert attachment.content_type == "image/jpeg"
    assert attachment.size == len(JPEG_BYTES)
    assert "pothole" not in attachment.file.name  # stored under a random name
    assert attachment.file.read() == JPEG_BYTES
    assert attachment.file.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not attachment.file.path.startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(ValueError):
        attachment.file.url  # noqa: B018 - never served by URL
    assert attachment.event.kind == EventKind.FILE_ADDED
    assert attachment.event.is_public


def test_opening_writes_one_pending_email_in_the_same_transaction(case_type, customer):
    case = open_case(case_type=case_type, answers=ANSWERS, customer=customer)

    message = OutboxMessage.objects.get()
    assert message.case == case
    assert message.kind == EmailKind.CASE_OPENED
    assert message.recipient == "ria@example.com"
    assert message.status == OutboxStatus.PENDING
    assert message.context["reference"] == case.reference
    # No account yet: the email links to a signed tracking page that needs no sign-in.
    assert message.context["case_url"] == resident_tracking_url(case)
    assert message.context["case_url"].startswith("http://testserver/my-account/track/")


def test_residents_with_an_account_are_sent_to_my_account(case_type):
    customer = CustomerFactory(with_account=True)
    case = open_case(case_type=case_type, answers=ANSWERS, customer=customer)
    expected = f"http://testserver/my-account/requests/{case.uuid}/"
    assert OutboxMessage.objects.get().context["case_url"] == expected


def test_nothing_is_kept_when_the_callers_transaction_rolls_back(case_type, customer):
    with pytest.raises(RuntimeError), transaction.atomic():
        open_case(case_type=case_type, answers=ANSWERS, customer=customer)
        raise RuntimeError("the form failed after opening the case")

    assert not Case.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_no_email_without_a_customer_email(case_type):
    open_case(case_type=case_type, answers=ANSWERS, customer=None)
    assert not OutboxMessage.objects.exists()


def test_inactive_case_types_take_no_new_cases(team):
    with pytest.raises(ValidationError, match="no longer accepted"):
        open_case(case_type=CaseTypeFactory(team=team, is_active=False), answers=ANSWERS)


@pytest.mark.parametrize(
    "answers", ["just text", {"question": "q", "answer": "a"}, [{"question": "no answer"}]]
)
def test_answers_must_be_a_list_of_questions_and_answers(case_type, answers):
    with pytest.raises(ValidationError):
        open_case(case_type=case_type, answers=answers)


def test_an_overlong_location_is_refused(case_type):
    with pytest.raises(ValidationError, match="500 characters"):
        open_case(case_type=case_type, answers=ANSWERS, location_text="x" * 501)


def test_unknown_channel_is_refused(case_type):
    with pytest.raises(ValidationError):
        open_case(case_type=case_type, answers=ANSWERS, channel="pigeon")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row locks (PostgreSQL)")
def test_concurrent_submissions_never_share_a_reference_or_duplicate_a_key():
    from tests.crm.factories import CaseTypeFactory as Factory

    case_type = Factory()
    references, errors = [], []

    def submit(key):
        try:
            case = open_case(case_type=case_type, answers=ANSWERS, submission_key=key)
            references.append((key, case.reference))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    keys = [f"k{n % 6}" for n in range(12)]  # six keys, each submitted twice at once
    threads = [threading.Thread(target=submit, args=(key,)) for key in keys]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert not errors
    assert Case.objects.count() == 6
    assert len({reference for _key, reference in references}) == 6
    for key in set(keys):
        assert len({reference for k, reference in references if k == key}) == 1


# --- Files and the reference lock ---------------------------------------------------------------


def photo(name="pothole.jpg"):
    """A small real JPEG (uploads are checked by their content)."""
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (90, 120, 60)).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), "image/jpeg")


def case_files() -> list[str]:
    """Every file under the private storage's cases/ folder."""
    storage = private_storage()
    if not storage.exists("cases"):
        return []
    folders, files = storage.listdir("cases")
    for folder in folders:
        files += [f"{folder}/{name}" for name in storage.listdir(f"cases/{folder}")[1]]
    return files


def test_files_are_copied_before_the_reference_number_is_taken(case_type, monkeypatch):
    """The year's counter is locked from the moment a number is taken until the commit, so the
    slow part (copying files) must come first."""
    import crm.cases.services.opening as opening

    counter_when_copying = []
    real_add_attachment = opening.add_attachment

    def add_attachment(case, *args, **kwargs):
        counter_when_copying.append(list(ReferenceCounter.objects.values_list("last_number")))
        return real_add_attachment(case, *args, **kwargs)

    monkeypatch.setattr(opening, "add_attachment", add_attachment)
    case = open_case(case_type=case_type, answers=ANSWERS, attachments=[photo()])

    assert counter_when_copying == [[]]  # no number taken (nor counter row made) yet
    case.refresh_from_db()
    assert case.reference.endswith("-000001")
    assert ReferenceCounter.objects.get().last_number == 1


def test_files_of_a_case_that_fails_to_open_are_deleted(case_type, customer, monkeypatch):
    def broken_email(*args, **kwargs):
        raise RuntimeError("the outbox is broken")

    monkeypatch.setattr("crm.cases.services.opening.email_resident", broken_email)
    with pytest.raises(RuntimeError):
        open_case(case_type=case_type, answers=ANSWERS, customer=customer, attachments=[photo()])

    assert not Case.objects.exists()
    assert not CaseAttachment.objects.exists()
    assert case_files() == []
    assert not ReferenceCounter.objects.filter(last_number__gt=0).exists()


def test_files_are_deleted_when_the_callers_transaction_rolls_back(case_type, customer):
    with pytest.raises(RuntimeError), removing_files_on_rollback(), transaction.atomic():
        open_case(case_type=case_type, answers=ANSWERS, customer=customer, attachments=[photo()])
        assert len(case_files()) == 1
        raise RuntimeError("the form failed after opening the case")

    assert not Case.objects.exists()
    assert case_files() == []


def test_files_of_an_opened_case_are_kept(case_type, customer):
    with removing_files_on_rollback(), transaction.atomic():
        case = open_case(
            case_type=case_type, answers=ANSWERS, customer=customer, attachments=[photo()]
        )
    assert case_files() == [case.attachments.get().file.name.removeprefix("cases/")]


def test_the_sweep_deletes_old_case_files_that_no_attachment_refers_to(case_type, customer):
    case = open_case(case_type=case_type, answers=ANSWERS, customer=customer, attachments=[photo()])
    kept = case.attachments.get().file.name
    storage = private_storage()
    old_orphan = storage.save("cases/0f1e2d3c-rolled-back/old.jpg", photo())
    new_orphan = storage.save("cases/0f1e2d3c-rolled-back/new.jpg", photo())
    two_days_ago = time.time() - 2 * 24 * 60 * 60
    for name in (kept, old_orphan):
        os.utime(storage.path(name), (two_days_ago, two_days_ago))

    assert delete_orphan_case_files(older_than=timedelta(days=1)) == 1

    assert not storage.exists(old_orphan)
    assert storage.exists(new_orphan)  # may belong to a transaction still running
    assert storage.exists(kept)
    assert case.attachments.get().file.read().startswith(b"\xff\xd8")


def test_the_sweep_runs_daily_from_beat(settings):
    from crm.cases.tasks import delete_orphan_case_files_task

    entries = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == delete_orphan_case_files_task.name
    ]
    assert len(entries) == 1
    assert delete_orphan_case_files_task.delay().get() == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row locks (PostgreSQL)")
def test_a_slow_file_copy_does_not_hold_up_other_submissions(monkeypatch):
    """While one submission copies a large file, another opens its case and commits."""
    import crm.cases.services.opening as opening
    from tests.crm.factories import CaseTypeFactory as Factory

    case_type = Factory()
    copying, release = threading.Event(), threading.Event()
    real_add_attachment = opening.add_attachment

    def slow_add_attachment(*args, **kwargs):
        copying.set()
        release.wait(timeout=15)
        return real_add_attachment(*args, **kwargs)

    monkeypatch.setattr(opening, "add_attachment", slow_add_attachment)
    done = {}

    def submit(name, **kwargs):
        try:
            done[name] = open_case(case_type=case_type, answers=ANSWERS, **kwargs).reference
        finally:
            connection.close()

    slow = threading.Thread(target=submit, args=("slow",), kwargs={"attachments": [photo()]})
    quick = threading.Thread(target=submit, args=("quick",))
    slow.start()
    assert copying.wait(timeout=10)
    started = time.monotonic()
    quick.start()
    quick.join(timeout=8)
    quick_took = time.monotonic() - started
    release.set()
    slow.join(timeout=20)

    assert quick_took < 5, "the second submission waited for the first one's file copy"
    assert set(done) == {"quick", "slow"}
    assert len(set(done.values())) == 2


# --- Emails to addresses nobody has verified ----------------------------------------------------


def test_an_unverified_address_is_not_sent_the_name_the_submitter_typed(case_type):
    typed = CustomerFactory(name="Win a prize at scam.example", email="victim@example.com")
    open_case(case_type=case_type, answers=ANSWERS, customer=typed)

    message = OutboxMessage.objects.get()
    assert message.context["name"] == "resident"
    _subject, body = render_outbox_message(message)
    assert body.startswith("Dear resident,")
    assert "scam.example" not in body


def test_a_verified_address_is_greeted_by_name(case_type):
    customer = CustomerFactory(name="Ria Resident", email="ria@example.com", verified=True)
    open_case(case_type=case_type, answers=ANSWERS, customer=customer)
    _subject, body = render_outbox_message(OutboxMessage.objects.get())
    assert body.startswith("Dear Ria Resident,")


def test_updates_to_an_unverified_address_leave_out_the_typed_name(case_type, officer):
    typed = CustomerFactory(name="Call 0900 000 000", email="victim@example.com")
    case = open_case(case_type=case_type, answers=ANSWERS, customer=typed)
    add_public_update(case, actor=officer, text="We have fixed the pothole.")

    update = OutboxMessage.objects.get(kind=EmailKind.CASE_UPDATED)
    _subject, body = render_outbox_message(update)
    assert "0900" not in body
    assert "We have fixed the pothole." in body  # written by staff


def test_cases_are_records_not_content_so_no_reference_index_is_written(
    case_type, customer, officer
):
    """Wagtail's reference index tracks where pages, images and documents are used; rebuilding it
    for every case, timeline entry and email made each submission slower for nothing."""
    from wagtail.models import ReferenceIndex

    before = ReferenceIndex.objects.count()
    case = open_case(case_type=case_type, answers=ANSWERS, customer=customer, opened_by=officer)
    case.save()
    assert ReferenceIndex.objects.count() == before
