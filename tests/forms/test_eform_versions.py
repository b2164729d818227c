"""eForm versions: drafts, publishing, unpublishing, preview, locking and history in the admin,
and residents who always fill in a published version (the one their run started on)."""

import pytest
from django.contrib.auth.models import Permission
from django.test import override_settings
from django.utils import translation
from wagtail.models import Revision

from crm.cases.models import Case
from forms.models import EForm
from forms.selectors import get_live_form
from tests.crm.factories import UserFactory
from tests.forms import factories as f
from tests.forms.test_eform_definitions import admin_post_data

ADMIN = "/admin/snippets/eforms/eform"
NAME_STEP = f.step("about-you", "About you", f.short_text("name", "Full name"))
TWO_STEPS = [
    f.step("where", "Where", f.long_text("where", "Where is it?")),
    f.step("about-you", "About you", f.short_text("name", "Full name")),
]


def edit_data(eform: EForm, steps: list[dict], **changes) -> dict:
    """What the admin's edit page posts for this form with these steps (in place of the saved
    ones, position by position, as an editor changing the questions would)."""
    data = admin_post_data(eform.case_type, steps)
    existing = list(EForm.objects.get(pk=eform.pk).steps.values_list("pk", flat=True))
    data["steps-INITIAL_FORMS"] = str(len(existing))
    for index, pk in enumerate(existing):
        data[f"steps-{index}-id"] = str(pk)
        if index >= len(steps):
            data.update({f"steps-{index}-DELETE": "1", f"steps-{index}-ORDER": str(index)})
    data["steps-TOTAL_FORMS"] = str(max(len(existing), len(steps)))
    data.update(title=eform.title, slug=eform.slug, **changes)
    return data


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin-user", is_superuser=True, is_staff=True)


@pytest.fixture
def eform(case_type):
    return f.EFormFactory(case_type=case_type, slug="report-fly-tipping", steps=list(TWO_STEPS))


def soup_text(response) -> str:
    from bs4 import BeautifulSoup

    return " ".join(BeautifulSoup(response.content, "html.parser").get_text(" ").split())


def step_page(client, eform, step="where") -> str:
    return client.get(f"/forms/{eform.slug}/{step}/").content.decode()


# --- Residents see the published version ---------------------------------------------------------


@pytest.mark.django_db
def test_a_published_form_runs_and_opens_a_case(client, walk, eform):
    assert eform.live and eform.live_revision_id and not eform.has_unpublished_changes
    assert "Where is it?" in step_page(client, eform)
    walk(eform, "where", {"where": "Mill Lane"})
    response = walk(eform, "about-you", {"name": "Ann Other"})
    assert response.url == f"/forms/{eform.slug}/check-your-answers/"
    client.post(response.url)
    assert Case.objects.get().answers[0]["answer"] == "Mill Lane"


@pytest.mark.django_db
def test_a_form_never_published_is_not_found(client, case_type):
    draft = f.EFormFactory(case_type=case_type, draft=True)
    assert not draft.live
    assert client.get(f"/forms/{draft.slug}/").status_code == 404


@pytest.mark.django_db
def test_a_saved_draft_changes_nothing_residents_see_until_it_is_published(
    client, superuser, eform
):
    editor = client.__class__()
    editor.force_login(superuser)
    changed = [
        f.step("where", "Where", f.long_text("where", "Where exactly is the rubbish?")),
        NAME_STEP,
    ]

    response = editor.post(f"{ADMIN}/edit/{eform.pk}/", edit_data(eform, changed))

    assert response.status_code == 302, response.context["form"].errors
    eform.refresh_from_db()
    assert eform.live and eform.has_unpublished_changes
    page = step_page(client, eform)
    assert "Where is it?" in page and "Where exactly" not in page

    response = editor.post(
        f"{ADMIN}/edit/{eform.pk}/", {**edit_data(eform, changed), "action-publish": "1"}
    )

    assert response.status_code == 302
    eform.refresh_from_db()
    assert not eform.has_unpublished_changes
    assert "Where exactly is the rubbish?" in step_page(client.__class__(), eform)


@pytest.mark.django_db
def test_unpublishing_takes_the_form_down(client, superuser, eform):
    editor = client.__class__()
    editor.force_login(superuser)
    assert client.get(f"/forms/{eform.slug}/where/").status_code == 200

    editor.post(f"{ADMIN}/unpublish/{eform.pk}/")

    eform.refresh_from_db()
    assert not eform.live
    assert client.get(f"/forms/{eform.slug}/where/").status_code == 404


