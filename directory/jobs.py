"""BookletJob: a 地域資源ガイド waiting to be made in the background (directory/booklets.py).

One row per booklet key (area, categories, site address, data fingerprint, date): the
unique key is what makes one render per booklet at a time. The visitor who asked is kept
only as a keyed hash of the address, to count their waiting booklets.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class BookletJobQuerySet(models.QuerySet["BookletJob"]):
    def pending(self) -> BookletJobQuerySet:
        """Waiting or being made: what the queue's limits count."""
        return self.filter(state__in=[BookletJob.State.QUEUED, BookletJob.State.RUNNING])


class BookletJob(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", "作成待ち"
        RUNNING = "running", "作成中"
        DONE = "done", "作成済み"
        FAILED = "failed", "作成できませんでした"

    key = models.CharField(max_length=60, unique=True)
    area = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="+")
    categories = models.JSONField(default=list)  # category codes, sorted
    site_url = models.CharField(max_length=300)
    day = models.DateField()
    client = models.CharField(max_length=64, blank=True)  # keyed hash of the address
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    message = models.TextField(blank=True)  # why it failed, in Japanese
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = BookletJobQuerySet.as_manager()

    class Meta:
        verbose_name = "ガイドの作成"
        verbose_name_plural = "ガイドの作成"
        indexes = [models.Index(fields=["state", "client"])]

    def __str__(self) -> str:
        return f"{self.key} ({self.get_state_display()})"
