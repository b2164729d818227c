"""Queue pages by keyset (cursor): every case once across the pages in every sort order, links
that work without JavaScript, capped counts, refused cursors, date and overdue filters, and the
case page's limited lists."""

import base64
import json
import re
from datetime import datetime, time, timedelta
from html import unescape

import pytest
from django.utils import timezone

from crm.cases import selectors
from crm.cases.admin import queues
from crm.cases.enums import CaseStatus, EventKind
from crm.cases.models import CaseAttachment, CaseEvent
from tests.crm.factories import CaseFactory, CustomerFactory

QUEUE = "/admin/cases/queues/"
MINE = "/admin/cases/mine/"
ORDERS = ["due_date", "-due_date", "created_at", "-created_at", "reference"]


def references(response) -> list[str]:
    return [case.reference for case in response.context["cases"]]


def link(response, rel: str) -> str | None:
    found = re.search(rf'<a href="([^"]+)" rel="{rel}"', response.content.decode())
    return unescape(found.group(1)) if found else None


def walk(client, url: str, params: dict | None = None) -> list[list[str]]:
    """Follow the "Next" links from the first page, as someone clicking them would."""
    pages = []
    response = client.get(url, params or {})
    while True:
        assert response.status_code == 200
        pages.append(references(response))
        next_url = link(response, "next")
        if not next_url:
            return pages
        response = client.get(next_url)


@pytest.fixture
def tied_cases(type_a):
    """Cases with the same due date and opening time in runs, so only the id breaks ties."""
    today = timezone.localdate()
    moment = timezone.now().replace(microsecond=0)
    cases = []
    for number in range(23):
        for _ in range(5):
            cases.append(
                CaseFactory(
                    case_type=type_a,
                    due_date=today + timedelta(days=number % 4),
                    created_at=moment - timedelta(hours=number % 3),
                )
            )
    return cases


@pytest.mark.parametrize("order", ORDERS)
def test_cursor_pages_show_every_case_once_in_order(client_a, tied_cases, monkeypatch, order):
    monkeypatch.setattr(queues.BaseQueueView, "page_size", 10)
    expected = [
        case.reference
        for case in selectors.cases_for_team_queue(status=selectors.OPEN_STATUSES, order=order)
    ]

    pages = walk(client_a, QUEUE, {"order": order})

    assert [len(page) for page in pages] == [10] * 11 + [5]
    assert [ref for page in pages for ref in page] == expected


def test_previous_links_lead_back_through_the_same_pages(client_a, tied_cases, monkeypatch):
    monkeypatch.setattr(queues.BaseQueueView, "page_size", 10)
    forwards = walk(client_a, QUEUE)
    response = client_a.get(QUEUE)
    while next_url := link(response, "next"):
        response = client_a.get(next_url)

    backwards = [references(response)]
    while previous_url := link(response, "previous") or link(response, "prev"):
        response = client_a.get(previous_url)
        backwards.append(references(response))

    assert backwards[::-1] == forwards
    assert link(response, "prev") is None  # back on the first page: no Previous link


def test_pages_say_where_they_are_without_javascript(client_a, type_a, monkeypatch):
    monkeypatch.setattr(queues.BaseQueueView, "page_size", 2)
    CaseFactory.create_batch(5, case_type=type_a)

    first = client_a.get(QUEUE, {"channel": "web"})
    second = client_a.get(link(first, "next"))
    html = second.content.decode()

    assert "Page 1 of 3" in first.content.decode()
    assert "Page 2 of 3" in html
    assert "channel=web" in link(second, "next")  # the filters travel with the cursor
    assert link(second, "prev") == f"{QUEUE}?channel=web"  # page 1 is the plain URL
    assert "<script" not in html.split('class="pagination"')[1].split("</nav>")[0]


def test_a_long_queue_counts_up_to_the_cap(client_a, type_a, monkeypatch):
    monkeypatch.setattr(selectors, "COUNT_CAP", 3)
    monkeypatch.setattr(queues.BaseQueueView, "page_size", 2)
    CaseFactory.create_batch(5, case_type=type_a)

    response = client_a.get(QUEUE)
    html = response.content.decode()

    assert "3+ cases" in html
    assert "Page 1</p>" in html  # no "of N" when the count stopped at the cap
    assert link(response, "next")


