"""出前講座 (Course) and 担い手候補 (Candidate), and matching a 地域課題 to candidates (issue 12).

Glossary: 出前講座 = Course, 担い手候補 = Candidate, 手伝えること = Candidate.abilities,
同意 = Candidate.consent_*, 消去 = CandidateErasure (the log), 連絡した = CandidateContact.

A candidate is personal data. Decided here and in docs/fieldwork.md:
- only the 管理者 and the coordinators whose 担当地域 hold the candidate's area see (and change)
  a candidate; a 閲覧者 and a coordinator of another area see neither the row nor its versions;
- a candidate is never stored without the person's consent (the form asks for it, and a
  database constraint refuses a row without a consent date and how it was given);
- erasing one (Candidate.erase) removes the row and every version snapshot of it, cuts the
  links to it (they read 「消去された担い手候補」) and leaves a log row with no personal content.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from areas.models import Area
from fieldwork.models import IssueNote, LocalIssue, Record, RecordQuerySet, Version

__all__ = [
    "COURSE_FIELDS",
    "CANDIDATE_FIELDS",
    "Ability",
    "Candidate",
    "CandidateContact",
    "CandidateErasure",
    "CandidateQuerySet",
    "Course",
    "abilities_for",
]


class Course(Record):
    """出前講座: a talk given to a group to find new 担い手 (held, or planned)."""

    class Audience(models.TextChoices):
        NEIGHBOURHOOD = "neighbourhood", "自治会・町内会"
        SENIOR_CLUB = "senior_club", "老人クラブ"
        WELFARE_VOLUNTEERS = "welfare_volunteers", "民生委員"
        RESIDENTS = "residents", "住民"
        COMPANY = "company", "企業"
        OTHER = "other", "その他"

    title = models.CharField("講座の名前", max_length=100)
    held_on = models.DateField("開催日（予定日）")
    place = models.CharField("会場", max_length=200, blank=True)
    audience = models.CharField("対象", max_length=30, choices=Audience.choices)
    audience_note = models.CharField("対象の団体名など", max_length=100, blank=True)
    attendance = models.PositiveIntegerField(
        "参加した人数", null=True, blank=True
    )  # None: not counted (or not held yet)
    presented = models.TextField("話した内容", blank=True)
    notes = models.TextField("メモ", blank=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = "出前講座"
        verbose_name_plural = "出前講座"

    def __str__(self) -> str:
        return f"{self.held_on:%Y/%m/%d} {self.title}"

    @property
    def is_planned(self) -> bool:
        return self.held_on > timezone.localdate()


COURSE_FIELDS = [
    "area",
    "title",
    "held_on",
    "place",
    "audience",
    "audience_note",
    "attendance",
    "presented",
    "notes",
]


class Ability(models.TextChoices):
    """手伝えること: what a candidate offered to do."""

    GARBAGE = "garbage", "ごみ出し"
    SHOPPING = "shopping", "買い物"
    TRANSPORT = "transport", "送迎"
    WATCHING = "watching", "見守り"
    SALON = "salon", "サロン運営"
    OTHER = "other", "その他"


# Matching a 地域課題 to candidates: which abilities answer it. A category answers with the
# abilities of its longest listed prefix (3.2 見守りを兼ねた配食 → 買い物 and 見守り); words
# in the issue's title or details add theirs. 相談機関 (6) and その他 match nothing by themselves.
ABILITIES_BY_CATEGORY: dict[str, list[str]] = {
    "1": [Ability.GARBAGE, Ability.SHOPPING],  # 家事支援
    "2": [Ability.TRANSPORT],  # 外出支援
    "3": [Ability.SHOPPING],  # 日用品・食材・弁当の宅配
    "3.2": [Ability.SHOPPING, Ability.WATCHING],  # 見守りを兼ねた配食
    "4": [Ability.WATCHING],  # 見守り・安否確認
    "5": [Ability.SALON],  # 交流の場・通いの場
}
ABILITY_WORDS: dict[str, list[str]] = {
    Ability.GARBAGE: ["ごみ", "ゴミ"],
    Ability.SHOPPING: ["買い物", "買物", "かいもの"],
    Ability.TRANSPORT: ["送迎", "移動", "通院", "外出", "運転"],
    Ability.WATCHING: ["見守り", "見守", "安否", "声かけ", "孤立"],
    Ability.SALON: ["サロン", "カフェ", "体操", "集い", "交流", "通いの場", "居場所"],
}


def abilities_for(issue: LocalIssue) -> list[str]:
    """The abilities that answer this issue, by its category and its words (in Ability order)."""
    found: set[str] = set()
    code = issue.category.code if issue.category_id and issue.category else ""
    prefixes = [p for p in ABILITIES_BY_CATEGORY if code == p or code.startswith(p + ".")]
    if prefixes:
        found.update(ABILITIES_BY_CATEGORY[max(prefixes, key=len)])
    text = f"{issue.title}\n{issue.details}"
    for ability, words in ABILITY_WORDS.items():
        if any(word in text for word in words):
            found.add(ability)
    return [a.value for a in Ability if a.value in found]


class CandidateQuerySet(RecordQuerySet):
    def visible_to(self, staff) -> CandidateQuerySet:
        """The candidates this person may see: all for a 管理者, those inside a coordinator's
        担当地域, none for anyone else (a 閲覧者 sees no personal data)."""
        if staff is None:
            return self.none()
        if staff.is_admin:
            return self.filter(municipality=staff.municipality)
        if not staff.can_write:
            return self.none()
        q = Q(pk__in=[])
        for area in staff.area_list():
            if area.kind == Area.Kind.MUNICIPALITY:
                q |= Q(municipality=area)
            else:
                q |= Q(area__path__startswith=area.path)
        return self.filter(q)

    def able_to(self, abilities: list[str]) -> CandidateQuerySet:
        """Candidates who offered at least one of these abilities (checked in Python: the
        abilities are a JSON list, and an area holds tens of candidates, not thousands)."""
        wanted = set(abilities)
        ids = [pk for pk, mine in self.values_list("pk", "abilities") if wanted & set(mine or [])]
        return self.filter(pk__in=ids)


CANDIDATE_FIELDS = [
    "area",
    "name",
    "contact",
    "abilities",
    "availability",
    "came_via",
    "course",
    "came_note",
    "consent_on",
    "consent_how",
    "consent_by",
    "consent_scope",
    "notes",
]


class Candidate(Record):
    """担い手候補: a person who offered to help, with the consent they gave to be recorded."""

    class CameVia(models.TextChoices):
        COURSE = "course", "出前講座"
        OTHER = "other", "その他"

    class ConsentHow(models.TextChoices):
        WRITTEN = "written", "書面"
        ORAL = "oral", "口頭"

    name = models.CharField("名前", max_length=60)
    contact = models.CharField("連絡先（電話・メール）", max_length=200, blank=True)
    abilities = models.JSONField("手伝えること", default=list, blank=True)
    availability = models.CharField("手伝える日時", max_length=200, blank=True)
    came_via = models.CharField("きっかけ", max_length=10, choices=CameVia.choices)
    course = models.ForeignKey(
        Course,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="candidates",
        verbose_name="出前講座",
    )
    came_note = models.CharField("きっかけのくわしい内容", max_length=200, blank=True)
    consent_on = models.DateField("同意を得た日")
    consent_how = models.CharField("同意の方法", max_length=10, choices=ConsentHow.choices)
    consent_by = models.CharField("同意を確かめた人", max_length=60)
    consent_scope = models.CharField("同意の範囲", max_length=300)
    notes = models.TextField("メモ", blank=True)

    objects = CandidateQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["area__path", "pk"]
        constraints = [
            # No record without consent: its date, how it was given, by whom, what it covers.
            models.CheckConstraint(
                condition=Q(consent_on__isnull=False)
                & ~Q(consent_how="")
                & ~Q(consent_by="")
                & ~Q(consent_scope=""),
                name="candidate_consent_recorded",
            )
        ]
        verbose_name = "担い手候補"
        verbose_name_plural = "担い手候補"

    def __str__(self) -> str:
        return self.name

    def ability_labels(self) -> list[str]:
        labels = dict(Ability.choices)
        return [labels.get(a, a) for a in self.abilities]

    def erase(self, user, reason: str) -> CandidateErasure:
        """Remove every trace of this person: the row, the snapshots of its versions, the
        memos of the 「連絡した」 notes naming them; links read 「消去された担い手候補」.
        What is left is a log row with no personal content."""
        with transaction.atomic():
            contacts = CandidateContact.objects.filter(candidate=self)
            contact_count = contacts.count()
            IssueNote.objects.filter(pk__in=contacts.values("note_id")).update(
                note=CandidateContact.ERASED_NOTE
            )
            contacts.update(candidate=None)
            versions = Version.objects.filter(kind=Version.Kind.CANDIDATE, record_id=self.pk)
            count = versions.count()
            versions.delete()
            log = CandidateErasure.objects.create(
                municipality_id=self.municipality_id,
                area_id=self.area_id,
                candidate_number=self.pk,
                reason=reason,
                versions_erased=count,
                contacts_cut=contact_count,
                erased_by=user if getattr(user, "pk", None) else None,
            )
            self.delete()
        return log


class CandidateErasure(models.Model):
    """消去の記録: that a candidate was erased, when, by whom and why — never who they were."""

    class Reason(models.TextChoices):
        WITHDRAWN = "withdrawn", "本人が同意を取り消した"
        REQUESTED = "requested", "本人から消してほしいと言われた"
        NO_LONGER = "no_longer", "活動できなくなった・連絡がつかない"
        MISTAKE = "mistake", "誤って記録した"

    municipality = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="+", verbose_name="市区町村"
    )
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+", verbose_name="地域")
    candidate_number = models.PositiveBigIntegerField("担い手候補の番号")
    reason = models.CharField("理由", max_length=20, choices=Reason.choices)
    versions_erased = models.PositiveIntegerField("消した版の数", default=0)
    contacts_cut = models.PositiveIntegerField("外した連絡の記録", default=0)
    erased_at = models.DateTimeField("消去した日時", default=timezone.now)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="消去した人",
    )

    class Meta:
        ordering = ["-erased_at", "-pk"]
        verbose_name = "担い手候補の消去の記録"
        verbose_name_plural = "担い手候補の消去の記録"

    def __str__(self) -> str:
        return f"担い手候補 #{self.candidate_number} を消去（{self.erased_at:%Y/%m/%d}）"


class CandidateContact(models.Model):
    """「連絡した」: a dated note on an issue saying a candidate was contacted about it.

    The note's text never holds the candidate's name (the link does); erasing the candidate
    empties the link and replaces the note's text."""

    NOTE = "担い手候補に連絡した"
    ERASED_NOTE = "担い手候補に連絡した（消去された担い手候補）"

    note = models.OneToOneField(IssueNote, on_delete=models.CASCADE, related_name="contact")
    candidate = models.ForeignKey(
        Candidate,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contacts",
        verbose_name="担い手候補",
    )

    class Meta:
        verbose_name = "担い手候補への連絡"
        verbose_name_plural = "担い手候補への連絡"

    def __str__(self) -> str:
        return f"{self.note_id} → {self.candidate_id or '消去'}"
