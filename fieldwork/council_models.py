"""協議体 (issue 12): a council, its meetings, the workshop board's cards, and the public
アイデア募集.

Glossary: 協議体 = Council, 構成団体 = Council.members (a JSON list), 会議 = Meeting,
ワークショップのボード = the cards of a meeting (BoardCard), アイデア = Idea.

Council, Meeting and BoardCard are fieldwork Records (area, versions, restore, soft delete,
the 担当地域 rule). A member's contact person is personal data: shown in the back office only,
never on a public page or in an export. An Idea comes from anyone, like office's Report: no
account, a honeypot, a limit per sender and hour, the sender kept only as a keyed hash.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from areas.models import Area
from directory.models import Resource
from fieldwork.models import LocalIssue, Record

__all__ = [
    "CARD_FIELDS",
    "COUNCIL_FIELDS",
    "MEETING_FIELDS",
    "BoardCard",
    "Council",
    "Idea",
    "Meeting",
]

# What a version keeps and a restore writes back, per kind (fieldwork/editing.py adds them).
COUNCIL_FIELDS = ["area", "name", "purpose", "members", "deleted_at"]
MEETING_FIELDS = ["area", "title", "held_on", "place", "attendance", "minutes", "deleted_at"]
CARD_FIELDS = [
    "area",
    "column",
    "title",
    "note",
    "place_text",
    "town",
    "latitude",
    "longitude",
    "issue",
    "resource",
    "deleted_at",
]


class Council(Record):
    """協議体: a council of an area's organisations, run by its coordinator."""

    class MemberKind(models.TextChoices):
        COUNCIL = "shakyo", "社会福祉協議会"
        WELFARE = "minsei", "民生委員・児童委員"
        NEIGHBOURHOOD = "jichikai", "自治会・町内会"
        CARE = "care", "介護サービス事業所・施設"
        NPO = "npo", "NPO・ボランティア団体"
        COMPANY = "company", "企業・商店"
        CENTRE = "center", "あんしんケアセンター"
        CITY = "city", "行政"
        RESIDENT = "resident", "住民"
        OTHER = "other", "その他"

    name = models.CharField("協議体の名前", max_length=100)
    purpose = models.TextField("目的・メモ", blank=True)
    # [{"name": 団体名, "kind": MemberKind, "contact": 担当者 (personal: back office only),
    #   "note": …}], in the order the coordinator wrote them.
    members = models.JSONField("構成団体", default=list, blank=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = "協議体"
        verbose_name_plural = "協議体"

    def __str__(self) -> str:
        return self.name

    def member_rows(self) -> list[dict]:
        labels = dict(self.MemberKind.choices)
        return [{**m, "kind_label": labels.get(m.get("kind", ""), "")} for m in self.members]


class Meeting(Record):
    """会議: one meeting of a council (its area is the council's), with its workshop board."""

    council = models.ForeignKey(
        Council, on_delete=models.PROTECT, related_name="meetings", verbose_name="協議体"
    )
    title = models.CharField("会議の名前", max_length=100)  # 「第1回 ワークショップ」
    held_on = models.DateField("開催日")
    place = models.CharField("会場", max_length=100, blank=True)
    attendance = models.PositiveIntegerField("出席者数", null=True, blank=True)  # None: not counted
    minutes = models.TextField("議事録", blank=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = "協議体の会議"
        verbose_name_plural = "協議体の会議"

    def __str__(self) -> str:
        return f"{self.council.name} {self.title}"


class BoardCard(Record):
    """A card of a meeting's workshop board: a 地域資源 found or a 地域課題 raised, placed on
    the area's map (a tapped point, or a typed address or town), and what it became."""

    class Column(models.TextChoices):
        RESOURCE = "resource", "地域資源"
        ISSUE = "issue", "地域課題"

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="cards", verbose_name="会議"
    )
    column = models.CharField("列", max_length=10, choices=Column.choices)
    title = models.CharField("カードの内容", max_length=100)
    note = models.CharField("ひとこと", max_length=300, blank=True)
    place_text = models.CharField("場所（住所・町名）", max_length=100, blank=True)
    town = models.ForeignKey(
        Area,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="町丁目",
    )
    latitude = models.DecimalField("緯度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("経度", max_digits=9, decimal_places=6, null=True, blank=True)
    # What the card was turned into (one action, remembered here).
    issue = models.ForeignKey(
        LocalIssue,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cards",
        verbose_name="作った地域課題",
    )
    resource = models.ForeignKey(
        Resource,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="board_cards",
        verbose_name="作った地域資源の下書き",
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "ワークショップのカード"
        verbose_name_plural = "ワークショップのカード"

    def __str__(self) -> str:
        return self.title

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def converted(self) -> bool:
        return self.issue_id is not None or self.resource_id is not None


class Idea(models.Model):
    """「交流・連携のアイデア」: sent by anyone from the public form, to the area's inbox."""

    class Sender(models.TextChoices):
        FACILITY = "facility", "施設"
        RESIDENT = "resident", "住民"
        COMPANY = "company", "企業"
        OTHER = "other", "その他"

    class Status(models.TextChoices):
        OPEN = "open", "未対応"
        DONE = "done", "対応済み"

    municipality = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="+", verbose_name="市区町村"
    )
    # The ward or 圏域 chosen by the sender; None: 「わからない」 (the city's inbox).
    area = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="地域"
    )
    sender_kind = models.CharField("送った人", max_length=10, choices=Sender.choices)
    body = models.TextField("アイデア")
    contact = models.CharField("連絡先", max_length=200, blank=True)  # back office only
    created_at = models.DateTimeField("受付日時", default=timezone.now)
    sender_hash = models.CharField(max_length=64, db_index=True, editable=False)
    status = models.CharField(
        "状態", max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="対応した人",
    )
    handled_at = models.DateTimeField("対応日時", null=True, blank=True)
    reply = models.TextField("対応の記録", blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "交流・連携のアイデア"
        verbose_name_plural = "交流・連携のアイデア"

    def __str__(self) -> str:
        return self.body[:20]

    @property
    def area_name(self) -> str:
        return self.area.name if self.area_id and self.area else "地域の指定なし"
