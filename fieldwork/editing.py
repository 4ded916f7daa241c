"""The one way a fieldwork record changes: area-checked, version-checked, recorded.

Built on sasaeai.lib.versions (the version claim, snapshots and differences that office's
resources use too). Every write view goes through create() or change(), so none skips the
history, the check against a stale second editor or the 担当地域 check.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from fieldwork import council_kinds
from fieldwork.models import (
    CANDIDATE_FIELDS,
    COURSE_FIELDS,
    PARK_FIELDS,
    Candidate,
    Course,
    IssueResource,
    LocalIssue,
    Park,
    Record,
    SupportRecord,
    Version,
)
from fieldwork.survey_models import SURVEY_FIELDS, Survey
from office.models import Staff
from sasaeai.lib import versions

# What a snapshot keeps and a restore writes back, per kind: what an editor can change.
FIELDS: dict[str, list[str]] = {
    Version.Kind.ISSUE: [
        "area",
        "title",
        "details",
        "category",
        "source",
        "source_note",
        "source_support",
        "source_survey",
        "source_meeting",
        "raised_count",
        "status",
        "resources",
        "deleted_at",
    ],
    Version.Kind.SUPPORT: [
        "area",
        "resource",
        "group_name",
        "held_on",
        "requested_by",
        "partners",
        "activities",
        "description",
        "people_reached",
        "follow_up",
        "deleted_at",
    ],
    Version.Kind.PARK: [*PARK_FIELDS, "deleted_at"],
    Version.Kind.SURVEY: [*SURVEY_FIELDS, "deleted_at"],
    Version.Kind.COURSE: [*COURSE_FIELDS, "deleted_at"],
    Version.Kind.CANDIDATE: CANDIDATE_FIELDS,  # no soft delete: a candidate is erased
}
MODELS: dict[str, type[Record]] = {
    Version.Kind.ISSUE: LocalIssue,
    Version.Kind.SUPPORT: SupportRecord,
    Version.Kind.PARK: Park,
    Version.Kind.SURVEY: Survey,
    Version.Kind.COURSE: Course,
    Version.Kind.CANDIDATE: Candidate,
}
FIELDS.update(council_kinds.FIELDS)
MODELS.update(council_kinds.MODELS)


def kind_of(record: Record) -> str:
    return next(kind for kind, model in MODELS.items() if isinstance(record, model))


class OutsideAreasError(PermissionDenied):
    """The record lies (or would lie) outside the person's 担当地域."""


class EditConflictError(Exception):
    """Someone saved the record after this editor loaded it."""

    def __init__(self, record: Record, since: list[Version], seen: dict | None) -> None:
        super().__init__("ほかの人が先に保存しました。")
        self.record = record
        self.since = since  # versions saved after the editor's, newest first
        self.seen = seen  # the snapshot the editor was working from (None: unknown)


def staff_of(user) -> Staff | None:
    if getattr(user, "pk", None) is None:
        return None
    return Staff.objects.filter(user=user).prefetch_related("areas").first()


def may_write(staff: Staff | None, record: Record) -> bool:
    """May this person change the record: a 管理者 anywhere, a coordinator in their areas."""
    if staff is None:
        return False
    if not staff.sees_municipality(record.municipality_id):
        return False
    return staff.is_admin or (staff.can_write and staff.covers_area(record.area))


def check_area(user, record: Record, *, after: bool = False, staff: Staff | None = None) -> None:
    """Refuse unless this person may change the record as it is (user None: the system)."""
    if user is None or may_write(staff or staff_of(user), record):
        return
    if after:
        raise OutsideAreasError(
            "保存すると担当地域の外の記録になるため、保存できません。地域を担当地域の中にしてください。"
        )
    raise OutsideAreasError("この記録は担当地域の外にあるため、変更できません。")


def snapshot(record: Record) -> dict[str, Any]:
    return versions.snapshot(record, FIELDS[kind_of(record)])


def versions_of(record: Record) -> models.QuerySet[Version]:
    return Version.objects.filter(kind=kind_of(record), record_id=record.pk)


def record_version(
    record: Record, user, action: str, comment: str = "", before: dict | None = None
) -> Version:
    data = snapshot(record)
    past = versions_of(record)
    if before is None:
        last = past.first()
        before = last.snapshot if last else None
    changed = [key for key in data if before is None or before.get(key) != data[key]]
    number = (past.aggregate(n=models.Max("number"))["n"] or 0) + 1
    return Version.objects.create(
        kind=kind_of(record),
        record_id=record.pk,
        number=number,
        version=record.version,
        action=action,
        user=user if getattr(user, "pk", None) else None,
        snapshot=data,
        changed=changed,
        comment=comment[:300],
    )


