"""eForm drafts expire 28 days after they were last saved: hidden at once, deleted (with their
files) by the daily task, and My Account says when."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from forms.models import FormDraft
from forms.selectors import DRAFT_LIFETIME, drafts_for_user, get_draft_for_user
from forms.storage import wizard_file_storage
from forms.tasks import delete_expired_drafts
from tests.forms.factories import FormDraftFactory

pytestmark = pytest.mark.django_db


def saved_days_ago(draft, days: float) -> FormDraft:
    FormDraft.objects.filter(pk=draft.pk).update(updated_at=timezone.now() - timedelta(days=days))
    draft.refresh_from_db()
    return draft


def draft_with_file(**kwargs) -> tuple[FormDraft, str]:
    name = wizard_file_storage().save("photo.jpg", ContentFile(b"\xff\xd8\xff\xe0 photo"))
    data = {"step_files": {"photos": {"photos": [{"tmp_name": name, "name": "photo.jpg"}]}}}
    return FormDraftFactory(data=data, **kwargs), name


def test_drafts_expire_after_28_days():
    assert timedelta(days=28) == DRAFT_LIFETIME


def test_an_expired_draft_is_no_longer_offered_or_resumable():
    fresh = saved_days_ago(FormDraftFactory(), 27)
    expired = saved_days_ago(FormDraftFactory(user=fresh.user), 29)

    assert list(drafts_for_user(fresh.user)) == [fresh]
    with pytest.raises(Http404):
        get_draft_for_user(fresh.user, expired.uuid)


def test_each_draft_says_when_it_expires():
    draft = saved_days_ago(FormDraftFactory(), 3)

    offered = drafts_for_user(draft.user).get()

    assert offered.expires_at == draft.updated_at + timedelta(days=28)


def test_the_daily_task_deletes_expired_drafts_and_their_files(django_capture_on_commit_callbacks):
    expired, expired_file = draft_with_file()
    saved_days_ago(expired, 29)
    kept, kept_file = draft_with_file()
    saved_days_ago(kept, 20)

    with django_capture_on_commit_callbacks(execute=True):
        assert delete_expired_drafts.delay().get() == 1

    assert list(FormDraft.objects.all()) == [kept]
    storage = wizard_file_storage()
    assert not storage.exists(expired_file)
    assert storage.exists(kept_file)


def test_the_dashboard_shows_when_a_draft_will_be_deleted(client):
    draft = saved_days_ago(FormDraftFactory(), 1)
    client.force_login(draft.user)

    response = client.get(reverse("myaccount:dashboard"))

    expires = timezone.localtime(draft.updated_at + timedelta(days=28))
    assert f"We’ll delete it on {expires:%-d %B %Y}" in response.content.decode()
