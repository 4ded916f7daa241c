"""The back office: who may do what where, what changed, and what the public reported.

Glossary (sasaeai/glossary.py): 管理者 = Staff.Role.ADMIN, 生活支援コーディネーター =
Staff.Role.COORDINATOR, 閲覧者 = Staff.Role.VIEWER, 担当地域 = Staff.areas, 変更履歴 =
Revision, 情報の誤りの報告 = Report, 提供者用の更新リンク = UpdateLink, 提供者からの提案 =
Proposal.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from areas.models import Area
from directory.forms import default_municipality
from directory.models import Resource


class Staff(models.Model):
    """A back-office account's role and areas (one per user; no row = no back office)."""

    class Role(models.TextChoices):
        # 全体の管理者: the installation's (a prefecture, a vendor): every city, and the
        # cities' own 管理者 accounts. `createsuperuser` and `create_admin` without
        # --municipality make one.
        INSTALLATION = "installation", "全体の管理者"
        ADMIN = "admin", "管理者"
        COORDINATOR = "coordinator", "コーディネーター"
        VIEWER = "viewer", "閲覧者"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff"
    )
    role = models.CharField("役割", max_length=20, choices=Role.choices)
    # 第1層: a ward or the whole municipality; 第2層: one 日常生活圏域.
    areas = models.ManyToManyField(Area, blank=True, related_name="staff", verbose_name="担当地域")
    # The city whose resources this person's lists, new entries and imports are about; a
    # city's people work in it only, 全体の管理者 choose it (/office/city/).
    municipality = models.ForeignKey(
        Area,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": Area.Kind.MUNICIPALITY},
        verbose_name="市区町村",
        help_text="空欄のときは、担当地域の市区町村（担当地域がなければ既定の市区町村）になります。",
    )
    organisation = models.CharField("所属", max_length=100, blank=True)

    class Meta:
        verbose_name = "職員アカウント"
        verbose_name_plural = "職員アカウント"

    def __str__(self) -> str:
        return (
            f"{self.user.get_full_name() or self.user.get_username()}（{self.get_role_display()}）"
        )

    def save(self, *args, **kwargs) -> None:
        # Never left empty: an account made without one (a script, a test, an admin who left
        # the field blank) works for the city of its areas, or the site's default city.
        if self.municipality_id is None:
            self.municipality = self.municipality_of_areas() or default_municipality()
        super().save(*args, **kwargs)

    def municipality_of_areas(self) -> Area | None:
        """The municipality of this person's first area (None before any area is set)."""
        if self.pk is None:
            return None
        for area in self.area_list():
            return area if area.kind == Area.Kind.MUNICIPALITY else area.municipality
        return None

    @property
    def is_admin(self) -> bool:
        """管理者 of the city, or 全体の管理者 (who may do all a city's 管理者 may)."""
        return self.role in (self.Role.ADMIN, self.Role.INSTALLATION)

    @property
    def is_installation_admin(self) -> bool:
        return self.role == self.Role.INSTALLATION

    @property
    def can_write(self) -> bool:
        return self.role in (self.Role.ADMIN, self.Role.INSTALLATION, self.Role.COORDINATOR)

    def sees_municipality(self, municipality_id: int | None) -> bool:
        """Data of this city may be shown to this person: their own city, or any for the
        全体の管理者. Nothing crosses from one city to another."""
        if self.is_installation_admin:
            return True
        return municipality_id is not None and municipality_id == self.municipality_id

    def cities(self) -> models.QuerySet[Area]:
        """The cities this person may work in: every one for the 全体の管理者, else their own."""
        cities = Area.objects.municipalities().order_by("code")
        if self.is_installation_admin:
            return cities
        return cities.filter(pk=self.municipality_id)

    def municipality_ids(self) -> list[int] | None:
        """The cities this person may see (None: all, for the 全体の管理者)."""
        if self.is_installation_admin:
            return None
        return [self.municipality_id] if self.municipality_id else []

    def area_list(self) -> list[Area]:
        return list(self.areas.all())

    def coverage_q(self, prefix: str = "") -> Q:
        """Resources inside this person's areas: by their town, the area they are held in
        (開催地域, when only that is known), or an area they serve."""
        served = Resource.served_areas.through.objects
        q = Q(pk__in=[])
        for area in self.area_list():
            if area.kind == Area.Kind.MUNICIPALITY:
                q |= Q(**{f"{prefix}municipality": area})
                continue
            q |= Q(**{f"{prefix}town__path__startswith": area.path})
            q |= Q(**{f"{prefix}place_area__path__startswith": area.path})
            q |= Q(
                **{
                    f"{prefix}pk__in": served.filter(area__path__startswith=area.path).values(
                        "resource_id"
                    )
                }
            )
        return q

    def editable(self, queryset: models.QuerySet | None = None) -> models.QuerySet:
        """The resources this person may change (none for a 閲覧者)."""
        queryset = Resource.objects.all() if queryset is None else queryset
        if self.is_installation_admin:
            return queryset
        if self.is_admin:
            return queryset.filter(municipality_id=self.municipality_id)
        if self.role != self.Role.COORDINATOR:
            return queryset.none()
        return queryset.filter(self.coverage_q(), municipality_id=self.municipality_id)

    def can_edit(self, resource: Resource) -> bool:
        if resource.pk is None:
            return self.can_write
        return self.editable(Resource.objects.filter(pk=resource.pk)).exists()

    def covers_area(self, area: Area | None) -> bool:
        """May this person place a resource in (or have it serve) this area?"""
        if self.is_installation_admin:
            return True
        if self.is_admin:
            return area is not None and (
                area.municipality_id == self.municipality_id or area.pk == self.municipality_id
            )
        if self.role != self.Role.COORDINATOR or area is None:
            return False
        return any(
            area.path.startswith(mine.path)
            or (mine.kind == Area.Kind.MUNICIPALITY and area.municipality_id == mine.pk)
            for mine in self.area_list()
        )


