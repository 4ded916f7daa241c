"""The one way a resource changes: checked against the version the editor saw, recorded.

Every back-office change (form, status, 確認済み, delete, restore, a provider's proposal,
photos, an import) goes through `change()` or `create()`, so none can skip the history, the
concurrency check, the area check or the search reindex.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, transaction
from django.utils import timezone

from directory.models import Resource
from office import history
from office.models import Revision, Staff
from sasaeai.lib import versions

# Many resources changed at once (まとめて確認済み) commit this many per transaction: a write
# transaction holds SQLite's only write lock, and log-ins and the public report form wait.
BATCH_SIZE = 50


class OutsideAreasError(PermissionDenied):
    """The change would touch a resource outside the person's 担当地域, or move one out."""


class EditConflictError(Exception):
    """Someone saved the resource after this editor loaded it."""

    def __init__(self, resource: Resource, since: list[Revision], seen: dict | None) -> None:
        super().__init__("ほかの人が先に保存しました。")
        self.resource = resource
        self.since = since  # the revisions made after the editor's version, newest first
        self.seen = seen  # the snapshot the editor was working from (None: unknown)


def staff_of(user) -> Staff | None:
    """The back-office account an area check uses (None: the user has none)."""
    if getattr(user, "pk", None) is None:
        return None
    return Staff.objects.filter(user=user).prefetch_related("areas").first()


def check_area(
    user, resource: Resource, *, after: bool = False, staff: Staff | None = None
) -> None:
    """Refuse (OutsideAreasError) unless this person may change the resource as it is in the
    database now: its town, 開催地域 or a served area inside their 担当地域 (Staff.can_edit).

    change() and create() call it before and after the change, so the check is on the
    result (a proposal's address or an old version can move the town) and no caller can
    skip it. user None is the system itself (a command run without --as): no area limit.
    `staff`: the person's Staff row when the caller has it (saves looking it up again).
    """
    if user is None:
        return
    staff = staff or staff_of(user)
    if staff is not None and (staff.is_admin or staff.can_edit(resource)):
        return
    if after:
        raise OutsideAreasError(
            f"保存すると「{resource.name}」が担当地域の外になるため、保存できません。"
            "町丁目・開催地域・対応地域のどれかを担当地域の中にしてください。"
        )
    raise OutsideAreasError("この地域資源は担当地域の外にあるため、変更できません。")


def change(
    resource: Resource,
    user,
    action: str,
    mutate: Callable[[Resource], None],
    *,
    version: int | None = None,
    comment: str = "",
    reindex: bool = True,
    staff: Staff | None = None,
) -> Revision:
    """Apply `mutate` to the resource, refusing if it moved on from `version`.

    The version check is a conditional UPDATE, the first write of the transaction: on SQLite
    it takes the write lock, on PostgreSQL the row lock, so of two saves from the same
    version exactly one wins and the other sees the raised version.

    The area check (check_area) runs on the resource before and after `mutate`: whatever
    the caller, nobody changes a resource outside their areas or moves one out of them.
    `staff`: the user's Staff row, when the caller already has it (many changes in a row).
    """
    with transaction.atomic():
        if not versions.claim(Resource, resource.pk, version):
            raise _conflict(resource.pk, version)
        locked = Resource.objects.get(pk=resource.pk)
        staff = staff or staff_of(user)
        check_area(user, locked, staff=staff)
        before = history.snapshot(locked)
        history.ensure_baseline_from(locked, before, locked.version - 1)
        old_status = locked.status
        mutate(locked)
        if locked.status != old_status:
            locked.status_changed_at = timezone.now()
            locked.status_changed_by = user if getattr(user, "pk", None) else None
        locked.save()
        check_area(user, locked, after=True, staff=staff)
        locked.refresh_derived(reindex=reindex)
        revision = history.record(locked, user, action, comment, before=before)
    resource.refresh_from_db()
    return revision


@dataclass
class ManyResult:
    done: int  # changed and committed
    left: int  # not changed: the batch that failed and those after it
    error: Exception | None = None


def change_many(
    ids: list[int], user, action: str, mutate: Callable[[Resource], None], *, comment: str = ""
) -> ManyResult:
    """The same change to many resources, BATCH_SIZE of them per transaction.

    Not all or nothing: each batch is committed, so a failure (someone else holding the
    database too long, a resource moved out of the person's areas meanwhile) leaves the
    batches before it saved. The caller says so. Each batch reindexes search once.
    """
    from directory import search

    ids = list(ids)
    staff = staff_of(user)
    done = 0
    for start in range(0, len(ids), BATCH_SIZE):
        chunk = ids[start : start + BATCH_SIZE]
        try:
            with transaction.atomic():
                for resource in Resource.objects.filter(pk__in=chunk).order_by("pk"):
                    change(
                        resource,
                        user,
                        action,
                        mutate,
                        comment=comment,
                        reindex=False,
                        staff=staff,
                    )
                search.reindex(chunk)
        except (DatabaseError, PermissionDenied) as error:
            return ManyResult(done=done, left=len(ids) - done, error=error)
        done += len(chunk)
    return ManyResult(done=done, left=0)


def create(
    user, mutate: Callable[[Resource], None], comment: str = "", *, reindex: bool = True
) -> Resource:
    """Make a new resource (mutate fills it in and saves it) and its first revision.

    reindex=False: the caller reindexes in one batch afterwards (see change())."""
    with transaction.atomic():
        resource = Resource(status=Resource.Status.DRAFT)
        mutate(resource)
        resource.status_changed_at = timezone.now()
        resource.status_changed_by = user if getattr(user, "pk", None) else None
        resource.save()
        check_area(user, resource, after=True)
        resource.refresh_derived(reindex=reindex)
        history.record(resource, user, Revision.Action.CREATE, comment)
    return resource


def _conflict(pk: int, version: int | None) -> EditConflictError:
    resource = Resource.objects.get(pk=pk)
    since = list(Revision.objects.filter(resource=resource, version__gt=version or 0))
    seen = (
        Revision.objects.filter(resource=resource, version__lte=version or 0)
        .order_by("-number")
        .values_list("snapshot", flat=True)
        .first()
    )
    return EditConflictError(resource, since, seen)


def restore(resource: Resource, revision: Revision, user, version: int | None = None) -> Revision:
    """Put an earlier version back; recorded as a new revision that names the old one."""
    return change(
        resource,
        user,
        Revision.Action.RESTORE,
        lambda r: history.apply(r, revision.snapshot),
        version=version,
        comment=f"第{revision.number}版に戻しました",
    )


def follow_address(resource: Resource) -> None:
    """After an address changes outside the form: the town from the address (when it names
    one), and the point from the town unless the coordinator placed it more precisely."""
    from areas import addresses

    town = addresses.match_town(resource.municipality, resource.address)
    if town is not None:
        resource.town = town
    precise = resource.point_precision in (
        Resource.PointPrecision.ADDRESS,
        Resource.PointPrecision.MANUAL,
    )
    if resource.town is not None and resource.town.lat is not None and not precise:
        resource.lat, resource.lng = resource.town.lat, resource.town.lng
        resource.point_precision = Resource.PointPrecision.TOWN
