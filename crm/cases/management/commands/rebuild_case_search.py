"""Fill the staff case search for existing cases (after the migration that adds it, after a
restore, or to repair an index that missed an update), a batch at a time."""

import time

from django.core.management.base import BaseCommand, CommandError

from crm.cases.search import rebuild_case_search


class Command(BaseCommand):
    help = "Rebuild the stored search vector (and Elasticsearch documents) of every case."

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size",
            type=int,
            default=1000,
            help="Cases written per transaction (default 1000).",
        )
        parser.add_argument(
            "--missing",
            action="store_true",
            help="Only cases that have no search vector yet.",
        )

    def handle(self, *args, batch_size: int, missing: bool, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        started = time.monotonic()
        done = rebuild_case_search(batch_size=batch_size, only_missing=missing)
        self.stdout.write(
            self.style.SUCCESS(f"Indexed {done} case(s) in {time.monotonic() - started:.1f}s.")
        )
