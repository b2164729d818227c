"""Taking the location (GPS) out of photos residents send, without re-encoding them.

A phone photo carries where it was taken in its EXIF data. A resident reporting fly-tipping from
their front window would send us their home's coordinates without knowing, so photos lose their
GPS tags unless the form's question asks to keep the location. JPEG and PNG are rewritten segment
by segment (the picture itself is untouched); HEIC needs `pillow-heif` and is re-encoded.
"""

import io
import logging
import zlib

from PIL import ExifTags, Image

EXIF_HEADER = b"Exif\x00\x00"
XMP_HEADER = b"http://ns.adobe.com/xap/1.0/"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# PNG text chunks some tools (ImageMagick, Adobe) use to carry EXIF or XMP, GPS included.
PNG_METADATA_KEYWORDS = (b"Raw profile type exif", b"Raw profile type APP1", b"XML:com.adobe.xmp")
GPS_TAG = ExifTags.Base.GPSInfo

logger = logging.getLogger(__name__)


def strip_location(data: bytes, mime_type: str) -> bytes | None:
    """The photo's bytes without GPS data, or None when there was none to take out (or the
    format cannot be rewritten here)."""
    try:
        if mime_type == "image/jpeg":
            return _strip_jpeg(data)
        if mime_type in {"image/png", "image/apng"}:
            return _strip_png(data)
        if mime_type in {"image/heic", "image/heif"}:
            return _strip_heic(data)
    except Exception as error:  # noqa: BLE001 - a photo we cannot rewrite is kept as sent
        # A damaged EXIF block, an image too large to decode safely (DecompressionBombError)...
        logger.warning(
            "Could not remove the location from a %s (%s)", mime_type, type(error).__name__
        )
        return None
    return None


def has_location(data: bytes, mime_type: str) -> bool:
    """Whether the photo still holds GPS tags (for tests and the admin's peace of mind)."""
    if mime_type in {"image/heic", "image/heif"} and _pillow_heif() is None:
        return False
    try:
        image = Image.open(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - anything Pillow cannot open has no location we can read
        return False
    with image:
        return bool(image.getexif().get_ifd(GPS_TAG))


def _exif_without_gps(payload: bytes) -> bytes | None:
    """EXIF bytes (starting "Exif\\0\\0") without the GPS directory; None if it had none, and
    empty bytes (drop the whole block) when the block is too damaged to read or rewrite."""
    exif = Image.Exif()
    try:
        exif.load(payload)
        if GPS_TAG not in exif:
            return None
        del exif[GPS_TAG]
        return exif.tobytes()
    except Exception:  # noqa: BLE001 - unreadable EXIF may still hold a location: drop it all
        return b""


def _strip_jpeg(data: bytes) -> bytes | None:
    if not data.startswith(b"\xff\xd8"):
        return None
    parts = [data[:2]]
    position = 2
    changed = False
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            return None
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            parts.append(data[position : position + 1])
            position += 1
            continue
        if marker in (0xDA, 0xD9):  # start of scan or end of image: the picture itself
            parts.append(data[position:])
            return b"".join(parts) if changed else None
        length = int.from_bytes(data[position + 2 : position + 4], "big")
        segment = data[position : position + 2 + length]
        payload = segment[4:]
        if marker == 0xE1 and payload.startswith(EXIF_HEADER):
            stripped = _exif_without_gps(payload)
            if stripped is not None:
                changed = True
                segment = (
                    b"\xff\xe1" + (len(stripped) + 2).to_bytes(2, "big") + stripped
                    if stripped and len(stripped) + 2 <= 0xFFFF
                    else b""
                )
        elif marker == 0xE1 and payload.startswith(XMP_HEADER) and b"GPS" in payload:
            changed = True  # XMP can repeat the location (exif:GPSLatitude): drop it whole
            segment = b""
        parts.append(segment)
        position += 2 + length
    return None  # no picture data found: not a JPEG we understand, leave it


def _strip_png(data: bytes) -> bytes | None:
    if not data.startswith(PNG_SIGNATURE):
        return None
    parts = [PNG_SIGNATURE]
    position = len(PNG_SIGNATURE)
    changed = False
    while position + 12 <= len(data):
        length = int.from_bytes(data[position : position + 4], "big")
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        chunk = data[position : position + 12 + length]
        if kind == b"eXIf":
            stripped = _exif_without_gps(body)
            if stripped is not None:
                changed = True
                body = stripped.removeprefix(EXIF_HEADER)
                chunk = (
                    len(body).to_bytes(4, "big")
                    + kind
                    + body
                    + zlib.crc32(kind + body).to_bytes(4, "big")
                    if body
                    else b""
                )
        elif kind in (b"tEXt", b"zTXt", b"iTXt") and body.split(b"\x00", 1)[0] in (
            PNG_METADATA_KEYWORDS
        ):
            changed = True
            chunk = b""
        parts.append(chunk)
        position += 12 + length
        if kind == b"IEND":
            return b"".join(parts) if changed else None
    return None


def _pillow_heif():
    """`pillow_heif` with Pillow taught to open and write HEIF (safe to repeat), or None: it is
    optional, and without it HEIC photos are kept as sent (docs/uploads.md)."""
    try:
        import pillow_heif
    except ImportError:
        return None
    pillow_heif.register_heif_opener()
    return pillow_heif


def _strip_heic(data: bytes) -> bytes | None:
    pillow_heif = _pillow_heif()
    if pillow_heif is None:
        return None
    heif = pillow_heif.open_heif(io.BytesIO(data))
    exif_bytes = heif.info.get("exif")
    if not exif_bytes:
        return None
    stripped = _exif_without_gps(exif_bytes)
    if stripped is None:
        return None
    stripped = stripped or None  # unreadable: write the photo with no EXIF at all
    image = heif.to_pillow()
    image.info.pop("xmp", None)  # XMP can repeat the location
    output = io.BytesIO()
    # Re-encoded at a phone camera's own quality: lossless would make the file many times larger.
    image.save(output, format="HEIF", exif=stripped, xmp=None, quality=90)
    return output.getvalue()
