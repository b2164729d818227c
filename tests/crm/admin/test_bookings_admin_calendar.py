"""The bookings calendar per resource and the crews' daily manifest (page and CSV): what staff
of the resource's team see, and who is refused."""

import csv
import io
from datetime import date, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from crm.bookings.enums import BookingStatus
from crm.cases.models import CaseAccessLog
from tests.crm.bookings.factories import (
    BlackoutFactory,
    BookingFactory,
    RoomFactory,
    RoundFactory,
)
from tests.crm.factories import CaseFactory, UserFactory

MONDAY = date(2026, 12, 7)


@pytest.fixture
def round_a(team_a):
    return RoundFactory(name="North round", slug="north-round", team=team_a, daily_capacity=10)


@pytest.fixture
def round_b(team_b):
    return RoundFactory(name="South round", slug="south-round", team=team_b)


def booking(resource, case_type, day=MONDAY, **kwargs):
    return BookingFactory(on=resource, day=day, case=CaseFactory(case_type=case_type), **kwargs)


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    return list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))


# --- Calendar -----------------------------------------------------------------------------------


def test_calendar_lists_the_resources_of_my_teams_only(client_a, round_a, round_b):
    html = client_a.get("/admin/bookings/calendar/").content.decode()

    assert "North round" in html
    assert "South round" not in html
    assert "/admin/bookings/calendar/north-round/" in html


def test_superusers_see_every_resource(client, round_a, round_b):
    client.force_login(UserFactory(superuser=True))

    html = client.get("/admin/bookings/calendar/").content.decode()

    assert "North round" in html and "South round" in html


def test_week_shows_each_days_bookings_and_capacity(client_a, round_a, type_a):
    first = booking(round_a, type_a, quantity=3, items=[{"label": "Sofa", "quantity": 3}])
    booking(round_a, type_a, quantity=2, status=BookingStatus.AWAITING_APPROVAL)
    booking(round_a, type_a, day=MONDAY + timedelta(days=2), quantity=4)
    booking(round_a, type_a, day=MONDAY + timedelta(days=7))  # next week

    response = client_a.get("/admin/bookings/calendar/north-round/?date=2026-12-09")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Week of 7 December 2026 to 13 December 2026" in html
    assert f'href="/admin/cases/{first.case.uuid}/"' in html
    assert first.case.reference in html
    assert "3: 3 x Sofa" in html
    assert "5 items booked, 5 free" in html  # Monday: 3 confirmed + 2 waiting
    assert "4 items booked, 6 free" in html  # Wednesday
    assert "?date=2026-11-30" in html and "?date=2026-12-14" in html  # previous, next week
    assert "/admin/bookings/calendar/north-round/manifest/2026-12-07/" in html


def test_an_expired_hold_takes_no_capacity(client_a, round_a, type_a):
    booking(round_a, type_a, quantity=4, expired=True)

    html = client_a.get("/admin/bookings/calendar/north-round/?date=2026-12-07").content.decode()

    assert "0 items booked, 10 free" in html


def test_a_timed_resource_shows_times(client_a, team_a, type_a):
    hall = RoomFactory(name="Village hall", slug="village-hall", team=team_a)
    booking(hall, type_a, at=time(14), status=BookingStatus.AWAITING_APPROVAL)

    html = client_a.get("/admin/bookings/calendar/village-hall/?date=2026-12-07").content.decode()

    assert "14:00 to 15:00" in html
    assert "Waiting for approval" in html
    assert "items booked" not in html


def test_a_bad_date_shows_this_week(client_a, round_a):
    response = client_a.get("/admin/bookings/calendar/north-round/?date=not-a-date")

    assert response.status_code == 200
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    assert f"Week of {monday.day} " in response.content.decode()


def test_staff_of_another_team_cannot_see_a_resources_calendar(client_a, round_b):
    assert client_a.get("/admin/bookings/calendar/south-round/").status_code == 404


