"""Background work of the directory (django-tasks; `manage.py db_worker` runs it).

Each task records in Japanese why it failed where the person who asked will look (the
booklet's job row), then raises again so the task's own record keeps the traceback.
"""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from areas.models import Area
from directory import guide, search
from directory.jobs import BookletJob
from directory.models import Category, Resource
from sasaeai.lib.jobs import failure_reason


@task()
def make_booklet(job_id: int) -> int:
    """Render a queued 地域資源ガイド into the cache; the number of pages."""
    job = BookletJob.objects.select_related("area").filter(pk=job_id).first()
    if job is None:  # the request's job was removed since: nothing to make
        return 0
    jobs = BookletJob.objects.filter(pk=job.pk)
    jobs.update(state=BookletJob.State.RUNNING)
    try:
        categories = Category.objects.filter(code__in=job.categories).order_by("sort_order", "code")
        booklet = guide.make_guide(
            guide.Choice(area=job.area, categories=list(categories)), job.site_url, job.day
        )
    except guide.TooLargeError as refused:  # an answer about the request, not a fault
        jobs.update(
            state=BookletJob.State.FAILED, message=refused.message, finished_at=timezone.now()
        )
        return 0
    except BaseException as error:
        jobs.update(
            state=BookletJob.State.FAILED,
            message=f"ガイドを作れませんでした：{failure_reason(error)}。",
            finished_at=timezone.now(),
        )
        raise
    jobs.update(state=BookletJob.State.DONE, finished_at=timezone.now())
    return booklet.pages


@task()
def reindex(municipality_code: str = "") -> int:
    """manage.py reindex --background: the search index rebuilt from the data."""
    municipality = None
    if municipality_code:
        municipality = Area.objects.municipalities().get(code=municipality_code)
    return search.rebuild(municipality)


@task()
def refresh_next_dates() -> int:
    """The nightly 「次回の開催日」 refresh (manage.py refresh_next_dates --background)."""
    return Resource.objects.refresh_next_dates()
