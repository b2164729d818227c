"""Real tiny files (and files whose bytes are not what their names say), for upload tests.

The JPEG, PNG, PDF and DOCX are whole, valid files: a viewer opens them. HEIC needs an encoder we
do not have in tests, so it is only the start of one (enough for the type to be recognised).
"""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from PIL import ExifTags, Image

# Where a photo was taken, in EXIF's degrees/minutes/seconds: Fernleigh town hall (made up).
GPS_TAGS = {
    ExifTags.GPS.GPSLatitudeRef: "N",
    ExifTags.GPS.GPSLatitude: (52.0, 12.0, 30.5),
    ExifTags.GPS.GPSLongitudeRef: "W",
    ExifTags.GPS.GPSLongitude: (1.0, 30.0, 15.25),
}


def image_bytes(image_format: str, *, gps: bool = False, size=(16, 12)) -> bytes:
    """A small real photo, with a camera make and date, and GPS tags when `gps`."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Doorstep Camera"
    exif[ExifTags.Base.Orientation] = 1
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = "2026:11:30 09:15:00"
    if gps:
        exif[ExifTags.Base.GPSInfo] = dict(GPS_TAGS)
    output = io.BytesIO()
    Image.new("RGB", size, (90, 120, 60)).save(output, format=image_format, exif=exif)
    return output.getvalue()


def pdf_bytes() -> bytes:
    """A one-page PDF with a correct cross-reference table."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    output = io.BytesIO()
    output.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(output.tell())
        output.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = output.tell()
    output.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        output.write(b"%010d 00000 n \n" % offset)
    output.write(b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1))
    output.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return output.getvalue()


def docx_bytes(*, with_document: bool = True) -> bytes:
    """A minimal Word document (a ZIP with word/document.xml); without it, just some ZIP."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org'
            '/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
            "</Types>",
        )
        if with_document:
            archive.writestr(
                "word/document.xml",
                '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.'
                'openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Hello'
                "</w:t></w:r></w:p></w:body></w:document>",
            )
        else:
            archive.writestr("notes.txt", "Not a Word document")
    return output.getvalue()


JPEG_BYTES = image_bytes("JPEG")
PNG_BYTES = image_bytes("PNG")
HEIC_BYTES = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64
PDF_BYTES = pdf_bytes()
DOCX_BYTES = docx_bytes()
TEXT_BYTES = b"Just some text pretending to be a photo.\n" * 4
HTML_BYTES = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>\n"


def jpeg(name="photo.jpg", size=None, *, gps=False):
    content = image_bytes("JPEG", gps=True) if gps else JPEG_BYTES
    if size is not None:  # padding after the end-of-image marker: still a JPEG to any viewer
        content = content + b"\x00" * (size - len(content))
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


def png(name="photo.png", *, gps=False):
    content = image_bytes("PNG", gps=True) if gps else PNG_BYTES
    return SimpleUploadedFile(name, content, content_type="image/png")


def heic(name="photo.heic"):
    return SimpleUploadedFile(name, HEIC_BYTES, content_type="image/heic")


def pdf(name="letter.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def docx(name="letter.docx"):
    return SimpleUploadedFile(
        name,
        DOCX_BYTES,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


def text_file(name="notes.txt"):
    return SimpleUploadedFile(name, TEXT_BYTES, content_type="text/plain")


def html_named_pdf(name="map.pdf"):
    """An HTML page (a script that would run if served inline) dressed as a PDF."""
    return SimpleUploadedFile(name, HTML_BYTES, content_type="application/pdf")


def heic_bytes(*, gps: bool = False) -> bytes:
    """A real HEIC photo (needs pillow-heif, which the upload rule uses to strip its GPS)."""
    import pillow_heif

    pillow_heif.register_heif_opener()
    return image_bytes("HEIF", gps=gps)


class ChunkCounter(FileUploadHandler):
    """A test upload handler placed after the capped one: it records how many bytes of each file
    reached the handlers that store files, then passes the chunks on untouched."""

    received: dict[str, int] = {}

    def new_file(self, field_name, *args, **kwargs):
        super().new_file(field_name, *args, **kwargs)
        ChunkCounter.received[field_name] = 0

    def receive_data_chunk(self, raw_data, start):
        ChunkCounter.received[self.field_name] += len(raw_data)
        return raw_data

    def file_complete(self, file_size):
        return None


def count_stored_chunks(settings) -> dict[str, int]:
    """Put ChunkCounter just after the capped handler; returns its (emptied) record."""
    handlers = list(settings.FILE_UPLOAD_HANDLERS)
    handlers.insert(1, "tests.forms.uploads.ChunkCounter")
    settings.FILE_UPLOAD_HANDLERS = handlers
    ChunkCounter.received = {}
    return ChunkCounter.received
