"""Service pages embed an eForm with a "Start now" button that leads to /forms/<slug>/."""

import pytest
from django.test import override_settings
from wagtail.models import Locale

from tests.factories import ServicePageFactory, rich_text_block
from tests.forms import factories as f


def eform_block(eform, text="Start now") -> dict:
    return {"type": "eform", "value": {"form": eform.pk, "text": text}}


@pytest.mark.django_db
def test_the_start_button_leads_to_the_form(client, case_type, soup):
    eform = f.EFormFactory(case_type=case_type, slug="report-fly-tipping")
    page = ServicePageFactory(
        title="Report fly-tipping",
        body=[rich_text_block("<p>Tell us.</p>"), eform_block(eform, "Report it now")],
    )
    html = soup(client.get(page.url))
    start = html.select_one("main a.govuk-button--start")
    assert start["href"] == "/forms/report-fly-tipping/"
    assert start.get_text(strip=True) == "Report it now"


@pytest.mark.django_db
def test_no_button_while_the_form_is_not_live(client, case_type, soup):
    eform = f.EFormFactory(case_type=case_type, draft=True)
    page = ServicePageFactory(body=[eform_block(eform)])
    assert not soup(client.get(page.url)).select("main a.govuk-button--start")


@pytest.mark.django_db
@override_settings(
    WAGTAIL_CONTENT_LANGUAGES=[("en-gb", "English"), ("cy", "Welsh")],
    LANGUAGES=[("en-gb", "English"), ("cy", "Welsh")],
)
def test_forms_are_translatable_with_their_steps(case_type):
    eform = f.EFormFactory(
        case_type=case_type,
        steps=[
            f.step("what", "What", f.yes_no()),
            f.step(
                "hazard", "Hazard", f.long_text(), condition_key="hazardous", condition_value="yes"
            ),
        ],
    )
    welsh = Locale.objects.create(language_code="cy")
    translation = eform.copy_for_translation(welsh)
    translation.title = "Rhoi gwybod am dipio anghyfreithlon"
    translation.save()
    assert translation.translation_key == eform.translation_key
    assert translation.slug == eform.slug
    assert [(s.key, s.condition_key, s.locale) for s in translation.steps.all()] == [
        ("what", "", welsh),
        ("hazard", "hazardous", welsh),
    ]
