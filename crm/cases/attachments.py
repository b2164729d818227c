"""Saving uploaded files onto a case. Type and size limits are the form's job; this keeps the
file privately and records what the resident called it."""

import mimetypes
import posixpath

from django.core.exceptions import ValidationError
from django.core.files import File
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

from .models import CaseAttachment

MAX_NAME_LENGTH = 255


def original_file_name(uploaded_file: File) -> str:
    """The file's own name without any folder a browser sent (some send a full Windows path)."""
    name = posixpath.basename((uploaded_file.name or "").replace("\\", "/")).strip()
    return name[-MAX_NAME_LENGTH:] or "file"


def save_attachment(case, uploaded_file: File, *, uploaded_by=None, event=None) -> CaseAttachment:
    if not uploaded_file.size:
        raise ValidationError(_("The selected file is empty."), code="empty")
    name = original_file_name(uploaded_file)
    content_type = (
        getattr(uploaded_file, "content_type", None)
        or mimetypes.guess_type(name)[0]
        or "application/octet-stream"
    )
    attachment = CaseAttachment(
        case=case,
        original_name=name,
        content_type=content_type[:100],
        size=uploaded_file.size,
        uploaded_by=uploaded_by
        if uploaded_by is not None and uploaded_by.is_authenticated
        else None,
        event=event,
    )
    attachment.file.save(name, uploaded_file, save=False)
    attachment.save()
    return attachment


def attachment_download(attachment: CaseAttachment) -> FileResponse:
    """The file as a download, never shown inline: callers check access first (selectors)."""
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
