"""Private storage for case attachments: files residents send us are never served by URL.

Attachments live under PRIVATE_MEDIA_ROOT, outside MEDIA_ROOT (which a web server may map to
MEDIA_URL, and which `runserver` serves in development), and the storage has no base URL, so
`attachment.file.url` raises instead of producing a public link.
Staff and residents download them through views that check access first (see selectors).
"""

import os
import posixpath
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateFileSystemStorage(FileSystemStorage):
    """A FileSystemStorage under PRIVATE_MEDIA_ROOT with no URL at all."""

    subfolder = ""

    # Plain properties, not cached: the setting is read at each use, so a changed
    # PRIVATE_MEDIA_ROOT (tests, management commands) is never missed.
    @property
    def base_location(self):
        root = Path(settings.PRIVATE_MEDIA_ROOT)
        location = root / self.subfolder if self.subfolder else root
        return self._value_or_setting(self._location, location)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        # FileSystemStorage falls back to MEDIA_URL when base_url is None; we never want a URL.
        return None


_private_storage = PrivateFileSystemStorage()


def private_storage() -> PrivateFileSystemStorage:
    """Callable form, so migrations record a reference rather than a path from this machine."""
    return _private_storage


def attachment_upload_to(instance, filename: str) -> str:
    """Store under the case's UUID with a random name: a resident's file name is personal data."""
    extension = posixpath.splitext(filename)[1].lower()[:16]
    return f"cases/{instance.case.uuid}/{uuid.uuid4().hex}{extension}"
