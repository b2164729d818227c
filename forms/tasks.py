from datetime import timedelta

from celery import shared_task

from .services import delete_abandoned_uploads

ABANDONED_AFTER = timedelta(days=14)  # the session's lifetime: no wizard can still use the file


@shared_task(name="eforms.delete_abandoned_uploads")
def delete_abandoned_uploads_task() -> int:
    """Daily: residents' files from forms never sent nor saved as a draft are personal data."""
    return delete_abandoned_uploads(older_than=ABANDONED_AFTER)
