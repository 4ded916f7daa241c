"""The confirmed import, run by the background worker (django-tasks; docs/tasks.md).

The page that confirmed it answers at once and shows the progress (transfer/views.py); the
commit itself is importer.commit_job, all or nothing, as before. Progress is kept in the
"progress" cache (files every gunicorn worker reads), never in the database: the rows being
written are inside one transaction, and SQLite takes no other write until it ends.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.cache import InvalidCacheBackendError, caches
from django_tasks import task

from office.models import Staff
from sasaeai.lib import workers
from sasaeai.lib.jobs import failure_reason
from transfer import importer, limits
from transfer.models import ImportJob

NOTHING_SAVED = "何も保存していません。"
WORKING = (ImportJob.State.QUEUED, ImportJob.State.RUNNING)


def progress_cache():
    try:
        return caches["progress"]
    except InvalidCacheBackendError:
        return caches["default"]


def progress_key(job_id: int) -> str:
    return f"import-progress:{job_id}"


def progress_of(job: ImportJob) -> dict[str, Any]:
    """{"done": rows written, "total": rows to write} (0 and 0 while the file is checked)."""
    return progress_cache().get(progress_key(job.pk)) or {"done": 0, "total": 0}


def reporter(job_id: int):
    """progress(done, total) for importer.commit, written about every 1 % of the rows."""
    cache, key = progress_cache(), progress_key(job_id)
    cache.set(key, {"done": 0, "total": 0})

    def report(done: int, total: int) -> None:
        if done % max(1, total // 100) == 0 or done == total:
            cache.set(key, {"done": done, "total": total})

    return report


@task()
def commit_import(job_id: int, user_id: int, accept_geta: bool = False) -> dict[str, int]:
    jobs = ImportJob.objects.filter(pk=job_id, state=ImportJob.State.QUEUED)
    if not jobs.update(state=ImportJob.State.RUNNING):
        return {}  # gone, or taken by another worker
    job = ImportJob.objects.get(pk=job_id)
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    staff = Staff.objects.filter(user=user).select_related("municipality").first() if user else None
    try:
        if user is None or staff is None or not staff.can_write or not staff.municipality:
            raise importer.ImportRefusedError(
                "取り込みを確定した人のアカウントで、いまは変更できません。" + NOTHING_SAVED
            )
        city = job.municipality or staff.municipality
        if not staff.sees_municipality(city.pk):
            # Checked again here, not only on the form: another city's rows are never written.
            raise importer.ImportRefusedError(
                f"{city.name}には取り込めません（担当の市区町村ではありません）。" + NOTHING_SAVED
            )
        result = importer.commit_job(
            job,
            user,
            staff,
            city,
            accept_geta=accept_geta,
            progress=reporter(job_id),
        )
    except (importer.ImportRefusedError, limits.FileRejectedError) as refused:
        # Refused on the data (errors, changed since the preview): an answer, not a fault.
        ImportJob.objects.filter(pk=job_id).update(
            state=ImportJob.State.FAILED, message=refused.message
        )
        return {"created": 0, "changed": 0}
    except BaseException as error:
        ImportJob.objects.filter(pk=job_id).update(
            state=ImportJob.State.FAILED,
            message=f"取り込めませんでした：{failure_reason(error)}。{NOTHING_SAVED}",
        )
        raise
    return {"created": len(result.created), "changed": len(result.changed)}


def settle(job: ImportJob) -> ImportJob:
    """A job whose worker died (or that waited too long) is failed, saying why: the import
    is one transaction, so nothing of it was saved, and it can be confirmed again."""
    if job.state not in WORKING:
        return job
    ended = workers.job_state(commit_import.module_path, job.pk)
    if ended is not None:
        ImportJob.objects.filter(pk=job.pk, state__in=WORKING).update(
            state=ImportJob.State.FAILED,
            message=f"取り込めませんでした：{ended.reason('取り込み')}。{NOTHING_SAVED}"
            "もう一度「取り込む」を押してください。",
        )
        job.refresh_from_db()
    return job
