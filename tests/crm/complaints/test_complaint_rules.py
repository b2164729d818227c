"""The complaint handling code's rules, each allowed and refused: acknowledgement, the stage 1
and stage 2 clocks, one extension per stage (the resident told), stage 2 by someone new,
stage outcomes, and the Ombudsman's referral, decision and remedy."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from crm.cases.calendar import add_working_days
from crm.cases.enums import EventKind
from crm.cases.services import CaseTransitionError, assign_case, open_case
from crm.complaints.models import ComplaintStage, OmbudsmanReferral
from crm.complaints.services import (
    extend_stage,
    is_complaint,
    record_ombudsman_decision,
    record_ombudsman_referral,
    record_remedy_completed,
    record_stage_outcome,
)
from crm.notifications.models import OutboxMessage
from tests.crm.complaints.conftest import ANSWERS, answer_stage_1, move
from tests.crm.factories import UserFactory


def today():
    return timezone.localdate()


def wd(n, start=None):
    return add_working_days(start or today(), n)


# --- Acknowledgement and the stage 1 clock -----------------------------------------------------


def test_a_new_complaint_is_due_an_acknowledgement_in_5_and_a_reply_in_10_working_days(
    complaint,
):
    assert is_complaint(complaint)
    assert complaint.state == "received"
    assert complaint.acknowledge_by == wd(5)
    assert complaint.due_date == wd(10)
    assert complaint.acknowledged_at is None


@pytest.mark.parametrize("first_move", ["stage_1", "stage_1_answered"])
def test_leaving_received_acknowledges_and_starts_stage_1(complaint, first_handler, first_move):
    move(complaint, first_move, first_handler, "Reply" if first_move != "stage_1" else "")
    complaint.refresh_from_db()
    assert complaint.acknowledged_at is not None
    stage = complaint.complaint_stages.get()
    assert (stage.number, stage.started_on, stage.due_date) == (1, today(), wd(10))


def test_acknowledging_emails_the_resident_the_reply_date(complaint, first_handler):
    move(complaint, "stage_1", first_handler)
    message = OutboxMessage.objects.filter(case=complaint).last()
    assert complaint.reference in message.context["message"]
    assert str(wd(10).year) in message.context["message"]


def test_the_stage_1_reply_is_recorded_on_time(complaint, first_handler):
    answer_stage_1(complaint, first_handler)
    stage = complaint.complaint_stages.get(number=1)
    assert stage.answered_on == today()
    assert stage.answered_by == first_handler
    assert stage.answered_on_time is True


def test_a_late_stage_1_reply_is_recorded_late(complaint, first_handler):
    complaint.due_date = today() - timedelta(days=1)
    complaint.save(update_fields=["due_date"])
    answer_stage_1(complaint, first_handler)
    assert complaint.complaint_stages.get(number=1).answered_on_time is False


def test_the_stage_1_reply_needs_a_message(complaint, first_handler):
    move(complaint, "stage_1", first_handler)
    with pytest.raises(CaseTransitionError, match="Write the message"):
        move(complaint, "stage_1_answered", first_handler)
    assert not complaint.complaint_stages.filter(answered_on__isnull=False).exists()


# --- Extensions ----------------------------------------------------------------------------------


@pytest.mark.parametrize("state", ["received", "stage_1"])
def test_stage_1_can_be_extended_by_up_to_10_working_days_and_the_resident_is_told(
    complaint, first_handler, state
):
    if state == "stage_1":
        move(complaint, "stage_1", first_handler)
    OutboxMessage.objects.all().delete()
    stage = extend_stage(
        complaint, actor=first_handler, new_due_date=wd(20), reason="Waiting for the crew's log"
    )
    complaint.refresh_from_db()
    assert complaint.due_date == wd(20)
    assert (stage.number, stage.extension_working_days, stage.extended_from) == (1, 10, wd(10))
    assert stage.extension_reason == "Waiting for the crew's log"
    assert stage.extended_by == first_handler
    assert stage.due_date == wd(20)
    event = complaint.events.get(kind=EventKind.DEADLINE_EXTENDED)
    assert event.is_public and "Waiting for the crew's log" in event.message
    assert "Waiting for the crew's log" in OutboxMessage.objects.get().context["message"]


def test_an_extension_beyond_10_working_days_is_refused(complaint, first_handler):
    with pytest.raises(ValidationError) as refused:
        extend_stage(complaint, actor=first_handler, new_due_date=wd(21), reason="Busy")
    assert refused.value.code == "too_long"
    complaint.refresh_from_db()
    assert complaint.due_date == wd(10)
    assert not ComplaintStage.objects.filter(extended_at__isnull=False).exists()


def test_an_extension_needs_a_reason(complaint, first_handler):
    with pytest.raises(ValidationError, match="reason"):
        extend_stage(complaint, actor=first_handler, new_due_date=wd(12), reason="  ")
    assert not ComplaintStage.objects.exists()


def test_an_extension_must_move_the_date_on(complaint, first_handler):
    with pytest.raises(ValidationError) as refused:
        extend_stage(complaint, actor=first_handler, new_due_date=wd(10), reason="Busy")
    assert refused.value.code == "not_later"


def test_a_stage_is_extended_once_only(complaint, first_handler):
    extend_stage(complaint, actor=first_handler, new_due_date=wd(12), reason="Busy")
    with pytest.raises(ValidationError) as refused:
        extend_stage(complaint, actor=first_handler, new_due_date=wd(14), reason="Still busy")
    assert refused.value.code == "already_extended"
    complaint.refresh_from_db()
    assert complaint.due_date == wd(12)


@pytest.mark.parametrize("state", ["stage_1_answered", "stage_2_answered", "ombudsman", "closed"])
def test_no_extension_once_the_reply_is_sent(
    answered_at_stage_2, first_handler, state, third_handler
):
    case = answered_at_stage_2
    if state == "ombudsman":
        move(case, "ombudsman", third_handler)
    elif state == "closed":
        move(case, "closed", third_handler)
    elif state == "stage_1_answered":
        case = open_case(case_type=case.case_type, answers=ANSWERS)
        answer_stage_1(case, first_handler)
    with pytest.raises(ValidationError) as refused:
        extend_stage(case, actor=third_handler, new_due_date=wd(15), reason="Busy")
    assert refused.value.code == "not_extendable_state"


def test_stage_2_gets_its_own_extension_after_stage_1_had_one(
    complaint, first_handler, second_handler
):
    extend_stage(complaint, actor=first_handler, new_due_date=wd(15), reason="Busy")
    answer_stage_1(complaint, first_handler)
    move(complaint, "stage_2", first_handler)
    complaint.refresh_from_db()
    assert complaint.due_date == wd(20)
    stage = extend_stage(complaint, actor=second_handler, new_due_date=wd(30), reason="Expert")
    assert (stage.number, stage.extension_working_days) == (2, 10)
    with pytest.raises(ValidationError, match="once"):
        extend_stage(complaint, actor=second_handler, new_due_date=wd(31), reason="Again")


def test_extensions_are_refused_for_other_workflows(first_handler, case_type):
    case = open_case(case_type=case_type, answers=ANSWERS)
    with pytest.raises(ValidationError) as refused:
        extend_stage(case, actor=first_handler, new_due_date=wd(12), reason="Busy")
    assert refused.value.code == "not_a_complaint"


# --- Stage 2: a new clock and a new handler ----------------------------------------------------


def test_stage_2_restarts_the_clock_with_20_working_days(at_stage_2):
    assert at_stage_2.clock_started_on == today()
    assert at_stage_2.due_date == wd(20)
    assert at_stage_2.extension_working_days == 0
    stage = at_stage_2.complaint_stages.get(number=2)
    assert (stage.started_on, stage.due_date) == (today(), wd(20))


def test_stage_2_excludes_the_stage_1_officer_and_unassigns_them(at_stage_2, first_handler):
    assert at_stage_2.assigned_to is None
    assert at_stage_2.workflow_data["excluded_handlers"] == [first_handler.pk]


def test_the_stage_1_handler_cannot_be_assigned_stage_2(at_stage_2, first_handler):
    with pytest.raises(ValidationError) as refused:
        assign_case(at_stage_2, actor=first_handler, officer=first_handler)
    assert refused.value.code == "excluded_handler"
    at_stage_2.refresh_from_db()
    assert at_stage_2.assigned_to is None


def test_the_stage_1_handler_cannot_send_the_stage_2_reply(at_stage_2, first_handler):
    with pytest.raises(CaseTransitionError) as refused:
        move(at_stage_2, "stage_2_answered", first_handler, "Upheld")
    assert refused.value.code == "excluded_handler"
    at_stage_2.refresh_from_db()
    assert at_stage_2.state == "stage_2"


def test_the_stage_1_handler_cannot_extend_stage_2_or_record_its_outcome(
    answered_at_stage_2, at_stage_2, first_handler
):
    fresh = open_case(case_type=at_stage_2.case_type, answers=ANSWERS)
    answer_stage_1(fresh, first_handler)
    move(fresh, "stage_2", first_handler)
    with pytest.raises(ValidationError) as refused:
        extend_stage(fresh, actor=first_handler, new_due_date=wd(25), reason="Busy")
    assert refused.value.code == "excluded_handler"
    with pytest.raises(ValidationError) as refused:
        record_stage_outcome(answered_at_stage_2, stage=2, outcome="upheld", actor=first_handler)
    assert refused.value.code == "excluded_handler"


def test_someone_else_can_take_stage_2_and_answer_it(at_stage_2, second_handler):
    assign_case(at_stage_2, actor=second_handler, officer=second_handler)
    move(at_stage_2, "stage_2_answered", second_handler, "We have reviewed it.")
    stage = at_stage_2.complaint_stages.get(number=2)
    assert stage.answered_by == second_handler
    assert stage.answered_on_time is True


def test_whoever_sent_the_stage_1_reply_is_excluded_even_when_unassigned(
    complaint, first_handler, second_handler, third_handler
):
    """The engine excludes the officer assigned at escalation; the complaint app adds whoever
    sent the stage 1 reply, so handing the case to a colleague first is no way round."""
    move(complaint, "stage_1", first_handler)
    move(complaint, "stage_1_answered", first_handler, "Reply")
    assign_case(complaint, actor=third_handler, officer=third_handler)
    move(complaint, "stage_2", second_handler)
    complaint.refresh_from_db()
    assert sorted(complaint.workflow_data["excluded_handlers"]) == sorted(
        [first_handler.pk, third_handler.pk]
    )
    for handler in (first_handler, third_handler):
        with pytest.raises(CaseTransitionError):
            move(complaint, "stage_2_answered", handler, "Reply")
        with pytest.raises(ValidationError):
            assign_case(complaint, actor=handler, officer=handler)
    move(complaint, "stage_2_answered", second_handler, "Reply")


def test_a_superuser_who_handled_stage_1_is_excluded_too(complaint, complaints_team):
    """Independence at stage 2 is a rule of the code, not a permission."""
    boss = UserFactory(is_superuser=True, is_staff=True)
    complaints_team.members.add(boss)
    answer_stage_1(complaint, boss)
    move(complaint, "stage_2", boss)
    with pytest.raises(CaseTransitionError):
        move(complaint, "stage_2_answered", boss, "Reply")
    with pytest.raises(ValidationError):
        assign_case(complaint, actor=boss, officer=boss)


# --- Stage outcomes ------------------------------------------------------------------------------


def test_a_stage_outcome_is_recorded_once_the_reply_is_sent(complaint, first_handler):
    answer_stage_1(complaint, first_handler)
    stage = record_stage_outcome(complaint, stage=1, outcome="partly_upheld", actor=first_handler)
    assert stage.outcome == "partly_upheld"
    assert stage.outcome_recorded_by == first_handler
    assert complaint.events.filter(
        kind=EventKind.INTERNAL_NOTE, message="Stage 1 outcome: Partly upheld"
    ).exists()
    # Corrected later: the new outcome wins and both are on the timeline.
    record_stage_outcome(complaint, stage=1, outcome="upheld", actor=first_handler)
    assert complaint.complaint_stages.get(number=1).outcome == "upheld"


@pytest.mark.parametrize("state", ["received", "stage_1"])
def test_a_stage_1_outcome_before_the_reply_is_refused(complaint, first_handler, state):
    if state == "stage_1":
        move(complaint, "stage_1", first_handler)
    with pytest.raises(ValidationError) as refused:
        record_stage_outcome(complaint, stage=1, outcome="upheld", actor=first_handler)
    assert refused.value.code == "not_answered"
    assert not complaint.complaint_stages.filter(outcome__gt="").exists()


def test_a_stage_2_outcome_before_its_reply_is_refused(at_stage_2, second_handler):
    with pytest.raises(ValidationError) as refused:
        record_stage_outcome(at_stage_2, stage=2, outcome="upheld", actor=second_handler)
    assert refused.value.code == "not_answered"


def test_a_stage_2_outcome_by_someone_new(answered_at_stage_2, second_handler):
    stage = record_stage_outcome(
        answered_at_stage_2, stage=2, outcome="not_upheld", actor=second_handler
    )
    assert (stage.number, stage.outcome) == (2, "not_upheld")


@pytest.mark.parametrize(("stage", "outcome"), [(1, "maybe"), (3, "upheld"), (1, "")])
def test_unknown_outcomes_and_stages_are_refused(
    answered_at_stage_2, second_handler, stage, outcome
):
    with pytest.raises(ValidationError):
        record_stage_outcome(
            answered_at_stage_2, stage=stage, outcome=outcome, actor=second_handler
        )


# --- The Ombudsman -------------------------------------------------------------------------------


def test_a_referral_after_the_stage_2_reply_moves_the_case_to_the_ombudsman(
    answered_at_stage_2, third_handler
):
    referral = record_ombudsman_referral(
        answered_at_stage_2,
        actor=third_handler,
        referred_on=today(),
        ombudsman_reference="24 001 234",
    )
    answered_at_stage_2.refresh_from_db()
    assert answered_at_stage_2.state == "ombudsman"
    assert answered_at_stage_2.clock_stopped is True  # the clock does not run there
    assert (referral.referred_on, referral.ombudsman_reference) == (today(), "24 001 234")
    status = answered_at_stage_2.events.filter(kind=EventKind.STATUS_CHANGED).last()
    assert status.data["to_state"] == "ombudsman"
    assert status.actor == third_handler


def test_a_referral_for_a_case_already_with_the_ombudsman(answered_at_stage_2, third_handler):
    move(answered_at_stage_2, "ombudsman", third_handler)
    record_ombudsman_referral(answered_at_stage_2, actor=third_handler, referred_on=today())
    answered_at_stage_2.refresh_from_db()
    assert answered_at_stage_2.state == "ombudsman"
    assert OmbudsmanReferral.objects.count() == 1


@pytest.mark.parametrize("state", ["received", "stage_1", "stage_1_answered", "stage_2"])
def test_a_referral_before_the_stage_2_reply_is_refused(complaint, first_handler, state):
    if state != "received":
        move(complaint, "stage_1", first_handler)
    if state in ("stage_1_answered", "stage_2"):
        move(complaint, "stage_1_answered", first_handler, "Reply")
    if state == "stage_2":
        move(complaint, "stage_2", first_handler)
    with pytest.raises(ValidationError) as refused:
        record_ombudsman_referral(complaint, actor=first_handler, referred_on=today())
    assert refused.value.code == "not_after_stage_2"
    complaint.refresh_from_db()
    assert complaint.state == state
    assert not OmbudsmanReferral.objects.exists()


def test_a_referral_of_a_closed_complaint_is_refused(answered_at_stage_2, third_handler):
    move(answered_at_stage_2, "closed", third_handler)
    with pytest.raises(ValidationError, match="only after the stage 2 reply"):
        record_ombudsman_referral(answered_at_stage_2, actor=third_handler, referred_on=today())


def test_a_second_referral_is_refused(answered_at_stage_2, third_handler):
    record_ombudsman_referral(answered_at_stage_2, actor=third_handler, referred_on=today())
    with pytest.raises(ValidationError) as refused:
        record_ombudsman_referral(answered_at_stage_2, actor=third_handler, referred_on=today())
    assert refused.value.code == "already_referred"


@pytest.mark.parametrize(("days", "code"), [(1, "future"), (-1, "before_stage_2_reply")])
def test_referral_dates_are_checked(answered_at_stage_2, third_handler, days, code):
    with pytest.raises(ValidationError) as refused:
        record_ombudsman_referral(
            answered_at_stage_2, actor=third_handler, referred_on=today() + timedelta(days=days)
        )
    assert refused.value.code == code
    answered_at_stage_2.refresh_from_db()
    assert answered_at_stage_2.state == "stage_2_answered"


def test_the_stage_1_handler_cannot_record_the_referral(answered_at_stage_2, first_handler):
    """The referral moves the case on, and the case is stage 2's now."""
    with pytest.raises(CaseTransitionError):
        record_ombudsman_referral(answered_at_stage_2, actor=first_handler, referred_on=today())
    assert not OmbudsmanReferral.objects.exists()


