"""Where uploads wait before a form is sent: private, renamed, removable, and cleared away."""

import os
import time
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from crm.cases.models import Case
from crm.cases.photo_location import has_location
from crm.cases.uploads import MB
from forms.models import FormDraft
from forms.storage import wizard_file_storage
from tests.forms import factories as f
from tests.forms.uploads import count_stored_chunks, jpeg


@pytest.fixture
def eform(case_type):
    return f.EFormFactory(
        case_type=case_type,
        slug="report-graffiti",
        steps=[
            f.step(
                "graffiti",
                "The graffiti",
                f.long_text("where", "Where is it?"),
                f.upload(required=False),
            ),
            f.step("you", "You", f.short_text(prefill="name")),
        ],
    )


def stored_names() -> list[str]:
    storage = wizard_file_storage()
    return storage.listdir("")[1] if storage.exists("") else []


@pytest.mark.django_db
def test_uploads_wait_privately_under_random_names(client, walk, eform, settings):
    client.get(f"/forms/{eform.slug}/")
    walk(eform, "graffiti", {"where": "Bus shelter"}, {"photos": [jpeg("my house.jpg")]})
    [name] = stored_names()
    assert name.endswith(".jpg") and "house" not in name
    storage = wizard_file_storage()
    assert str(storage.path(name)).startswith(str(settings.PRIVATE_MEDIA_ROOT))
    with pytest.raises(ValueError):
        storage.url(name)


@pytest.mark.django_db
def test_removing_a_file_keeps_the_other_answers_on_the_step(client, walk, eform, soup):
    client.get(f"/forms/{eform.slug}/")
    walk(eform, "graffiti", {"where": "Bus shelter"}, {"photos": [jpeg("a.jpg"), jpeg("b.jpg")]})
    response = client.post(f"/forms/{eform.slug}/graffiti/", {"remove_file": "photos:1"})
    assert response.url == f"/forms/{eform.slug}/graffiti/"
    page = soup(client.get(response.url))
    assert page.select_one("textarea").get_text() == "Bus shelter"
    assert [v.get_text() for v in page.select(".govuk-summary-list__value")] == ["a.jpg"]
    assert len(stored_names()) == 1


@pytest.mark.django_db
def test_abandoned_uploads_are_deleted_but_drafts_keep_theirs(client, walk, eform, resident):
    client.get(f"/forms/{eform.slug}/")
    walk(eform, "graffiti", {"where": "Bus shelter"}, {"photos": [jpeg("abandoned.jpg")]})
    other_browser = Client()
    other_browser.force_login(resident)
    other_browser.get(f"/forms/{eform.slug}/")
    other_browser.post(
        f"/forms/{eform.slug}/graffiti/",
        {"graffiti-where": "Underpass", "graffiti-photos": jpeg("kept.jpg"), "save_draft": "1"},
    )
    assert FormDraft.objects.count() == 1
    assert len(stored_names()) == 2
    storage = wizard_file_storage()
    old = time.time() - timedelta(days=15).total_seconds()
    for name in stored_names():
        os.utime(storage.path(name), (old, old))

    out = StringIO()
    call_command("delete_abandoned_form_uploads", stdout=out)
    assert out.getvalue().strip() == "Deleted 1 abandoned upload(s)."
    [draft] = FormDraft.objects.all()
    assert stored_names() == [
        draft.data["step_files"]["graffiti"]["graffiti-photos"][0]["tmp_name"]
    ]


@pytest.mark.django_db
def test_beat_deletes_abandoned_uploads_daily(settings):
    from django.core.files.base import ContentFile

    from forms.tasks import delete_abandoned_uploads_task

    entry = settings.CELERY_BEAT_SCHEDULE["eforms-delete-abandoned-uploads"]
    assert entry["task"] == delete_abandoned_uploads_task.name
    assert entry["schedule"] == 24 * 60 * 60
    storage = wizard_file_storage()
    old_name = storage.save("old.jpg", ContentFile(b"old"))
    fresh_name = storage.save("fresh.jpg", ContentFile(b"fresh"))
    old = time.time() - timedelta(days=15).total_seconds()
    os.utime(storage.path(old_name), (old, old))

    assert delete_abandoned_uploads_task.delay().get() == 1
    assert not storage.exists(old_name)
    assert storage.exists(fresh_name)


