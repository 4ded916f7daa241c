"""A worker killed mid-job (SIGKILL of a real `manage.py run_worker`) leaves nothing
half-written and nothing 「取り込み中」/「作成中」 for ever (issue 15, docs/tasks.md).

The import: 1,500 new rows queued as 「取り込む」 queues them; the worker is killed once the
progress says rows are being written (inside the import's one transaction). Then: not one
of the rows exists, the job is failed with a Japanese reason as soon as a page looks at it
(the dead worker's process is gone), and confirmed again it is imported whole, once.

The booklet: the worker is killed while it renders a whole-city 地域資源ガイド; the page's
look at it fails it with a reason and 「もう一度作る」 queues it again.

Every process works on the suite's database (PostgreSQL) or a SQLite file of the test's own.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from django.core.cache.backends.filebased import FileBasedCache

from tests import processes

ROWS = 1500
NAME = "停止テストの会"

# What 「取り込む」 does (transfer/views.confirm): the job 取り込み待ち and its task, together.
QUEUE_IMPORT = """
from django.contrib.auth import get_user_model
from django.db import transaction
from transfer import tasks
from transfer.models import ImportJob
user = get_user_model().objects.get(username="faults")
job = ImportJob.objects.filter(filename="stale.csv").first()
if job is None:
    data = open(CSV, "rb").read()
    job = ImportJob.objects.create(data=data, filename="stale.csv", created_by=user)
with transaction.atomic():
    ImportJob.objects.filter(pk=job.pk).update(state="queued", message="")
    tasks.commit_import.enqueue(job.pk, user.pk)
print(job.pk)
"""

LOOK = """
from directory.models import Resource
from django_tasks_db.models import DBTaskResult
from transfer import tasks
from transfer.models import ImportJob
job = ImportJob.objects.get(filename="stale.csv")
before = job.state
job = tasks.settle(job)  # what the progress page does first
print(json.dumps({
    "rows": Resource.objects.filter(name__startswith=NAME).count(),
    "before": before,
    "state": job.state,
    "message": job.message,
    "tasks": sorted(
        (t.status, t.exception_class_path.rsplit(".", 1)[-1]) for t in DBTaskResult.objects.all()
    ),
}))
"""


def csv_rows() -> bytes:
    lines = ["名称,分類コード,実施主体,日程,住所,状態"]
    lines += [
        f"{NAME}{n:04d},5.1.2,停止テストの町内会,毎週火曜日 10:00～11:00,千葉市中央区院内1-2-{n},公開"
        for n in range(ROWS)
    ]
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def env(transactional_db, tmp_path):
    env = processes.database_env(tmp_path)
    processes.set_up(env)
    return env


def progress_done(folder: Path, job_id: int) -> int:
    cache = FileBasedCache(str(folder / "progress"), {})
    return int((cache.get(f"import-progress:{job_id}") or {}).get("done", 0))


def kill(worker: subprocess.Popen) -> None:
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=30)


def test_it_fails_an_import_whose_worker_was_killed_and_imports_it_whole_when_confirmed_again(
    env, tmp_path
):
    csv = tmp_path / "stale.csv"
    csv.write_bytes(csv_rows())
    job_id = int(processes.shell(QUEUE_IMPORT, env, CSV=str(csv)).strip())
    log = tmp_path / "worker.log"
    worker = processes.start_worker(env, log)
    try:
        processes.wait_until(lambda: progress_done(tmp_path, job_id) >= 30, 300, worker, log)
    finally:
        kill(worker)
    killed_at = progress_done(tmp_path, job_id)
    assert 30 <= killed_at < ROWS  # killed in the middle of writing the rows

    seen = json.loads(processes.shell(LOOK, env, NAME=NAME))
    assert seen["rows"] == 0  # the transaction died with the process: nothing half-written
    assert seen["before"] == "running"
    assert seen["state"] == "failed"
    assert "作業をしていた処理が止まりました" in seen["message"]
    assert "何も保存していません" in seen["message"]
    assert seen["tasks"] == [["FAILED", "WorkerLostError"]]

    # Confirmed again (from 「取り込めませんでした」, as the preview allows), a new worker.
    processes.shell(QUEUE_IMPORT, env, CSV=str(csv))
    worker = processes.start_worker(env, log)
    try:
        processes.wait_until(
            # The task's own record ends after the search index is rebuilt, on COMMIT.
            lambda: (
                ["SUCCESSFUL", ""] in json.loads(processes.shell(LOOK, env, NAME=NAME))["tasks"]
            ),
            600,
            worker,
            log,
        )
    finally:
        processes.stop(worker)
    seen = json.loads(processes.shell(LOOK, env, NAME=NAME))
    assert seen["rows"] == ROWS  # whole, once
    assert seen["tasks"] == [["FAILED", "WorkerLostError"], ["SUCCESSFUL", ""]]


QUEUE_BOOKLET = """
from areas.models import Area
from directory import booklets, guide
choice = guide.Choice(area=Area.objects.get(code="121002"), categories=[])
answer = booklets.ask(choice, "http://127.0.0.1", "stale-jobs", retry=RETRY)
print(json.dumps({"status": getattr(answer, "status", 0), "message": getattr(answer, "message", "")}))
"""

BOOKLET_STATE = """
from directory.jobs import BookletJob
print(BookletJob.objects.get().state)
"""


def test_it_fails_a_booklet_whose_worker_was_killed_and_makes_it_when_asked_again(env, tmp_path):
    asked = json.loads(processes.shell(QUEUE_BOOKLET, env, RETRY=False))
    assert asked["status"] == 202
    log = tmp_path / "worker.log"
    worker = processes.start_worker(env, log)
    try:
        # The worker says when it starts the task (django-tasks' log): fast to poll.
        processes.wait_until(
            lambda: "make_booklet state=RUNNING" in log.read_text(), 300, worker, log
        )
        time.sleep(0.5)  # into the render (seconds long for a whole city)
    finally:
        kill(worker)
    asked = json.loads(processes.shell(QUEUE_BOOKLET, env, RETRY=False))
    assert asked["status"] == 200  # no longer 「作成中です」: failed, with why
    assert "ガイドの作成の途中で、作業をしていた処理が止まりました" in asked["message"]
    asked = json.loads(processes.shell(QUEUE_BOOKLET, env, RETRY=True))  # 「もう一度作る」
    assert asked["status"] == 202
    worker = processes.start_worker(env, log)
    try:
        processes.wait_until(
            lambda: processes.shell(BOOKLET_STATE, env).strip() == "done", 900, worker, log
        )
    finally:
        processes.stop(worker)
    asked = json.loads(processes.shell(QUEUE_BOOKLET, env, RETRY=False))
    assert asked == {"status": 0, "message": ""}  # the booklet itself, from the cache