@pytest.fixture
def referred(answered_at_stage_2, third_handler):
    record_ombudsman_referral(answered_at_stage_2, actor=third_handler, referred_on=today())
    return answered_at_stage_2


def test_a_decision_and_remedy_are_recorded_once_referred(referred, third_handler):
    referral = record_ombudsman_decision(
        referred,
        actor=third_handler,
        decision="upheld_injustice",
        decided_on=today(),
        remedy="Apologise and pay £150",
        remedy_due_on=today() + timedelta(days=30),
    )
    assert referral.get_decision_display() == "Upheld: maladministration and injustice"
    assert referral.remedy == "Apologise and pay £150"
    record_remedy_completed(referred, actor=third_handler, completed_on=today())
    referral.refresh_from_db()
    assert referral.remedy_completed_on == today()


def test_a_decision_before_a_referral_is_refused(answered_at_stage_2, third_handler):
    with pytest.raises(ValidationError) as refused:
        record_ombudsman_decision(
            answered_at_stage_2, actor=third_handler, decision="not_upheld", decided_on=today()
        )
    assert refused.value.code == "not_referred"
    with pytest.raises(ValidationError) as refused:
        record_remedy_completed(answered_at_stage_2, actor=third_handler, completed_on=today())
    assert refused.value.code == "not_referred"


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"decision": "lost"}, "invalid_decision"),
        ({"decided_on": "tomorrow"}, "future"),
        ({"decided_on": "yesterday"}, "before_referral"),
        ({"decision": "upheld_injustice", "remedy": ""}, "remedy_required"),
        ({"remedy": "", "remedy_due_on": "today"}, "remedy_required"),
        ({"remedy": "Apologise", "remedy_due_on": "yesterday"}, "remedy_due_before_decision"),
    ],
)
def test_decisions_are_checked(referred, third_handler, changes, code):
    days = {"today": today(), "tomorrow": today() + timedelta(days=1)}
    days["yesterday"] = today() - timedelta(days=1)
    values = {"decision": "not_upheld", "decided_on": today(), "remedy": "", "remedy_due_on": None}
    values.update({k: days.get(v, v) if isinstance(v, str) else v for k, v in changes.items()})
    with pytest.raises(ValidationError) as refused:
        record_ombudsman_decision(referred, actor=third_handler, **values)
    assert refused.value.code == code
    assert OmbudsmanReferral.objects.get().decision == ""


