"""Resources as an import compares them: in the snapshot shape of office.history (fields by
name, categories and served areas by code, schedule rules as data), many at a time."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from directory import schedules
from directory.models import Resource
from office import history


def chunks(values: list[int], size: int = 500) -> Iterator[list[int]]:
    """The values in slices small enough for one IN (…) of any database."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _fields(resource: Resource) -> dict[str, Any]:
    return {
        name: history._plain(getattr(resource, history.model_field(name).attname))
        for name in history.FIELDS
    }


def new_snapshot() -> dict[str, Any]:
    """A new resource's values before the file's cells are applied (as create() makes it)."""
    data = _fields(Resource(status=Resource.Status.DRAFT))
    # Whatever the model's defaults: a new row knows only what its file says (issue 9).
    data.update(booking="", for_self=False, for_carers=False, for_anyone=False, place_area=None)
    data.update(categories=[], served_areas=[], rules=[])
    return data


def bulk_snapshots(
    ids: list[int],
) -> tuple[dict[int, dict[str, Any]], dict[int, int], dict[int, str]]:
    """history.snapshot() for many resources in a few queries; also versions and names."""
    snapshots: dict[int, dict[str, Any]] = {}
    versions: dict[int, int] = {}
    names: dict[int, str] = {}
    for chunk in chunks(sorted(set(ids))):
        rows = Resource.objects.filter(pk__in=chunk).prefetch_related(
            "categories", "served_areas", "schedule_rules"
        )
        for resource in rows:
            data = _fields(resource)
            data["categories"] = sorted(c.code for c in resource.categories.all())
            data["served_areas"] = sorted(a.code for a in resource.served_areas.all())
            data["rules"] = [schedules.rule_data(r) for r in resource.schedule_rules.all()]
            snapshots[resource.pk] = data
            versions[resource.pk] = resource.version
            names[resource.pk] = resource.name
    return snapshots, versions, names
