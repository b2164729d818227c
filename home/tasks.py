"""Site-wide housekeeping tasks."""

from celery import shared_task
from django.core.management import call_command


@shared_task(name="home.clear_expired_sessions", ignore_result=True)
def clear_expired_sessions() -> None:
    """Daily: Django never deletes expired sessions by itself, and an eForm run's answers (personal
    data) live in the session until it expires."""
    call_command("clearsessions")


@shared_task(name="home.purge_frontend_cache", ignore_result=True)
def purge_frontend_cache(page_ids: list[int] | None) -> None:
    """Purge these pages (every live page when None) from the CDN or Varnish configured in
    WAGTAILFRONTENDCACHE, after the change that retired them from Doorstep's own cache."""
    from wagtail.contrib.frontend_cache.utils import PurgeBatch
    from wagtail.models import Page

    pages = Page.objects.live().specific()
    if page_ids is not None:
        pages = pages.filter(pk__in=page_ids)
    batch = PurgeBatch()
    batch.add_pages(pages)
    batch.purge()
