"""Files whose bytes are (or are not) what their names say, for upload tests."""

from django.core.files.uploadedfile import SimpleUploadedFile

JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64
PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64
HEIC_BYTES = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64
PDF_BYTES = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n" + b"\x00" * 64
TEXT_BYTES = b"Just some text pretending to be a photo.\n" * 4


def jpeg(name="photo.jpg", size=None):
    content = JPEG_BYTES if size is None else JPEG_BYTES + b"\x00" * (size - len(JPEG_BYTES))
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


def png(name="photo.png"):
    return SimpleUploadedFile(name, PNG_BYTES, content_type="image/png")


def heic(name="photo.heic"):
    return SimpleUploadedFile(name, HEIC_BYTES, content_type="image/heic")


def pdf(name="letter.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def text_file(name="notes.txt"):
    return SimpleUploadedFile(name, TEXT_BYTES, content_type="text/plain")