def test_residents_cannot_see_the_calendar_or_a_manifest(client, round_a, type_a):
    booking(round_a, type_a, address_text="1 High Street, Doorstep")
    client.force_login(UserFactory())

    for url in (
        "/admin/bookings/calendar/",
        "/admin/bookings/calendar/north-round/",
        "/admin/bookings/calendar/north-round/manifest/2026-12-07/",
        "/admin/bookings/calendar/north-round/manifest/2026-12-07/manifest.csv",
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert b"1 High Street" not in response.content


# --- Manifest -----------------------------------------------------------------------------------


@pytest.fixture
def collections(round_a, type_a):
    first = booking(
        round_a,
        type_a,
        quantity=3,
        items=[{"label": "Sofa", "quantity": 2}, {"label": "Fridge", "quantity": 1}],
        address_text="1 High Street, Doorstep",
        postcode="DS1 4AB",
    )
    second = booking(
        round_a,
        type_a,
        quantity=1,
        items=[{"label": "Fridge", "quantity": 1}],
        address_text='=HYPERLINK("http://evil.example")',
        postcode="DS1 4CD",
    )
    booking(round_a, type_a, held=True, address_text="Held, not on the list")
    booking(round_a, type_a, cancelled=True, address_text="Cancelled, not on the list")
    booking(round_a, type_a, day=MONDAY + timedelta(days=1), address_text="Tuesday's")
    return first, second


def test_manifest_lists_the_days_confirmed_collections_with_totals(client_a, collections):
    first, second = collections

    response = client_a.get("/admin/bookings/calendar/north-round/manifest/2026-12-07/")

    assert response.status_code == 200
    html = response.content.decode()
    assert html.index(first.case.reference) < html.index(second.case.reference)
    assert "1 High Street, Doorstep" in html and "DS1 4AB" in html
    assert "2 x Sofa, 1 x Fridge" in html
    assert "Held, not on the list" not in html
    assert "Cancelled, not on the list" not in html
    assert "Tuesday&#x27;s" not in html
    assert "2 collections" in html and "4 items" in html
    assert "2 x Fridge, 2 x Sofa" in html  # the day's totals per item
    assert "@media print" in html  # the printout leaves the admin's menu off
    assert "manifest.csv" in html


def test_manifest_csv_has_the_same_rows_and_escapes_formulas(client_a, collections):
    first, second = collections

    response = client_a.get("/admin/bookings/calendar/north-round/manifest/2026-12-07/manifest.csv")

    assert response["Content-Type"].startswith("text/csv")
    assert "manifest-north-round-2026-12-07.csv" in response["Content-Disposition"]
    rows = csv_rows(response)
    assert rows[0] == [
        "Order",
        "Reference",
        "Address",
        "Postcode",
        "Items",
        "Number of items",
        "Notes",
    ]
    assert rows[1][:6] == [
        "1",
        first.case.reference,
        "1 High Street, Doorstep",
        "DS1 4AB",
        "2 x Sofa, 1 x Fridge",
        "3",
    ]
    assert rows[2][2] == '\'=HYPERLINK("http://evil.example")'
    assert rows[3][1:6] == ["Total", "", "", "2 x Fridge, 2 x Sofa", "4"]
    assert len(rows) == 4


def test_manifest_format_csv_is_the_same_download(client_a, collections):
    response = client_a.get("/admin/bookings/calendar/north-round/manifest/2026-12-07/?format=csv")

    assert response["Content-Type"].startswith("text/csv")
    assert len(csv_rows(response)) == 4


def test_there_is_no_manifest_for_a_room(client_a, team_a):
    RoomFactory(slug="village-hall", team=team_a)

    response = client_a.get("/admin/bookings/calendar/village-hall/manifest/2026-12-07/")

    assert response.status_code == 404


def test_staff_of_another_team_cannot_see_a_rounds_manifest(client_a, round_b, type_b):
    booking(round_b, type_b, address_text="2 Low Road")

    for url in (
        "/admin/bookings/calendar/south-round/manifest/2026-12-07/",
        "/admin/bookings/calendar/south-round/manifest/2026-12-07/manifest.csv",
    ):
        response = client_a.get(url)
        assert response.status_code == 404
        assert b"2 Low Road" not in response.content


def test_a_superuser_sees_any_rounds_manifest(client, round_b, type_b):
    booking(round_b, type_b, address_text="2 Low Road")
    client.force_login(UserFactory(superuser=True))

    response = client.get("/admin/bookings/calendar/south-round/manifest/2026-12-07/")

    assert "2 Low Road" in response.content.decode()


def test_a_malformed_manifest_date_is_not_found(client_a, round_a):
    response = client_a.get("/admin/bookings/calendar/north-round/manifest/2026-13-40/")

    assert response.status_code == 404


def test_days_off_and_blackout_dates_are_marked_closed(client_a, team_a):
    resource = RoundFactory(slug="weekday-round", team=team_a, weekdays="0,1,2,3,4")
    BlackoutFactory(resource=resource, start_date=MONDAY, end_date=MONDAY)

    response = client_a.get("/admin/bookings/calendar/weekday-round/?date=2026-12-07")

    closed = [day.day for day in response.context["days"] if not day.is_open]
    assert closed == [MONDAY, date(2026, 12, 12), date(2026, 12, 13)]
    assert response.content.decode().count(">Closed<") == 3


def test_calendar_and_manifest_queries_do_not_grow_with_bookings(client_a, round_a, type_a):
    calendar_url = "/admin/bookings/calendar/north-round/?date=2026-12-07"
    manifest_url = "/admin/bookings/calendar/north-round/manifest/2026-12-07/"

    def count(url) -> int:
        """Reads: the queries other than writing the case access log (and Wagtail's reference
        index of each entry)."""
        with CaptureQueriesContext(connection) as queries:
            assert client_a.get(url).status_code == 200
        writing_the_log = ("caseaccesslog", "referenceindex", "SAVEPOINT")
        return len([q for q in queries if not any(w in q["sql"] for w in writing_the_log)])

    booking(round_a, type_a)
    calendar_queries, manifest_queries = count(calendar_url), count(manifest_url)
    for _ in range(4):
        booking(round_a, type_a)

    assert count(calendar_url) == calendar_queries
    assert count(manifest_url) == manifest_queries


def test_the_manifest_is_written_to_the_case_access_log(client_a, staff_a, collections):
    first, second = collections

    client_a.get("/admin/bookings/calendar/north-round/manifest/2026-12-07/")
    client_a.get("/admin/bookings/calendar/north-round/manifest/2026-12-07/manifest.csv")

    logged = list(
        CaseAccessLog.objects.filter(user=staff_a).values_list("case_reference", flat=True)
    )
    assert sorted(logged) == sorted([first.case.reference, second.case.reference] * 2)


def test_far_off_dates_are_refused_rather_than_overflow(client_a, round_a):
    response = client_a.get("/admin/bookings/calendar/north-round/?date=9999-12-31")
    assert response.status_code == 200
    assert "Enter a date between 2000 and 2200" in response.content.decode()

    response = client_a.get("/admin/bookings/calendar/north-round/manifest/9999-12-31/")
    assert response.status_code == 404
