"""An edit that meets another person's save (office/views/resources.py's resource_edit):
the merge of the two, the conflict page's form, and what saving the merge writes.

The page itself is resources.merge_page; office/merge.py compares the versions.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.forms import BaseFormSet
from django.http import HttpRequest

from directory.models import Resource, ScheduleRule
from office import history, merge
from office.forms import ResourceForm, RuleForm, RuleFormSet
from office.models import Staff


def pending_merge(
    request: HttpRequest, resource: Resource, form: ResourceForm, rules: list[ScheduleRule]
) -> merge.Merge | None:
    """A form sent back from a conflict page (it carries base_version, the version its
    editor first opened): its merge with what was saved since, and the editor's choices."""
    if "base_version" not in request.POST:
        return None
    base = merge.parse_version(request.POST.get("base_version"))
    version = form.cleaned_data["version"]
    theirs = merge.snapshot_at(resource, version) or history.snapshot(resource)
    mine = merge.form_values(form, rules)
    return merge.Merge(merge.snapshot_at(resource, base), theirs, mine, request.POST)


def save_merged(values: dict[str, Any]) -> Callable[[Resource], None]:
    """The merge's result is a snapshot of the form's fields: history.apply writes it."""
    return lambda r: history.apply(r, values)


def merged_forms(
    request: HttpRequest, staff: Staff, current: Resource, merged: merge.Merge, *, base: int
) -> tuple[ResourceForm, BaseFormSet[RuleForm]]:
    """The form as the conflict page shows it: the editor's input, except that the fields
    only the other person changed hold their saved value, so saving again keeps it."""
    data = request.POST.copy()
    taken = set(merged.taken)
    if taken:
        saved = form_data(current, staff)
        for key in list(data):
            name = "rules" if key.startswith("rules-") else key
            if name in taken:
                del data[key]
        for key, value in saved.items():
            name = "rules" if key.startswith("rules-") else key
            if name in taken:
                data.setlist(key, value if isinstance(value, list) else [value])
    data["version"] = str(current.version)
    data["base_version"] = str(base)
    form = ResourceForm(data, instance=current, staff=staff, municipality=current.municipality)
    return form, RuleFormSet(data, prefix="rules")


def form_data(resource: Resource, staff: Staff) -> dict[str, str | list[str]]:
    """What a browser would post for the resource as saved (its form, unchanged)."""
    form = ResourceForm(instance=resource, staff=staff, municipality=resource.municipality)
    data: dict[str, str | list[str]] = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [_text(v) for v in value]
        else:
            data[name] = _text(value)
    rules = [RuleForm.initial_for(rule) for rule in resource.schedule_rules.all()]
    data["rules-TOTAL_FORMS"] = str(len(rules) + 1)  # and one empty row, as on GET
    data["rules-INITIAL_FORMS"] = "0"
    for i, rule in enumerate([*rules, {"interval": 1}]):
        for key, value in rule.items():
            if isinstance(value, list):
                data[f"rules-{i}-{key}"] = [_text(v) for v in value]
            else:
                data[f"rules-{i}-{key}"] = _text(value)
    return data


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)
