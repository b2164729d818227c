"""A field's hint is text unless the code that wrote it marked it as markup.

`{% govuk_field %}` once rendered every help text with `|safe`, so a hint taken from anything an
editor or a resident can change (a case type's description, here) would have run as HTML on a
resident's page. Now hints are escaped in the template, and only a hint written in our own code
with `format_html`/`mark_safe` keeps its markup.
"""

import pytest
from django import forms
from django.template import Context, Template
from django.utils.html import format_html

from tests.crm.factories import CaseTypeFactory

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("hint")</script><b>bold</b>'


def render_field(form, name) -> str:
    return Template("{% load govuk_forms %}{% govuk_field form.field %}").render(
        Context({"form": {"field": form[name]}})
    )


def test_a_hint_from_editor_content_is_escaped(soup):
    case_type = CaseTypeFactory(public_description=SCRIPT)  # editable in the admin's snippets

    class ReportForm(forms.Form):
        details = forms.CharField(label="Details", help_text=case_type.public_description)

    html = render_field(ReportForm(), "details")

    page = soup(html)
    hint = page.select_one("#id_details-hint")
    assert hint.get_text() == SCRIPT  # shown as the text it is
    assert page.find("script") is None
    assert page.find("b") is None
    assert "&lt;script&gt;" in html
    assert page.find("input", id="id_details")["aria-describedby"] == "id_details-hint"


def test_a_hint_we_write_as_markup_keeps_it(soup):
    class ReportForm(forms.Form):
        agree = forms.BooleanField(
            label="I agree",
            help_text=format_html("Read the <a href='{}'>terms</a>.", "/terms/"),
        )

    page = soup(render_field(ReportForm(), "agree"))
    link = page.select_one("#id_agree-hint a")
    assert link["href"] == "/terms/"
    assert link.get_text() == "terms"


def test_our_account_hints_read_the_same(client, soup):
    """The sign-up hints are plain text: escaping changes nothing a resident sees."""
    page = soup(client.get("/accounts/signup/"))
    email_hint = page.select_one("#id_email-hint").get_text()
    assert email_hint.startswith("We’ll send you a link to confirm it.")
    password_hint = page.select_one("#id_password1-hint").get_text()
    assert "password" in password_hint.lower()
    assert "<" not in password_hint
