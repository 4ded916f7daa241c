"""Photo uploads: checked, turned upright, stripped of metadata, shrunk and re-encoded.

Only the re-encoded pixels are kept: nothing of the uploaded file (EXIF with its GPS
position and camera serial, XMP, comments, colour profiles, a second image hidden after
the first) reaches the database or a visitor. The format is decided from the content,
never from the file name or the browser's content type.
"""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass
from typing import IO, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image, ImageCms, ImageFile, ImageOps

ACCEPTED_FORMATS = ["JPEG", "PNG", "WEBP"]
# Refused before decoding: a small file can claim a huge canvas (a decompression bomb).
# 40 million pixels is more than any phone's normal photo (12–24 MP).
MAX_PIXELS = 40_000_000
JPEG_QUALITY = 85

# What Pillow raises on files that only look like images.
DECODE_ERRORS = (
    OSError,  # UnidentifiedImageError, truncated data
    SyntaxError,  # broken PNG chunks
    ValueError,
    TypeError,
    IndexError,
    EOFError,
    struct.error,
    Image.DecompressionBombError,
    Image.DecompressionBombWarning,  # when warnings are turned into errors
)


@dataclass(frozen=True)
class ProcessedPhoto:
    data: bytes
    content_type: str  # "image/jpeg" or "image/png"
    width: int
    height: int


def _too_big() -> ValidationError:
    mb = settings.SASAEAI_PHOTO_MAX_BYTES // (1024 * 1024)
    return ValidationError(f"写真は{mb}MBまでです。", code="photo_size")


def _not_a_photo() -> ValidationError:
    return ValidationError("JPEG・PNG・WebP形式の写真を選んでください。", code="photo_format")


def _too_many_pixels() -> ValidationError:
    return ValidationError(
        "写真の画素数が多すぎます。縦横の大きさを小さくしてから選んでください。",
        code="photo_pixels",
    )


def _read_limited(uploaded_file: IO[bytes]) -> bytes:
    limit = settings.SASAEAI_PHOTO_MAX_BYTES
    size = getattr(uploaded_file, "size", None)
    if size is not None and size > limit:
        raise _too_big()
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)
    data = uploaded_file.read(limit + 1)
    if len(data) > limit:
        raise _too_big()
    if not data:
        raise _not_a_photo()
    return data


def _open(data: bytes) -> Image.Image:
    """The decoded first frame; ValidationError for anything that is not a sound photo."""
    try:
        image = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
    except Image.DecompressionBombError as exc:
        raise _too_many_pixels() from exc
    except DECODE_ERRORS as exc:
        raise _not_a_photo() from exc
    if image.format not in ACCEPTED_FORMATS:
        raise _not_a_photo()
    width, height = image.size
    if width < 1 or height < 1:
        raise _not_a_photo()
    if width * height > MAX_PIXELS:
        raise _too_many_pixels()
    # WeasyPrint (the PDF guide) turns on Pillow's process-wide LOAD_TRUNCATED_IMAGES when it
    # is imported; an upload cut short must still be refused, so it is off while we decode.
    tolerant, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
    try:
        if image.format == "JPEG":
            # Decode at a reduced scale where the JPEG allows it: less memory, same result.
            side = settings.SASAEAI_PHOTO_MAX_SIDE
            image.draft("RGB", (side, side))
        image.load()
    except Image.DecompressionBombError as exc:
        raise _too_many_pixels() from exc
    except DECODE_ERRORS as exc:
        raise _not_a_photo() from exc
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = tolerant
    return image


def _upright(image: Image.Image) -> Image.Image:
    try:
        return ImageOps.exif_transpose(image)
    except DECODE_ERRORS:
        return image  # an unreadable orientation tag: keep the pixels as stored


def _to_srgb(image: Image.Image) -> Image.Image:
    """Apply an embedded colour profile, so the colours survive dropping it."""
    icc = image.info.get("icc_profile")
    if not icc or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        mode = "RGBA" if image.mode == "RGBA" else "RGB"
        converted = ImageCms.profileToProfile(
            image, source, ImageCms.createProfile("sRGB"), outputMode=mode
        )
    except (ImageCms.PyCMSError, *DECODE_ERRORS):
        return image
    return converted if converted is not None else image


def _has_transparency(image: Image.Image) -> bool:
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        alpha = image.convert("RGBA").getchannel("A")
        low, _high = cast(tuple[int, int], alpha.getextrema())  # one band: (min, max)
        return low < 255
    return False


def _to_8bit(image: Image.Image) -> Image.Image:
    """16-bit and float greyscale (some PNGs) as 8-bit greyscale."""
    if image.mode in ("I", "I;16", "I;16B", "I;16L", "I;16N", "F"):
        return image.convert("I").point(lambda v: v / 256).convert("L")
    return image


def process_upload(uploaded_file: IO[bytes]) -> ProcessedPhoto:
    """Check and re-encode an uploaded photo; ValidationError (Japanese) if refused."""
    image = _open(_read_limited(uploaded_file))
    try:
        image = _to_8bit(_upright(image))
        image = _to_srgb(image)
        transparent = _has_transparency(image)
        image = image.convert("RGBA" if transparent else "RGB")
        side = settings.SASAEAI_PHOTO_MAX_SIDE
        image.thumbnail((side, side), Image.Resampling.LANCZOS)
    except DECODE_ERRORS as exc:
        raise _not_a_photo() from exc
    image.info = {}  # nothing of the original's metadata goes into the new file
    out = io.BytesIO()
    if transparent:
        image.save(out, "PNG", optimize=True)
        content_type = "image/png"
    else:
        image.save(out, "JPEG", quality=JPEG_QUALITY, progressive=True, optimize=True)
        content_type = "image/jpeg"
    return ProcessedPhoto(out.getvalue(), content_type, image.width, image.height)
