"""変更履歴: every change to a resource is a Revision holding a snapshot of the whole resource.

A snapshot is plain JSON (fields, category codes, served area codes, schedule rules), so
two versions compare field by field and any version can be put back — the putting back is
itself a new revision. Nothing here deletes a revision.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models

from areas.models import Area
from directory import schedules
from directory.models import Category, Provider, Resource, ScheduleRule
from directory.schedules import RULE_FIELDS, empty_rule, plain_value, rule_data
from office.models import Revision
from sasaeai.lib import versions
from sasaeai.lib.versions import Difference

# Fields a snapshot keeps and a restore writes back: what an editor can change.
FIELDS = [
    "name",
    "kana",
    "provider",
    "description",
    "keywords",
    "for_self",
    "for_carers",
    "for_anyone",
    "eligibility",
    "fee_amount",
    "fee_note",
    "booking",
    "booking_note",
    "capacity",
    "venue_name",
    "postal_code",
    "address",
    "town",
    "place_area",
    "lat",
    "lng",
    "point_precision",
    "phone",
    "phone_note",
    "fax",
    "email",
    "url",
    "barrier_free",
    "parking",
    "schedule_note",
    "status",
    "confirmed_on",
    "internal_note",
    "contact_person",
]
# Shown in the back office only (history included), never on a public page.
INTERNAL_FIELDS = {"internal_note", "contact_person"}


def model_field(name: str) -> models.Field[Any, Any]:
    """The Resource field one of FIELDS names (every one is a concrete field)."""
    field = Resource._meta.get_field(name)
    assert isinstance(field, models.Field)
    return field


def _plain(value: Any) -> Any:
    """A field's value as a snapshot keeps it: a related object by its id."""
    if isinstance(value, models.Model):
        return value.pk
    return plain_value(value)


def rule_from_data(values: dict[str, Any]) -> ScheduleRule:
    """An unsaved ScheduleRule from a snapshot's rule."""
    values = {key: values.get(key) for key in RULE_FIELDS if key in values}
    for key in ("opens_at", "closes_at"):
        if values.get(key):
            values[key] = datetime.time.fromisoformat(values[key])
    for key in ("valid_from", "valid_until"):
        if values.get(key):
            values[key] = datetime.date.fromisoformat(values[key])
    return ScheduleRule(**values)


def snapshot(resource: Resource) -> dict[str, Any]:
    """The resource as it is in the database now, as JSON."""
    data: dict[str, Any] = {}
    for name in FIELDS:
        field = model_field(name)
        data[name] = _plain(getattr(resource, field.attname))
    data["categories"] = sorted(resource.categories.values_list("code", flat=True))
    data["served_areas"] = sorted(resource.served_areas.values_list("code", flat=True))
    data["rules"] = [rule_data(r) for r in resource.schedule_rules.all()]
    return data


def record(
    resource: Resource, user, action: str, comment: str = "", before: dict | None = None
) -> Revision:
    """Keep a revision of the resource as it now is; `before` names what changed."""
    data = snapshot(resource)
    previous = before
    if previous is None:
        last = Revision.objects.filter(resource=resource).order_by("-number").first()
        previous = last.snapshot if last else None
    changed = [
        key
        for key in data
        if previous is None
        or previous.get(key) != data[key]
        and (key != "rules" or _full_rules(previous.get(key)) != _full_rules(data[key]))
    ]
    number = (
        Revision.objects.filter(resource=resource).aggregate(n=models.Max("number"))["n"] or 0
    ) + 1
    return Revision.objects.create(
        resource=resource,
        number=number,
        version=resource.version,
        action=action,
        user=user if getattr(user, "pk", None) else None,
        snapshot=data,
        changed=changed,
        comment=comment[:300],
    )


def ensure_baseline_from(resource: Resource, data: dict[str, Any], version: int) -> None:
    """Resources made before the back office (demo, imports) get a first revision on first edit."""
    if not Revision.objects.filter(resource=resource).exists():
        Revision.objects.create(
            resource=resource,
            number=1,
            version=version,
            action=Revision.Action.CREATE,
            snapshot=data,
            changed=[],
            comment="履歴の記録を始めた時点の内容",
        )


# --- Showing differences -----------------------------------------------------------------

LABELS_EXTRA = {
    "categories": "分類",
    "served_areas": "対応地域",
    "rules": "開催日程",
}


def label(name: str) -> str:
    if name in LABELS_EXTRA:
        return str(LABELS_EXTRA[name])
    return str(model_field(name).verbose_name)


def display(name: str, value: Any) -> str:
    """A snapshot value in words, as a coordinator reads it."""
    if value in (None, "", []):
        return "—"
    if name in ("provider",):
        provider = Provider.objects.filter(pk=value).first()
        return provider.name if provider else f"#{value}"
    if name in ("town", "place_area"):
        town = Area.objects.filter(pk=value).first()
        return town.full_name if town else f"#{value}"
    if name == "categories":
        names = dict(Category.objects.filter(code__in=value).values_list("code", "name"))
        return "、".join(names.get(code, code) for code in value)
    if name == "served_areas":
        names = dict(Area.objects.filter(code__in=value).values_list("code", "name"))
        return "、".join(names.get(code, code) for code in value)
    if name == "rules":
        return "／".join(schedules.describe(rule_from_data(rule)) for rule in value) or "—"
    field = model_field(name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "はい" if value else "いいえ"
    if name == "confirmed_on":
        return schedules.format_date_full(datetime.date.fromisoformat(value))
    if name == "fee_amount":
        return "無料" if value == 0 else f"{value:,}円"
    return str(value)


def _full_rules(rules: Any) -> Any:
    """Snapshot rules with every field (the defaults for fields added since they were kept)."""
    if not isinstance(rules, list):
        return rules
    return [{**empty_rule(""), **r} if isinstance(r, dict) else r for r in rules]


def _with_full_rules(snapshot: dict) -> dict:
    return (
        {**snapshot, "rules": _full_rules(snapshot["rules"])} if "rules" in snapshot else snapshot
    )


def differences(old: dict | None, new: dict) -> list[Difference]:
    """Field by field, what differs between two snapshots (old None: everything in new). A
    snapshot kept before a rule field existed has the same rules as one with its default."""
    return versions.differences(
        Resource,
        None if old is None else _with_full_rules(old),
        _with_full_rules(new),
        label_of=label,
        describe_of=display,
    )


# --- Putting a version back ---------------------------------------------------------------


def apply(resource: Resource, data: dict[str, Any]) -> None:
    """Write a snapshot's values onto the resource (fields, categories, areas, rules)."""
    for name in FIELDS:
        if name not in data:
            continue
        field = model_field(name)
        value = data[name]
        if value is not None and isinstance(field, models.DateField):
            value = datetime.date.fromisoformat(value)
        setattr(resource, field.attname, value)
    if resource.provider_id and not Provider.objects.filter(pk=resource.provider_id).exists():
        resource.provider_id = None
    if resource.town_id and not Area.objects.filter(pk=resource.town_id).exists():
        resource.town_id = None
    resource.save()
    if "categories" in data:
        resource.categories.set(Category.objects.filter(code__in=data["categories"]))
    if "served_areas" in data:
        resource.served_areas.set(Area.objects.filter(code__in=data["served_areas"]))
    if "rules" in data:
        resource.schedule_rules.all().delete()
        for order, values in enumerate(data["rules"]):
            rule = rule_from_data(values)
            rule.resource, rule.sort_order = resource, order
            rule.save()