# --- The upload rule on the way in: streaming cap, request cap, photo location -------------------


@pytest.mark.django_db
def test_a_file_past_the_cap_is_cut_off_as_it_streams_and_the_other_answers_are_kept(
    client, walk, eform, soup, settings
):
    """A real multipart POST. The capped upload handler passes no more than the cap on to the
    handlers that store files, so a huge file is never held whole; the step shows the size error
    and keeps what was typed, and nothing is kept in the wizard's storage."""
    settings.UPLOAD_MAX_FILE_SIZE = 256 * 1024
    stored = count_stored_chunks(settings)
    client.get(f"/forms/{eform.slug}/")

    response = walk(
        eform, "graffiti", {"where": "Bus shelter"}, {"photos": [jpeg("huge.jpg", size=4 * MB)]}
    )

    assert response.status_code == 200
    assert stored["graffiti-photos"] <= 256 * 1024
    page = soup(response)
    summary = page.find(class_="govuk-error-summary")
    assert summary.find("a").get_text(strip=True) == "The selected file must be smaller than 256KB"
    assert page.select_one("textarea").get_text().strip() == "Bus shelter"
    assert stored_names() == []


@pytest.mark.django_db
def test_files_under_the_cap_stream_through_whole(client, walk, eform, settings):
    settings.UPLOAD_MAX_FILE_SIZE = 256 * 1024
    stored = count_stored_chunks(settings)
    client.get(f"/forms/{eform.slug}/")
    photo = jpeg("fine.jpg", size=200 * 1024)

    response = walk(eform, "graffiti", {"where": "Bus shelter"}, {"photos": [photo]})

    assert response.status_code == 302
    assert stored["graffiti-photos"] == 200 * 1024
    assert len(stored_names()) == 1


@pytest.mark.django_db
def test_a_request_over_the_total_cap_is_refused_before_its_files_are_read(
    client, walk, eform, settings
):
    settings.UPLOAD_MAX_REQUEST_SIZE = 512 * 1024
    stored = count_stored_chunks(settings)
    client.get(f"/forms/{eform.slug}/")
    photos = [jpeg(f"{n}.jpg", size=200 * 1024) for n in range(3)]

    response = walk(eform, "graffiti", {"where": "Bus shelter"}, {"photos": photos})

    assert response.status_code == 400
    assert stored == {}  # refused on its declared length, before any file arrived
    assert stored_names() == []


def send_with_photo(client, walk, eform, photo):
    client.get(f"/forms/{eform.slug}/")
    walk(eform, "graffiti", {"where": "Bus shelter"}, {"photos": [photo]})
    walk(eform, "you", {"name": "Ann Other"})
    response = client.post(f"/forms/{eform.slug}/check-your-answers/")
    assert response.status_code == 302, response
    return Case.objects.get().attachments.get()


@pytest.mark.django_db
def test_a_sent_photo_keeps_no_location(client, walk, eform):
    attachment = send_with_photo(client, walk, eform, jpeg("bus-shelter.jpg", gps=True))

    assert attachment.content_type == "image/jpeg"
    assert not has_location(attachment.file.open("rb").read(), "image/jpeg")


@pytest.mark.django_db
def test_a_question_that_asks_for_the_location_keeps_it(client, walk, case_type):
    eform = f.EFormFactory(
        case_type=case_type,
        slug="report-a-pothole",
        steps=[
            f.step(
                "graffiti",
                "The pothole",
                f.long_text("where", "Where is it?"),
                f.upload(required=False, keep_location=True),
            ),
            f.step("you", "You", f.short_text(prefill="name")),
        ],
    )

    attachment = send_with_photo(client, walk, eform, jpeg("pothole.jpg", gps=True))

    assert has_location(attachment.file.open("rb").read(), "image/jpeg")