def test_remedy_completion_needs_a_remedy(referred, third_handler):
    record_ombudsman_decision(
        referred, actor=third_handler, decision="not_upheld", decided_on=today()
    )
    with pytest.raises(ValidationError) as refused:
        record_remedy_completed(referred, actor=third_handler, completed_on=today())
    assert refused.value.code == "no_remedy"


@pytest.mark.parametrize(("days", "code"), [(-1, "before_referral"), (1, "future")])
def test_remedy_completion_dates_are_checked(referred, third_handler, days, code):
    record_ombudsman_decision(
        referred,
        actor=third_handler,
        decision="upheld_no_injustice",
        decided_on=today(),
        remedy="Review the rota",
    )
    with pytest.raises(ValidationError) as refused:
        record_remedy_completed(
            referred, actor=third_handler, completed_on=today() + timedelta(days=days)
        )
    assert refused.value.code == code
    assert OmbudsmanReferral.objects.get().remedy_completed_on is None


def test_the_database_refuses_a_remedy_completed_before_the_referral(referred):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        OmbudsmanReferral.objects.update(remedy_completed_on=today() - timedelta(days=5))


def test_a_completed_remedy_cannot_be_removed(referred, third_handler):
    record_ombudsman_decision(
        referred, actor=third_handler, decision="upheld_injustice", decided_on=today(), remedy="Pay"
    )
    record_remedy_completed(referred, actor=third_handler, completed_on=today())
    with pytest.raises(ValidationError) as refused:
        record_ombudsman_decision(
            referred, actor=third_handler, decision="not_upheld", decided_on=today()
        )
    assert refused.value.code == "remedy_completed"


