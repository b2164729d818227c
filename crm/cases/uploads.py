"""One rule for every file residents and staff send us (eForms, My Account messages, the admin).

- The type comes from the file's bytes, never its name or the browser's claim, and must be on the
  allow-list: JPEG, PNG, HEIC, PDF or DOCX (a DOCX is a ZIP holding word/document.xml).
- The sniffed type is what we store on the attachment and serve, and the stored name's extension
  is made to match it, so a "map.pdf" of HTML is refused and a PDF called "photo.jpg" is kept as
  "photo.pdf".
- Size is capped while the upload streams (`CappedUploadHandler`, in FILE_UPLOAD_HANDLERS): past
  the cap the rest of the file is thrown away as it arrives, and the form gets a placeholder that
  says so, so it can show "The selected file must be smaller than 10MB" and keep the other answers.
- Photos lose their GPS tags unless the question asks to keep the location (`photo_location`).
- With ClamAV configured, files wait for a virus scan before anyone can open them (`virus_scan`).

See docs/uploads.md.
"""

import posixpath
import zipfile
from dataclasses import dataclass
from io import BytesIO

import filetype
from django import forms
from django.conf import settings
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .photo_location import strip_location

SNIFF_BYTES = 8192
MB = 1024 * 1024
DEFAULT_MAX_FILE_SIZE = 25 * MB  # the most an eForm question may allow
DEFAULT_MAX_REQUEST_SIZE = 60 * MB
DOCX_MIME_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class UploadKind(models.TextChoices):
    """The file types we accept, recognised from their bytes."""

    JPEG = "jpeg", "JPG"
    PNG = "png", "PNG"
    HEIC = "heic", "HEIC"
    PDF = "pdf", "PDF"
    DOCX = "docx", gettext_lazy("Word document (DOCX)")


@dataclass(frozen=True)
class FileType:
    kind: UploadKind
    mime_type: str  # what we store and serve
    extensions: tuple[str, ...]  # the first is the one we give a file that has none of these


FILE_TYPES: dict[UploadKind, FileType] = {
    UploadKind.JPEG: FileType(UploadKind.JPEG, "image/jpeg", (".jpg", ".jpeg", ".jpe")),
    UploadKind.PNG: FileType(UploadKind.PNG, "image/png", (".png",)),
    UploadKind.HEIC: FileType(UploadKind.HEIC, "image/heic", (".heic", ".heif")),
    UploadKind.PDF: FileType(UploadKind.PDF, "application/pdf", (".pdf",)),
    UploadKind.DOCX: FileType(UploadKind.DOCX, DOCX_MIME_TYPE, (".docx",)),
}

# What `filetype` reports for each kind's bytes (ZIPs are looked into separately).
SNIFFED_KINDS: dict[str, UploadKind] = {
    "image/jpeg": UploadKind.JPEG,
    "image/png": UploadKind.PNG,
    "image/apng": UploadKind.PNG,
    "image/heic": UploadKind.HEIC,
    "image/heif": UploadKind.HEIC,
    "application/pdf": UploadKind.PDF,
}
ALL_KINDS: tuple[UploadKind, ...] = tuple(UploadKind)
PHOTO_KINDS = frozenset({UploadKind.JPEG, UploadKind.PNG, UploadKind.HEIC})


def max_file_size() -> int:
    """The most any one file may be, in bytes: the streaming cap."""
    return int(getattr(settings, "UPLOAD_MAX_FILE_SIZE", DEFAULT_MAX_FILE_SIZE))


def max_request_size() -> int:
    return int(getattr(settings, "UPLOAD_MAX_REQUEST_SIZE", DEFAULT_MAX_REQUEST_SIZE))


def size_text(size: int) -> str:
    """10485760 -> "10MB", as GOV.UK writes it."""
    if size >= MB:
        return f"{size // MB}MB"
    return f"{max(size // 1024, 1)}KB"


def kinds_text(kinds) -> str:
    """ "JPG, PNG or PDF"."""
    return str(get_text_list([str(UploadKind(kind).label) for kind in kinds], _("or")))


# --- Sniffing -------------------------------------------------------------------------------------


def sniff_kind(uploaded_file) -> UploadKind | None:
    """The kind the file's bytes show, or None when they are none we accept."""
    uploaded_file.seek(0)
    head = uploaded_file.read(SNIFF_BYTES)
    uploaded_file.seek(0)
    if not head:
        return None
    if head.startswith(b"PK\x03\x04"):
        return UploadKind.DOCX if _is_docx(uploaded_file) else None
    guess = filetype.guess(head)
    return SNIFFED_KINDS.get(guess.mime) if guess else None


def _is_docx(uploaded_file) -> bool:
    """A Word document is a ZIP with word/document.xml; reading the directory unpacks nothing."""
    try:
        with zipfile.ZipFile(uploaded_file) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        uploaded_file.seek(0)


def stored_name(name: str, kind: UploadKind) -> str:
    """The resident's file name with an extension that matches what the file is."""
    name = posixpath.basename((name or "").replace("\\", "/")).strip() or "file"
    stem, extension = posixpath.splitext(name)
    file_type = FILE_TYPES[kind]
    if extension.lower() in file_type.extensions:
        return name
    return f"{stem or 'file'}{file_type.extensions[0]}"


# --- The rule -------------------------------------------------------------------------------------


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; cleans to a list (empty when none were chosen). The form then
    runs `check_uploads` on the list."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


