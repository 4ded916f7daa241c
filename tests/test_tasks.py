"""Background work (docs/tasks.md): jobs queued in the database by the pages and commands,
run by django-tasks-db's real worker — in this process (its Worker loop, batch mode) or as
`manage.py db_worker` in a process of its own — on SQLite and PostgreSQL alike.

The rest of the suite runs jobs inside the request that queues them (SASAEAI_TASKS=immediate
in pytest.ini); these tests put the database backend back.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import TransactionTestCase, override_settings
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from directory import guide
from directory.jobs import BookletJob
from directory.models import Resource
from tests import processes
from tests.base import OfficeTestCase
from transfer import tasks as transfer_tasks
from transfer.models import ImportJob

ROOT = Path(__file__).resolve().parent.parent
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
SMALL = "/guide/?area=121002-弁天&category=5.1.1"
IMPORT = Path(__file__).parent / "data" / "import" / "ours-utf8-bom.csv"


def run_worker() -> int:
    """django-tasks-db's own worker loop until the queue is empty; the jobs it ran."""
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="tests",
        excluded_queue_names=[],
    )
    # The worker runs inside this test's transaction, on its connection: the loop's
    # close_old_connections() would close a connection that is not in autocommit mode (as
    # a test's is) or past CONN_MAX_AGE, so both checks are told this one is as it should be.
    saved = connection.settings_dict["AUTOCOMMIT"], connection.close_at
    connection.settings_dict["AUTOCOMMIT"], connection.close_at = connection.get_autocommit(), None
    try:
        worker.run()
    finally:
        connection.settings_dict["AUTOCOMMIT"], connection.close_at = saved
    return worker._run_tasks


