"""The coordinators' fieldwork records (issue 12): 地域課題 and 支援記録.

Glossary: 地域課題 = LocalIssue, 経過 = IssueNote (a status change or a dated note),
取り組みの地域資源 = IssueResource, 支援記録 = SupportRecord, 変更履歴 = Version.

Every record lies in one area (a ward, a 日常生活圏域 or the city): a coordinator writes
only the records of their 担当地域 (Staff.covers_area), a 閲覧者 reads. A record is never
deleted from the database by the back office: deleted_at hides it, and only a 管理者 brings
it back. Every change is a Version holding a snapshot of the record after it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from areas.models import Area
from directory.models import Category, Resource


class RecordQuerySet(models.QuerySet):
    def live(self) -> RecordQuerySet:
        return self.filter(deleted_at__isnull=True)

    def within(self, area: Area) -> RecordQuerySet:
        """Records whose area lies inside `area` (or is it)."""
        if area.kind == Area.Kind.MUNICIPALITY:
            return self.filter(municipality=area)
        return self.filter(area__path__startswith=area.path)


class Record(models.Model):
    """What the fieldwork records share: where, the version check, soft delete, who made it."""

    municipality = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="+", verbose_name="市区町村"
    )
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+", verbose_name="地域")
    version = models.PositiveIntegerField(default=1, editable=False)
    is_sample = models.BooleanField("見本データ", default=False)
    created_at = models.DateTimeField("登録日時", default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="登録した人",
    )
    deleted_at = models.DateTimeField("削除日時", null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="削除した人",
    )

    objects = RecordQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class LocalIssue(Record):
    """地域課題: something missing or hard in an area, and what is being done about it."""

    class Status(models.TextChoices):
        NOTED = "noted", "把握"
        CONSIDERING = "considering", "検討中"
        WORKING = "working", "取り組み中"
        SOLVED = "solved", "解決"
        DROPPED = "dropped", "見送り"

    class Source(models.TextChoices):
        SURVEY = "survey", "調査"
        COUNCIL = "council", "協議体"
        CONSULTATION = "consultation", "相談"
        VISIT = "visit", "訪問"
        OTHER = "other", "その他"

    title = models.CharField("課題（足りないこと・困っていること）", max_length=100)
    details = models.TextField("くわしい内容", blank=True)
    category = models.ForeignKey(
        Category,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="関係する分類",
    )
    source = models.CharField("どこで聞いたか", max_length=20, choices=Source.choices)
    source_note = models.CharField(
        "聞いた場の名前・日付", max_length=200, blank=True
    )  # e.g. 「第1回 A地区協議体 ワークショップ」
    # The record it came from, when that record is in the product (today: a 支援記録; the
    # surveys and 協議体 of issue 12 will add theirs).
    source_support = models.ForeignKey(
        "SupportRecord",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="issues",
        verbose_name="元になった支援記録",
    )
    raised_count = models.PositiveIntegerField(
        "声をあげた人数", null=True, blank=True
    )  # None: not counted (never guessed)
    status = models.CharField(
        "状態", max_length=20, choices=Status.choices, default=Status.NOTED, db_index=True
    )
    status_changed_at = models.DateTimeField("状態の変更日時", null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="状態を変更した人",
    )
    resources: models.ManyToManyField[Resource, IssueResource] = models.ManyToManyField(
        Resource,
        through="IssueResource",
        blank=True,
        related_name="answered_issues",
        verbose_name="取り組みの地域資源",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "地域課題"
        verbose_name_plural = "地域課題"

    def __str__(self) -> str:
        return self.title

    @property
    def is_closed(self) -> bool:
        return self.status in (self.Status.SOLVED, self.Status.DROPPED)


class IssueNote(models.Model):
    """経過: a dated note on an issue, with the status it moved to (or the same status)."""

    issue = models.ForeignKey(LocalIssue, on_delete=models.CASCADE, related_name="notes")
    noted_on = models.DateField("日付")
    status_from = models.CharField("前の状態", max_length=20, choices=LocalIssue.Status.choices)
    status_to = models.CharField("状態", max_length=20, choices=LocalIssue.Status.choices)
    note = models.TextField("経過のメモ", blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="記録した人",
    )
    created_at = models.DateTimeField("記録日時", default=timezone.now)

    class Meta:
        ordering = ["-noted_on", "-created_at", "-pk"]
        verbose_name = "地域課題の経過"
        verbose_name_plural = "地域課題の経過"

    def __str__(self) -> str:
        return f"{self.issue_id} {self.noted_on}: {self.get_status_to_display()}"

    @property
    def changed_status(self) -> bool:
        return self.status_from != self.status_to


class IssueResource(models.Model):
    """A resource started to answer an issue (the loop from need to new 通いの場)."""

    issue = models.ForeignKey(LocalIssue, on_delete=models.CASCADE, related_name="links")
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="issue_links")
    note = models.CharField("ひとこと", max_length=200, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["issue", "resource"], name="issue_resource_unique")
        ]
        verbose_name = "取り組みの地域資源"
        verbose_name_plural = "取り組みの地域資源"

    def __str__(self) -> str:
        return f"{self.issue_id} → {self.resource_id}"


class SupportRecord(Record):
    """支援記録: what the coordinator did for a resource or a group, with whom, for how many."""

    resource = models.ForeignKey(
        Resource,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="support_records",
        verbose_name="支援した地域資源",
    )
    group_name = models.CharField(
        "支援した団体・グループ", max_length=100, blank=True
    )  # when the group is not (yet) a resource
    held_on = models.DateField("実施日")
    requested_by = models.CharField("依頼した人・団体", max_length=100, blank=True)
    partners = models.JSONField("協力した機関", default=list, blank=True)
    activities = models.JSONField("支援の内容", default=list, blank=True)
    description = models.TextField("くわしい内容", blank=True)
    people_reached = models.PositiveIntegerField(
        "参加した人数", null=True, blank=True
    )  # None: not counted
    follow_up = models.TextField("今後の予定・フォローアップ", blank=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = "支援記録"
        verbose_name_plural = "支援記録"

    def __str__(self) -> str:
        return f"{self.held_on:%Y/%m/%d} {self.group_label}"

    @property
    def group_label(self) -> str:
        if self.resource_id is not None and self.resource is not None:
            return self.resource.name
        return self.group_name or "（団体名なし）"


class Version(models.Model):
    """One change to a fieldwork record, with a snapshot of the record after it."""

    class Kind(models.TextChoices):
        ISSUE = "issue", "地域課題"
        SUPPORT = "support", "支援記録"

    class Action(models.TextChoices):
        CREATE = "create", "登録"
        EDIT = "edit", "編集"
        STATUS = "status", "状態の変更・経過"
        LINK = "link", "地域資源のつながり"
        DELETE = "delete", "削除"
        UNDELETE = "undelete", "削除の取り消し"
        RESTORE = "restore", "以前の版に戻す"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    record_id = models.PositiveBigIntegerField()
    number = models.PositiveIntegerField("版")
    version = models.PositiveIntegerField()  # the record's version after this change
    action = models.CharField("操作", max_length=20, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="変更した人",
    )
    created_at = models.DateTimeField("日時", default=timezone.now)
    snapshot = models.JSONField()
    changed = models.JSONField(default=list)
    comment = models.CharField("コメント", max_length=300, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "record_id", "number"], name="fieldwork_version_unique"
            )
        ]
        verbose_name = "活動記録の変更履歴"
        verbose_name_plural = "活動記録の変更履歴"

    def __str__(self) -> str:
        return f"{self.kind} {self.record_id} 第{self.number}版"
