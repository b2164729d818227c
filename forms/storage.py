"""Where a wizard keeps answers and files until the form is sent.

Answers live in the session (formtools' SessionStorage). Uploaded files wait in a private folder,
PRIVATE_MEDIA_ROOT/eforms-uploads, under random names and with no URL, until `open_case` copies
them onto the case. Unlike formtools' own storage, a field may hold several files.
"""

import posixpath
import uuid

from django.core.files.uploadedfile import UploadedFile
from django.utils.datastructures import MultiValueDict
from formtools.wizard.storage.session import SessionStorage

from crm.cases.storage import PrivateFileSystemStorage


class WizardFileStorage(PrivateFileSystemStorage):
    """Private, like case attachments: no file has a link."""

    subfolder = "eforms-uploads"

    def get_available_name(self, name, max_length=None):
        # A resident's file name is personal data: keep only its extension on disk.
        extension = posixpath.splitext(name)[1].lower()[:16]
        return super().get_available_name(f"{uuid.uuid4().hex}{extension}", max_length)


def wizard_file_storage() -> WizardFileStorage:
    """A fresh instance per wizard, so the private root is read when it is used."""
    return WizardFileStorage()


def file_names(data: dict) -> set[str]:
    """The names of the files a wizard's stored data (or a draft of it) refers to."""
    names = set()
    for step_files in (data.get("step_files") or {}).values():
        for entries in step_files.values():
            for entry in entries if isinstance(entries, list) else [entries]:
                names.add(entry["tmp_name"])
    return names


class StoredFile(UploadedFile):
    """A file the wizard already holds; `tmp_name` is its name in the wizard's storage."""

    def __init__(self, *, tmp_name, file, **kwargs):
        super().__init__(file=file, **kwargs)
        self.tmp_name = tmp_name


class EFormSessionStorage(SessionStorage):
    """formtools' session storage, with lists of files per field. Files named in
    `protected_files` (a saved draft still refers to them) are never deleted."""

    protected_files: frozenset[str] = frozenset()

    def get_step_files(self, step):
        stored = self.data[self.step_files_key].get(step) or {}
        files = MultiValueDict()
        for field_name, entries in stored.items():
            for entry in entries if isinstance(entries, list) else [entries]:
                stored_file = self._open(step, field_name, entry)
                if stored_file is not None:
                    files.appendlist(field_name, stored_file)
        return files or None

    def _open(self, step, field_name, entry):
        cache_key = (step, field_name, entry["tmp_name"])
        if cache_key not in self._files:
            if not self.file_storage.exists(entry["tmp_name"]):
                return None
            details = {k: v for k, v in entry.items() if k != "tmp_name"}
            self._files[cache_key] = StoredFile(
                tmp_name=entry["tmp_name"],
                file=self.file_storage.open(entry["tmp_name"]),
                **details,
            )
        return self._files[cache_key]

    def set_step_files(self, step, files):
        """Replace the step's files with `files` ({field: [file, ...]}); files the wizard already
        holds keep their place, new ones are saved, dropped ones are deleted after the response."""
        previous = self.data[self.step_files_key].get(step) or {}
        kept = set()
        stored = {}
        for field_name, field_files in (files or {}).items():
            entries = []
            for uploaded in field_files:
                tmp_name = getattr(uploaded, "tmp_name", None)
                if tmp_name is None:
                    uploaded.seek(0)
                    tmp_name = self.file_storage.save(uploaded.name, uploaded)
                kept.add(tmp_name)
                entries.append(
                    {
                        "tmp_name": tmp_name,
                        "name": uploaded.name,
                        "content_type": uploaded.content_type,
                        "size": uploaded.size,
                        "charset": uploaded.charset,
                    }
                )
            if entries:
                stored[field_name] = entries
        for entries in previous.values():
            for entry in entries if isinstance(entries, list) else [entries]:
                if entry["tmp_name"] not in kept:
                    self._tmp_files.append(entry["tmp_name"])
        self.data[self.step_files_key][step] = stored

    def reset(self):
        """Forget everything and delete the uploaded files (after the response)."""
        self._tmp_files.extend(file_names(self.data))
        self.init_data()

    def update_response(self, response):
        def close_and_delete(response):
            for stored_file in self._files.values():
                if not stored_file.closed:
                    stored_file.close()
            for name in set(self._tmp_files) - set(self.protected_files):
                self.file_storage.delete(name)

        if hasattr(response, "render"):
            response.add_post_render_callback(close_and_delete)
        else:
            close_and_delete(response)