def cursor_of(data) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        "not a cursor",
        "%%%",
        base64.urlsafe_b64encode(b"\xff\xfe").decode(),
        cursor_of([1, 2, 3]),
        cursor_of({"o": ["reference"], "b": False, "v": ["TS"]}),  # another sort order
        cursor_of({"o": ["due_date", "created_at", "pk"], "b": False, "v": [1, 2]}),
        cursor_of({"o": ["due_date", "created_at", "pk"], "b": "x", "v": [1, 2, 3]}),
        cursor_of(
            {"o": ["due_date", "created_at", "pk"], "b": False, "v": [{"d": "2026-13-40"}, 1, 1]}
        ),
        cursor_of(
            {
                "o": ["due_date", "created_at", "pk"],
                "b": False,
                "v": [{"d": "2026-01-01"}, {"t": "2026-01-01T10:00:00"}, 1],  # naive time
            }
        ),
        cursor_of(
            {"o": ["due_date", "created_at", "pk"], "b": False, "v": [{"x": "1"}, True, None]}
        ),
    ],
)
def test_a_tampered_cursor_shows_the_first_page(client_a, type_a, cursor):
    case = CaseFactory(case_type=type_a)

    response = client_a.get(QUEUE, {"cursor": cursor, "p": "7"})

    assert response.status_code == 200
    assert references(response) == [case.reference]
    assert "That page link was not valid" in response.content.decode()


@pytest.mark.parametrize("page", ["0", "-3", "abc", "99999999999"])
def test_a_made_up_page_number_shows_the_first_page(client_a, type_a, page):
    case = CaseFactory(case_type=type_a)

    response = client_a.get(QUEUE, {"p": page})

    assert response.status_code == 200
    assert references(response) == [case.reference]


def test_an_old_page_number_link_still_works(client_a, type_a, monkeypatch):
    monkeypatch.setattr(queues.BaseQueueView, "page_size", 2)
    cases = sorted(CaseFactory.create_batch(5, case_type=type_a), key=lambda case: case.pk)

    response = client_a.get(QUEUE, {"p": "2"})

    assert references(response) == [case.reference for case in cases[2:4]]
    assert "Page 2 of 3" in response.content.decode()


def test_my_cases_pages_keep_open_cases_first(client_a, staff_a, type_a, monkeypatch):
    monkeypatch.setattr(queues.BaseQueueView, "page_size", 2)
    today = timezone.localdate()
    done = [
        CaseFactory(case_type=type_a, assigned_to=staff_a, resolved=True, due_date=today)
        for _ in range(3)
    ]
    still_open = [
        CaseFactory(case_type=type_a, assigned_to=staff_a, due_date=today + timedelta(days=n))
        for n in range(3)
    ]

    pages = walk(client_a, MINE)

    shown = [ref for page in pages for ref in page]
    assert shown == [case.reference for case in still_open + done]


