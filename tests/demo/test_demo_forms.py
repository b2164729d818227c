"""`load_demo_forms()`: the demo council's working eForms, published, safe to load again."""

import pytest

from crm.cases.models import Case, CaseType, Team
from demo.forms import load_demo_forms
from forms.models import EForm, EFormStep
from tests.forms.uploads import jpeg


@pytest.mark.django_db
def test_demo_forms_load_and_load_again():
    load_demo_forms()
    load_demo_forms()
    assert sorted(EForm.objects.values_list("slug", flat=True)) == [
        "environmental-information-request",
        "freedom-of-information-request",
        "give-a-compliment",
        "make-a-comment",
        "make-a-complaint",
        "report-fly-tipping",
        "report-noise",
        "report-street-furniture",
    ]
    assert all(eform.live and not eform.has_unpublished_changes for eform in EForm.objects.all())
    assert EFormStep.objects.filter(form__slug="report-fly-tipping").count() == 6
    street_scene = Team.objects.get(slug="street-scene")
    assert street_scene.name == "Street scene"
    assert Team.objects.get(slug="environmental-health").name == "Environmental health"
    assert {(t.slug, t.team.slug, t.sla_working_days) for t in CaseType.objects.all()} == {
        ("fly-tipping", "street-scene", 5),
        ("street-furniture", "street-scene", 5),
        ("noise", "environmental-health", 10),
        ("freedom-of-information-request", "information-governance", 20),
        ("environmental-information-request", "information-governance", 20),
        ("complaint", "customer-feedback", 10),
        ("compliment", "customer-feedback", 10),
        ("comment", "customer-feedback", 10),
    }
    for eform in EForm.objects.all():
        eform.full_clean()


@pytest.mark.django_db
def test_the_demo_fly_tipping_form_works_end_to_end(client, walk):
    load_demo_forms()
    eform = EForm.objects.get(slug="report-fly-tipping")
    assert client.get("/forms/report-fly-tipping/").status_code == 200  # the introduction
    client.get("/forms/report-fly-tipping/location/")
    walk(eform, "location", {"location": "Corner of Mill Lane and Station Road"})
    walk(eform, "waste", {"waste_types": ["mattresses", "tyres"]})
    assert walk(eform, "hazardous", {"hazardous": "yes"}).url.endswith("/hazard/")
    walk(eform, "hazard", {"hazard_details": "Paint tins"})
    walk(eform, "photos", files={"photos": [jpeg("tip.jpg")]})
    response = walk(eform, "your-details", {"name": "Ann Other", "email": "ann@example.com"})
    assert response.url == "/forms/report-fly-tipping/check-your-answers/"
    client.post(response.url)
    case = Case.objects.get()
    assert case.case_type.slug == "fly-tipping"
    assert case.team.name == "Street scene"
    assert case.location_text == "Corner of Mill Lane and Station Road"
    assert case.attachments.count() == 1


@pytest.mark.django_db
def test_the_demo_noise_form_asks_for_addresses_and_a_declaration(client, walk):
    load_demo_forms()
    eform = EForm.objects.get(slug="report-noise")
    client.get("/forms/report-noise/")
    walk(eform, "noise-type", {"noise_type": "barking-dogs"})
    walk(
        eform,
        "source",
        {
            "source_address_line_1": "2 Mill Lane",
            "source_address_town": "Fernleigh",
            "source_address_postcode": "fn1 2ab",
        },
    )
    walk(
        eform,
        "when",
        {
            "started_day": "1",
            "started_month": "3",
            "started_year": "2024",
            "times": "Every evening",
            "ongoing": "yes",
        },
    )
    walk(
        eform,
        "your-details",
        {
            "name": "Ann Other",
            "email": "ann@example.com",
            "address_line_1": "4 Mill Lane",
            "address_town": "Fernleigh",
            "address_postcode": "FN1 2AB",
        },
    )
    response = walk(eform, "declaration", {"declaration": "on"})
    assert response.url.endswith("/check-your-answers/")
    client.post(response.url)
    case = Case.objects.get()
    assert case.team.name == "Environmental health"
    assert case.location_text == "2 Mill Lane, Fernleigh, FN1 2AB"
    assert case.customer.address_line_1 == "4 Mill Lane"
    assert {"question": "When did the noise start?", "answer": "1 March 2024",
            "key": "started"} in case.answers  # fmt: skip


@pytest.mark.django_db
def test_the_demo_forms_can_be_sent_for_translation():
    """wagtail-localize reads every text of a question; none may be missing (None)."""
    from wagtail_localize.models import TranslationSource

    load_demo_forms()
    for eform in EForm.objects.all():
        source, _created = TranslationSource.get_or_create_from_instance(eform)
        assert source.stringsegment_set.exists()
