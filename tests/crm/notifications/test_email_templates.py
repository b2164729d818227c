"""Email templates: created on every install, editable by staff, checked before saving."""

import importlib

import pytest
from django.core.exceptions import ValidationError

from crm.notifications.defaults import DEFAULT_EMAIL_TEMPLATES
from crm.notifications.enums import EmailKind
from crm.notifications.models import EmailTemplate
from crm.notifications.rendering import render_subject, render_text
from crm.notifications.services import get_email_template

pytestmark = pytest.mark.django_db


def test_the_data_migration_created_every_template():
    assert set(EmailTemplate.objects.values_list("key", flat=True)) >= set(EmailKind.values)


def test_the_migrations_copy_of_the_defaults_matches_the_code():
    first = importlib.import_module("crm.notifications.migrations.0002_default_email_templates")
    code = importlib.import_module("crm.notifications.migrations.0004_tracking_code_template")
    bookings = importlib.import_module(
        "crm.notifications.migrations.0005_booking_and_payment_emails"
    )
    survey = importlib.import_module("crm.notifications.migrations.0006_closure_survey_email")
    digest = importlib.import_module("crm.notifications.migrations.0007_team_digest")
    frozen = {
        **first.DEFAULT_EMAIL_TEMPLATES,
        "tracking_code": code.TRACKING_CODE,
        **bookings.TEMPLATES,
        **survey.TEMPLATES,
        **digest.TEMPLATES,
    }
    assert {str(key): value for key, value in DEFAULT_EMAIL_TEMPLATES.items()} == frozen


def test_a_missing_template_is_recreated_from_the_defaults():
    EmailTemplate.objects.filter(key=EmailKind.RESIDENT_MESSAGE).delete()
    template = get_email_template(EmailKind.RESIDENT_MESSAGE)
    assert template.subject == DEFAULT_EMAIL_TEMPLATES[EmailKind.RESIDENT_MESSAGE]["subject"]


def test_templates_with_mistakes_are_refused_with_a_message_for_staff():
    template = EmailTemplate(
        key=EmailKind.CASE_OPENED, subject="{% if %}", body="{{ name|no_such_filter }}"
    )
    with pytest.raises(ValidationError) as refused:
        template.clean()
    assert set(refused.value.message_dict) == {"subject", "body"}
    assert "This template has a mistake" in refused.value.message_dict["subject"][0]


def test_rendering_is_plain_text():
    context = {"name": "Ria & <Sam>", "reference": "DS-2026-000001"}
    assert render_text("Dear {{ name }}", context) == "Dear Ria & <Sam>"
    assert render_subject("  Ref\n{{ reference }} ", context) == "Ref DS-2026-000001"


def test_every_default_template_renders():
    context = {
        "reference": "DS-2026-000001",
        "status": "Received",
        "message": "Thanks",
        "case_url": "http://testserver/x/",
        "case_type": "Potholes",
        "name": "Ria",
    }
    for kind, fields in DEFAULT_EMAIL_TEMPLATES.items():
        if kind != EmailKind.TEAM_DIGEST:  # about no one case (tests/crm/clocks)
            assert "DS-2026-000001" in render_subject(fields["subject"], context)
        assert "{{" not in render_text(fields["body"], context)