def create(record: Record, user, fill: Callable[[Record], None] | None = None) -> Record:
    """Save a new record (fill sets its many-to-many parts once it has an id) and version 1."""
    with transaction.atomic():
        check_area(user, record, after=True)
        record.created_by = user if getattr(user, "pk", None) else None
        record.save()
        if fill is not None:
            fill(record)
        record_version(record, user, Version.Action.CREATE)
    return record


def change(
    record: Record,
    user,
    action: str,
    mutate: Callable[[Record], None],
    *,
    version: int | None = None,
    comment: str = "",
) -> Version:
    """Apply `mutate` to the record, refusing if it moved on from `version`.

    The area check runs before and after `mutate`: nobody changes a record outside their
    areas or moves one out of them."""
    model = type(record)
    with transaction.atomic():
        if not versions.claim(model, record.pk, version):
            raise _conflict(record, version)
        locked = model.objects.get(pk=record.pk)
        staff = staff_of(user)
        check_area(user, locked, staff=staff)
        before = snapshot(locked)
        old_status = getattr(locked, "status", None)
        mutate(locked)
        if isinstance(locked, LocalIssue) and locked.status != old_status:
            locked.status_changed_at = timezone.now()
            locked.status_changed_by = user if getattr(user, "pk", None) else None
        locked.save()
        check_area(user, locked, after=True, staff=staff)
        saved = record_version(locked, user, action, comment, before=before)
    record.refresh_from_db()
    return saved


def _conflict(record: Record, version: int | None) -> EditConflictError:
    current = type(record).objects.get(pk=record.pk)
    past = versions_of(current)
    since = list(past.filter(version__gt=version or 0).select_related("user"))
    seen = (
        past.filter(version__lte=version or 0)
        .order_by("-number")
        .values_list("snapshot", flat=True)
        .first()
    )
    return EditConflictError(current, since, seen)


def restore(record: Record, old: Version, user, version: int | None = None) -> Version:
    """Put an earlier version back, as a new version that names the old one.

    Whether the record is deleted is not part of what a restore puts back: undoing a
    deletion stays the 管理者's."""
    fields = [name for name in FIELDS[kind_of(record)] if name != "deleted_at"]
    return change(
        record,
        user,
        Version.Action.RESTORE,
        lambda r: versions.apply(r, old.snapshot, fields),
        version=version,
        comment=f"第{old.number}版に戻しました",
    )


def delete(record: Record, user, version: int | None = None) -> Version:
    def mark(r: Record) -> None:
        r.deleted_at = timezone.now()
        r.deleted_by = user

    return change(
        record, user, Version.Action.DELETE, mark, version=version, comment="削除しました"
    )


def undelete(record: Record, user) -> Version:
    def unmark(r: Record) -> None:
        r.deleted_at = None
        r.deleted_by = None

    return change(record, user, Version.Action.UNDELETE, unmark, comment="削除を取り消しました")


class AlreadyLinkedError(ValueError):
    """The resource already answers this issue."""


def link_resource(
    issue: LocalIssue, resource, user, *, note: str = "", version: int | None = None
) -> Version:
    """Record that a resource answers the issue: a version of the issue (its resources are
    part of its snapshot). The unique constraint settles two people linking at once."""
    if IssueResource.objects.filter(issue=issue, resource=resource).exists():
        raise AlreadyLinkedError(f"「{resource.name}」はもうつながっています。")

    def add(record: Record) -> None:
        IssueResource.objects.create(
            issue_id=record.pk,
            resource=resource,
            note=note,
            added_by=user if getattr(user, "pk", None) else None,
        )

    try:
        with transaction.atomic():
            return change(
                issue,
                user,
                Version.Action.LINK,
                add,
                version=version,
                comment=f"「{resource.name}」とつなげました",
            )
    except IntegrityError:
        raise AlreadyLinkedError(f"「{resource.name}」はもうつながっています。") from None


def unlink_resource(issue: LocalIssue, resource_id: int, user) -> str | None:
    """Remove a link; the resource's name, or None when there was no such link."""
    gone = issue.links.filter(resource_id=resource_id).select_related("resource").first()
    if gone is None:
        return None

    def remove(record: Record) -> None:
        IssueResource.objects.filter(pk=gone.pk).delete()

    name = gone.resource.name
    change(issue, user, Version.Action.LINK, remove, comment=f"「{name}」とのつながりを外しました")
    return name


def differences(kind: str, old: dict | None, new: dict) -> list[versions.Difference]:
    model = MODELS[kind]
    shown = {k: v for k, v in new.items() if k != "deleted_at"}
    return versions.differences(model, old, shown, describe_of=lambda n, v: describe(model, n, v))


def describe(model: type[Record], name: str, value: Any) -> str:
    if name == "area" and value is not None:
        from areas.models import Area

        area = Area.objects.filter(pk=value).first()
        return area.full_name if area else f"#{value}"
    return versions.describe(model, name, value)
