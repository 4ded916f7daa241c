"""Background work of the back office (django-tasks; `manage.py db_worker` runs it): the
お知らせメール of a new report, proposal or idea (office/notices.py, office/mailing.py).

A mail that fails is retried by the worker 1, 5 and 30 minutes later (when the backend can
run a job later: the database one can, the tests' immediate one cannot); after that — or if
no worker runs — the daily `manage.py send_digests` takes it into that person's digest.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django_tasks import task

from office import mailing, notices
from office.models import MailMode, MailNotice

RETRY_MINUTES = (1, 5, 30)


@task()
def announce(kind: str, object_id: int, site_url: str) -> int:
    """Make the item's notices and send the immediate ones; the mails that went."""
    made = notices.create_notices(kind, object_id, site_url)
    now = [n.pk for n in made if n.mode == MailMode.NOW and n.sent_at is None]
    failed = mailing.send_each(now)
    retry_later(failed)
    return len(now) - len(failed)


@task()
def send_notices(notice_ids: list[int]) -> int:
    """Try the immediate notices that failed again; the mails that went."""
    failed = mailing.send_each(notice_ids)
    retry_later(failed)
    return len(notice_ids) - len(failed)


def retry_later(failed: list[int]) -> None:
    if not failed or not send_notices.get_backend().supports_defer:
        return
    tries = max(MailNotice.objects.filter(pk__in=failed).values_list("attempts", flat=True))
    if tries > len(RETRY_MINUTES):
        return  # send_digests takes them from here
    later = timezone.now() + datetime.timedelta(minutes=RETRY_MINUTES[tries - 1])
    send_notices.using(run_after=later).enqueue(failed)
