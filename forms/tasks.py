from datetime import timedelta

from celery import shared_task
from django.db import transaction

from .models import FormDraft
from .selectors import draft_expiry_cutoff
from .services import delete_abandoned_uploads
from .storage import file_names, wizard_file_storage

ABANDONED_AFTER = timedelta(days=14)  # the session's lifetime: no wizard can still use the file


@shared_task(name="eforms.delete_abandoned_uploads")
def delete_abandoned_uploads_task() -> int:
    """Daily: residents' files from forms never sent nor saved as a draft are personal data."""
    return delete_abandoned_uploads(older_than=ABANDONED_AFTER)


def delete_drafts_and_files(drafts) -> int:
    """Delete these drafts and, once that has committed, the files uploaded into them; returns
    how many drafts went. Rows a resident is saving at this moment are skipped (locked)."""
    storage = wizard_file_storage()
    with transaction.atomic():
        locked = list(drafts.select_for_update(skip_locked=True).only("pk", "data"))
        names = set()
        for draft in locked:
            names |= file_names(draft.data or {})
        FormDraft.objects.filter(pk__in=[draft.pk for draft in locked]).delete()
        transaction.on_commit(lambda: [storage.delete(name) for name in names])
    return len(locked)


def delete_user_drafts(user) -> int:
    """All of a resident's drafts and their files (when they delete their account)."""
    return delete_drafts_and_files(FormDraft.objects.filter(user=user))


@shared_task(name="eforms.delete_expired_drafts", ignore_result=True)
def delete_expired_drafts() -> int:
    """Daily: drafts not saved for 28 days (`selectors.DRAFT_LIFETIME`) are deleted, with their
    files; My Account tells residents the date."""
    return delete_drafts_and_files(FormDraft.objects.filter(updated_at__lte=draft_expiry_cutoff()))