@pytest.mark.django_db
def test_a_run_started_before_a_publish_finishes_on_its_own_version(client, walk, eform):
    assert "Where is it?" in step_page(client, eform)
    walk(eform, "where", {"where": "Mill Lane"})
    # An editor publishes a new version that asks different questions on renamed steps.
    live = EForm.objects.get(pk=eform.pk)
    live.steps = [
        f_step(0, f.step("location", "Location", f.long_text("location", "Which street?"))),
        f_step(1, f.step("contact", "Contact", f.email())),
    ]
    live.save_revision(clean=False).publish()

    # The resident carries on with the questions they started on, and sends.
    assert "Full name" in step_page(client, eform, "about-you")
    response = walk(eform, "about-you", {"name": "Ann Other"})
    assert response.url == f"/forms/{eform.slug}/check-your-answers/"
    client.post(response.url)
    case = Case.objects.get()
    assert [answer["key"] for answer in case.answers] == ["where", "name"]
    assert case.answers[0]["answer"] == "Mill Lane"

    # The next run gets the new version.
    client.get(f"/forms/{eform.slug}/?reset=1")
    assert "Which street?" in step_page(client, eform, "location")
    assert client.get(f"/forms/{eform.slug}/about-you/").status_code == 302


def f_step(index: int, definition: dict):
    from forms.models import EFormStep

    return EFormStep(sort_order=index, **definition)


@pytest.mark.django_db
def test_a_new_run_after_a_publish_uses_the_new_version(client, eform):
    live = EForm.objects.get(pk=eform.pk)
    live.steps = [f_step(0, f.step("where", "Where", f.long_text("where", "Which street?")))]
    live.save_revision(clean=False).publish()
    assert "Which street?" in step_page(client, eform)


# --- The admin ------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("mode", "expected"),
    [("", "Where exactly is the rubbish?"), ("summary", "All steps and questions")],
)
def test_preview_shows_unsaved_changes_with_govuk_styling(client, superuser, eform, mode, expected):
    client.force_login(superuser)
    changed = [
        f.step("where", "Where", f.long_text("where", "Where exactly is the rubbish?")),
        NAME_STEP,
    ]
    url = f"{ADMIN}/preview/{eform.pk}/"

    assert client.post(url, edit_data(eform, changed)).json()["is_valid"]
    response = client.get(url, {"mode": mode})

    assert response.status_code == 200
    html = response.content.decode()
    assert expected in html
    assert 'class="govuk-template' in html
    if mode == "summary":
        text = soup_text(response)
        assert "1. Where Where exactly is the rubbish? Long text" in text
        assert "2. About you Full name Short text" in text
    eform.refresh_from_db()
    assert not eform.has_unpublished_changes  # a preview saves nothing


@pytest.mark.django_db
def test_a_locked_form_cannot_be_saved_by_another_editor(client, superuser, eform):
    other = UserFactory(username="other-editor", is_superuser=True, is_staff=True)
    owner = client.__class__()
    owner.force_login(superuser)
    assert owner.post(f"{ADMIN}/lock/{eform.pk}/").status_code == 302
    eform.refresh_from_db()
    assert eform.locked and eform.locked_by == superuser
    client.force_login(other)
    changed = [f.step("where", "Where", f.long_text("where", "Changed by someone else")), NAME_STEP]

    response = client.post(
        f"{ADMIN}/edit/{eform.pk}/", {**edit_data(eform, changed), "action-publish": "1"}
    )

    assert response.status_code == 200
    assert "locked" in response.content.decode().lower()
    eform.refresh_from_db()
    assert eform.latest_revision_id == eform.live_revision_id
    assert "Changed by someone else" not in step_page(client.__class__(), eform)


@pytest.mark.django_db
def test_the_history_lists_each_save_and_publish(client, superuser, eform):
    client.force_login(superuser)
    changed = [f.step("where", "Where", f.long_text("where", "Where exactly?")), NAME_STEP]
    client.post(f"{ADMIN}/edit/{eform.pk}/", edit_data(eform, changed))
    client.post(f"{ADMIN}/edit/{eform.pk}/", {**edit_data(eform, changed), "action-publish": "1"})

    assert Revision.objects.for_instance(eform).count() == 3
    response = client.get(f"{ADMIN}/history/{eform.pk}/")
    assert response.status_code == 200
    text = soup_text(response)
    assert text.count("Edited") == 2 and "Published" in text and "Live version" in text
    compare = client.get(f"{ADMIN}/history/{eform.pk}/revisions/compare/earliest...latest/")
    assert compare.status_code == 200
    assert "Where exactly?" in compare.content.decode()


