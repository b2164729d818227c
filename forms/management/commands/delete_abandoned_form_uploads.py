from datetime import timedelta

from django.core.management.base import BaseCommand

from forms.services import delete_abandoned_uploads


class Command(BaseCommand):
    help = (
        "Delete files uploaded to eForms that were never sent or saved as a draft. "
        "Celery beat runs it daily (eforms.delete_abandoned_uploads)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=14,
            help="Only files older than this many days (default 14, the session's lifetime)",
        )

    def handle(self, *args, days, **options):
        deleted = delete_abandoned_uploads(older_than=timedelta(days=days))
        self.stdout.write(f"Deleted {deleted} abandoned upload(s).")
