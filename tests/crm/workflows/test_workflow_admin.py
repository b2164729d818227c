"""Staff edit workflows in the admin (Snippets > Workflows): each changed save publishes a
version, the edit page lists the versions, and a workflow in use cannot be deleted."""

import pytest
from django.contrib.auth.models import Group

from crm.cases.models import Workflow, WorkflowVersion
from crm.cases.services import open_case
from tests.crm.factories import CaseTypeFactory, UserFactory
from tests.crm.workflows.builders import admin_form_data, make_workflow, simple_blocks, state

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/snippets/cases/workflow/add/"


def edit_url(workflow):
    return f"/admin/snippets/cases/workflow/edit/{workflow.pk}/"


def delete_url(workflow):
    return f"/admin/snippets/cases/workflow/delete/{workflow.pk}/"


@pytest.fixture
def admin(client):
    user = UserFactory(superuser=True, first_name="Wren", last_name="Admin")
    client.force_login(user)
    return user


def test_saving_a_new_workflow_publishes_version_1(client, admin):
    group = Group.objects.create(name="Licensing officers")

    response = client.post(
        ADD_URL, admin_form_data("Licensing", "licensing", simple_blocks(groups=[group.pk]))
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    workflow = Workflow.objects.get(slug="licensing")
    version = workflow.versions.get()
    assert (version.number, version.created_by) == (1, admin)
    assert [s["name"] for s in version.definition["states"]] == ["received", "checking", "done"]
    assert version.definition["transitions"][1] == {
        "from_state": "checking",
        "to_state": "done",
        "label": "",
        "groups": [group.pk],
        "message_required": True,
    }


def test_a_changed_save_publishes_a_new_version_and_an_unchanged_one_does_not(client, admin):
    workflow = make_workflow("licensing", simple_blocks())
    blocks = simple_blocks()

    response = client.post(edit_url(workflow), admin_form_data("Licensing", "licensing", blocks))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(workflow.versions.values_list("number", flat=True)) == [1]

    blocks[1] = state("checking", "Being checked by an officer", "in_progress")
    response = client.post(edit_url(workflow), admin_form_data("Licensing", "licensing", blocks))
    assert response.status_code == 302
    newest = workflow.versions.order_by("-number").first()
    assert (newest.number, newest.created_by) == (2, admin)
    assert newest.definition["states"][1]["label"] == "Being checked by an officer"


def test_the_edit_page_lists_the_versions_and_the_cases_following_each(client, admin):
    workflow = make_workflow("licensing", simple_blocks())
    case_type = CaseTypeFactory(name="Street trading", workflow=workflow)
    open_case(case_type=case_type, answers=[])
    open_case(case_type=case_type, answers=[])
    blocks = simple_blocks()
    blocks[0] = state("received", "We have it", "received")
    client.post(edit_url(workflow), admin_form_data("Licensing", "licensing", blocks))

    html = client.get(edit_url(workflow)).content.decode()

    assert "Published versions" in html
    assert "Used by these case types:" in html and "Street trading" in html
    rows = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0].split("<tr>")[1:]
    assert len(rows) == 2
    assert ">2 " in rows[0] and "Current" in rows[0] and "Wren Admin" in rows[0]
    assert "<td>0</td>" in rows[0]  # no case opened under version 2 yet
    assert "Set up by the system" in rows[1] and "<td>2</td>" in rows[1]


def test_a_workflow_a_case_type_uses_cannot_be_deleted(client, admin):
    workflow = make_workflow("licensing", simple_blocks())
    CaseTypeFactory(name="Street trading", workflow=workflow)

    page = client.get(delete_url(workflow)).content.decode()
    assert "cannot be deleted" in page and "Street trading" in page
    assert "Yes, delete" not in page

    response = client.post(delete_url(workflow), follow=True)

    assert response.status_code == 200
    assert Workflow.objects.filter(pk=workflow.pk).exists()
    messages = [str(m) for m in response.context["messages"]]
    assert any("cannot be deleted" in m for m in messages)


def test_a_workflow_cases_follow_cannot_be_deleted(client, admin):
    workflow = make_workflow("licensing", simple_blocks())
    case_type = CaseTypeFactory(name="Street trading", workflow=workflow)
    open_case(case_type=case_type, answers=[])
    case_type.workflow = None
    case_type.save()

    page = client.get(delete_url(workflow)).content.decode()
    assert "1 case follows one of its versions" in page

    client.post(delete_url(workflow))

    assert Workflow.objects.filter(pk=workflow.pk).exists()


def test_a_workflow_nothing_uses_is_deleted_with_its_versions(client, admin):
    workflow = make_workflow("licensing", simple_blocks())

    page = client.get(delete_url(workflow)).content.decode()
    assert "Yes, delete" in page

    response = client.post(delete_url(workflow))

    assert response.status_code == 302
    assert not Workflow.objects.filter(pk=workflow.pk).exists()
    assert not WorkflowVersion.objects.filter(workflow_id=workflow.pk).exists()


def test_staff_without_the_permission_cannot_edit_workflows(client):
    from tests.crm.admin.conftest import admin_user

    workflow = make_workflow("licensing", simple_blocks())
    client.force_login(admin_user())
    blocks = simple_blocks()
    blocks[0] = state("received", "Renamed", "received")

    response = client.post(edit_url(workflow), admin_form_data("Licensing", "licensing", blocks))

    assert response.status_code in (302, 403)
    assert list(workflow.versions.values_list("number", flat=True)) == [1]


def test_a_copied_workflow_is_new_with_its_own_version_1(client, admin):
    original = make_workflow("licensing", simple_blocks(), name="Licensing")
    copy_url = f"/admin/snippets/cases/workflow/copy/{original.pk}/"

    page = client.get(copy_url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Published versions" not in html  # the original's are not the copy's
    assert "Being checked" in html  # its states and transitions are

    blocks = simple_blocks()
    blocks[1] = state("checking", "Checked twice", "in_progress")
    response = client.post(
        copy_url, admin_form_data("Licensing (Wales)", "licensing-wales", blocks)
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    copy = Workflow.objects.get(slug="licensing-wales")
    assert list(copy.versions.values_list("number", "created_by")) == [(1, admin.pk)]
    assert list(original.versions.values_list("number", flat=True)) == [1]


BULK_DELETE_URL = "/admin/bulk/cases/workflow/delete/"


def test_bulk_delete_refuses_workflows_in_use_and_deletes_nothing(client, admin):
    used = make_workflow("licensing", simple_blocks(), name="Licensing")
    CaseTypeFactory(name="Street trading", workflow=used)
    unused = make_workflow("spare", simple_blocks(), name="Spare")

    response = client.post(
        f"{BULK_DELETE_URL}?id={used.pk}&id={unused.pk}&next=/admin/snippets/cases/workflow/",
        follow=True,
    )

    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert any("“Licensing” cannot be deleted" in m and "Street trading" in m for m in messages)
    assert Workflow.objects.filter(pk__in=[used.pk, unused.pk]).count() == 2


def test_bulk_delete_deletes_unused_workflows_with_their_versions(client, admin):
    first = make_workflow("spare", simple_blocks(), name="Spare")
    second = make_workflow("spare-2", simple_blocks(), name="Spare 2")

    response = client.post(f"{BULK_DELETE_URL}?id={first.pk}&id={second.pk}")

    assert response.status_code == 302
    assert not Workflow.objects.filter(pk__in=[first.pk, second.pk]).exists()
    assert not WorkflowVersion.objects.filter(workflow_id__in=[first.pk, second.pk]).exists()
