"""Signed-in residents save their answers and come back to them later; nobody else can."""

import pytest

from crm.cases.models import Case
from forms.models import FormDraft
from forms.selectors import drafts_for_user
from tests.crm.factories import UserFactory
from tests.forms import factories as f
from tests.forms.uploads import jpeg


@pytest.fixture
def eform(case_type):
    return f.EFormFactory(
        title="Report a noise problem",
        slug="report-noise",
        case_type=case_type,
        steps=[
            f.step(
                "noise", "The noise", f.radios("kind", "What kind of noise?", ("Music", "Dogs"))
            ),
            f.step("evidence", "Evidence", f.upload(required=False, label="Recordings or photos")),
            f.step(
                "about-you", "About you", f.short_text(prefill="name"), f.email(prefill="email")
            ),
        ],
    )


def save_for_later(client, eform, step, answers, files=None):
    data = {f"{step}-{name}": value for name, value in answers.items()}
    data.update({f"{step}-{name}": value for name, value in (files or {}).items()})
    data["save_draft"] = "1"
    return client.post(f"/forms/{eform.slug}/{step}/", data)


@pytest.mark.django_db
def test_save_and_come_back_later(client, walk, eform, resident, soup):
    client.force_login(resident)
    client.get(f"/forms/{eform.slug}/")
    walk(eform, "noise", {"kind": "dogs"})
    page = soup(client.get(f"/forms/{eform.slug}/evidence/"))
    assert page.select_one('button[name="save_draft"]').get_text() == "Save and come back later"

    response = save_for_later(client, eform, "evidence", {}, {"photos": [jpeg("dog.jpg")]})
    assert response.url == f"/forms/{eform.slug}/saved/"
    draft = FormDraft.objects.get()
    assert list(drafts_for_user(resident)) == [draft]
    assert draft.current_step == "evidence"
    saved = soup(client.get(response.url))
    assert saved.h1.get_text() == "Your answers have been saved"
    assert saved.select_one(f'a[href="{draft.resume_url}"]')

    # Another day, another browser.
    client.logout()
    client.force_login(resident)
    response = client.get(draft.resume_url)
    assert response.url == f"/forms/{eform.slug}/evidence/"
    page = soup(client.get(response.url))
    assert page.select_one(".govuk-summary-list__value").get_text() == "dog.jpg"
    assert (
        soup(client.get(f"/forms/{eform.slug}/noise/"))
        .select_one("#id_noise-kind-2")
        .has_attr("checked")
    )

    walk(eform, "evidence")
    walk(eform, "about-you", {"name": "Jane Fletcher", "email": "jane@example.com"})
    client.post(f"/forms/{eform.slug}/check-your-answers/")
    case = Case.objects.get()
    assert case.attachments.get().original_name == "dog.jpg"
    assert not FormDraft.objects.exists()  # sent, so no longer a draft


@pytest.mark.django_db
def test_a_partly_answered_step_is_saved_without_showing_errors(client, eform, resident, soup):
    client.force_login(resident)
    client.get(f"/forms/{eform.slug}/")
    response = save_for_later(client, eform, "noise", {})
    assert response.url == f"/forms/{eform.slug}/saved/"
    draft = FormDraft.objects.get()
    response = client.get(draft.resume_url)
    page = soup(client.get(response.url))
    assert not page.select(".govuk-error-summary")
    assert not page.title.get_text().startswith("Error")


@pytest.mark.django_db
def test_saving_again_updates_the_one_draft(client, walk, eform, resident):
    client.force_login(resident)
    client.get(f"/forms/{eform.slug}/")
    save_for_later(client, eform, "noise", {"kind": "music"})
    walk(eform, "noise", {"kind": "dogs"})
    save_for_later(client, eform, "evidence", {})
    draft = FormDraft.objects.get()
    assert draft.current_step == "evidence"
    assert draft.data["step_data"]["noise"] == {"noise-kind": ["dogs"]}


@pytest.mark.django_db
def test_another_residents_draft_is_not_found(client, eform, resident):
    draft = f.FormDraftFactory(form=eform, current_step="noise")
    client.force_login(resident)
    assert client.get(draft.resume_url).status_code == 404
    assert list(drafts_for_user(resident)) == []
    assert client.get(f"/forms/{eform.slug}/resume/not-a-uuid/").status_code == 404


@pytest.mark.django_db
def test_a_draft_of_another_form_is_not_found_at_this_form(client, eform, resident, case_type):
    other = f.EFormFactory(case_type=case_type)
    draft = f.FormDraftFactory(form=other, user=resident)
    client.force_login(resident)
    assert client.get(f"/forms/{eform.slug}/resume/{draft.uuid}/").status_code == 404


@pytest.mark.django_db
def test_resuming_needs_sign_in(client, eform):
    draft = f.FormDraftFactory(form=eform, user=UserFactory())
    response = client.get(draft.resume_url)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/?next=")


@pytest.mark.django_db
def test_visitors_who_are_not_signed_in_cannot_save(client, walk, eform, soup):
    client.get(f"/forms/{eform.slug}/")
    page = soup(client.get(f"/forms/{eform.slug}/noise/"))
    assert not page.select('button[name="save_draft"]')
    response = save_for_later(client, eform, "noise", {"kind": "dogs"})
    assert response.url == f"/forms/{eform.slug}/evidence/"  # treated as Continue
    assert not FormDraft.objects.exists()


@pytest.mark.django_db
def test_forms_with_sign_in_off_never_save_drafts(client, case_type, resident, soup):
    eform = f.EFormFactory(
        case_type=case_type,
        sign_in_off=True,
        steps=[f.step("about-you", "About you", f.short_text(prefill="name"))],
    )
    client.force_login(resident)
    client.get(f"/forms/{eform.slug}/")
    page = soup(client.get(f"/forms/{eform.slug}/about-you/"))
    assert not page.select('button[name="save_draft"]')
    assert page.select_one("#id_about-you-name")["value"] == ""