@pytest.mark.django_db
def test_editors_without_publish_permission_can_only_save_drafts(client, eform):
    user = UserFactory(username="drafter", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        Permission.objects.get(content_type__app_label="eforms", codename="change_eform"),
    )
    client.force_login(user)
    changed = [f.step("where", "Where", f.long_text("where", "Where exactly?")), NAME_STEP]

    client.post(f"{ADMIN}/edit/{eform.pk}/", {**edit_data(eform, changed), "action-publish": "1"})

    eform.refresh_from_db()
    assert eform.has_unpublished_changes
    assert "Where is it?" in step_page(client.__class__(), eform)


@pytest.mark.django_db
def test_a_saved_draft_resumes_on_the_version_it_was_saved_on(client, walk, eform, resident):
    from forms.models import FormDraft

    client.force_login(resident)
    client.get(f"/forms/{eform.slug}/where/")
    walk(eform, "where", {"where": "Mill Lane"}, save_draft="1")
    draft = FormDraft.objects.get()
    live = EForm.objects.get(pk=eform.pk)
    live.steps = [f_step(0, f.step("location", "Location", f.long_text("location", "Street?")))]
    live.save_revision(clean=False).publish()

    client.logout()  # another day, another browser
    client.force_login(resident)
    client.get(draft.resume_url)

    assert "Full name" in step_page(client, eform, "about-you")
    walk(eform, "about-you", {"name": "Jane Fletcher"})
    client.post(f"/forms/{eform.slug}/check-your-answers/")
    assert [answer["key"] for answer in Case.objects.get().answers] == ["where", "name"]


@pytest.mark.django_db
def test_the_listing_shows_each_forms_status(client, superuser, eform, case_type):
    f.EFormFactory(case_type=case_type, title="Not ready yet", draft=True)
    client.force_login(superuser)
    changed = [f.step("where", "Where", f.long_text("where", "Where exactly?")), NAME_STEP]
    client.post(f"{ADMIN}/edit/{eform.pk}/", edit_data(eform, changed))

    rows = listing_rows(client.get(f"{ADMIN}/"))

    assert "live + draft" in rows[eform.title]
    assert rows["Not ready yet"].endswith("draft") and "live" not in rows["Not ready yet"]
    assert list(listing_rows(client.get(f"{ADMIN}/", {"live": "false"}))) == ["Not ready yet"]


def listing_rows(response) -> dict[str, str]:
    """The listing's rows by form title, each as its text."""
    from bs4 import BeautifulSoup

    rows = BeautifulSoup(response.content, "html.parser").select("table tbody tr")
    return {row.find("a").get_text(strip=True): " ".join(row.get_text(" ").split()) for row in rows}


@pytest.mark.django_db
@override_settings(
    WAGTAIL_CONTENT_LANGUAGES=[("en-gb", "English"), ("cy", "Welsh")],
    LANGUAGES=[("en-gb", "English"), ("cy", "Welsh")],
)
def test_a_translation_is_a_draft_until_it_is_published(
    case_type, django_capture_on_commit_callbacks
):
    from wagtail.models import Locale
    from wagtail_localize.models import TranslationSource

    steps = [f.step("what", "What", f.yes_no()), f.step("where", "Where", f.yes_no("near"))]
    eform = f.EFormFactory(case_type=case_type, steps=steps)
    welsh = Locale.objects.create(language_code="cy")
    source, _created = TranslationSource.get_or_create_from_instance(eform)

    draft, _created = source.create_or_update_translation(welsh, publish=False, fallback=True)

    assert not draft.live and draft.latest_revision_id
    assert [step.key for step in draft.steps.all()] == ["what", "where"]
    with translation.override("cy"):
        assert get_live_form(eform.slug) == eform  # Welsh residents get the English form

    with django_capture_on_commit_callbacks(execute=True):
        source.create_or_update_translation(welsh, publish=True, fallback=True)

    published = EForm.objects.get(translation_key=eform.translation_key, locale=welsh)
    assert published.live and published.live_revision_id
    with translation.override("cy"):
        assert get_live_form(eform.slug) == published


@pytest.mark.django_db
def test_a_new_form_can_be_previewed_before_it_is_saved(client, superuser, case_type):
    client.force_login(superuser)
    steps = [f.step("where", "Where", f.long_text("where", "Where is the rubbish?"))]
    url = f"{ADMIN}/preview/"

    assert client.post(url, admin_post_data(case_type, steps)).json()["is_valid"]
    response = client.get(url)

    assert "Where is the rubbish?" in soup_text(response)
    assert not EForm.objects.exists()
