"""Imports in progress (the uploaded file, waiting for the coordinator's confirmation) and
the column mappings coordinators saved for lists whose headers are not ours."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class ImportJob(models.Model):
    """One uploaded file: previewed as often as needed, committed at most once."""

    class State(models.TextChoices):
        PREVIEW = "preview", "確認待ち"
        QUEUED = "queued", "取り込み待ち"  # confirmed; the background worker has not begun
        RUNNING = "running", "取り込み中"
        FAILED = "failed", "取り込めませんでした"  # nothing saved; `message` says why
        DONE = "done", "取り込み済み"

    data = models.BinaryField(editable=False)
    filename = models.CharField("ファイル名", max_length=255)
    encoding = models.CharField("文字コード", max_length=20, blank=True)  # "" = detect
    mapping = models.JSONField("列の対応", null=True, blank=True)  # None = automatic
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    # The city the rows go to, chosen on upload among those the person may work in, and
    # checked again when the commit runs. Empty on jobs made before it was kept: the
    # person's own city.
    municipality = models.ForeignKey(
        "areas.Area",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="市区町村",
    )
    created_at = models.DateTimeField("日時", default=timezone.now)
    state = models.CharField("状態", max_length=10, choices=State.choices, default=State.PREVIEW)
    # Counts, and the fingerprint of the preview last shown (row, kind, resource, version).
    summary = models.JSONField(default=dict, blank=True)
    message = models.TextField("取り込めなかった理由", blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "ファイルの取り込み"
        verbose_name_plural = "ファイルの取り込み"

    def __str__(self) -> str:
        return self.filename


class SavedMapping(models.Model):
    """「列の対応」 saved under a name: {file header: our column key, or "" for 使わない}."""

    name = models.CharField("名前", max_length=100, unique=True)
    mapping = models.JSONField("列の対応")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = "列の対応"
        verbose_name_plural = "列の対応"

    def __str__(self) -> str:
        return self.name
