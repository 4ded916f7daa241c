"""Background workers that die mid-job (a kill, the OOM killer, a power cut): found, and
their jobs ended, so nothing stays 「作成中」 or 「取り込み中」 for ever (docs/tasks.md).

`manage.py run_worker` runs django-tasks-db's worker under an id of the form
`hb-<host>-<pid>-<random>` and, from a thread, writes the time into the shared "progress"
cache (files every process on the machine reads) every HEARTBEAT_SECONDS. A task the
database still calls RUNNING is *lost* when its worker is such a worker and either its
process is gone (same host: known at once) or it has not been heard of for
SASAEAI_WORKER_LOST_SECONDS. reap_lost() marks lost tasks FAILED (WorkerLostError in the
task's record); the pages that wait on a job (imports, booklets) then see the job's task
ended and fail the job with a Japanese reason, so the person can start it again.

A worker started otherwise (plain `db_worker`) is never taken for lost: only the age limit
of the job's own page (job_state) ends what it holds.
"""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import BaseCache, InvalidCacheBackendError, caches
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.models import DBTaskResult

HEARTBEAT_SECONDS = 5.0
PREFIX = "hb-"
LOST_TRACEBACK = (
    "WorkerLostError: the worker running this task stopped (killed or crashed) before it "
    "finished; its database transaction was rolled back. Marked failed by {by}."
)


class WorkerLostError(Exception):
    """Recorded (as a path) on a task whose worker died under it."""


def _cache() -> BaseCache:
    try:
        return caches["progress"]
    except InvalidCacheBackendError:
        return caches["default"]


def _host() -> str:
    return socket.gethostname().split(".")[0][:24] or "host"


def new_worker_id(pid: int | None = None) -> str:
    """hb-<host>-<pid>-<random>: under 64 characters, as django-tasks-db asks."""
    return f"{PREFIX}{_host()}-{pid or os.getpid()}-{get_random_string(8)}"


def _key(worker_id: str) -> str:
    return f"worker-heartbeat:{worker_id}"


def beat(worker_id: str) -> None:
    _cache().set(_key(worker_id), time.time(), timeout=24 * 3600)


def start_heartbeat(worker_id: str) -> threading.Event:
    """Beat now and then every HEARTBEAT_SECONDS until the returned event is set."""
    stop = threading.Event()
    beat(worker_id)

    def run() -> None:
        while not stop.wait(HEARTBEAT_SECONDS):
            with contextlib.suppress(OSError):  # a full disk: the next beat tries again
                beat(worker_id)

    threading.Thread(target=run, name="worker-heartbeat", daemon=True).start()
    return stop


def _pid_here(worker_id: str) -> int | None:
    """The process id of a worker of this host (None: another host's, or not ours)."""
    parts = worker_id[len(PREFIX) :].rsplit("-", 2)
    if len(parts) != 3 or parts[0] != _host() or not parts[1].isdigit():
        return None
    return int(parts[1])


def _process_gone(worker_id: str) -> bool:
    """A worker of this host whose process no longer exists."""
    pid = _pid_here(worker_id)
    if pid is None:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # someone else's process: alive
        return False
    return False


def is_lost(worker_id: str) -> bool:
    if not worker_id.startswith(PREFIX):
        return False  # not a worker with a heartbeat: nothing is known of it
    if _process_gone(worker_id):
        return True
    seen = _cache().get(_key(worker_id))
    if seen is None:
        # Never written, or culled from a full cache: of this host, its process is alive
        # (above); of another host, nothing says it is.
        return _pid_here(worker_id) is None
    return time.time() - float(seen) > settings.SASAEAI_WORKER_LOST_SECONDS


def reap_lost(by: str = "a page") -> int:
    """Mark FAILED every RUNNING task whose worker is lost; how many."""
    reaped = 0
    for task in DBTaskResult.objects.running().only("id", "worker_ids"):
        worker = task.worker_ids[-1] if task.worker_ids else ""
        if worker and is_lost(worker):
            reaped += (
                DBTaskResult.objects.filter(pk=task.pk, status="RUNNING").update(
                    status="FAILED",
                    finished_at=timezone.now(),
                    exception_class_path=f"{__name__}.WorkerLostError",
                    traceback=LOST_TRACEBACK.format(by=by),
                )
                or 0
            )
    return reaped


@dataclass(frozen=True)
class Ended:
    """Why a job a person waits on will not finish: its worker was lost, its task ended
    without finishing the job, or it waited longer than SASAEAI_JOB_MAX_MINUTES."""

    lost: bool = False
    too_old: bool = False

    def reason(self, what: str) -> str:
        """`what`: the work in plain Japanese (「取り込み」, 「ガイドの作成」)."""
        if self.lost:
            return (
                f"{what}の途中で、作業をしていた処理が止まりました（サーバーの再起動や停止のため）"
            )
        if self.too_old:
            minutes = settings.SASAEAI_JOB_MAX_MINUTES
            return (
                f"{what}が{minutes}分たっても終わらないため、取りやめました"
                "（作業をする処理が動いていないかもしれません。管理者に伝えてください）"
            )
        return f"{what}の作業が、終わらないまま止まりました"


def job_state(task_path: str, job_id: int, *, reap: bool = True) -> Ended | None:
    """Whether the job (the first argument of its task) can no longer finish: None while
    it may (waiting for a worker or being worked on by a live one), or when the site runs
    jobs inside the request (no task rows). `reap=False`: reap_lost() was just called."""
    if "DatabaseBackend" not in settings.TASKS["default"]["BACKEND"]:
        return None
    if reap:
        reap_lost()
    task = (
        DBTaskResult.objects.filter(task_path=task_path, args_kwargs__args__0=job_id)
        .order_by("-enqueued_at")
        .only("id", "status", "enqueued_at", "exception_class_path", "worker_ids")
        .first()
    )
    if task is None:
        return None  # queued in the same transaction as the job: not seen yet
    if task.status in ("FAILED", "SUCCESSFUL"):
        return Ended(lost=task.exception_class_path.endswith("WorkerLostError"))
    if task.status == "RUNNING" and any(w.startswith(PREFIX) for w in task.worker_ids[-1:]):
        return None  # a live worker with a heartbeat (reap_lost above): it is working
    age = timezone.now() - task.enqueued_at
    if age.total_seconds() > settings.SASAEAI_JOB_MAX_MINUTES * 60:
        # A task still waiting is withdrawn, so a worker started later does not run what
        # the person was told was given up.
        DBTaskResult.objects.filter(pk=task.pk, status="READY").update(
            status="FAILED", finished_at=timezone.now()
        )
        return Ended(too_old=True)
    return None