@override_settings(TASKS=DATABASE_TASKS)
class WorkerTests(OfficeTestCase):
    def setUp(self) -> None:
        super().setUp()
        folder = tempfile.mkdtemp(prefix="tasks-")
        self.addCleanup(shutil.rmtree, folder, ignore_errors=True)
        caches = {
            "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
            "guides": {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": f"{folder}/guides",
            },
            "progress": {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": f"{folder}/progress",
            },
        }
        override = override_settings(CACHES=caches)
        override.enable()
        self.addCleanup(override.disable)

    def test_it_queues_a_booklet_and_serves_it_once_the_worker_made_it(self):
        before = guide.renders
        waiting = self.client.get(SMALL)
        self.assertEqual(waiting.status_code, 202)
        self.assertContains(waiting, "作成中です", status_code=202)
        self.assertContains(waiting, '<meta http-equiv="refresh" content="5">', status_code=202)
        self.assertEqual(guide.renders, before)  # nothing rendered inside the request
        # Asked again before the worker ran: still the one job, not a second render.
        self.assertEqual(self.client.get(SMALL).status_code, 202)
        self.assertEqual(BookletJob.objects.count(), 1)
        self.assertEqual(DBTaskResult.objects.filter(status="READY").count(), 1)
        self.assertEqual(run_worker(), 1)
        self.assertEqual(guide.renders, before + 1)
        ready = self.client.get(SMALL)
        self.assertEqual(ready.status_code, 200)
        self.assertEqual(ready["Content-Type"], "application/pdf")
        self.assertEqual(BookletJob.objects.get().state, BookletJob.State.DONE)
        self.assertEqual(DBTaskResult.objects.get().status, "SUCCESSFUL")

    def test_it_bounds_the_queue_per_address_and_in_all(self):
        other = "/guide/?area=121002-弁天&category=5.2"
        with self.settings(SASAEAI_GUIDE_PER_CLIENT=1):
            self.assertEqual(self.client.get(SMALL, REMOTE_ADDR="192.0.2.1").status_code, 202)
            refused = self.client.get(other, REMOTE_ADDR="192.0.2.1")
            self.assertContains(refused, "この端末からのガイドを1冊作っています", status_code=429)
            self.assertEqual(refused["Retry-After"], "60")
            self.assertEqual(self.client.get(other, REMOTE_ADDR="192.0.2.2").status_code, 202)
        with self.settings(SASAEAI_GUIDE_QUEUE=2):
            third = self.client.get("/guide/?area=121002", REMOTE_ADDR="192.0.2.3")
            self.assertContains(third, "混み合っています", status_code=503)
        self.assertEqual(BookletJob.objects.count(), 2)
        self.assertEqual(run_worker(), 2)
        self.assertEqual(BookletJob.objects.pending().count(), 0)

    def test_it_says_in_japanese_why_a_booklet_failed_and_offers_to_try_again(self):
        with self.settings(SASAEAI_GUIDE_MAX_ENTRIES=1):
            self.assertEqual(self.client.get(SMALL).status_code, 202)
            run_worker()
            failed = self.client.get(SMALL)
        self.assertContains(failed, "ガイドを作れませんでした")
        self.assertContains(failed, "載せる項目が多すぎます")
        self.assertContains(failed, "1冊1件まで")
        self.assertContains(failed, "retry=1")
        self.assertEqual(BookletJob.objects.get().state, BookletJob.State.FAILED)
        # 「もう一度作る」 queues it again; within the limit it is made.
        self.assertEqual(self.client.get(SMALL + "&retry=1").status_code, 202)
        run_worker()
        self.assertEqual(self.client.get(SMALL)["Content-Type"], "application/pdf")

    def upload_and_confirm(self, user) -> ImportJob:
        self.client.force_login(user)
        upload = SimpleUploadedFile("list.csv", IMPORT.read_bytes(), content_type="text/csv")
        self.client.post("/office/import/", {"file": upload})
        job = ImportJob.objects.get()
        self.assertEqual(self.client.get(f"/office/import/{job.pk}/").status_code, 200)
        confirmed = self.client.post(f"/office/import/{job.pk}/", {"confirm": "1"})
        self.assertRedirects(confirmed, f"/office/import/{job.pk}/progress/")
        return job

    def test_it_imports_through_the_worker_with_a_progress_page(self):
        job = self.upload_and_confirm(self.chuo_coordinator)
        progress = self.client.get(f"/office/import/{job.pk}/progress/")
        self.assertContains(progress, "<progress")
        self.assertContains(progress, '<noscript><meta http-equiv="refresh" content="2">')
        self.assertContains(progress, "順番を待っています")
        self.assertContains(progress, "js/import-progress.js")
        polled = self.client.get(f"/office/import/{job.pk}/progress/?format=json").json()
        self.assertEqual(polled, {"state": "queued", "done": 0, "total": 0})
        # The preview waits for the worker instead of offering a second confirmation.
        self.assertRedirects(
            self.client.get(f"/office/import/{job.pk}/"), f"/office/import/{job.pk}/progress/"
        )
        self.assertFalse(Resource.objects.filter(name="院内体操クラブ").exists())
        self.assertEqual(run_worker(), 1)
        self.assertTrue(Resource.objects.filter(name="院内体操クラブ").exists())
        self.assertEqual(
            transfer_tasks.progress_of(job), {"done": 2, "total": 2}
        )  # every row written, as the bar last showed
        done = self.client.get(f"/office/import/{job.pk}/progress/", follow=True)
        self.assertRedirects(done, "/office/resources/")
        self.assertContains(done, "（新規 2件、変更 0件）")
        job.refresh_from_db()
        self.assertEqual(job.state, ImportJob.State.DONE)

    def test_it_says_in_japanese_why_an_import_failed_and_saves_nothing(self):
        job = self.upload_and_confirm(self.chuo_coordinator)
        # Before the worker begins, the coordinator becomes a 閲覧者: refused as a whole.
        staff = self.chuo_coordinator.staff
        staff.role = type(staff).Role.VIEWER
        staff.save()
        run_worker()
        job.refresh_from_db()
        self.assertEqual(job.state, ImportJob.State.FAILED)
        self.assertIn("何も保存していません", job.message)
        self.assertFalse(Resource.objects.filter(name="院内体操クラブ").exists())
        staff.role = type(staff).Role.COORDINATOR
        staff.save()
        page = self.client.get(f"/office/import/{job.pk}/progress/", follow=True)
        self.assertRedirects(page, f"/office/import/{job.pk}/")
        self.assertContains(page, "いまは変更できません。何も保存していません。")


class RestartTests(TransactionTestCase):
    """Queued by one process, run by a worker started afterwards: jobs live in the database."""

    def manage(self, *args: str, env: dict[str, str]) -> str:
        return processes.manage(*args, env=env, timeout=300)

    def environment(self) -> dict[str, str]:
        folder = Path(tempfile.mkdtemp(prefix="tasks-restart-"))
        self.addCleanup(shutil.rmtree, folder, ignore_errors=True)
        env = processes.database_env(folder)
        if connection.vendor != "postgresql":  # a SQLite file of this test's own
            self.manage("migrate", "--noinput", "-v", "0", env=env)
        return env

    def test_it_keeps_queued_jobs_for_a_worker_started_later(self):
        env = self.environment()
        queued = self.manage("refresh_next_dates", "--background", env=env)
        self.assertIn("次回の開催日の更新を受け付けました", queued)
        queued = self.manage("reindex", "--background", env=env)
        self.assertIn("索引の作り直しを受け付けました", queued)
        # The queuing processes have ended; a worker started now finds both jobs.
        self.manage("db_worker", "--batch", "--no-startup-delay", "--no-reload", env=env)
        states = self.manage(
            "shell",
            "-c",
            "from django_tasks_db.models import DBTaskResult as T; "
            "print(sorted((t.task_path, t.status) for t in T.objects.all()))",
            env=env,
        )
        self.assertIn("('directory.tasks.refresh_next_dates', 'SUCCESSFUL')", states)
        self.assertIn("('directory.tasks.reindex', 'SUCCESSFUL')", states)
