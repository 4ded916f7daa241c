"""地域資源ガイド in the background: no visitor's request makes a booklet.

A booklet in the cache (directory/guide.py) is served at once. Any other is queued as a
job (directory/jobs.py, run by directory/tasks.make_booklet in the worker) and the page says
「作成中です」 and reloads itself until the booklet is in the cache. The queue is bounded:
one job per booklet key, at most SASAEAI_GUIDE_QUEUE waiting or being made, and at most
SASAEAI_GUIDE_PER_CLIENT of them asked by one address.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from directory import guide
from directory.jobs import BookletJob
from sasaeai.lib import workers

BUSY = "ただいまガイドの作成が混み合っています。数分たってから、もう一度お試しください。"
TASK = "directory.tasks.make_booklet"  # its task's path (the task module imports this one)
TOO_MANY = (
    "この端末からのガイドを{limit}冊作っています。できあがってから、次のガイドをお試しください。"
)


@dataclass
class Waiting:
    """Why there is no booklet yet: queued or being made (202), failed (200 with the
    reason), too many from this address (429) or the queue full (503)."""

    status: int
    job: BookletJob | None = None
    message: str = ""

    @property
    def retry_after(self) -> int:
        return 5 if self.status == 202 else 60


def client_key(request: HttpRequest) -> str:
    """The visitor's address as a keyed hash: counted, never stored as it is."""
    address = str(request.META.get("REMOTE_ADDR") or "")
    return salted_hmac("sasaeai.booklets.client", address).hexdigest()[:32]


def settle(job: BookletJob, *, reap: bool = True) -> BookletJob:
    """A booklet whose worker died (or that waited too long) is failed, saying why, so the
    page offers 「もう一度作る」 instead of 「作成中です」 for ever."""
    if job.state not in (BookletJob.State.QUEUED, BookletJob.State.RUNNING):
        return job
    ended = workers.job_state(TASK, job.pk, reap=reap)
    if ended is not None:
        BookletJob.objects.filter(pk=job.pk, state=job.state).update(
            state=BookletJob.State.FAILED,
            message=f"ガイドを作れませんでした：{ended.reason('ガイドの作成')}。",
            finished_at=timezone.now(),
        )
        job.refresh_from_db()
    return job


def refusal(client: str) -> Waiting | None:
    pending = BookletJob.objects.pending()
    if pending.exists():  # a dead worker's booklets must not fill the queue for good
        workers.reap_lost()
        for job in pending:
            settle(job, reap=False)
    if pending.count() >= settings.SASAEAI_GUIDE_QUEUE:
        return Waiting(503, message=BUSY)
    limit = settings.SASAEAI_GUIDE_PER_CLIENT
    if pending.filter(client=client).count() >= limit:
        return Waiting(429, message=TOO_MANY.format(limit=limit))
    return None


def ask(
    choice: guide.Choice, site_url: str, client: str, *, retry: bool = False
) -> guide.Booklet | Waiting:
    """The booklet if it is made; else queue it (once) and say how it stands."""
    day = timezone.localdate()
    key = guide.cache_key(choice, site_url, day)
    cache = guide.guide_cache()
    hit = cache.get(key)
    if hit is not None:
        return guide.Booklet(hit[0], hit[1], True)
    job = BookletJob.objects.filter(key=key).first()
    if job is not None:
        job = settle(job)
    if job is not None and job.state in (BookletJob.State.QUEUED, BookletJob.State.RUNNING):
        return Waiting(202, job)
    if job is not None and job.state == BookletJob.State.FAILED and not retry:
        return Waiting(200, job, job.message)
    if refused := refusal(client):
        return refused
    from directory import tasks  # the task module imports this one's model

    try:
        # The job and its task are written together: a process killed between the two
        # leaves neither, never a booklet 「作成待ち」 that no task will make.
        with transaction.atomic():
            if job is None:
                job = BookletJob.objects.create(
                    key=key,
                    area=choice.chosen_area,
                    categories=choice.codes,
                    site_url=site_url,
                    day=day,
                    client=client,
                )
            # Made before but gone from the cache, or failed and asked again: queue it
            # again, unless another request just did.
            elif not BookletJob.objects.filter(pk=job.pk, state=job.state).update(
                state=BookletJob.State.QUEUED, message="", client=client, created_at=timezone.now()
            ):
                return Waiting(202, job)
            tasks.make_booklet.enqueue(job.pk)
    except IntegrityError:  # another request queued it a moment ago
        return Waiting(202, BookletJob.objects.filter(key=key).first())
    job.refresh_from_db()
    if job.state == BookletJob.State.DONE and (hit := cache.get(key)) is not None:
        return guide.Booklet(hit[0], hit[1], False)  # a backend that runs jobs at once
    if job.state == BookletJob.State.FAILED:
        return Waiting(200, job, job.message)
    return Waiting(202, job)
