"""調査 (surveys, issue 12): what a coordinator asked or looked at, and what it showed.

Glossary: 調査 = Survey, 見えたこと = Survey.findings, 回答の集計 = SurveyTally,
見えたことの使い道 = FindingUse (a finding turned into a 地域課題 or a resource draft),
完全に消去 = erase (SurveyErasure is its log, without personal content).

Answers may hold personal data, so the product keeps only what the form asks: a CSV of answers
is read, tallied per question and thrown away — the tally (questions, choices and counts) is
kept, never the rows, never a free-text answer, never a column that names a person
(survey_tally.py). A 管理者 can erase a survey completely (survey_erase.py).

Imported at the bottom of fieldwork/models.py, so fieldwork.models names these models too.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from directory.models import Resource
from fieldwork.models import LocalIssue, Record

__all__ = ["SURVEY_FIELDS", "FindingUse", "Survey", "SurveyErasure", "SurveyTally"]

# What an editor changes on a survey: the form's fields, and what a version keeps.
SURVEY_FIELDS = [
    "area",
    "title",
    "kind",
    "conducted_on",
    "place",
    "whom",
    "respondents",
    "findings",
    "notes",
]


class Survey(Record):
    """調査: an アンケート, 聞き取り, 訪問, 踏査, 文献 or 出口調査 in an area."""

    class Kind(models.TextChoices):
        QUESTIONNAIRE = "questionnaire", "アンケート"
        INTERVIEW = "interview", "聞き取り"
        VISIT = "visit", "訪問"
        WALK = "walk", "踏査"
        LITERATURE = "literature", "文献"
        EXIT = "exit", "出口調査"

    class Whom(models.TextChoices):
        RESIDENTS = "residents", "地域住民"
        GROUPS = "groups", "活動団体"
        NEIGHBOURHOOD = "neighbourhood", "自治会"
        WELFARE_VOLUNTEERS = "welfare_volunteers", "民生委員"
        PROFESSIONALS = "professionals", "専門職"
        OTHER = "other", "その他"

    title = models.CharField("調査の名前", max_length=100)
    kind = models.CharField("調査の種類", max_length=20, choices=Kind.choices)
    conducted_on = models.DateField("実施日")
    place = models.CharField("場所", max_length=200, blank=True)
    whom = models.JSONField("だれに", default=list, blank=True)  # Whom values
    respondents = models.PositiveIntegerField(
        "回答した人数", null=True, blank=True
    )  # None: not counted (never guessed, not taken from a file)
    findings = models.JSONField("見えたこと", default=list, blank=True)  # short texts
    notes = models.TextField("メモ", blank=True)

    class Meta:
        ordering = ["-conducted_on", "-pk"]
        verbose_name = "調査"
        verbose_name_plural = "調査"

    def __str__(self) -> str:
        return self.title

    def whom_labels(self) -> list[str]:
        labels = dict(self.Whom.choices)
        return [labels.get(w, w) for w in self.whom]


class SurveyTally(models.Model):
    """回答の集計: one CSV of answers, tallied per question. The file itself is not kept.

    questions: [{"question", "kind" (choice|multi|free|personal), "answered", "blank",
    "options": [[label, count], …]}] — options only for choice and multi questions."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="tallies")
    label = models.CharField("集計の名前", max_length=100)
    rows = models.PositiveIntegerField("回答の数（行数）")
    encoding = models.CharField("文字コード", max_length=20)
    questions = models.JSONField("設問ごとの集計", default=list)
    created_at = models.DateTimeField("取り込んだ日時", default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="取り込んだ人",
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "調査の回答の集計"
        verbose_name_plural = "調査の回答の集計"

    def __str__(self) -> str:
        return self.label


class FindingUse(models.Model):
    """A finding (by its text) turned into a 地域課題 or a resource draft, once."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="uses")
    finding = models.CharField("見えたこと", max_length=100)
    issue = models.ForeignKey(
        LocalIssue, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resource = models.ForeignKey(
        Resource, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "finding"], name="finding_use_once")
        ]
        verbose_name = "見えたことの使い道"
        verbose_name_plural = "見えたことの使い道"

    def __str__(self) -> str:
        return self.finding


class SurveyErasure(models.Model):
    """The log of a complete erasure: who, when, and how many rows went — no title, no
    answers, nothing a person could be found by."""

    survey_number = models.PositiveBigIntegerField("調査の番号")
    municipality = models.ForeignKey(
        "areas.Area", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    erased_at = models.DateTimeField("消去した日時", default=timezone.now)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="消去した人",
    )
    counts = models.JSONField("消去した件数", default=dict)

    class Meta:
        ordering = ["-erased_at", "-pk"]
        verbose_name = "調査の完全な消去の記録"
        verbose_name_plural = "調査の完全な消去の記録"

    def __str__(self) -> str:
        return f"調査 {self.survey_number} の消去"
