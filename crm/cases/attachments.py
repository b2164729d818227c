"""Saving uploaded files onto a case, and handing them back out.

Every file goes through the upload rule (`crm.cases.uploads.check_upload`: type from the bytes,
allow-list, size), is kept privately under a name whose extension matches its real type, records
its sniffed type (what we serve, never what the browser claimed), and waits for the virus scanner
when one is configured (`crm.cases.virus_scan`). Forms run the same rule earlier, with the
question's own limits, so residents see the error on the page; this is the last line.
"""

import posixpath

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.http import FileResponse, Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from .enums import ScanStatus
from .models import CaseAttachment
from .uploads import check_upload
from .virus_scan import initial_scan_status, is_openable, queue_scan

MAX_NAME_LENGTH = 255


def original_file_name(uploaded_file: File) -> str:
    """The file's own name without any folder a browser sent (some send a full Windows path)."""
    name = posixpath.basename((uploaded_file.name or "").replace("\\", "/")).strip()
    return name[-MAX_NAME_LENGTH:] or "file"


def save_attachment(case, uploaded_file: File, *, uploaded_by=None, event=None) -> CaseAttachment:
    """Check the file against the upload rule and keep it on the case. Location data is left as
    the form decided (forms strip it before this, unless their question keeps it)."""
    if not uploaded_file.size:
        raise ValidationError(_("The selected file is empty."), code="empty")
    uploaded_file.name = original_file_name(uploaded_file)
    # A form has run the rule already, with its question's own (never larger) limits; a file from
    # any other caller is checked here.
    checked = (
        uploaded_file
        if getattr(uploaded_file, "upload_kind", None)
        else check_upload(uploaded_file, keep_location=True)
    )
    name = original_file_name(checked)
    attachment = CaseAttachment(
        case=case,
        original_name=name,
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=uploaded_by
        if uploaded_by is not None and uploaded_by.is_authenticated
        else None,
        event=event,
        scan_status=initial_scan_status(),
    )
    checked.seek(0)
    attachment.file.save(name, checked, save=False)
    attachment.save()
    if attachment.scan_status == ScanStatus.PENDING:
        transaction.on_commit(lambda: queue_scan(attachment.pk))
    return attachment


class AttachmentNotOpenable(PermissionDenied):
    """The file is waiting for its virus scan, or the scan blocked it."""


def unopenable_message(attachment: CaseAttachment) -> str:
    if attachment.scan_status == ScanStatus.PENDING:
        return _("This file is waiting for a virus scan. Try again in a few minutes.")
    if attachment.scan_status == ScanStatus.INFECTED:
        return _("This file cannot be opened because a virus was found in it.")
    return _("This file cannot be opened because it could not be checked for viruses.")


def attachment_download(attachment: CaseAttachment, request=None) -> FileResponse:
    """The file as a download, never shown inline, with the type we sniffed when it was saved.
    Callers check access first (selectors). A file not cleared by the virus scanner is refused:
    with `request`, on a page that says why; without, as AttachmentNotOpenable (403)."""
    if not is_openable(attachment):
        if request is None:
            raise AttachmentNotOpenable(unopenable_message(attachment))
        return TemplateResponse(
            request,
            "cases/file_not_openable.html",
            {"message": unopenable_message(attachment), "attachment": attachment},
            status=409 if attachment.scan_status == ScanStatus.PENDING else 403,
        )
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
