"""The coordinators' fieldwork records (issue 12): 地域課題 and 支援記録.

Glossary: 公園カルテ = Park, 地域課題 = LocalIssue, 経過 = IssueNote (a status change or a dated note),
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
    source_survey = models.ForeignKey(
        "Survey",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="issues",
        verbose_name="元になった調査",
    )  # None after a complete erasure: source_note then says 「消去された調査」
    source_meeting = models.ForeignKey(
        "Meeting",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="issues",
        verbose_name="元になった協議体の会議",
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
        PARK = "park", "公園カルテ"
        SURVEY = "survey", "調査"
        COUNCIL = "council", "協議体"
        MEETING = "meeting", "協議体の会議"
        CARD = "card", "ワークショップのカード"

        COURSE = "course", "出前講座"
        CANDIDATE = "candidate", "担い手候補"

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


class ParkQuerySet(RecordQuerySet):
    def with_toilet(self) -> ParkQuerySet:
        return self.filter(toilet__in=[Park.Toilet.YES, Park.Toilet.ACCESSIBLE])

    def benches_at_least(self, count: int) -> ParkQuerySet:
        # An unknown bench count never passes: it is not guessed as enough.
        return self.filter(benches__gte=count)

    def unsurveyed(self) -> ParkQuerySet:
        return self.filter(surveyed_on__isnull=True)


# What an editor changes on a park: the form's fields, and what a version keeps.
PARK_FIELDS = [
    "area",
    "name",
    "address",
    "latitude",
    "longitude",
    "point_source",
    "size_m2",
    "benches",
    "toilet",
    "shade",
    "slope",
    "paths",
    "water",
    "equipment",
    "surroundings",
    "uses",
    "surveyed_on",
    "surveyed_by",
    "notes",
    "public_fields",
]


class Park(Record):
    """公園カルテ: what a park offers older residents, as a coordinator surveyed it.

    Every fact may be unknown: None (numbers, dates), 不明 (the toilet), an empty text or
    list — never a default that claims something the survey did not see.
    """

    class PointSource(models.TextChoices):
        SURVEY = "survey", "現地で確認"
        MAP = "map", "地図で指定"
        ADDRESS = "address", "住所から"
        OPEN_DATA = "open_data", "市の公開データ"

    class Toilet(models.TextChoices):
        NONE = "none", "なし"
        YES = "yes", "あり"
        ACCESSIBLE = "accessible", "多目的トイレあり"
        UNKNOWN = "unknown", "不明"

    class Use(models.TextChoices):
        RADIO_EXERCISE = "radio_exercise", "ラジオ体操"
        WALKING = "walking", "ウォーキング"
        GATHERING = "gathering", "集いの場"
        EXERCISE = "exercise", "健康体操・運動"
        GARDENING = "gardening", "花壇・園芸"
        EVENT = "event", "行事・お祭り"

    # The fields a park's public page may show when the coordinator allows it (per park).
    PUBLIC_CHOICES = [
        ("address", "所在地"),
        ("point", "位置"),
        ("size_m2", "面積"),
        ("benches", "ベンチ"),
        ("toilet", "トイレ"),
        ("shade", "日かげ"),
        ("slope", "坂・段差"),
        ("paths", "園路"),
        ("water", "水飲み場・水道"),
        ("equipment", "健康遊具"),
        ("surroundings", "周りの施設"),
        ("uses", "使い方の例"),
        ("photos", "写真"),
    ]

    name = models.CharField("公園の名前", max_length=100)
    address = models.CharField("所在地", max_length=200, blank=True)
    latitude = models.DecimalField("緯度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("経度", max_digits=9, decimal_places=6, null=True, blank=True)
    point_source = models.CharField(
        "位置の決め方", max_length=20, choices=PointSource.choices, blank=True
    )  # empty: no point
    size_m2 = models.DecimalField(
        "面積（㎡）", max_digits=12, decimal_places=2, null=True, blank=True
    )  # None: unknown
    benches = models.PositiveIntegerField("ベンチの数", null=True, blank=True)  # None: unknown
    toilet = models.CharField(
        "トイレ", max_length=20, choices=Toilet.choices, default=Toilet.UNKNOWN
    )
    shade = models.CharField("日かげ（木かげ・屋根）", max_length=200, blank=True)
    slope = models.CharField("坂・段差", max_length=200, blank=True)
    paths = models.CharField("園路（舗装・歩きやすさ）", max_length=200, blank=True)
    water = models.CharField("水飲み場・水道", max_length=200, blank=True)
    equipment = models.CharField("健康遊具・運動器具", max_length=200, blank=True)
    surroundings = models.JSONField("周りの施設（店・バス停・集会所）", default=list, blank=True)
    uses = models.JSONField("使い方の例", default=list, blank=True)
    surveyed_on = models.DateField("調査日", null=True, blank=True)  # None: not surveyed yet
    surveyed_by = models.CharField("調査した人", max_length=100, blank=True)
    notes = models.TextField("メモ", blank=True)
    public_fields = models.JSONField("公開してよい項目", default=list, blank=True)

    # Narrower than Record's manager: the park filters (django-stubs sees a redefinition).
    objects = ParkQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = "公園カルテ"
        verbose_name_plural = "公園カルテ"

    def __str__(self) -> str:
        return self.name

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def use_labels(self) -> list[str]:
        labels = dict(self.Use.choices)
        return [labels.get(u, u) for u in self.uses]

    def public_labels(self) -> list[str]:
        labels = dict(self.PUBLIC_CHOICES)
        return [labels.get(f, f) for f in self.public_fields]


class ParkPhoto(models.Model):
    """A photo of a park, checked and re-encoded by directory/photos.py (no EXIF, no GPS).

    Kept in the database like a resource's photos; only the back office sees it (the public
    /parks/ page is to come)."""

    park = models.ForeignKey(Park, on_delete=models.CASCADE, related_name="photos")
    image = models.BinaryField(editable=False)
    content_type = models.CharField(max_length=20, editable=False)
    width = models.PositiveIntegerField(editable=False)
    height = models.PositiveIntegerField(editable=False)
    alt = models.CharField("写真の説明（代替テキスト）", max_length=200)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "公園の写真"
        verbose_name_plural = "公園の写真"

    def __str__(self) -> str:
        return self.alt


from fieldwork.council_models import *  # noqa: E402,F401,F403
from fieldwork.course_models import *  # noqa: E402,F401,F403
from fieldwork.survey_models import *  # noqa: E402,F401,F403