# --- Compliments and comments -----------------------------------------------------------------


def test_compliments_are_passed_on_to_the_team(compliment_type, first_handler):
    case = open_case(case_type=compliment_type, answers=ANSWERS)
    assert case.state == "received"
    assert not is_complaint(case)
    move(case, "passed_on", first_handler)
    case.refresh_from_db()
    assert (case.state, case.status) == ("passed_on", "closed")


def test_comments_cannot_be_passed_on_once_closed(comment_type, first_handler):
    case = open_case(case_type=comment_type, answers=ANSWERS)
    move(case, "closed", first_handler)
    with pytest.raises(CaseTransitionError):
        move(case, "passed_on", first_handler)


def test_anonymising_a_case_removes_the_words_staff_wrote_here(referred, third_handler):
    from crm.cases.services import anonymise_case

    stage = referred.complaint_stages.get(number=2)
    stage.extension_reason = "Mrs R is in hospital"
    stage.save()
    record_ombudsman_decision(
        referred,
        actor=third_handler,
        decision="upheld_injustice",
        decided_on=today(),
        remedy="Pay Mrs R £150",
    )
    move(referred, "closed", third_handler)
    assert anonymise_case(referred)
    stage.refresh_from_db()
    referral = OmbudsmanReferral.objects.get()
    assert stage.extension_reason == ""
    assert referral.remedy == "Removed when the case was anonymised."
    assert (referral.decision, stage.outcome) == ("upheld_injustice", "")
