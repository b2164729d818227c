"""A transition limited to staff groups: allowed for a member of the group, a superuser and the
system (a resident's reply, a scheduled task), refused for anyone else; through the service and
through the case page's status form, which offers each member of staff only their moves."""

import pytest
from django.contrib.auth.models import Group

from crm.cases.enums import CaseStatus, EventKind
from crm.cases.services import CaseTransitionError, change_case_status, open_case
from tests.crm.admin.conftest import admin_user
from tests.crm.factories import CaseTypeFactory, TeamFactory, UserFactory
from tests.crm.workflows.builders import make_workflow, simple_blocks

pytestmark = pytest.mark.django_db


@pytest.fixture
def group():
    return Group.objects.create(name="Licensing officers")


@pytest.fixture
def in_group(group):
    user = admin_user(first_name="Gus", last_name="Group")
    user.groups.add(group)
    return user


@pytest.fixture
def not_in_group():
    return admin_user(first_name="Nia", last_name="Nogroup")


@pytest.fixture
def superuser():
    return UserFactory(superuser=True)


@pytest.fixture
def case_type(group, in_group, not_in_group):
    workflow = make_workflow("licensing", simple_blocks(groups=[group.pk]), name="Licensing")
    team = TeamFactory(name="Licensing", members=[in_group, not_in_group])
    return CaseTypeFactory(name="Street trading", team=team, workflow=workflow)


@pytest.fixture
def case(case_type):
    """A case being checked: the next move (to Done) is for the group only, with a message."""
    case = open_case(case_type=case_type, answers=[])
    change_case_status(case, to_status="checking", actor=None)
    case.refresh_from_db()
    assert (case.state, case.status) == ("checking", CaseStatus.IN_PROGRESS)
    return case


def actor(name, request):
    return None if name == "system" else request.getfixturevalue(name)


@pytest.mark.parametrize("who", ["in_group", "superuser", "system"])
def test_the_group_a_superuser_and_the_system_may_make_the_move(who, request, case):
    user = actor(who, request)

    change_case_status(case, to_status="done", actor=user, public_message="Licence granted")

    case.refresh_from_db()
    assert (case.state, case.status) == ("done", CaseStatus.CLOSED)
    event = case.events.filter(kind=EventKind.STATUS_CHANGED).latest("created_at")
    assert (event.actor, event.data["to_state"]) == (user, "done")


def test_staff_outside_the_group_may_not(case, not_in_group):
    with pytest.raises(CaseTransitionError) as refused:
        change_case_status(
            case, to_status="done", actor=not_in_group, public_message="Licence granted"
        )

    assert refused.value.code == "not_allowed"
    assert "You are not in a group allowed to move a case to “Done”" in refused.value.messages[0]
    case.refresh_from_db()
    assert case.state == "checking"


def test_a_move_open_to_all_is_allowed_for_staff_outside_the_group(case_type, not_in_group):
    case = open_case(case_type=case_type, answers=[])

    change_case_status(case, to_status="checking", actor=not_in_group)

    case.refresh_from_db()
    assert case.state == "checking"


def test_the_group_still_needs_the_message(case, in_group):
    with pytest.raises(CaseTransitionError) as refused:
        change_case_status(case, to_status="done", actor=in_group, public_message="  ")

    assert refused.value.code == "message_required"


# --- Through the case page ----------------------------------------------------------------------


def status_url(case):
    return f"/admin/cases/{case.uuid}/status/"


def case_url(case):
    return f"/admin/cases/{case.uuid}/"


def offered(client, case):
    form = client.get(case_url(case)).context["status_form"]
    return list(form.fields["to_status"].widget.choices)


@pytest.mark.parametrize("who", ["in_group", "superuser"])
def test_the_form_offers_and_makes_the_move_for_the_group_and_superusers(
    who, request, client, case
):
    client.force_login(request.getfixturevalue(who))

    assert offered(client, case) == [("done", "Done")]
    response = client.post(
        status_url(case),
        {"status-to_status": "done", "status-public_message": "Licence granted"},
    )

    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.state, case.status) == ("done", CaseStatus.CLOSED)


def test_the_form_offers_no_move_to_staff_outside_the_group_and_refuses_a_posted_one(
    client, case, not_in_group
):
    client.force_login(not_in_group)

    assert offered(client, case) == []
    assert (
        "The status of this case cannot be changed." in client.get(case_url(case)).content.decode()
    )
    response = client.post(
        status_url(case),
        {"status-to_status": "done", "status-public_message": "Licence granted"},
    )

    assert response.status_code == 200
    form = response.context["status_form"]
    assert "You are not in a group allowed to move a case to “Done”." in form.errors["to_status"]
    assert "Licence granted" in response.content.decode()  # what was typed is kept
    case.refresh_from_db()
    assert case.state == "checking"


def test_the_form_labels_moves_with_their_button_text_or_the_states_label(
    client, case_type, not_in_group
):
    case = open_case(case_type=case_type, answers=[])
    client.force_login(not_in_group)

    assert offered(client, case) == [("checking", "Start checking"), ("done", "Done")]


def test_a_move_that_needs_a_message_is_refused_without_one_next_to_the_message(
    client, case, in_group
):
    client.force_login(in_group)

    response = client.post(status_url(case), {"status-to_status": "done"})

    assert response.status_code == 200
    form = response.context["status_form"]
    assert form.errors["public_message"] == ["Write the message to the resident: “Done” needs one."]
    assert "to_status" not in form.errors
    html = response.content.decode()
    assert "Needed for: Done." in html
    assert '<option value="done" selected>Done</option>' in html  # the choice is kept
    case.refresh_from_db()
    assert case.state == "checking"
