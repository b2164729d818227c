"""Reports > Case access log: read-only, filterable, for superusers and holders of
`cases.view_caseaccesslog` only."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from crm.cases.models import CaseAccessLog
from crm.cases.services import record_case_access
from tests.crm.admin.conftest import admin_user
from tests.crm.factories import CaseFactory, UserFactory

LOG = "/admin/case-access-log/"


@pytest.fixture
def auditor(client, db):
    user = admin_user(first_name="Dee", last_name="Pio")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="cases", codename="view_caseaccesslog")
    )
    client.force_login(user)
    return user


@pytest.fixture
def entries(staff_a, staff_b, type_a, type_b):
    first = CaseFactory(case_type=type_a, reference="DS-2026-000101")
    second = CaseFactory(case_type=type_b, reference="DS-2026-000202")
    old = record_case_access(first, user=staff_a)
    CaseAccessLog.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=40))
    record_case_access(first, user=staff_b)
    record_case_access(second, user=staff_b, action=CaseAccessLog.Action.DOWNLOADED)
    return first, second


def rows(response) -> list[tuple[str, str]]:
    return [(entry.case_reference, entry.user_name) for entry in response.context["object_list"]]


def test_auditor_sees_every_entry_newest_first(client, auditor, entries):
    response = client.get(LOG)

    assert response.status_code == 200
    assert rows(response) == [
        ("DS-2026-000202", "Bea Baker"),
        ("DS-2026-000101", "Bea Baker"),
        ("DS-2026-000101", "Ada Able"),
    ]
    assert "Downloaded a file" in response.content.decode()
    assert "Case access log" in client.get("/admin/").content.decode()  # Reports menu


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        (
            {"case_reference": "000101"},
            {("DS-2026-000101", "Bea Baker"), ("DS-2026-000101", "Ada Able")},
        ),
        ({"case_reference": "ds-2026-000202"}, {("DS-2026-000202", "Bea Baker")}),
        ("staff_a", {("DS-2026-000101", "Ada Able")}),
        ("last_week", {("DS-2026-000202", "Bea Baker"), ("DS-2026-000101", "Bea Baker")}),
        ("before", {("DS-2026-000101", "Ada Able")}),
    ],
)
def test_filters(client, auditor, entries, staff_a, params, expected):
    today = timezone.localdate()
    if params == "staff_a":
        params = {"user": staff_a.pk}
    elif params == "last_week":
        params = {"created_at_from": today - timedelta(days=7), "created_at_to": today}
    elif params == "before":
        params = {"created_at_to": today - timedelta(days=30)}

    response = client.get(LOG, params)

    assert set(rows(response)) == expected


def test_the_log_is_read_only(client, auditor, entries):
    html = client.get(LOG).content.decode()

    assert "/admin/case-access-log/new/" not in html
    assert "/admin/case-access-log/edit/" not in html
    assert "/admin/case-access-log/delete/" not in html
    for name in ("add", "edit", "delete"):
        with pytest.raises(NoReverseMatch):
            reverse(f"case_access_log:{name}", args=[1] if name != "add" else [])
    entry = CaseAccessLog.objects.first()
    assert client.get(f"{LOG}edit/{entry.pk}/").status_code == 404
    assert client.post(f"{LOG}delete/{entry.pk}/").status_code == 404
    assert CaseAccessLog.objects.count() == 3


def test_superuser_can_read_it(client, entries):
    client.force_login(UserFactory(superuser=True))

    assert client.get(LOG).status_code == 200


def test_staff_without_the_permission_are_refused(client_a, entries):
    response = client_a.get(LOG)

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert "Case access log" not in client_a.get("/admin/").content.decode()


def test_residents_never_see_it(client, entries):
    client.force_login(UserFactory())

    response = client.get(LOG)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_listing_costs_the_same_queries_for_any_number_of_entries(
    client, auditor, entries, staff_a, django_assert_max_num_queries
):
    client.get(LOG)
    with django_assert_max_num_queries(60) as few:
        client.get(LOG)
    baseline = len(few.captured_queries)
    case = CaseFactory()
    for _ in range(20):
        record_case_access(case, user=staff_a)

    with django_assert_max_num_queries(baseline):
        response = client.get(LOG)
    assert len(response.context["object_list"]) == 23
