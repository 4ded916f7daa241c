"""What every versioned record shares (a resource in office, the fieldwork records).

- claim(): the conditional version bump that refuses a stale second editor. It is the first
  write of the caller's transaction: on SQLite it takes the write lock, on PostgreSQL the row
  lock, so of two saves from the same version exactly one wins.
- snapshot() / apply(): chosen fields of a record as plain JSON, and back.
- differences(): two snapshots compared field by field, in words a coordinator reads.

Nothing here knows an app's models: callers name the model and its fields.
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import F

EMPTY = "—"


def claim(model: type[models.Model], pk: Any, version: int | None) -> bool:
    """Raise the row's version by one if it is still `version` (None: whatever it is).

    False: someone saved after the editor loaded the record (or it is gone)."""
    rows = model._default_manager.filter(pk=pk)
    if version is not None:
        rows = rows.filter(version=version)
    return bool(rows.update(version=F("version") + 1))


def plain(value: Any) -> Any:
    """A value as JSON keeps it: a related object by its id, a date as ISO text."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The named fields of a saved record as JSON (many-to-many: the sorted ids)."""
    data: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        if field.many_to_many:
            data[name] = sorted(getattr(instance, name).values_list("pk", flat=True))
        else:
            data[name] = plain(getattr(instance, field.attname))  # type: ignore[union-attr]
    return data


def apply(instance: models.Model, data: dict[str, Any], fields: Iterable[str]) -> None:
    """Write a snapshot's values back onto the record and save it.

    A related row that no longer exists is left empty rather than failing the restore."""
    many = {}
    for name in fields:
        if name not in data:
            continue
        field = instance._meta.get_field(name)
        value = data[name]
        if field.many_to_many:
            many[name] = value or []
            continue
        assert isinstance(field, models.Field)
        if value is not None and isinstance(field, models.DateTimeField):
            value = datetime.datetime.fromisoformat(value)
        elif value is not None and isinstance(field, models.DateField):
            value = datetime.date.fromisoformat(value)
        if value is not None and field.is_relation:
            target = field.related_model
            assert target is not None and not isinstance(target, str)
            if not target._default_manager.filter(pk=value).exists():
                value = None
        setattr(instance, field.attname, value)
    instance.save()
    for name, ids in many.items():
        manager = getattr(instance, name)
        manager.set(manager.model._default_manager.filter(pk__in=ids))


@dataclass
class Difference:
    name: str
    label: str
    old: str
    new: str


def label(model: type[models.Model], name: str) -> str:
    return str(getattr(model._meta.get_field(name), "verbose_name", name))


def describe(model: type[models.Model], name: str, value: Any) -> str:
    """A snapshot value in words: choices by their label, related rows by their name."""
    if value in (None, "", []):
        return EMPTY
    field = model._meta.get_field(name)
    target = field.related_model if field.is_relation else None
    if target is not None and not isinstance(target, str):
        ids = value if isinstance(value, list) else [value]
        found = {row.pk: str(row) for row in target._default_manager.filter(pk__in=ids)}
        return "、".join(found.get(pk, f"#{pk}") for pk in ids)
    choices = getattr(field, "flatchoices", None)
    if choices:
        return str(dict(choices).get(value, value))
    if isinstance(value, bool):
        return "はい" if value else "いいえ"
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        day = datetime.date.fromisoformat(value)
        return f"{day.year}年{day.month}月{day.day}日"
    return str(value)


def differences(
    model: type[models.Model],
    old: dict[str, Any] | None,
    new: dict[str, Any],
    *,
    label_of: Callable[[str], str] | None = None,
    describe_of: Callable[[str, Any], str] | None = None,
) -> list[Difference]:
    """Field by field, what differs between two snapshots (old None: everything set in new)."""
    label_of = label_of or (lambda name: label(model, name))
    describe_of = describe_of or (lambda name, value: describe(model, name, value))
    out = []
    for name, value in new.items():
        before = (old or {}).get(name)
        if old is not None and before == value:
            continue
        if old is None and value in (None, "", [], False):
            continue
        out.append(
            Difference(name, label_of(name), describe_of(name, before), describe_of(name, value))
        )
    return out
