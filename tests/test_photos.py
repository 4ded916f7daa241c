"""directory/photos.py: what an upload must be, and what is left of it after re-encoding."""

from __future__ import annotations

import io
import os

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image, ImageCms

from directory.photos import MAX_PIXELS, process_upload

GPS_IFD = 0x8825
ORIENTATION = 0x0112
FORMAT_ERROR = "JPEG・PNG・WebP形式の写真を選んでください。"


def encode(image: Image.Image, fmt: str, **params) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **params)
    return out.getvalue()


def upload(data: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def gps_jpeg(size: tuple[int, int] = (120, 80), orientation: int | None = None) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0131] = "Camera app 1.0"  # Software
    exif[GPS_IFD] = {1: "N", 2: (35.0, 36.0, 40.0), 3: "E", 4: (140.0, 7.0, 24.0)}
    if orientation:
        exif[ORIENTATION] = orientation
    return encode(image, "JPEG", exif=exif.tobytes(), comment=b"secret comment")


def reopen(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def refused(data: bytes, name: str = "photo.jpg") -> str:
    with pytest.raises(ValidationError) as caught:
        process_upload(upload(data, name))
    return caught.value.messages[0]


def test_it_removes_exif_and_gps_from_a_jpeg() -> None:
    result = process_upload(upload(gps_jpeg()))
    assert result.content_type == "image/jpeg"
    out = reopen(result.data)
    assert out.format == "JPEG"
    assert not out.getexif()
    assert out.getexif().get_ifd(GPS_IFD) == {}
    for key in ("exif", "comment", "icc_profile", "xmp", "photoshop"):
        assert key not in out.info
    assert b"Exif" not in result.data[:4096]
    assert b"PhoneMaker" not in result.data
    assert b"secret comment" not in result.data


def test_it_turns_the_photo_upright_before_dropping_the_orientation() -> None:
    # Orientation 6: stored landscape, shown rotated 90° (portrait).
    result = process_upload(upload(gps_jpeg((120, 80), orientation=6)))
    assert (result.width, result.height) == (80, 120)
    out = reopen(result.data)
    assert out.size == (80, 120)
    assert ORIENTATION not in out.getexif()


def test_it_encodes_jpeg_as_progressive_rgb() -> None:
    grey = encode(Image.new("L", (50, 50), 128), "JPEG")
    out = reopen(process_upload(upload(grey)).data)
    assert out.mode == "RGB"
    assert out.info.get("progressive") or out.info.get("progression")


def test_it_keeps_a_png_with_transparency_as_png() -> None:
    image = Image.new("RGBA", (64, 64), (0, 0, 255, 0))
    image.paste((255, 0, 0, 255), (16, 16, 48, 48))
    data = encode(image, "PNG", pnginfo=_png_text("Author", "someone@example.jp"))
    result = process_upload(upload(data, "logo.png", "image/png"))
    assert result.content_type == "image/png"
    out = reopen(result.data)
    assert out.format == "PNG" and out.mode == "RGBA"
    assert out.getpixel((0, 0))[3] == 0 and out.getpixel((32, 32)) == (255, 0, 0, 255)
    assert "Author" not in out.info
    assert b"someone@example.jp" not in result.data


def test_it_turns_an_opaque_png_into_jpeg() -> None:
    data = encode(Image.new("RGBA", (40, 30), (10, 200, 10, 255)), "PNG")
    result = process_upload(upload(data, "photo.png", "image/png"))
    assert result.content_type == "image/jpeg"
    assert (result.width, result.height) == (40, 30)


def test_it_accepts_webp() -> None:
    data = encode(Image.new("RGB", (90, 60), (0, 120, 255)), "WEBP", quality=80)
    result = process_upload(upload(data, "photo.webp", "image/webp"))
    assert result.content_type == "image/jpeg"
    assert reopen(result.data).size == (90, 60)


def test_it_accepts_a_16_bit_greyscale_png() -> None:
    data = encode(Image.new("I;16", (20, 20), 40000), "PNG")
    out = reopen(process_upload(upload(data, "scan.png", "image/png")).data)
    assert out.mode == "RGB" and out.size == (20, 20)


def test_it_applies_a_colour_profile_and_drops_it() -> None:
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = encode(Image.new("RGB", (30, 30), (50, 100, 150)), "JPEG", icc_profile=profile)
    out = reopen(process_upload(upload(data)).data)
    assert "icc_profile" not in out.info


def test_it_shrinks_huge_photos_to_the_longest_side() -> None:
    data = encode(Image.new("RGB", (4000, 1000), (1, 2, 3)), "JPEG")
    result = process_upload(upload(data))
    assert (result.width, result.height) == (1600, 400)
    assert reopen(result.data).size == (1600, 400)


@override_settings(SASAEAI_PHOTO_MAX_SIDE=100)
def test_it_follows_the_configured_longest_side() -> None:
    data = encode(Image.new("RGB", (300, 600), (1, 2, 3)), "PNG")
    result = process_upload(upload(data, "tall.png", "image/png"))
    assert (result.width, result.height) == (50, 100)


def test_it_leaves_small_photos_their_size() -> None:
    result = process_upload(upload(encode(Image.new("RGB", (33, 17)), "JPEG")))
    assert (result.width, result.height) == (33, 17)


def test_it_refuses_gif() -> None:
    data = encode(Image.new("P", (10, 10)), "GIF")
    assert refused(data, "animation.gif") == FORMAT_ERROR
    assert refused(data, "renamed.jpg") == FORMAT_ERROR


def test_it_refuses_svg() -> None:
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    assert refused(svg, "drawing.svg") == FORMAT_ERROR


def test_it_refuses_text_named_jpg() -> None:
    assert refused("これは写真ではありません".encode(), "photo.jpg") == FORMAT_ERROR


def test_it_refuses_an_empty_file() -> None:
    assert refused(b"", "photo.jpg") == FORMAT_ERROR


def test_it_refuses_other_image_formats() -> None:
    for fmt, name in (("BMP", "x.bmp"), ("TIFF", "x.tiff"), ("ICO", "x.ico")):
        assert refused(encode(Image.new("RGB", (16, 16)), fmt), name) == FORMAT_ERROR


def test_it_refuses_truncated_files() -> None:
    noise = Image.frombytes("RGB", (200, 200), os.urandom(200 * 200 * 3))
    jpeg = encode(noise, "JPEG", quality=95)
    png = encode(noise, "PNG")
    assert refused(jpeg[: len(jpeg) // 2]) == FORMAT_ERROR
    assert refused(png[: len(png) // 2], "photo.png") == FORMAT_ERROR


def test_it_refuses_a_jpeg_header_followed_by_garbage() -> None:
    assert refused(b"\xff\xd8\xff\xe0" + os.urandom(2000)) == FORMAT_ERROR


def test_it_refuses_files_over_the_size_limit() -> None:
    blob = b"\xff\xd8\xff\xe0" + b"\0" * (5 * 1024 * 1024)
    assert refused(blob) == "写真は5MBまでです。"


def test_it_refuses_a_big_file_even_when_size_is_not_known() -> None:
    blob = io.BytesIO(b"\xff\xd8\xff\xe0" + b"\0" * (5 * 1024 * 1024))
    with pytest.raises(ValidationError) as caught:
        process_upload(blob)
    assert caught.value.messages == ["写真は5MBまでです。"]


def test_it_refuses_decompression_bombs() -> None:
    # A tiny PNG that claims a 20000 × 20000 canvas (400 million pixels).
    bomb = encode(Image.new("1", (20000, 20000)), "PNG", optimize=True)
    assert len(bomb) < 200_000
    message = refused(bomb, "bomb.png")
    assert "画素数が多すぎます" in message


def test_it_refuses_images_just_over_the_pixel_limit() -> None:
    side = int(MAX_PIXELS**0.5) + 1
    data = encode(Image.new("L", (side, side)), "PNG", optimize=True)
    assert "画素数が多すぎます" in refused(data, "big.png")


def _png_text(key: str, value: str):
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text(key, value)
    return info


def test_it_refuses_truncated_files_even_after_weasyprint_is_loaded() -> None:
    # Importing WeasyPrint (the PDF guide) sets Pillow's process-wide LOAD_TRUNCATED_IMAGES.
    import weasyprint  # noqa: F401
    from PIL import ImageFile

    assert ImageFile.LOAD_TRUNCATED_IMAGES
    noise = Image.frombytes("RGB", (200, 200), os.urandom(200 * 200 * 3))
    jpeg = encode(noise, "JPEG", quality=95)
    assert refused(jpeg[: len(jpeg) // 2]) == FORMAT_ERROR
    assert ImageFile.LOAD_TRUNCATED_IMAGES  # left as WeasyPrint wants it
