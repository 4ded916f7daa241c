"""地域資源 (Resource) and what describes it.

Each field's HSDS 3.0 counterpart is named in its comment ("HSDS: …"); docs/hsds-mapping.md
has the whole table.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from areas.models import Area
from directory import schedules
from directory.querysets import ORDERINGS, ROW_TESTS, ResourceQuerySet
from directory.validators import validate_phone, validate_postal_code
from directory.wording import CONSULTATION_CODE, ResourceWording

__all__ = [
    "CONSULTATION_CODE",
    "ORDERINGS",
    "ROW_TESTS",
    "Category",
    "Provider",
    "Resource",
    "ResourceQuerySet",
]


class Category(models.Model):
    """A node of the category tree (HSDS: taxonomy_term)."""

    code = models.CharField("コード", max_length=20, unique=True)  # HSDS: taxonomy_term.code
    name = models.CharField("名称", max_length=100)  # HSDS: taxonomy_term.name
    short_name = models.CharField("短い名称", max_length=40, blank=True)
    description = models.TextField("説明", blank=True)  # HSDS: taxonomy_term.description
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )  # HSDS: taxonomy_term.parent_id
    icon = models.CharField("アイコン", max_length=40, blank=True)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = "分類"
        verbose_name_plural = "分類"

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return self.short_name or self.name

    @property
    def depth(self) -> int:
        return self.code.count(".")

    def descendant_codes_q(self, prefix: str = "") -> Q:
        """Itself and every sub-category: codes are dotted paths (5 → 5.1 → 5.1.1)."""
        return Q(**{f"{prefix}code": self.code}) | Q(
            **{f"{prefix}code__startswith": self.code + "."}
        )

    def top(self) -> str:
        return self.code.split(".")[0]


class Provider(models.Model):
    """実施主体 (HSDS: organization)."""

    class Kind(models.TextChoices):
        NEIGHBOURHOOD = "neighbourhood", "自治会・町内会"
        SENIOR_CLUB = "senior_club", "老人クラブ"
        SOCIAL_WELFARE_COUNCIL = "swc_district", "社協地区部会"
        VOLUNTEERS = "volunteers", "有志・住民グループ"
        NPO = "npo", "NPO法人"
        SOCIAL_WELFARE_CORP = "social_welfare", "社会福祉法人"
        MEDICAL = "medical", "医療法人・医療機関"
        BUSINESS = "business", "民間事業者"
        PUBLIC = "public", "行政・公的機関"

    municipality = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="providers")
    name = models.CharField("名称", max_length=200)  # HSDS: organization.name
    kana = models.CharField("よみがな", max_length=200, blank=True)
    kind = models.CharField("種別", max_length=20, choices=Kind.choices)
    # HSDS: organization.organization_identifiers (kind as identifier_type) / description
    phone = models.CharField(
        "電話番号", max_length=30, blank=True, validators=[validate_phone]
    )  # HSDS: phone
    url = models.URLField("ホームページ", blank=True)  # HSDS: organization.website
    is_sample = models.BooleanField("見本データ", default=False)

    class Meta:
        ordering = ["kana", "name"]
        verbose_name = "実施主体"
        verbose_name_plural = "実施主体"

    def __str__(self) -> str:
        return self.name


class Resource(ResourceWording, models.Model):
    """地域資源 (HSDS: service, with its location and service_at_location)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "下書き"
        PUBLISHED = "published", "公開"
        PAUSED = "paused", "休止中"
        ENDED = "ended", "終了"
        # Soft delete: the row and its history stay, an admin can undo it (issue 3).
        DELETED = "deleted", "削除済み"

    PUBLIC_STATUSES = (Status.PUBLISHED, Status.PAUSED)
    # The workflow 下書き → 公開 → 休止中 / 終了, and the ways back a coordinator needs.
    # Deleting (and undoing it) is separate: it has its own page and needs no status form.
    TRANSITIONS = {
        Status.DRAFT: (Status.PUBLISHED,),
        Status.PUBLISHED: (Status.PAUSED, Status.ENDED, Status.DRAFT),
        Status.PAUSED: (Status.PUBLISHED, Status.ENDED),
        Status.ENDED: (Status.PUBLISHED, Status.DRAFT),
        Status.DELETED: (),
    }

    class PointPrecision(models.TextChoices):
        TOWN = "town", "町丁目の代表点"
        ADDRESS = "address", "住所から求めた位置"
        MANUAL = "manual", "地図で指定した位置"

    class Booking(models.TextChoices):
        NONE = "none", "予約不要"
        RESERVATION = "reservation", "要予約"
        APPLICATION = "application", "要申込"

    municipality = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="resources", verbose_name="市区町村"
    )
    name = models.CharField("名称", max_length=200)  # HSDS: service.name
    kana = models.CharField(
        "よみがな（カナ）", max_length=200, blank=True
    )  # HSDS: service.alternate_name
    categories = models.ManyToManyField(Category, related_name="resources", verbose_name="分類")
    # HSDS: service_attribute → taxonomy_term
    provider = models.ForeignKey(
        Provider,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resources",
        verbose_name="実施主体",
    )  # HSDS: service.organization_id
    description = models.TextField("内容", blank=True)  # HSDS: service.description
    keywords = models.CharField("キーワード（活動内容）", max_length=300, blank=True)
    # 対象者 — HSDS: service.eligibility_description (with the flags rendered in words)
    # No flag ticked means the source did not say (shown as 「お問い合わせください」): a fact
    # is never a default (issue 9).
    for_self = models.BooleanField("本人", default=False)
    for_carers = models.BooleanField("家族・介護者", default=False)
    for_anyone = models.BooleanField("誰でも", default=False)
    eligibility = models.TextField(
        "参加の条件", blank=True
    )  # HSDS: service.eligibility_description
    # 0 = 無料, None = 未確認 — HSDS: cost_option.amount / cost_option.option
    fee_amount = models.PositiveIntegerField("料金（円）", null=True, blank=True)
    fee_note = models.CharField(
        "料金の詳細", max_length=200, blank=True
    )  # HSDS: service.fees_description
    # "" = 不明: nobody said whether booking is needed, so 「予約不要」 is never assumed.
    booking = models.CharField(
        "参加方法", max_length=20, choices=Booking.choices, blank=True, default=""
    )  # HSDS: service.application_process
    booking_note = models.CharField("申込方法", max_length=300, blank=True)
    capacity = models.PositiveIntegerField("定員", null=True, blank=True)
    # HSDS: service_capacity.maximum
    venue_name = models.CharField("会場名", max_length=200, blank=True)  # HSDS: location.name
    postal_code = models.CharField(
        "郵便番号", max_length=8, blank=True, validators=[validate_postal_code]
    )  # HSDS: address.postal_code
    address = models.CharField("住所", max_length=300, blank=True)  # HSDS: address.address_1
    town = models.ForeignKey(
        Area,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="町丁目",
    )  # HSDS: address.city/region derive from the town's ancestors
    # 「どこで」 when only the area is known (a salon somewhere in 美浜区): a place, never an
    # area the resource comes to (that is served_areas, 「どこへ来てくれるか」).
    place_area = models.ForeignKey(
        Area,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="開催地域",
    )  # HSDS: location.description (the area's name when there is no address)
    lat = models.FloatField(
        "緯度", null=True, blank=True, validators=[MinValueValidator(20), MaxValueValidator(46)]
    )  # HSDS: location.latitude
    lng = models.FloatField(
        "経度",
        null=True,
        blank=True,
        validators=[MinValueValidator(122), MaxValueValidator(154)],
    )  # HSDS: location.longitude
    served_areas = models.ManyToManyField(
        Area, blank=True, related_name="served_by", verbose_name="対応地域"
    )  # HSDS: service_area
    phone = models.CharField(
        "電話番号", max_length=30, blank=True, validators=[validate_phone]
    )  # HSDS: phone.number
    # The phone cell as written when it held more than one plain number (「平日のみ」,
    # a second number, a name): shown beside the number, never dialled.
    phone_note = models.CharField("電話の補足", max_length=300, blank=True)
    fax = models.CharField(
        "FAX", max_length=30, blank=True, validators=[validate_phone]
    )  # HSDS: phone.type = fax
    email = models.EmailField("メールアドレス", blank=True)  # HSDS: service.email
    url = models.URLField("ホームページ", blank=True)  # HSDS: service.url
    barrier_free = models.CharField("バリアフリー", max_length=200, blank=True)
    # HSDS: accessibility.description
    parking = models.CharField("駐車場", max_length=200, blank=True)  # HSDS: accessibility.details
    schedule_note = models.TextField("日程の補足", blank=True)  # HSDS: schedule.notes
    status = models.CharField(
        "状態", max_length=20, choices=Status.choices, default=Status.PUBLISHED, db_index=True
    )  # HSDS: service.status (active / inactive / defunct)
    confirmed_on = models.DateField(
        "最終確認日", null=True, blank=True
    )  # HSDS: service.assured_date
    is_sample = models.BooleanField("見本データ", default=False)
    point_precision = models.CharField(
        "位置の精度", max_length=10, choices=PointPrecision.choices, blank=True
    )
    # Internal: shown in the back office only, never on a public page or in the API.
    internal_note = models.TextField("内部メモ", blank=True)
    contact_person = models.CharField("担当者名", max_length=100, blank=True)
    created_at = models.DateTimeField("登録日時", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("更新日時", auto_now=True)  # HSDS: metadata.last_action_date
    # Raised by every back-office save: a form that carries an older version is refused
    # instead of overwriting someone else's change.
    version = models.PositiveIntegerField(default=1, editable=False)
    status_changed_at = models.DateTimeField("状態の変更日時", null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="状態を変更した人",
    )

    # Derived from the schedule rules on save (refresh_schedules keeps next_date current):
    # they let day, time-of-day and next-date searches use plain indexed columns.
    # Written by directory/search.py at reindex: folded text that a search verifies its
    # candidates against ("|"-separated fields, then condition tokens), and the folded name
    # and tags that relevance is scored on.
    search_text = models.TextField(default="", editable=False)
    search_name = models.TextField(default="", editable=False)
    search_tags = models.TextField(default="", editable=False)
    weekday_mask = models.PositiveSmallIntegerField(default=0, editable=False)
    daypart_mask = models.PositiveSmallIntegerField(default=0, editable=False)
    next_date = models.DateField(null=True, blank=True, editable=False)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        ordering = ["kana", "name"]
        verbose_name = "地域資源"
        verbose_name_plural = "地域資源"
        # The orders a search walks in, carrying the columns its conditions test, so a
        # row that fails them is skipped from the index without reading the row itself.
        indexes = [
            models.Index(
                fields=["municipality", "status", "next_date", *ROW_TESTS], name="resource_by_next"
            ),
            models.Index(
                fields=["municipality", "status", "confirmed_on", *ROW_TESTS],
                name="resource_by_confirmed",
            ),
            models.Index(fields=["municipality", "status", "kana"], name="resource_by_kana"),
            # 「近くを探す」: a box around a place is one range on lat, lng read from the index.
            models.Index(fields=["municipality", "status", "lat", "lng"], name="resource_by_point"),
        ]

    def __str__(self) -> str:
        return self.name

    def next_statuses(self) -> list[tuple[str, str]]:
        """The statuses this resource may move to, with their labels."""
        return [(s.value, s.label) for s in self.TRANSITIONS.get(self.status, ())]

    @property
    def is_public(self) -> bool:
        return self.status in self.PUBLIC_STATUSES

    @property
    def is_free(self) -> bool:
        return self.fee_amount == 0

    def rules(self) -> list[ScheduleRule]:
        # Uses the prefetch cache when the list view prefetched it.
        return list(self.schedule_rules.all())

    def schedule_text(self) -> str:
        return schedules.describe_all(self.rules())

    def upcoming(self, today: datetime.date | None = None, count: int = 3) -> list[datetime.date]:
        return schedules.next_dates(self.rules(), today or timezone.localdate(), count)

    def refresh_derived(self, today: datetime.date | None = None, *, reindex: bool = True) -> None:
        """Recompute the schedule-derived columns and the search index after an edit.

        reindex=False leaves the index to the caller, who reindexes many resources in one
        batch (an import): search.reindex() is much cheaper per resource in bulk."""
        rules = self.rules()
        today = today or timezone.localdate()
        upcoming = schedules.next_dates(rules, today, 1)
        Resource.objects.filter(pk=self.pk).update(
            weekday_mask=schedules.weekday_mask(rules, today),
            daypart_mask=schedules.daypart_mask(rules),
            next_date=upcoming[0] if upcoming else None,
        )
        if reindex:
            from directory import search

            search.reindex([self.pk])


class ScheduleRule(models.Model):
    """One rule of a resource's schedule (HSDS: schedule). directory/schedules.py reads it."""

    class Freq(models.TextChoices):
        WEEKLY = "weekly", "毎週"
        MONTHLY_NTH = "monthly_nth", "毎月第n曜日"
        MONTHLY_DAY = "monthly_day", "毎月…日"
        IRREGULAR = "irregular", "不定期"
        DATES = "dates", "日付指定"

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="schedule_rules")
    freq = models.CharField("くり返し", max_length=20, choices=Freq.choices)  # HSDS: freq
    weekdays = models.JSONField("曜日", default=list, blank=True)  # HSDS: byday (0=月)
    nths = models.JSONField("第n", default=list, blank=True)  # HSDS: byday prefix (2WE, -1FR)
    month_days = models.JSONField("日", default=list, blank=True)  # HSDS: bymonthday
    interval = models.PositiveSmallIntegerField("間隔", default=1)  # HSDS: interval
    opens_at = models.TimeField("開始時刻", null=True, blank=True)  # HSDS: opens_at
    closes_at = models.TimeField("終了時刻", null=True, blank=True)  # HSDS: closes_at
    valid_from = models.DateField("開始日", null=True, blank=True)  # HSDS: valid_from
    valid_until = models.DateField("終了日", null=True, blank=True)  # HSDS: valid_to
    except_months = models.JSONField("休みの月", default=list, blank=True)  # HSDS: description
    except_dates = models.JSONField("休みの日", default=list, blank=True)  # HSDS: description
    # Only in these months (「奇数月の」「4月・8月・12月の」); empty: every month.
    months = models.JSONField("開催する月", default=list, blank=True)  # HSDS: description
    # freq "dates": the one-off days (ISO dates), 「令和8年3月10日」.
    dates = models.JSONField("日付", default=list, blank=True)  # HSDS: dtstart/until
    except_holidays = models.BooleanField("祝日は休み", default=False)  # HSDS: description
    note = models.CharField("補足", max_length=200, blank=True)  # HSDS: notes
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = "開催ルール"
        verbose_name_plural = "開催ルール"

    def __str__(self) -> str:
        return schedules.describe(self)


