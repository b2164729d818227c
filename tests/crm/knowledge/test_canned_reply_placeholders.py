"""Canned replies: placeholders are filled from the case by name only, and a reply with a name
nobody can fill is refused when it is saved, with the names in the message."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Site

from crm.knowledge.placeholders import PLACEHOLDERS, fill_placeholders, unknown_placeholders
from crm.knowledge.services import reply_text_for_case
from tests.crm.factories import CaseFactory, CustomerFactory

from .conftest import CannedReplyFactory


@pytest.fixture
def case(type_a):
    return CaseFactory(
        case_type=type_a,
        reference="FDC-2026-000123",
        due_date=date(2026, 12, 4),
        customer=CustomerFactory(name="Ria Resident", verified=True),
    )


def test_every_placeholder_is_filled_from_the_case_and_the_officer(case, staff_a):
    Site.objects.filter(is_default_site=True).update(site_name="Fernleigh District Council")
    reply = CannedReplyFactory(
        body=(
            "Dear {first_name}, {reference} ({case_type}) is with {team_name}, {status}, "
            "due {due_date}. {officer_name}, {council_name}"
        )
    )

    text = reply_text_for_case(reply, case, officer=staff_a)

    assert text == (
        "Dear Ria, FDC-2026-000123 (Pothole) is with Highways, Received, due 4 December 2026. "
        "Ada Able, Fernleigh District Council"
    )


def test_a_name_typed_by_an_unverified_submitter_is_not_used(type_a, staff_a):
    """As `email_resident` does: words nobody has verified stay out of the council's emails."""
    case = CaseFactory(case_type=type_a, customer=CustomerFactory(name="Free Money"))
    reply = CannedReplyFactory(body="Dear {first_name},")

    assert reply_text_for_case(reply, case, officer=staff_a) == "Dear resident,"


def test_values_are_not_filled_again_and_nothing_but_known_names_is_looked_up():
    values = {"first_name": "{reference}", "reference": "FDC-1"}

    assert fill_placeholders("{first_name} {reference}", values) == "{reference} FDC-1"
    assert fill_placeholders("{reference.__class__} {0}", values) == "{reference.__class__} {0}"
    assert fill_placeholders("{ reference }", values) == "FDC-1"


def test_unknown_placeholders_are_refused_at_save_naming_them(db):
    reply = CannedReplyFactory.build(
        body="Hello {first_name}, see {reference.__class__} and {Officer} and {}"
    )

    with pytest.raises(ValidationError) as error:
        reply.full_clean()
    message = " ".join(error.value.message_dict["body"])
    assert "Unknown placeholders {reference.__class__}, {Officer}, {}." in message
    assert "{officer_name}" in message  # the names that may be used

    with pytest.raises(ValidationError):
        reply.save()  # saved by code, not a form: refused too
    assert reply.pk is None


def test_known_placeholders_pass():
    assert unknown_placeholders(" ".join(f"{{{name}}}" for name in PLACEHOLDERS)) == []


def test_the_admin_form_shows_the_unknown_placeholder_next_to_the_text(client, editor):
    client.force_login(editor)

    response = client.post(
        "/admin/snippets/knowledge/cannedreply/add/",
        {"title": "Chase", "body": "Dear {name}, about {reference}", "sort_order": "1"},
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["body"] == [
        "Unknown placeholder {name}. Use only: "
        + ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)
        + "."
    ]


def test_editors_list_and_search_canned_replies(client, editor, type_a):
    CannedReplyFactory(title="Inspection booked", case_types=[type_a])
    CannedReplyFactory(title="Bin collection", body="We will collect it.")
    client.force_login(editor)

    listing = client.get("/admin/snippets/knowledge/cannedreply/", {"q": "inspection"})
    form = client.get("/admin/snippets/knowledge/cannedreply/add/")

    assert [reply.title for reply in listing.context["object_list"]] == ["Inspection booked"]
    assert "<code>{officer_name}</code>" in form.content.decode()  # the placeholders, explained
