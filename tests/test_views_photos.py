"""Photos in the back office (/office/resources/<pk>/photos/) and on the public site (/photos/<pk>/)."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from directory.models import Photo, Resource
from office.models import Revision
from tests.base import OfficeTestCase

GPS_IFD = 0x8825


def jpeg_with_gps(size: tuple[int, int] = (64, 48)) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[GPS_IFD] = {1: "N", 2: (35.0, 36.0, 40.0), 3: "E", 4: (140.0, 7.0, 24.0)}
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def gif() -> bytes:
    out = io.BytesIO()
    Image.new("P", (10, 10)).save(out, "GIF")
    return out.getvalue()


def upload(data: bytes, name: str = "salon.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


class PhotoListTests(OfficeTestCase):
    def url(self, resource: Resource) -> str:
        return f"/office/resources/{resource.pk}/photos/"

    def post(self, resource: Resource, **data):
        return self.client.post(self.url(resource), data)

    def test_it_sends_anonymous_visitors_to_the_login(self) -> None:
        response = self.client.get(f"/office/resources/{self.salon.pk}/photos/")
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith("/office/login/?next="))

    def test_it_refuses_people_without_a_back_office_account(self) -> None:
        self.client.force_login(self.outsider)
        self.assertEqual(
            self.client.get(f"/office/resources/{self.salon.pk}/photos/").status_code, 403
        )

    def test_it_shows_the_photos_and_the_form(self) -> None:
        photo = self.make_photo(self.salon)
        self.client.force_login(self.chuo_coordinator)
        response = self.client.get(f"/office/resources/{self.salon.pk}/photos/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, f'src="/photos/{photo.pk}/"')
        self.assertContains(response, 'alt="サロンの様子"')
        self.assertContains(response, 'accept="image/jpeg,image/png,image/webp"')
        self.assertContains(response, 'enctype="multipart/form-data"')
        self.assertContains(response, "読み上げソフト")
        self.assertContains(
            response, f"/office/resources/{self.salon.pk}/photos/{photo.pk}/delete/"
        )

    def test_it_shows_a_viewer_the_photos_without_the_form(self) -> None:
        self.make_photo(self.salon)
        self.client.force_login(self.viewer)
        response = self.client.get(f"/office/resources/{self.salon.pk}/photos/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'alt="サロンの様子"')
        self.assertNotContains(response, 'type="file"')
        self.assertNotContains(response, "/delete/")

    def test_it_adds_a_photo_and_records_it_in_the_history(self) -> None:
        self.client.force_login(self.chuo_coordinator)
        response = self.client.post(
            f"/office/resources/{self.salon.pk}/photos/",
            {"image": upload(jpeg_with_gps()), "alt": "自治会館での体操"},
        )
        self.assertRedirects(
            response, f"/office/resources/{self.salon.pk}/photos/", fetch_redirect_response=False
        )
        photo = Photo.objects.get(resource=self.salon)
        self.assertEqual(photo.alt, "自治会館での体操")
        self.assertEqual(photo.content_type, "image/jpeg")
        self.assertEqual((photo.width, photo.height), (64, 48))
        self.assertNotIn(b"PhoneMaker", bytes(photo.image))
        revision = Revision.objects.filter(resource=self.salon).order_by("-number").first()
        self.assertEqual(revision.action, "photo")
        self.assertEqual(revision.user, self.chuo_coordinator)
        self.assertEqual(revision.comment, "写真を追加：自治会館での体操")
        self.salon.refresh_from_db()
        self.assertEqual(self.salon.version, 2)

    def test_it_lets_the_sphere_coordinator_add_a_photo_in_their_sphere(self) -> None:
        self.client.force_login(self.higashichiba_coordinator)
        response = self.client.post(
            f"/office/resources/{self.salon.pk}/photos/",
            {"image": upload(jpeg_with_gps()), "alt": "入口"},
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Photo.objects.filter(resource=self.salon).count(), 1)

    def test_it_refuses_an_upload_by_a_viewer(self) -> None:
        self.client.force_login(self.viewer)
        response = self.client.post(
            f"/office/resources/{self.salon.pk}/photos/",
            {"image": upload(jpeg_with_gps()), "alt": "入口"},
        )
        self.assertEqual(response.status_code, 403)
        self.assertFalse(Photo.objects.exists())

    def test_it_refuses_an_upload_outside_the_coordinators_area(self) -> None:
        for user, resource in (
            (self.chuo_coordinator, self.in_mihama),
            (self.higashichiba_coordinator, self.in_chuo),
        ):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                response = self.client.post(
                    f"/office/resources/{resource.pk}/photos/",
                    {"image": upload(jpeg_with_gps()), "alt": "入口"},
                )
                self.assertEqual(response.status_code, 403)
        self.assertFalse(Photo.objects.exists())
        self.assertFalse(Revision.objects.filter(action="photo").exists())

    def test_it_needs_the_alt_text(self) -> None:
        self.client.force_login(self.chuo_coordinator)
        for alt in ("", "   "):
            with self.subTest(alt=alt):
                response = self.client.post(
                    f"/office/resources/{self.salon.pk}/photos/",
                    {"image": upload(jpeg_with_gps()), "alt": alt},
                )
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "写真の説明を入力してください。")
        self.assertFalse(Photo.objects.exists())
        self.assertFalse(Revision.objects.filter(resource=self.salon).exists())

    def test_it_limits_the_alt_text_to_200_characters(self) -> None:
        self.client.force_login(self.chuo_coordinator)
        response = self.client.post(
            f"/office/resources/{self.salon.pk}/photos/",
            {"image": upload(jpeg_with_gps()), "alt": "あ" * 201},
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "写真の説明は200文字までで入力してください。")
        self.assertFalse(Photo.objects.exists())

    def test_it_refuses_a_gif(self) -> None:
        self.client.force_login(self.chuo_coordinator)
        response = self.client.post(
            f"/office/resources/{self.salon.pk}/photos/",
            {"image": upload(gif(), "salon.jpg"), "alt": "入口"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "JPEG・PNG・WebP形式の写真を選んでください。")
        self.assertFalse(Photo.objects.exists())
        self.assertFalse(Revision.objects.filter(resource=self.salon).exists())

    def test_it_needs_a_file(self) -> None:
        self.client.force_login(self.chuo_coordinator)
        response = self.client.post(f"/office/resources/{self.salon.pk}/photos/", {"alt": "入口"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "写真を選んでください。")
        self.assertFalse(Photo.objects.exists())

    def test_it_limits_the_number_of_photos(self) -> None:
        for _ in range(10):
            self.make_photo(self.salon)
        self.client.force_login(self.chuo_coordinator)
        response = self.client.post(
            f"/office/resources/{self.salon.pk}/photos/",
            {"image": upload(jpeg_with_gps()), "alt": "入口"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "写真は1件につき10枚までです。")
        self.assertEqual(Photo.objects.filter(resource=self.salon).count(), 10)

    def test_it_gives_404_for_unknown_or_huge_resource_ids(self) -> None:
        self.client.force_login(self.admin)
        for pk in (999999, 2**63, 10**30):
            with self.subTest(pk=pk):
                self.assertEqual(
                    self.client.get(f"/office/resources/{pk}/photos/").status_code, 404
                )

    def make_photo(self, resource: Resource, alt: str = "サロンの様子") -> Photo:
        return Photo.objects.create(
            resource=resource,
            image=jpeg_with_gps(),
            content_type="image/jpeg",
            width=64,
            height=48,
            alt=alt,
        )


class PhotoDeleteTests(OfficeTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.photo = Photo.objects.create(
            resource=cls.salon,
            image=jpeg_with_gps(),
            content_type="image/jpeg",
            width=64,
            height=48,
            alt="サロンの様子",
        )

    def test_it_removes_a_photo_softly_and_records_it(self) -> None:
        self.client.force_login(self.chuo_coordinator)
        response = self.client.post(
            f"/office/resources/{self.salon.pk}/photos/{self.photo.pk}/delete/"
        )
        self.assertRedirects(
            response, f"/office/resources/{self.salon.pk}/photos/", fetch_redirect_response=False
        )
        self.photo.refresh_from_db()
        self.assertIsNotNone(self.photo.removed_at)
        revision = Revision.objects.filter(resource=self.salon).order_by("-number").first()
        self.assertEqual(revision.action, "photo")
        self.assertEqual(revision.comment, "写真を外す：サロンの様子")
        self.assertEqual(self.client.get(f"/photos/{self.photo.pk}/").status_code, 404)
        page = self.client.get(f"/office/resources/{self.salon.pk}/photos/")
        self.assertNotContains(page, f'src="/photos/{self.photo.pk}/"')

    def test_it_refuses_get(self) -> None:
        self.client.force_login(self.chuo_coordinator)
        response = self.client.get(
            f"/office/resources/{self.salon.pk}/photos/{self.photo.pk}/delete/"
        )
        self.assertEqual(response.status_code, 405)
        self.photo.refresh_from_db()
        self.assertIsNone(self.photo.removed_at)

    def test_it_refuses_viewers_and_coordinators_of_other_areas(self) -> None:
        for user in (self.viewer, self.outsider):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                response = self.client.post(
                    f"/office/resources/{self.salon.pk}/photos/{self.photo.pk}/delete/"
                )
                self.assertEqual(response.status_code, 403)
        other = Photo.objects.create(
            resource=self.in_mihama,
            image=b"x",
            content_type="image/jpeg",
            width=1,
            height=1,
            alt="x",
        )
        self.client.force_login(self.chuo_coordinator)
        response = self.client.post(
            f"/office/resources/{self.in_mihama.pk}/photos/{other.pk}/delete/"
        )
        self.assertEqual(response.status_code, 403)
        self.assertFalse(Photo.objects.filter(removed_at__isnull=False).exists())

    def test_it_gives_404_for_a_photo_of_another_resource(self) -> None:
        self.client.force_login(self.admin)
        for url in (
            f"/office/resources/{self.in_chuo.pk}/photos/{self.photo.pk}/delete/",
            f"/office/resources/{self.salon.pk}/photos/999999/delete/",
            f"/office/resources/{self.salon.pk}/photos/{2**64}/delete/",
        ):
            with self.subTest(url=url):
                self.assertEqual(self.client.post(url).status_code, 404)
        self.photo.refresh_from_db()
        self.assertIsNone(self.photo.removed_at)


class PublicPhotoTests(OfficeTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.public_photo = cls.stored_photo(cls.salon)
        cls.draft_photo = cls.stored_photo(cls.hidden)

    @classmethod
    def stored_photo(cls, resource: Resource) -> Photo:
        from directory.photos import process_upload

        processed = process_upload(upload(jpeg_with_gps()))
        return Photo.objects.create(
            resource=resource,
            image=processed.data,
            content_type=processed.content_type,
            width=processed.width,
            height=processed.height,
            alt="写真",
        )

    def test_it_serves_a_published_resources_photo(self) -> None:
        response = self.client.get(f"/photos/{self.public_photo.pk}/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "image/jpeg")
        self.assertEqual(response["Cache-Control"], "public, max-age=300")
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertTrue(response["Content-Disposition"].startswith("inline"))
        image = Image.open(io.BytesIO(response.content))
        self.assertEqual(image.format, "JPEG")
        self.assertFalse(image.getexif())
        self.assertNotIn(b"PhoneMaker", response.content)

    def test_it_serves_a_paused_resources_photo(self) -> None:
        Resource.objects.filter(pk=self.salon.pk).update(status=Resource.Status.PAUSED)
        self.assertEqual(self.client.get(f"/photos/{self.public_photo.pk}/").status_code, 200)

    def test_it_hides_a_draft_resources_photo_from_the_public(self) -> None:
        response = self.client.get(f"/photos/{self.draft_photo.pk}/")
        self.assertEqual(response.status_code, 404)
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(f"/photos/{self.draft_photo.pk}/").status_code, 404)

    def test_it_shows_a_draft_resources_photo_to_staff_without_caching(self) -> None:
        self.client.force_login(self.viewer)
        response = self.client.get(f"/photos/{self.draft_photo.pk}/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Cache-Control"], "no-store, private")
        self.assertNotIn("ETag", response)

    def test_it_lets_a_cache_revalidate_a_public_photo_and_stop_when_it_is_unpublished(self):
        """Cached 5 minutes, then checked: an unpublished resource's photo goes away."""
        url = f"/photos/{self.public_photo.pk}/"
        first = self.client.get(url)
        etag, modified = first["ETag"], first["Last-Modified"]
        again = self.client.get(url, HTTP_IF_NONE_MATCH=etag)
        self.assertEqual(again.status_code, 304)
        self.assertEqual(again.content, b"")
        self.assertEqual(again["Cache-Control"], "public, max-age=300")
        self.assertEqual(again["ETag"], etag)
        self.assertEqual(self.client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code, 304)
        self.assertEqual(self.client.get(url, HTTP_IF_NONE_MATCH='"other"').status_code, 200)
        Resource.objects.filter(pk=self.salon.pk).update(status=Resource.Status.DRAFT)
        self.assertEqual(self.client.get(url, HTTP_IF_NONE_MATCH=etag).status_code, 404)
        self.assertEqual(self.client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code, 404)

    def test_it_shows_a_deleted_resources_photo_to_admins_only(self) -> None:
        Resource.objects.filter(pk=self.hidden.pk).update(status=Resource.Status.DELETED)
        self.client.force_login(self.chuo_coordinator)
        self.assertEqual(self.client.get(f"/photos/{self.draft_photo.pk}/").status_code, 404)
        self.client.force_login(self.admin)
        self.assertEqual(self.client.get(f"/photos/{self.draft_photo.pk}/").status_code, 200)

    def test_it_hides_a_removed_photo(self) -> None:
        Photo.objects.filter(pk=self.public_photo.pk).update(removed_at=timezone.now())
        response = self.client.get(f"/photos/{self.public_photo.pk}/")
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, "ページが見つかりません", status_code=404)

    def test_it_gives_404_for_unknown_and_huge_ids(self) -> None:
        for pk in (999999, 2**63, 10**40):
            with self.subTest(pk=pk):
                self.assertEqual(self.client.get(f"/photos/{pk}/").status_code, 404)

    def test_it_answers_only_get_and_head(self) -> None:
        self.assertEqual(self.client.head(f"/photos/{self.public_photo.pk}/").status_code, 200)
        self.assertEqual(self.client.post(f"/photos/{self.public_photo.pk}/").status_code, 405)

    def test_it_shows_photos_with_their_alt_text_on_the_public_page(self) -> None:
        Photo.objects.filter(pk=self.public_photo.pk).update(alt="自治会館の和室でお茶を飲む様子")
        page = self.client.get(f"/resources/{self.salon.pk}/").content.decode()
        self.assertIn(f'src="/photos/{self.public_photo.pk}/"', page)
        self.assertIn('alt="自治会館の和室でお茶を飲む様子"', page)
        Photo.objects.filter(pk=self.public_photo.pk).update(removed_at=timezone.now())
        page = self.client.get(f"/resources/{self.salon.pk}/").content.decode()
        self.assertNotIn(f"/photos/{self.public_photo.pk}/", page)
