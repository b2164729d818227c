"""The demo's booking and payment journeys (`demo/bookings.py`): the data they need, the six eForms
behind their service pages' "Start now" buttons, and that loading again adds nothing."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings

from crm.bookings.enums import ResourceKind
from crm.bookings.models import BlackoutDate, BookableResource
from crm.cases.models import CaseType, Team
from crm.payments.enums import Provider
from crm.payments.models import PaymentService
from demo.bookings import load_demo_bookings
from demo.content.booking_forms import FORMS
from forms.models import EForm, EFormStep
from services.models import ServicePage

DEV = {"DEBUG": True, "DOORSTEP_ALLOW_DEMO_ACCOUNTS": True}

# Each service page and the form its "Start now" button starts.
SERVICE_PAGES = {
    "book-a-bulky-waste-collection": "/forms/book-a-bulky-waste-collection/",
    "hire-a-community-hall": "/forms/hire-a-community-hall/",
    "book-a-building-control-inspection": "/forms/book-a-building-control-inspection/",
    "request-copies-of-planning-documents": "/forms/request-planning-documents/",
    "local-land-charges-search": "/forms/local-land-charges-search/",
    "street-trading-consent": "/forms/street-trading-consent/",
}
COUNTED = (BookableResource, BlackoutDate, PaymentService, EForm, EFormStep, Team, CaseType)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def load_demo() -> None:
    with override_settings(**DEV):
        call_command("load_demo_content", stdout=StringIO())


@pytest.mark.django_db
def test_the_demo_loads_the_six_booking_and_payment_forms_published():
    load_demo()
    slugs = {form["slug"] for form in FORMS}
    forms = {eform.slug: eform for eform in EForm.objects.filter(slug__in=slugs)}
    assert {eform.get_absolute_url() for eform in forms.values()} == set(SERVICE_PAGES.values())
    for eform in forms.values():
        assert eform.live and not eform.has_unpublished_changes, eform.slug
        eform.full_clean()
    # Only the inspection is free; each of the others pays through a sandbox service.
    paying = {slug for slug, eform in forms.items() if eform.payment_service_id}
    assert paying == slugs - {"book-a-building-control-inspection"}
    assert {service.provider for service in PaymentService.objects.all()} == {Provider.SANDBOX}
    assert all(s.fund_code and s.cost_code for s in PaymentService.objects.all())
    hall = forms["hire-a-community-hall"]
    assert (hall.fee, hall.deposit) == (50, 100)
    assert forms["local-land-charges-search"].fee == 145
    assert forms["street-trading-consent"].fee == 95


@pytest.mark.django_db
def test_each_service_page_starts_its_form():
    load_demo()
    for slug, form_url in SERVICE_PAGES.items():
        page = ServicePage.objects.get(slug=slug)
        buttons = [block.value for block in page.body if block.block_type == "start_button"]
        assert [(button["url"], button["text"]) for button in buttons] == [
            (form_url, "Start now")
        ], slug
        assert "Call customer services on" not in str(page.body.get_prep_value()), slug


@pytest.mark.django_db
def test_each_service_page_links_to_a_working_form(client):
    load_demo()
    for slug, form_url in SERVICE_PAGES.items():
        html = client.get(ServicePage.objects.get(slug=slug).url).content.decode()
        assert f'href="{form_url}"' in html and "Start now" in html, slug
        response = client.get(form_url)
        assert response.status_code == 200, form_url


@pytest.mark.django_db
def test_the_resources_cover_the_demo_postcodes_with_sensible_rules():
    load_demo()
    rounds = BookableResource.objects.filter(kind=ResourceKind.COLLECTION_ROUND)
    assert rounds.count() == 2
    sectors = [sector for resource in rounds for sector in resource.sectors()]
    assert len(sectors) == len(set(sectors)), "a sector in two rounds"
    # The postcodes the demo and its tests use: the civic centre, Mill Lane, Orchard Way.
    for sector in ("FN1 1", "FN1 2", "FN2 3"):
        assert sector in sectors
    halls = BookableResource.objects.filter(kind=ResourceKind.ROOM)
    assert halls.count() == 2
    assert all(h.requires_approval and h.slot_minutes in (60, 120) for h in halls)
    inspectors = BookableResource.objects.filter(kind=ResourceKind.INSPECTION)
    assert inspectors.count() == 2
    assert all(
        i.officer and i.officer.has_usable_password() is False and i.slot_minutes
        for i in inspectors
    )
    building_control = Team.objects.get(slug="building-control")
    assert {i.officer for i in inspectors} <= set(building_control.members.all())
    for resource in BookableResource.objects.all():
        resource.full_clean()
        assert resource.lead_time_days >= 1 and resource.horizon_days > resource.lead_time_days
        assert resource.blackouts.exists(), resource.slug
    assert CaseType.objects.get(slug="bulky-waste").team.slug == "waste"


@pytest.mark.django_db
def test_loading_again_adds_nothing_and_keeps_what_staff_changed():
    load_demo()
    before = counts()
    north = BookableResource.objects.get(slug="bulky-waste-north")
    north.daily_capacity = 12
    north.save()
    service = PaymentService.objects.get(name="Bulky waste collections")
    service.cost_code = "W9999"
    service.save()

    load_demo()
    load_demo_bookings()

    assert counts() == before
    north.refresh_from_db()
    service.refresh_from_db()
    assert (north.daily_capacity, service.cost_code) == (12, "W9999")


@pytest.mark.django_db
def test_a_deleted_form_comes_back_on_the_next_load():
    load_demo()
    EForm.objects.filter(slug="street-trading-consent").delete()
    load_demo_bookings()
    eform = EForm.objects.get(slug="street-trading-consent")
    assert eform.live and eform.payment_service.name == "Street trading licences"


def as_before_the_forms(page: ServicePage) -> None:
    """The page as a site loaded before the booking forms has it: "call us", no Start now."""
    phone = {"type": "inset_text", "value": {"text": "<p>Call customer services.</p>"}}
    page.body = [
        phone if block["type"] == "start_button" else block for block in page.body.get_prep_value()
    ]


@pytest.mark.django_db
def test_a_site_loaded_before_the_forms_gets_start_now_buttons_unless_edited():
    load_demo()
    EForm.objects.filter(
        slug__in=["book-a-bulky-waste-collection", "hire-a-community-hall"]
    ).delete()
    untouched = ServicePage.objects.get(slug="book-a-bulky-waste-collection")
    as_before_the_forms(untouched)
    untouched.save(update_fields=["body"])
    edited = ServicePage.objects.get(slug="hire-a-community-hall")
    as_before_the_forms(edited)
    edited.save_revision().publish()  # an editor has changed this one since

    load_demo()

    untouched.refresh_from_db()
    edited.refresh_from_db()
    starts = [b.value["url"] for b in untouched.body if b.block_type == "start_button"]
    assert starts == ["/forms/book-a-bulky-waste-collection/"]
    assert not [b for b in edited.body if b.block_type == "start_button"]
    assert EForm.objects.filter(slug="hire-a-community-hall", live=True).exists()


@pytest.mark.django_db
def test_the_demo_adviser_works_the_booking_teams():
    load_demo()
    adviser = get_user_model().objects.get(username="staff")
    assert {"waste", "community-halls", "building-control"} <= set(
        adviser.case_teams.values_list("slug", flat=True)
    )
