"""公園カルテ photos: added by the park's writers, re-encoded (no EXIF), shown to the back
office, removed; a bad file is refused in Japanese."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from fieldwork.models import ParkPhoto
from tests.test_views_fieldwork_parks import ParkTestCase, url


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (64, 48), (30, 120, 60))
    exif = Image.Exif()
    exif[0x8825] = {2: (35.0, 36.0, 0.0)}  # GPSInfo: a latitude
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


class ParkPhotoTest(ParkTestCase):
    def add(self, data: bytes, alt: str = "藤棚の下のベンチ"):
        upload = SimpleUploadedFile("park.jpg", data, content_type="image/jpeg")
        return self.client.post(url(self.park, "photos/"), {"image": upload, "alt": alt})

    def test_it_adds_a_photo_without_its_gps_and_shows_it(self):
        self.client.force_login(self.higashichiba_coordinator)
        data = jpeg_with_gps()
        self.assertIn(b"Exif", data)
        self.assertRedirects(self.add(data), url(self.park))
        photo = ParkPhoto.objects.get()
        self.assertNotIn(b"Exif", bytes(photo.image))
        self.assertEqual((photo.width, photo.height), (64, 48))
        self.client.force_login(self.viewer)
        detail = self.client.get(url(self.park))
        self.assertContains(detail, 'alt="藤棚の下のベンチ"')
        shown = self.client.get(url(self.park, f"photos/{photo.pk}/"))
        self.assertEqual(shown["Content-Type"], "image/jpeg")
        self.assertEqual(shown["Cache-Control"], "no-store, private")

    def test_it_prints_the_first_photo_on_the_karte(self):
        self.client.force_login(self.higashichiba_coordinator)
        self.client.get(url(self.park, "print/"))
        self.assertNotContains(self.client.get(url(self.park, "print/")), 'id="karte-photo-h"')
        self.add(jpeg_with_gps(), alt="入口の藤棚")
        self.add(jpeg_with_gps(), alt="奥の広場")
        first = ParkPhoto.objects.order_by("pk").first()
        printed = self.client.get(url(self.park, "print/"))
        self.assertContains(printed, 'id="karte-photo-h"')
        self.assertContains(
            printed, f'src="{url(self.park, f"photos/{first.pk}/")}" alt="入口の藤棚"'
        )
        self.assertNotContains(printed, "奥の広場")

    def test_it_refuses_a_file_that_is_not_a_photo(self):
        self.client.force_login(self.higashichiba_coordinator)
        response = self.add(b"<script>alert(1)</script>")
        self.assertContains(
            response, "JPEG・PNG・WebP形式の写真を選んでください。", status_code=400
        )
        missing_alt = self.add(jpeg_with_gps(), alt="")
        self.assertContains(missing_alt, "写真の説明を入力してください。", status_code=400)
        self.assertFalse(ParkPhoto.objects.exists())

    def test_it_lets_only_the_parks_writers_add_and_remove(self):
        self.client.force_login(self.viewer)
        self.assertEqual(self.add(jpeg_with_gps()).status_code, 403)
        self.client.force_login(self.higashichiba_coordinator)
        outside = self.client.post(
            url(self.mihama_park, "photos/"),
            {"image": SimpleUploadedFile("p.jpg", jpeg_with_gps()), "alt": "外"},
        )
        self.assertEqual(outside.status_code, 403)
        self.add(jpeg_with_gps())
        photo = ParkPhoto.objects.get()
        self.client.post(url(self.park, f"photos/{photo.pk}/remove/"))
        self.assertFalse(ParkPhoto.objects.exists())
