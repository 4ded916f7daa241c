"""The import pages: /office/import/ (upload) and /office/import/<pk>/ (preview, confirm)."""

from __future__ import annotations

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from directory.models import Resource
from tests.base import OfficeTestCase
from transfer.models import ImportJob, SavedMapping

DATA = Path(__file__).parent / "data" / "import"


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


class ImportViewsTest(OfficeTestCase):
    def post_file(self, name: str, content: bytes, **extra):
        return self.client.post("/office/import/", {"file": upload(name, content), **extra})

    def test_it_uploads_previews_and_confirms(self):
        self.client.force_login(self.chuo_coordinator)
        page = self.client.get("/office/import/")
        self.assertContains(page, 'type="file"')
        self.assertContains(page, "Shift_JIS（CP932）")
        response = self.post_file("list.csv", (DATA / "ours-utf8-bom.csv").read_bytes())
        job = ImportJob.objects.get()
        self.assertRedirects(response, f"/office/import/{job.pk}/")
        self.assertFalse(Resource.objects.filter(name="院内体操クラブ").exists())
        preview = self.client.get(f"/office/import/{job.pk}/")
        self.assertContains(preview, "新規 2件、変更 0件、変更なし 0件、エラー 0件")
        self.assertContains(preview, "院内体操クラブ")
        self.assertContains(preview, "新規")
        self.assertContains(preview, 'name="confirm"')
        self.assertNotContains(preview, "disabled")
        done = self.client.post(f"/office/import/{job.pk}/", {"confirm": "1"})
        self.assertRedirects(done, "/office/resources/", fetch_redirect_response=False)
        self.assertTrue(Resource.objects.filter(name="院内体操クラブ").exists())
        job.refresh_from_db()
        self.assertEqual(job.state, ImportJob.State.DONE)
        # Confirming twice does nothing more.
        self.client.post(f"/office/import/{job.pk}/", {"confirm": "1"})
        self.assertEqual(Resource.objects.filter(name="院内体操クラブ").count(), 1)

    def test_it_blocks_the_import_on_rows_outside_the_coordinators_areas(self):
        self.client.force_login(self.higashichiba_coordinator)
        content = "名称,分類コード,住所\n院内の会,5.1.1,千葉市中央区院内1-1\n中央の会,5.1.1,千葉市中央区中央1-1-1\n"
        self.post_file("list.csv", content.encode("cp932"))
        job = ImportJob.objects.get()
        page = self.client.get(f"/office/import/{job.pk}/")
        self.assertContains(page, "3行目「住所」")
        self.assertContains(page, "担当地域の外")
        self.assertContains(page, "disabled")
        response = self.client.post(f"/office/import/{job.pk}/", {"confirm": "1"})
        self.assertRedirects(response, f"/office/import/{job.pk}/")
        self.assertFalse(Resource.objects.filter(name="院内の会").exists())

    def test_it_refuses_bad_files_with_a_message_on_the_form(self):
        self.client.force_login(self.admin)
        for name, message in [
            ("picture.csv", "CSV でも Excel"),
            ("not-text.csv", "文字コードを判別できませんでした"),
        ]:
            response = self.post_file(name, (DATA / name).read_bytes())
            self.assertContains(response, message, status_code=400)
        response = self.post_file("empty.csv", b"")
        self.assertContains(response, "ファイルが空です", status_code=400)
        with override_settings(SASAEAI_IMPORT_MAX_BYTES=10):
            response = self.post_file("big.csv", b"x" * 100)
        self.assertContains(response, "大きすぎます", status_code=400)
        self.assertFalse(ImportJob.objects.exists())

    def test_it_refuses_a_real_50_mb_file_by_its_size(self):
        self.client.force_login(self.admin)
        line = "名称,住所\r\n" + "サロン,千葉市中央区院内1丁目\r\n" * 20
        content = (line * (50 * 1024 * 1024 // len(line.encode()) + 1)).encode()
        self.assertGreater(len(content), 50 * 1024 * 1024)
        response = self.post_file("big.csv", content)
        self.assertContains(response, "大きすぎます", status_code=400)
        self.assertFalse(ImportJob.objects.exists())

    def test_it_maps_columns_and_saves_the_mapping(self):
        self.client.force_login(self.admin)
        content = "活動,区分,メモ\n院内の会,5.1.1,x\n"
        self.post_file("city.csv", content.encode("utf-8"))
        job = ImportJob.objects.get()
        page = self.client.get(f"/office/import/{job.pk}/")
        self.assertContains(page, "「名称」の列が見つかりません")
        self.assertContains(page, '<label for="id_col_0">活動</label>', html=True)
        response = self.client.post(
            f"/office/import/{job.pk}/",
            {"col_0": "name", "col_1": "categories", "col_2": "", "save_as": "市の一覧"},
        )
        self.assertRedirects(response, f"/office/import/{job.pk}/", fetch_redirect_response=False)
        self.assertEqual(SavedMapping.objects.get(name="市の一覧").mapping["活動"], "name")
        page = self.client.get(f"/office/import/{job.pk}/")
        self.assertContains(page, "新規 1件")
        # The next upload with the same headers picks the saved mapping.
        self.post_file("city2.csv", content.encode("utf-8"))
        self.assertEqual(ImportJob.objects.order_by("-pk").first().mapping["区分"], "categories")
        # A mapping without a name column is refused.
        bad = self.client.post(f"/office/import/{job.pk}/", {"col_0": "", "col_1": "categories"})
        self.assertContains(bad, "「名称」にあたる列", status_code=400)
        bad = self.client.post(f"/office/import/{job.pk}/", {"col_0": "name", "col_1": "name"})
        self.assertContains(bad, "2つの列に選ばれています", status_code=400)

    def test_it_refuses_viewers_outsiders_and_other_peoples_jobs(self):
        self.client.force_login(self.viewer)
        self.assertEqual(self.client.get("/office/import/").status_code, 403)
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get("/office/import/").status_code, 403)
        self.client.logout()
        self.assertEqual(self.client.get("/office/import/").status_code, 302)
        job = ImportJob.objects.create(data=b"a", filename="x.csv", created_by=self.admin)
        self.client.force_login(self.chuo_coordinator)
        self.assertEqual(self.client.get(f"/office/import/{job.pk}/").status_code, 404)

    def test_it_refuses_the_import_after_a_change_since_the_preview(self):
        self.client.force_login(self.admin)
        content = f"ID,名称,料金\n{self.salon.pk},院内ひだまりサロン,200円\n"
        self.post_file("list.csv", content.encode("utf-8"))
        job = ImportJob.objects.get()
        self.assertContains(self.client.get(f"/office/import/{job.pk}/"), "変更 1件")
        Resource.objects.filter(pk=self.salon.pk).update(version=50)
        response = self.client.post(f"/office/import/{job.pk}/", {"confirm": "1"}, follow=True)
        self.assertContains(response, "ほかの人が地域資源を変更しました")
        self.salon.refresh_from_db()
        self.assertEqual(self.salon.fee_amount, 100)

    def test_it_keeps_geta_cells_unless_the_box_is_ticked(self):
        from transfer import exporter

        self.salon.name = "𠮷田ひだまりサロン"
        self.salon.save()
        table = exporter.our_table(exporter.by_ids([self.salon.pk]), internal=True)
        content = exporter.drain(exporter.csv_chunks(table, encoding="cp932"))
        self.client.force_login(self.chuo_coordinator)
        self.post_file("cp932.csv", content)
        job = ImportJob.objects.get()
        page = self.client.get(f"/office/import/{job.pk}/")
        self.assertContains(page, "変更なし 1件")
        self.assertContains(page, "2行目「名称」")
        self.assertContains(page, "［〓田ひだまりサロン］")
        self.assertContains(page, 'name="accept_geta"')
        response = self.client.post(f"/office/import/{job.pk}/", {"confirm": "1"}, follow=True)
        self.assertContains(response, "取り込む行がありません")
        self.salon.refresh_from_db()
        self.assertEqual(self.salon.name, "𠮷田ひだまりサロン")
        self.client.post(f"/office/import/{job.pk}/", {"confirm": "1", "accept_geta": "1"})
        self.salon.refresh_from_db()
        self.assertEqual(self.salon.name, "〓田ひだまりサロン")

    def test_it_lets_a_coordinator_bring_back_a_city_wide_export(self):
        self.client.force_login(self.admin)
        response = self.client.get("/office/resources/export/?format=csv")
        content = b"".join(response.streaming_content).decode("utf-8-sig")
        # The salon (in their area) is changed; the rest of the city comes back unchanged.
        content = content.replace("院内ひだまりサロン", "院内ひだまりサロン（新）", 1)
        self.client.force_login(self.higashichiba_coordinator)
        self.post_file("all.csv", content.encode("utf-8"))
        job = ImportJob.objects.get()
        page = self.client.get(f"/office/import/{job.pk}/")
        self.assertContains(page, "変更 1件")
        self.assertContains(page, "エラー 0件（ほかに担当外・変更なし")
        done = self.client.post(f"/office/import/{job.pk}/", {"confirm": "1"}, follow=True)
        self.assertContains(done, "変更がないため、そのままにしました")
        self.salon.refresh_from_db()
        self.assertEqual(self.salon.name, "院内ひだまりサロン（新）")