def check_upload(
    uploaded_file: UploadedFile,
    *,
    kinds=ALL_KINDS,
    max_size: int | None = None,
    keep_location: bool = False,
    subject: str | None = None,
) -> UploadedFile:
    """Check a file against the upload rule and return the file to keep: its `content_type` the
    sniffed type, its name's extension matching it, and a photo's GPS tags taken out unless
    `keep_location`. Raises a ValidationError with a GOV.UK message (codes: empty, too_big,
    file_type); `subject` names the file in it ("The selected file" by default)."""
    subject = subject or _("The selected file")
    limit = min(max_size or max_file_size(), max_file_size())
    if isinstance(uploaded_file, OversizedUpload):
        limit = min(limit, uploaded_file.limit)
        raise too_big_error(subject, limit)
    if not uploaded_file.size:
        raise ValidationError(_("%(subject)s is empty") % {"subject": subject}, code="empty")
    if uploaded_file.size > limit:
        raise too_big_error(subject, limit)
    kind = sniff_kind(uploaded_file)
    allowed = [UploadKind(item) for item in kinds] or list(ALL_KINDS)
    if kind not in allowed:
        raise ValidationError(
            _("%(subject)s must be a %(kinds)s")
            % {"subject": subject, "kinds": kinds_text(allowed)},
            code="file_type",
        )
    file_type = FILE_TYPES[kind]
    if kind in PHOTO_KINDS and not keep_location:
        uploaded_file = _without_location(uploaded_file, file_type)
    uploaded_file.name = stored_name(uploaded_file.name, kind)
    # What we store and tell staff is what the bytes are, not what the browser claimed.
    uploaded_file.content_type = file_type.mime_type
    uploaded_file.upload_kind = kind
    return uploaded_file


def check_uploads(files, **rule) -> list[UploadedFile]:
    """`check_upload` for files chosen together in one input: when there are several, each error
    names its file (“photo.jpg”) instead of "The selected file"."""
    several = len(files) > 1
    return [
        check_upload(
            uploaded_file,
            subject=_("“%(name)s”") % {"name": uploaded_file.name} if several else None,
            **rule,
        )
        for uploaded_file in files
    ]


def too_big_error(subject: str, limit: int) -> ValidationError:
    return ValidationError(
        _("%(subject)s must be smaller than %(size)s")
        % {"subject": subject, "size": size_text(limit)},
        code="too_big",
    )


def _without_location(uploaded_file: UploadedFile, file_type: FileType) -> UploadedFile:
    uploaded_file.seek(0)
    data = uploaded_file.read()
    uploaded_file.seek(0)
    stripped = strip_location(data, file_type.mime_type)
    if stripped is None:
        return uploaded_file
    return SimpleUploadedFile(uploaded_file.name, stripped, content_type=file_type.mime_type)


# --- Streaming cap --------------------------------------------------------------------------------


def is_cms_media_upload(request) -> bool:
    """Editors' images and documents in the Wagtail admin: Wagtail's own limits apply there
    (WAGTAILIMAGES_MAX_UPLOAD_SIZE), and a council's published PDFs can be large."""
    path = getattr(request, "path", "") or ""
    prefixes = []
    for name in ("wagtailimages:index", "wagtaildocs:index"):
        try:
            prefixes.append(reverse(name))
        except NoReverseMatch:
            continue
    return any(path.startswith(prefix) for prefix in prefixes)


class OversizedUpload(UploadedFile):
    """Stands in for a file that passed the streaming cap: it holds no bytes, only the fact."""

    def __init__(self, *, name: str, field_name: str, limit: int, received: int):
        super().__init__(file=BytesIO(b""), name=name, content_type="", size=received)
        self.field_name = field_name
        self.limit = limit


class CappedUploadHandler(FileUploadHandler):
    """First in FILE_UPLOAD_HANDLERS. Passes each file's chunks on to Django's handlers until the
    file passes the cap, then drops the part already stored and swallows the rest as it streams
    in, so no file over the cap is ever held whole in memory or on disk. The form then receives an
    `OversizedUpload` in the file's place and shows a size error; the other answers are kept.

    A request whose declared length is over the request cap is refused before it is read
    (RequestDataTooBig: a 400 response), as is one whose files add up to more than it."""

    active = True

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.request_total = 0
        self.active = not is_cms_media_upload(self.request)
        if self.active and content_length and content_length > max_request_size():
            raise RequestDataTooBig("Upload exceeded settings.UPLOAD_MAX_REQUEST_SIZE.")

    def new_file(self, field_name, file_name, *args, **kwargs):
        super().new_file(field_name, file_name, *args, **kwargs)
        self.limit = max_file_size()
        self.received = 0
        self.oversized = False

    def receive_data_chunk(self, raw_data, start):
        if not self.active:
            return raw_data
        self.received += len(raw_data)
        self.request_total = getattr(self, "request_total", 0) + len(raw_data)
        if self.request_total > max_request_size():
            raise RequestDataTooBig("Upload exceeded settings.UPLOAD_MAX_REQUEST_SIZE.")
        if self.oversized:
            return None
        if self.received > self.limit:
            self.oversized = True
            self._discard_partial_files()
            return None  # later handlers never see this chunk or any after it
        return raw_data

    def _discard_partial_files(self) -> None:
        """Close what the handlers after us stored of this file (a temporary file is deleted)."""
        for handler in self.request.upload_handlers if self.request is not None else ():
            if handler is not self and getattr(handler, "file", None) is not None:
                handler.file.close()

    def file_complete(self, file_size):
        if not self.oversized:
            return None  # Django's handlers return the file
        return OversizedUpload(
            name=self.file_name, field_name=self.field_name, limit=self.limit, received=file_size
        )