class SearchToken(models.Model):
    """Our own inverted index: one row per (resource, folded bigram), scoped by municipality.

    The municipality leads the index so a query reads only its own city's posting lists:
    its cost follows the size of that city, not of the whole installation.
    """

    municipality_id = models.BigIntegerField()
    token = models.CharField(max_length=8)
    resource = models.ForeignKey(
        Resource, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    weight = models.PositiveSmallIntegerField(default=1)

    class Meta:
        indexes = [
            models.Index(
                fields=["municipality_id", "token", "resource", "weight"], name="search_posting"
            ),
            models.Index(fields=["resource"], name="search_by_resource"),
        ]


class IndexStamp(models.Model):
    """A mark that changes whenever a city's searchable data changes (search.reindex and the
    schedule refresh write a new one): what is kept in a cache for a city's pages is keyed
    by it, so every worker process sees a change at its next request. A random value rather
    than a counter, since a rolled-back transaction may leave a counter at a number it will
    reach again with other data."""

    municipality_id = models.BigIntegerField(primary_key=True)
    stamp = models.CharField(max_length=32)
    changed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.municipality_id}:{self.stamp}"


class Photo(models.Model):
    """A photo of a resource (HSDS: attribute of service; not in the core schema).

    The re-encoded image is kept in the database, not on disk: backups, replicas and a
    second web server then need nothing but the database (a photo is at most ~300 KB after
    re-encoding, and a resource has a few).
    """

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="photos")
    image = models.BinaryField(editable=False)
    content_type = models.CharField(max_length=20, editable=False)
    width = models.PositiveIntegerField(editable=False)
    height = models.PositiveIntegerField(editable=False)
    alt = models.CharField("写真の説明（代替テキスト）", max_length=200)
    sort_order = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # Removing a photo hides it; the bytes stay so the removal can be undone.
    removed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = "写真"
        verbose_name_plural = "写真"

    def __str__(self) -> str:
        return self.alt


from directory.jobs import BookletJob  # noqa: E402, F401 (a model of this app, kept apart)
