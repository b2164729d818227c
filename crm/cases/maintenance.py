"""Housekeeping for case files that no row refers to.

`open_case` deletes the files it copied when its transaction fails (see
`services._common.removing_files_on_rollback`), but a database can also roll back where Python
never hears of it: a caller's transaction that fails after `open_case` returned, a lost
connection at commit, a worker killed mid-request. Files left that way hold residents' personal
data with no case to account for them, so a daily task removes them.
"""

import logging
import posixpath
from datetime import timedelta

from django.utils import timezone

from .models import CaseAttachment
from .storage import private_storage

logger = logging.getLogger(__name__)

CASES_FOLDER = "cases"
# Longer than any transaction runs: a file this old with no row will never get one.
ORPHAN_AFTER = timedelta(days=1)


def delete_orphan_case_files(*, older_than: timedelta = ORPHAN_AFTER) -> int:
    """Delete files under the private storage's cases/ folder that no `CaseAttachment` refers
    to and that are older than `older_than`; returns how many went. Newer files may belong to a
    transaction still in progress, so they are left alone. Empty folders stay: they hold nothing,
    and removing one could race a file being saved into it."""
    storage = private_storage()
    if not storage.exists(CASES_FOLDER):
        return 0
    referenced = set(CaseAttachment.objects.values_list("file", flat=True).iterator())
    cutoff = timezone.now() - older_than
    deleted = 0
    folders, loose_files = storage.listdir(CASES_FOLDER)
    paths = [posixpath.join(CASES_FOLDER, name) for name in loose_files]
    for folder in folders:
        folder_path = posixpath.join(CASES_FOLDER, folder)
        names = storage.listdir(folder_path)[1]
        paths.extend(posixpath.join(folder_path, name) for name in names)
    for path in paths:
        if path in referenced or storage.get_modified_time(path) >= cutoff:
            continue
        storage.delete(path)
        deleted += 1
    if deleted:
        logger.info("Deleted %d orphan case files", deleted)
    return deleted
