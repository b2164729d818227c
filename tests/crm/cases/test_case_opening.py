"""Opening a case: references, due dates, idempotency, events, attachments and the outbox."""

import threading
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction

from crm.cases.enums import CaseStatus, Channel, EventKind, Priority
from crm.cases.links import resident_tracking_url
from crm.cases.models import Case, CaseEvent, ReferenceCounter
from crm.cases.services import open_case
from crm.notifications.enums import EmailKind, OutboxStatus
from crm.notifications.models import OutboxMessage
from tests.crm.factories import CaseTypeFactory, CouncilClosureDayFactory, CustomerFactory

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
    photo = SimpleUploadedFile("C:\\Users\\ria\\pothole.jpg", b"jpeg-bytes", "image/jpeg")
    case = open_case(case_type=case_type, answers=ANSWERS, customer=customer, attachments=[photo])

    attachment = case.attachments.get()
    assert attachment.original_name == "pothole.jpg"
    assert attachment.content_type == "image/jpeg"
    assert attachment.size == len(b"jpeg-bytes")
    assert "pothole" not in attachment.file.name  # stored under a random name
    assert attachment.file.read() == b"jpeg-bytes"
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
