"""The information request services, each allowed and refused: exemptions, the public interest
extension, sending the response (with files) and the internal review's outcome."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from crm.cases.enums import CaseStatus, EventKind
from crm.cases.exceptions import CaseTransitionError
from crm.cases.services import anonymise_case, assign_case, change_case_status, open_case
from crm.information.models import Exemption, InformationRequest, Regime, ReviewOutcome
from crm.information.services import (
    extend_for_public_interest,
    information_request_for,
    record_exemptions,
    record_review_outcome,
    send_response,
)
from crm.notifications.enums import EmailKind
from crm.notifications.models import OutboxMessage
from tests.crm.factories import CaseFactory
from tests.forms.uploads import PDF_BYTES

from .conftest import ANSWERS, received_on


def pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def updates_to_resident(case) -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(case=case, kind=EmailKind.CASE_UPDATED))


# --- The exemption choices ----------------------------------------------------------------------


def test_exemption_choices_cover_foia_sections_21_to_44_and_the_eir_exceptions():
    foia = [code for code in Exemption.values if code.startswith("foia-")]
    assert foia == [
        "foia-s21",
        "foia-s22",
        "foia-s22a",
        *[f"foia-s{n}" for n in range(23, 45) if n != 25],  # s25 is not an exemption
    ]
    eir = [code for code in Exemption.values if code.startswith("eir-")]
    assert eir == [
        *[f"eir-12-4-{letter}" for letter in "abcde"],
        *[f"eir-12-5-{letter}" for letter in "abcdefg"],
        "eir-13",
    ]
    labels = dict(Exemption.choices)
    assert labels["foia-s40"] == "Section 40: personal information"
    assert labels["eir-12-4-b"] == "Regulation 12(4)(b): manifestly unreasonable request"


# --- Exemptions ---------------------------------------------------------------------------------


def test_the_information_request_is_created_when_first_needed(foi_case):
    assert not InformationRequest.objects.filter(case=foi_case).exists()
    info = information_request_for(foi_case)
    assert info.regime == Regime.FOI
    assert information_request_for(foi_case) == info


def test_an_environmental_case_type_starts_as_eir(foi_type, requester):
    foi_type.name = "Environmental information request"
    foi_type.save()
    case = open_case(case_type=foi_type, answers=ANSWERS, customer=requester)
    assert information_request_for(case).regime == Regime.EIR


def test_record_exemptions_keeps_them_in_order_with_a_note(foi_case, foi_officer):
    info = record_exemptions(
        foi_case,
        actor=foi_officer,
        exemptions=["eir-13", "foia-s43", "foia-s40"],
        regime="eir",
    )

    info.refresh_from_db()
    assert info.exemptions == ["foia-s40", "foia-s43", "eir-13"]
    assert info.regime == Regime.EIR
    note = foi_case.events.get(kind=EventKind.INTERNAL_NOTE)
    assert not note.is_public
    assert "Section 40: personal information" in note.message
    assert "Regulation 13: personal data" in note.message
    assert "Environmental Information Regulations 2004" in note.message


def test_recording_the_same_exemptions_again_writes_nothing(foi_case, foi_officer):
    record_exemptions(foi_case, actor=foi_officer, exemptions=["foia-s40"])
    record_exemptions(foi_case, actor=foi_officer, exemptions=["foia-s40"])
    assert foi_case.events.filter(kind=EventKind.INTERNAL_NOTE).count() == 1


def test_exemptions_can_be_cleared(foi_case, foi_officer):
    record_exemptions(foi_case, actor=foi_officer, exemptions=["foia-s40"])
    info = record_exemptions(foi_case, actor=foi_officer, exemptions=[])
    assert info.exemptions == []
    assert (
        "No exemptions recorded."
        in foi_case.events.filter(kind=EventKind.INTERNAL_NOTE).last().message
    )


def test_unknown_exemptions_are_refused(foi_case, foi_officer):
    with pytest.raises(ValidationError) as refused:
        record_exemptions(foi_case, actor=foi_officer, exemptions=["foia-s40", "foia-s99"])
    assert refused.value.code == "unknown_exemption"
    assert "foia-s99" in refused.value.messages[0]
    assert not InformationRequest.objects.filter(case=foi_case).exists()


def test_an_unknown_regime_is_refused(foi_case, foi_officer):
    with pytest.raises(ValidationError) as refused:
        record_exemptions(foi_case, actor=foi_officer, exemptions=[], regime="gdpr")
    assert refused.value.code == "regime"


def test_cases_of_other_workflows_are_refused(case_type, customer, foi_officer):
    case = open_case(case_type=case_type, answers=ANSWERS, customer=customer)
    with pytest.raises(ValidationError) as refused:
        record_exemptions(case, actor=foi_officer, exemptions=["foia-s40"])
    assert refused.value.code == "not_information_request"
    factory_case = CaseFactory()  # no workflow version at all
    with pytest.raises(ValidationError):
        send_response(factory_case, actor=foi_officer, message="Here it is.")
    assert not InformationRequest.objects.exists()


def test_anonymised_cases_are_refused(foi_case, foi_officer):
    change_case_status(foi_case, to_status="responded", actor=foi_officer)
    change_case_status(foi_case, to_status="closed", actor=foi_officer)
    anonymise_case(foi_case)
    foi_case.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        record_exemptions(foi_case, actor=foi_officer, exemptions=["foia-s40"])
    assert refused.value.code == "anonymised"


# --- Extension ----------------------------------------------------------------------------------


def test_a_public_interest_extension_moves_the_due_date_and_tells_the_resident(
    foi_case, foi_officer, today
):
    today(date(2026, 5, 26))
    # Friday before the spring bank holiday; Monday 15 June (Scotland's bank holiday for the
    # World Cup) is not a working day in England either (FOIA s10(6): "any part of the UK").
    received_on(foi_case, date(2026, 5, 22))
    assert foi_case.due_date == date(2026, 6, 23)

    info = extend_for_public_interest(
        foi_case,
        actor=foi_officer,
        new_due_date=date(2026, 7, 22),  # 20 more (13 July: Northern Ireland's holiday)
        reason="We need to consider the public interest in releasing the contracts.",
    )

    foi_case.refresh_from_db()
    assert foi_case.due_date == date(2026, 7, 22)
    assert foi_case.extension_working_days == 20
    assert info.extended_to == date(2026, 7, 22)
    assert info.extended_on == date(2026, 5, 26)
    assert info.extension_reason.startswith("We need to consider")
    event = foi_case.events.get(kind=EventKind.DEADLINE_EXTENDED)
    assert event.is_public
    assert "22 July 2026" in event.message
    (email,) = updates_to_resident(foi_case)
    assert "22 July 2026" in email.context["message"]
    assert "public interest" in email.context["message"]


def test_an_extension_beyond_the_case_types_limit_is_refused(foi_case, foi_officer, today):
    today(date(2026, 5, 26))
    received_on(foi_case, date(2026, 5, 22))
    with pytest.raises(ValidationError) as refused:
        extend_for_public_interest(
            foi_case,
            actor=foi_officer,
            new_due_date=date(2026, 7, 23),  # 21 working days more
            reason="Public interest test.",
        )
    assert refused.value.code == "too_long"
    foi_case.refresh_from_db()
    assert foi_case.due_date == date(2026, 6, 23)
    assert not InformationRequest.objects.filter(case=foi_case, extended_to__isnull=False).exists()
    assert not updates_to_resident(foi_case)


@pytest.mark.parametrize(
    ("new_due_date", "reason", "code"),
    [
        (date(2026, 6, 23), "Public interest test.", "not_later"),
        (date(2026, 6, 22), "Public interest test.", "not_later"),
        (date(2026, 7, 1), "   ", "required"),
    ],
)
def test_extensions_that_are_not_later_or_have_no_reason_are_refused(
    foi_case, foi_officer, today, new_due_date, reason, code
):
    today(date(2026, 5, 26))
    received_on(foi_case, date(2026, 5, 22))
    with pytest.raises(ValidationError) as refused:
        extend_for_public_interest(
            foi_case, actor=foi_officer, new_due_date=new_due_date, reason=reason
        )
    assert refused.value.code == code


def test_no_extension_while_waiting_for_clarification(foi_case, foi_officer):
    change_case_status(
        foi_case,
        to_status="awaiting_clarification",
        actor=foi_officer,
        public_message="Which years do you mean?",
    )
    with pytest.raises(ValidationError) as refused:
        extend_for_public_interest(
            foi_case,
            actor=foi_officer,
            new_due_date=foi_case.due_date + timezone.timedelta(days=14),
            reason="Public interest test.",
        )
    assert refused.value.code == "clock_stopped"


# --- The response -------------------------------------------------------------------------------


@pytest.mark.parametrize("from_state", ["received", "in_progress"])
def test_send_the_response_with_files(foi_case, foi_officer, from_state):
    if from_state != "received":
        change_case_status(foi_case, to_status=from_state, actor=foi_officer)

    info = send_response(
        foi_case,
        actor=foi_officer,
        message="We hold the information. It is attached.",
        files=[pdf("spend-2025.pdf"), pdf("contracts.pdf")],
    )

    foi_case.refresh_from_db()
    assert (foi_case.state, foi_case.status) == ("responded", CaseStatus.RESOLVED)
    assert info.response_sent_by == foi_officer
    assert info.response_sent_at is not None
    files = list(foi_case.attachments.order_by("created_at", "pk"))
    assert [f.original_name for f in files] == ["spend-2025.pdf", "contracts.pdf"]
    assert all(f.event.is_public for f in files)
    update = foi_case.events.get(kind=EventKind.PUBLIC_UPDATE)
    assert update.is_public
    assert update.message.startswith("We hold the information. It is attached.")
    assert "spend-2025.pdf and contracts.pdf" in update.message
    (email,) = updates_to_resident(foi_case)
    assert email.recipient == "ria@example.com"
    assert email.context["status"] == "Response sent"
    assert "spend-2025.pdf and contracts.pdf" in email.context["message"]
    assert "Download them from your request's page" in email.context["message"]
    assert str(foi_case.uuid) in email.context["case_url"]  # the link to the files


def test_a_response_without_files_is_the_message_alone(foi_case, foi_officer):
    send_response(foi_case, actor=foi_officer, message="We do not hold this information.")
    update = foi_case.events.get(kind=EventKind.PUBLIC_UPDATE)
    assert update.message == "We do not hold this information."
    assert not foi_case.attachments.exists()


def test_a_response_without_a_message_is_refused(foi_case, foi_officer):
    with pytest.raises(ValidationError) as refused:
        send_response(foi_case, actor=foi_officer, message="  ", files=[pdf("a.pdf")])
    assert refused.value.code == "required"
    foi_case.refresh_from_db()
    assert foi_case.state == "received"
    assert not foi_case.attachments.exists()


@pytest.mark.parametrize("state", ["awaiting_clarification", "responded"])
def test_a_response_the_workflow_does_not_allow_is_refused_and_keeps_no_file(
    foi_case, foi_officer, state
):
    change_case_status(foi_case, to_status=state, actor=foi_officer, public_message="Which?")
    emails_before = len(updates_to_resident(foi_case))
    sent_before = list(InformationRequest.objects.values_list("response_sent_at", flat=True))

    with pytest.raises(CaseTransitionError):
        send_response(foi_case, actor=foi_officer, message="Here.", files=[pdf("a.pdf")])

    foi_case.refresh_from_db()
    assert foi_case.state == state
    assert not foi_case.attachments.exists()
    assert not foi_case.events.filter(kind=EventKind.PUBLIC_UPDATE).exists()
    assert len(updates_to_resident(foi_case)) == emails_before
    sent_after = list(InformationRequest.objects.values_list("response_sent_at", flat=True))
    assert sent_after == sent_before


def test_a_file_the_upload_rule_refuses_leaves_the_case_as_it_was(foi_case, foi_officer):
    html = SimpleUploadedFile(
        "report.pdf", b"<html>not a pdf</html>", content_type="application/pdf"
    )
    with pytest.raises(ValidationError):
        send_response(foi_case, actor=foi_officer, message="Here.", files=[pdf("a.pdf"), html])
    foi_case.refresh_from_db()
    assert foi_case.state == "received"
    assert not foi_case.attachments.exists()
    assert not updates_to_resident(foi_case)


# --- Internal review ----------------------------------------------------------------------------


@pytest.fixture
def responded_case(foi_case, foi_officer):
    assign_case(foi_case, actor=foi_officer, officer=foi_officer)
    send_response(foi_case, actor=foi_officer, message="Here is what we hold.")
    return foi_case


def start_review(case, actor, today_fixture=None):
    change_case_status(case, to_status="internal_review", actor=actor)
    case.refresh_from_db()
    return case


def test_starting_a_review_records_the_day_and_a_new_20_day_clock(
    responded_case, foi_officer, today
):
    today(date(2026, 6, 5))
    start_review(responded_case, foi_officer)
    info = InformationRequest.objects.get(case=responded_case)
    assert info.review_requested_on == date(2026, 6, 5)
    assert responded_case.clock_started_on == date(2026, 6, 5)
    assert responded_case.due_date == date(2026, 7, 6)  # 15 June is not a working day
    assert responded_case.assigned_to is None  # someone new handles the review


def test_record_the_review_outcome(responded_case, foi_officer, reviewer):
    start_review(responded_case, foi_officer)

    info = record_review_outcome(
        responded_case,
        actor=reviewer,
        outcome="partly_upheld",
        reason="Section 43 was applied too widely; the totals can be released.",
    )

    responded_case.refresh_from_db()
    assert (responded_case.state, responded_case.status) == ("review_completed", "closed")
    assert info.review_outcome == ReviewOutcome.PARTLY_UPHELD
    assert info.review_completed_by == reviewer
    assert info.review_reason.startswith("Section 43")
    event = responded_case.events.filter(kind=EventKind.STATUS_CHANGED).last()
    assert "Outcome: partly upheld" in event.message
    assert "Section 43 was applied too widely" in event.message
    email = updates_to_resident(responded_case)[-1]
    assert "Outcome: partly upheld" in email.context["message"]


def test_whoever_handled_the_request_cannot_record_the_review_outcome(responded_case, foi_officer):
    start_review(responded_case, foi_officer)
    with pytest.raises(CaseTransitionError) as refused:
        record_review_outcome(
            responded_case, actor=foi_officer, outcome="upheld", reason="It was right."
        )
    assert refused.value.code == "excluded_handler"
    assert InformationRequest.objects.get(case=responded_case).review_outcome == ""


def test_the_review_outcome_needs_a_case_in_internal_review(responded_case, reviewer):
    with pytest.raises(CaseTransitionError) as refused:
        record_review_outcome(responded_case, actor=reviewer, outcome="upheld", reason="Right.")
    assert refused.value.code == "not_in_review"
    responded_case.refresh_from_db()
    assert responded_case.state == "responded"


@pytest.mark.parametrize(
    ("outcome", "reason", "code"),
    [("", "Right.", "outcome"), ("dismissed", "Right.", "outcome"), ("upheld", " ", "required")],
)
def test_the_review_outcome_needs_an_outcome_and_a_reason(
    responded_case, foi_officer, reviewer, outcome, reason, code
):
    start_review(responded_case, foi_officer)
    with pytest.raises(ValidationError) as refused:
        record_review_outcome(responded_case, actor=reviewer, outcome=outcome, reason=reason)
    assert refused.value.code == code
    responded_case.refresh_from_db()
    assert responded_case.state == "internal_review"


def test_moving_to_response_sent_by_the_status_form_records_when_and_who(foi_case, foi_officer):
    change_case_status(foi_case, to_status="responded", actor=foi_officer)
    info = InformationRequest.objects.get(case=foi_case)
    assert info.response_sent_by == foi_officer
    assert info.response_sent_at is not None