def installation_staff(user) -> Staff:
    """The 全体の管理者 row of a superuser (`createsuperuser`, `create_admin`), made once."""
    staff, _ = Staff.objects.get_or_create(user=user, defaults={"role": Staff.Role.INSTALLATION})
    return staff


class Revision(models.Model):
    """One change to a resource, with a snapshot of the whole resource after it.

    A snapshot holds the fields, the categories and served areas, and the schedule rules, so
    one edit is one revision and restoring a version restores all of them together.
    """

    class Action(models.TextChoices):
        CREATE = "create", "登録"
        EDIT = "edit", "編集"
        STATUS = "status", "状態の変更"
        CONFIRM = "confirm", "確認済み"
        DELETE = "delete", "削除"
        UNDELETE = "undelete", "削除の取り消し"
        RESTORE = "restore", "以前の版に戻す"
        PROPOSAL = "proposal", "提供者の提案を反映"
        PHOTO = "photo", "写真"

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField("版")
    # Resource.version after this change: a refused save finds what happened since its form.
    version = models.PositiveIntegerField(default=1)
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
    changed = models.JSONField(default=list)  # field names, for lists and filters
    comment = models.CharField("コメント", max_length=300, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["resource", "number"], name="revision_number_unique")
        ]
        indexes = [models.Index(fields=["created_at"], name="revision_by_time")]
        verbose_name = "変更履歴"
        verbose_name_plural = "変更履歴"

    def __str__(self) -> str:
        return f"{self.resource_id} 第{self.number}版"


class Report(models.Model):
    """「情報の誤りを報告する」: a correction sent by anyone from a public page."""

    class Status(models.TextChoices):
        OPEN = "open", "未対応"
        DONE = "done", "対応済み"

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="reports")
    body = models.TextField("誤りの内容")
    contact = models.CharField("連絡先", max_length=200, blank=True)
    created_at = models.DateTimeField("受付日時", default=timezone.now)
    # A keyed hash of the sender's address: enough to rate-limit, useless to identify.
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
        ordering = ["-created_at"]
        verbose_name = "情報の誤りの報告"
        verbose_name_plural = "情報の誤りの報告"

    def __str__(self) -> str:
        return f"{self.resource}: {self.body[:20]}"

    @property
    def contact_erased(self) -> bool:
        """Past the keeping time and erased by purge_report_contacts (which clears both)."""
        days = int(getattr(settings, "SASAEAI_REPORT_CONTACT_DAYS", 180))
        old = self.created_at < timezone.now() - datetime.timedelta(days=days)
        return old and not self.contact and not self.sender_hash


class UpdateLink(models.Model):
    """A signed link a provider uses, without an account, to propose changes to one entry."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="update_links")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    # Random, stored: the signed token names it, so a link can be revoked or used up.
    nonce = models.CharField(max_length=32, unique=True)
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "提供者用の更新リンク"
        verbose_name_plural = "提供者用の更新リンク"

    def __str__(self) -> str:
        return f"{self.resource} ({self.expires_at:%Y-%m-%d})"


class Proposal(models.Model):
    """The changes a provider proposed through an update link, and each one's decision."""

    class Status(models.TextChoices):
        PENDING = "pending", "確認待ち"
        DECIDED = "decided", "確認済み"

    link = models.OneToOneField(UpdateLink, on_delete=models.CASCADE, related_name="proposal")
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="proposals")
    # {field: proposed value} for the fields that differ from the entry when submitted.
    changes = models.JSONField(default=dict)
    # The entry's values when the provider saw it: a review shows what else changed since.
    base = models.JSONField(default=dict)
    message = models.TextField("提供者からのひとこと", blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    # {field: true (accepted) / false (rejected)}
    decisions = models.JSONField(default=dict)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = "提供者からの提案"
        verbose_name_plural = "提供者からの提案"

    def __str__(self) -> str:
        return f"{self.resource}: {len(self.changes)}"


from office.mail_models import *  # noqa: E402,F401,F403
