"""The one way a resource changes: checked against the version the editor saw, recorded.

Every back-office change (form, status, 確認済み, delete, restore, a provider's proposal)
goes through `change()` or `create()`, so none can skip the history, the concurrency check
or the search reindex.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.models import Resource
from office import history
from office.models import Revision


class EditConflictError(Exception):
    """Someone saved the resource after this editor loaded it."""

    def __init__(self, resource: Resource, since: list[Revision], seen: dict | None) -> None:
        super().__init__(_("ほかの人が先に保存しました。"))
        self.resource = resource
        self.since = since  # the revisions made after the editor's version, newest first
        self.seen = seen  # the snapshot the editor was working from (None: unknown)

    def differences(self) -> list[history.Difference]:
        current = self.since[0].snapshot if self.since else history.snapshot(self.resource)
        return history.differences(self.seen or {}, current)


def change(
    resource: Resource,
    user,
    action: str,
    mutate: Callable[[Resource], None],
    *,
    version: int | None = None,
    comment: str = "",
    reindex: bool = True,
) -> Revision:
    """Apply `mutate` to the resource, refusing if it moved on from `version`.

    The version check is a conditional UPDATE, the first write of the transaction: on SQLite
    it takes the write lock, on PostgreSQL the row lock, so of two saves from the same
    version exactly one wins and the other sees the raised version.
    """
    with transaction.atomic():
        rows = Resource.objects.filter(pk=resource.pk)
        if version is not None:
            rows = rows.filter(version=version)
        if not rows.update(version=F("version") + 1):
            raise _conflict(resource.pk, version)
        locked = Resource.objects.get(pk=resource.pk)
        before = history.snapshot(locked)
        history.ensure_baseline_from(locked, before, locked.version - 1)
        old_status = locked.status
        mutate(locked)
        if locked.status != old_status:
            locked.status_changed_at = timezone.now()
            locked.status_changed_by = user if getattr(user, "pk", None) else None
        locked.save()
        locked.refresh_derived(reindex=reindex)
        revision = history.record(locked, user, action, comment, before=before)
    resource.refresh_from_db()
    return revision


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
        comment=_("第%(number)s版に戻しました") % {"number": revision.number},
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
