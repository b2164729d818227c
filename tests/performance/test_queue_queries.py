"""The staff queues and the case page cost the same number of SQL queries however many cases,
pages, events, files and other cases there are (issue 8: queues at a million cases)."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from crm.cases.admin import queues
from crm.cases.enums import EventKind
from crm.cases.models import CaseAttachment, CaseEvent
from tests.crm.admin.conftest import admin_user
from tests.crm.factories import CaseFactory, CaseTypeFactory, CustomerFactory, TeamFactory

QUEUE = "/admin/cases/queues/"
MINE = "/admin/cases/mine/"


@pytest.fixture
def officer(db):
    return admin_user(first_name="Ada", last_name="Able")


@pytest.fixture
def case_type(officer):
    return CaseTypeFactory(name="Pothole", team=TeamFactory(name="Highways", members=[officer]))


@pytest.fixture
def signed_in(client, officer):
    client.force_login(officer)
    return client


def queries(client, url, params=None) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured), response


def next_link(response) -> str:
    found = re.search(r'<a href="([^"]+)" rel="next"', response.content.decode())
    return unescape(found.group(1))


@pytest.mark.parametrize("url", [QUEUE, MINE])
@pytest.mark.parametrize(
    "params",
    [
        {},
        {"status": ""},
        {"overdue": "on"},
        {"due_today": "on", "channel": "web"},
        {"created_from": "2020-01-01", "created_to": "2099-01-01", "order": "-created_at"},
        {"order": "reference"},
    ],
)
def test_queue_queries_do_not_grow_with_cases_or_depth(
    signed_in, officer, case_type, monkeypatch, url, params
):
    monkeypatch.setattr(queues.BaseQueueView, "page_size", 5)
    today = timezone.localdate()
    make = {"case_type": case_type, "assigned_to": officer}
    CaseFactory.create_batch(2, due_date=today, **make)
    CaseFactory.create_batch(2, overdue=True, **make)
    few, _ = queries(signed_in, url, params)  # a short page, whatever the filter
    CaseFactory.create_batch(30, due_date=today, **make)
    CaseFactory.create_batch(12, overdue=True, **make)

    many, first = queries(signed_in, url, params)
    deeper, second = queries(signed_in, next_link(first))
    deepest, _ = queries(signed_in, next_link(second))

    assert few == many == deeper == deepest
    assert len(second.context["cases"]) == 5


def test_case_page_queries_do_not_grow_with_its_lists(signed_in, case_type):
    customer = CustomerFactory()

    def busy_case(events: int, files: int, others: int):
        case = CaseFactory(case_type=case_type, customer=customer)
        CaseEvent.objects.bulk_create(
            CaseEvent(case=case, kind=EventKind.INTERNAL_NOTE, message=f"Note {n}")
            for n in range(events)
        )
        CaseAttachment.objects.bulk_create(
            CaseAttachment(case=case, file=f"x/{n}.pdf", original_name=f"{n}.pdf")
            for n in range(files)
        )
        CaseFactory.create_batch(others, case_type=case_type, customer=customer)
        return f"/admin/cases/{case.uuid}/"

    small, _ = queries(signed_in, busy_case(events=2, files=1, others=1))
    large, response = queries(signed_in, busy_case(events=80, files=40, others=30))

    assert small == large
    assert len(response.context["events"]) == 50


def test_a_deep_page_reads_from_its_cursor_not_an_offset(signed_in, officer, case_type):
    CaseFactory.create_batch(55, case_type=case_type, due_date=timezone.localdate())

    _, first = queries(signed_in, QUEUE)
    with CaptureQueriesContext(connection) as captured:
        signed_in.get(next_link(first))

    page_query = next(q["sql"] for q in captured if "LIMIT 51" in q["sql"])
    assert "OFFSET" not in page_query
    assert '("cases_case"."due_date", "cases_case"."created_at", "cases_case"."id") >' in (
        page_query
    )


def test_queue_rows_and_their_labels_for_a_past_due_case(signed_in, officer, case_type):
    CaseFactory(
        case_type=case_type,
        assigned_to=officer,
        due_date=timezone.localdate() - timedelta(days=2),
        channel="phone",
    )

    html = signed_in.get(QUEUE).content.decode()

    for text in ("Received", "Phone", "Ada Able", "Overdue", "1 case"):
        assert text in html
