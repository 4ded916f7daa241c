"""A 管理者 imports into their own city only: the upload form offers it alone, and the commit
checks again (transfer/forms.py UploadForm, transfer/tasks.commit_import)."""

from __future__ import annotations

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from directory.models import Resource
from tests.base import OfficeTestCase, add_second_city
from transfer import tasks
from transfer.models import ImportJob

DATA = Path(__file__).parent / "data" / "import"


class ImportCitiesTest(OfficeTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        add_second_city(cls)

    def post_file(self, **extra):
        content = (DATA / "ours-utf8-bom.csv").read_bytes()
        upload = SimpleUploadedFile("list.csv", content, content_type="text/csv")
        return self.client.post("/office/import/", {"file": upload, **extra})

    def test_it_offers_a_city_admin_their_own_city_only(self):
        self.client.force_login(self.funabashi_admin)
        page = self.client.get("/office/import/")
        self.assertContains(page, "取り込む市区町村")
        self.assertContains(page, f'<option value="{self.funabashi.pk}" selected>船橋市</option>')
        self.assertNotContains(page, "千葉市</option>")
        response = self.post_file(municipality=self.chiba.pk)
        self.assertContains(response, "一覧にある市区町村を選んでください", status_code=400)
        self.assertFalse(ImportJob.objects.exists())
        self.post_file()  # not sent: their own city
        self.assertEqual(ImportJob.objects.get().municipality, self.funabashi)

    def test_it_refuses_at_the_commit_a_job_for_another_city(self):
        # As if the form had been got round: a job of 船橋市's 管理者 for 千葉市.
        job = ImportJob.objects.create(
            data=(DATA / "ours-utf8-bom.csv").read_bytes(),
            filename="list.csv",
            created_by=self.funabashi_admin,
            municipality=self.chiba,
            state=ImportJob.State.QUEUED,
        )
        self.client.force_login(self.funabashi_admin)
        self.assertEqual(self.client.get(f"/office/import/{job.pk}/").status_code, 404)
        before = Resource.objects.count()
        tasks.commit_import.enqueue(job.pk, self.funabashi_admin.pk)
        job.refresh_from_db()
        self.assertEqual(job.state, ImportJob.State.FAILED)
        self.assertIn("千葉市には取り込めません", job.message)
        self.assertEqual(Resource.objects.count(), before)

    def test_it_imports_a_city_admins_rows_into_their_city(self):
        self.client.force_login(self.funabashi_admin)
        self.post_file()
        job = ImportJob.objects.get()
        self.client.get(f"/office/import/{job.pk}/")
        self.client.post(f"/office/import/{job.pk}/", {"confirm": "1"})
        job.refresh_from_db()
        self.assertEqual(job.state, ImportJob.State.DONE, job.message)
        made = Resource.objects.filter(name="院内体操クラブ").get()
        self.assertEqual(made.municipality, self.funabashi)
