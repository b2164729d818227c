"""Bookable resources and payment services are set up by staff in the admin (menu "Bookings and
payments"), so a new round, hall or fee needs no code."""

import pytest
from django.contrib.auth.models import Group, Permission

from crm.bookings.enums import ResourceKind
from crm.bookings.models import BookableResource
from crm.payments.enums import Provider
from crm.payments.models import PaymentService
from tests.crm.bookings.factories import RoundFactory
from tests.crm.factories import TeamFactory, UserFactory

from .conftest import admin_user

RESOURCES = "/admin/snippets/bookings/bookableresource/"
SERVICES = "/admin/snippets/payments/paymentservice/"


def resource_data(**overrides) -> dict:
    data = {
        "name": "North round",
        "slug": "north-round",
        "kind": ResourceKind.COLLECTION_ROUND,
        "description": "Bulky waste collections north of the river",
        "weekdays": ["1", "3"],
        "active": "on",
        "daily_capacity": "40",
        "postcode_sectors": "DS1 4\nDS1 5",
        "opens_at": "",
        "closes_at": "",
        "slot_minutes": "",
        "lead_time_days": "2",
        "horizon_days": "60",
        "cancellation_cutoff_hours": "24",
        "blackouts-TOTAL_FORMS": "1",
        "blackouts-INITIAL_FORMS": "0",
        "blackouts-MIN_NUM_FORMS": "0",
        "blackouts-MAX_NUM_FORMS": "1000",
        "blackouts-0-start_date": "2026-12-25",
        "blackouts-0-end_date": "2026-12-26",
        "blackouts-0-reason": "Christmas",
        "blackouts-0-ORDER": "1",
        "blackouts-0-id": "",
        "blackouts-0-DELETE": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def superuser_client(client, db):
    client.force_login(UserFactory(superuser=True))
    return client


def test_an_administrator_sets_up_a_collection_round_with_blackout_dates(superuser_client):
    team = TeamFactory(name="Waste")

    response = superuser_client.post(f"{RESOURCES}add/", resource_data(team=team.pk))

    assert response.status_code == 302, response.content.decode()[:3000]
    resource = BookableResource.objects.get(slug="north-round")
    assert (resource.weekdays, resource.daily_capacity, resource.team) == ("1,3", 40, team)
    assert resource.sectors() == ["DS1 4", "DS1 5"]
    blackout = resource.blackouts.get()
    assert (str(blackout.start_date), str(blackout.end_date), blackout.reason) == (
        "2026-12-25",
        "2026-12-26",
        "Christmas",
    )


def test_the_form_groups_its_fields_and_ticks_the_saved_days(superuser_client):
    resource = RoundFactory(weekdays="0,4")

    html = superuser_client.get(f"{RESOURCES}edit/{resource.pk}/").content.decode()

    for heading in (
        "Details",
        "Capacity (collection rounds)",
        "Opening hours and slot length (rooms and inspections)",
        "Officer (inspections)",
        "Rules",
        "Blackout dates",
    ):
        assert heading in html
    assert 'name="weekdays" value="0"' in html
    assert html.count('name="weekdays"') == 7


def test_a_round_without_capacity_or_sectors_is_refused_next_to_the_fields(superuser_client):
    response = superuser_client.post(
        f"{RESOURCES}add/", resource_data(daily_capacity="0", postcode_sectors="")
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter how many items the round collects a day" in html
    assert "Enter at least one postcode sector" in html
    assert not BookableResource.objects.exists()


def test_a_resident_cannot_be_made_an_inspection_officer(superuser_client):
    resident = UserFactory()

    response = superuser_client.post(
        f"{RESOURCES}add/",
        resource_data(
            kind=ResourceKind.INSPECTION,
            slug="inspector-ada",
            opens_at="09:00",
            closes_at="12:00",
            slot_minutes="60",
            officer=resident.pk,
        ),
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not BookableResource.objects.exists()


def test_an_administrator_sets_up_a_payment_service(superuser_client):
    response = superuser_client.post(
        f"{SERVICES}add/",
        {
            "name": "Street trading licence",
            "provider": Provider.GOVUK_PAY,
            "fund_code": "F300",
            "cost_code": "CC-LIC",
            "active": "on",
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    service = PaymentService.objects.get()
    assert (service.provider, service.fund_code, service.cost_code, service.active) == (
        Provider.GOVUK_PAY,
        "F300",
        "CC-LIC",
        True,
    )


def test_staff_without_the_permission_cannot_change_resources_or_services(client, db):
    resource = RoundFactory(name="North round")
    service = PaymentService.objects.create(name="Fees", fund_code="F1", cost_code="C1")
    adviser = UserFactory()
    group = Group.objects.create(name="Advisers")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    adviser.groups.add(group)
    client.force_login(adviser)

    client.post(f"{RESOURCES}edit/{resource.pk}/", resource_data(name="Renamed"))
    client.post(
        f"{SERVICES}edit/{service.pk}/",
        {"name": "Renamed", "provider": "sandbox", "fund_code": "X", "cost_code": "Y"},
    )

    resource.refresh_from_db()
    service.refresh_from_db()
    assert (resource.name, service.fund_code) == ("North round", "F1")


def test_the_bookings_and_payments_menu(client, staff_a, team_a):
    client.force_login(UserFactory(superuser=True))
    html = client.get("/admin/").content.decode()
    assert "Bookings and payments" in html
    assert "/admin/bookings/calendar/" in html
    assert RESOURCES in html and SERVICES in html

    # A team member sees the calendar, not the set-up they have no permission for.
    client.force_login(staff_a)
    html = client.get("/admin/").content.decode()
    assert "/admin/bookings/calendar/" in html
    assert RESOURCES not in html

    client.force_login(admin_user())  # in no team
    assert "/admin/bookings/calendar/" not in client.get("/admin/").content.decode()