def local(day, hour, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def test_created_dates_are_whole_local_days(client_a, type_a):
    day = timezone.localdate() - timedelta(days=20)
    before = CaseFactory(case_type=type_a, created_at=local(day - timedelta(days=1), 23, 59))
    first = CaseFactory(case_type=type_a, created_at=local(day, 0, 0))
    last = CaseFactory(case_type=type_a, created_at=local(day + timedelta(days=1), 23, 59))
    after = CaseFactory(case_type=type_a, created_at=local(day + timedelta(days=2), 0, 0))

    response = client_a.get(
        QUEUE,
        {
            "created_from": day.isoformat(),
            "created_to": (day + timedelta(days=1)).isoformat(),
            "order": "created_at",
        },
    )

    assert references(response) == [first.reference, last.reference]
    assert before.reference not in references(response)
    assert after.reference not in references(response)


def test_date_filters_are_a_timestamp_range_not_a_date_cast(type_a):
    day = timezone.localdate()
    sql = str(selectors.cases_for_team_queue(created_from=day, created_to=day).query)

    assert '"created_at" >=' in sql and '"created_at" <' in sql
    assert "AT TIME ZONE" not in sql and "::date" not in sql


def test_overdue_is_open_and_past_its_due_date(client_a, type_a):
    today = timezone.localdate()
    late = CaseFactory(case_type=type_a, in_progress=True, due_date=today - timedelta(days=1))
    CaseFactory(case_type=type_a, due_date=today)  # due today: not overdue yet
    CaseFactory(case_type=type_a, resolved=True, due_date=today - timedelta(days=9))

    response = client_a.get(QUEUE, {"overdue": "on", "status": ""})

    assert references(response) == [late.reference]
    sql = str(selectors.cases_for_team_queue(overdue=True).query)
    assert "SELECT" not in sql.split("WHERE", 1)[1]  # a plain condition, not a subquery


def test_not_overdue_keeps_finished_and_future_cases(type_a):
    today = timezone.localdate()
    late = CaseFactory(case_type=type_a, due_date=today - timedelta(days=1))
    done = CaseFactory(case_type=type_a, closed=True, due_date=today - timedelta(days=9))
    due = CaseFactory(case_type=type_a, due_date=today)

    found = set(selectors.cases_for_team_queue(overdue=False))

    assert found == {done, due}
    assert late not in found


def test_queue_rows_do_not_load_the_answers(client_a, type_a):
    CaseFactory(case_type=type_a)

    case = client_a.get(QUEUE).context["cases"][0]

    assert "answers" in case.get_deferred_fields()


# --- The case page's lists ----------------------------------------------------------------------


@pytest.fixture
def busy_case(type_a, staff_a):
    customer = CustomerFactory()
    case = CaseFactory(case_type=type_a, customer=customer)
    start = timezone.now() - timedelta(days=90)
    CaseEvent.objects.bulk_create(
        CaseEvent(
            case=case,
            kind=EventKind.INTERNAL_NOTE,
            message=f"Note {number}",
            created_at=start + timedelta(hours=number),
        )
        for number in range(60)
    )
    CaseAttachment.objects.bulk_create(
        CaseAttachment(case=case, file=f"x/{n}.pdf", original_name=f"file-{n}.pdf", size=10)
        for n in range(25)
    )
    others = [CaseFactory(case_type=type_a, customer=customer) for _ in range(12)]
    return case, others


def test_case_page_shows_the_newest_events_with_a_link_to_the_rest(client_a, busy_case):
    case, _ = busy_case
    url = f"/admin/cases/{case.uuid}/"

    response = client_a.get(url)
    html = response.content.decode()

    messages = [event.message for event in response.context["events"]]
    assert messages == [f"Note {n}" for n in range(10, 60)]
    assert "Note 9<" not in html
    assert f'href="{url}?show=timeline#case-timeline-heading"' in html
    everything = client_a.get(url, {"show": "timeline"})
    assert len(everything.context["events"]) == 60
    assert "Show the whole timeline" not in everything.content.decode()


def test_case_page_limits_files_with_a_link_to_all(client_a, busy_case):
    case, _ = busy_case
    url = f"/admin/cases/{case.uuid}/"

    html = client_a.get(url).content.decode()

    assert html.count("file-") == 20
    assert f'href="{url}?show=files#case-files-heading"' in html
    assert client_a.get(url, {"show": "files"}).content.decode().count("file-") == 25


def test_case_page_limits_other_cases_with_a_link_to_the_customer(client_a, busy_case):
    case, others = busy_case

    html = client_a.get(f"/admin/cases/{case.uuid}/").content.decode()

    shown = [other for other in others if f"/admin/cases/{other.uuid}/" in html]
    assert len(shown) == 10
    assert f'href="/admin/cases/customers/{case.customer_id}/"' in html
    assert "See all their cases" in html


def test_case_page_without_long_lists_has_no_see_all_links(client_a, type_a):
    case = CaseFactory(case_type=type_a, status=CaseStatus.RECEIVED)

    html = client_a.get(f"/admin/cases/{case.uuid}/").content.decode()

    for text in ("Show the whole timeline", "Show all the files", "See all their cases"):
        assert text not in html
