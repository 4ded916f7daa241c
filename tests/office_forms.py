"""Build the POST data a browser would send for the back-office resource form."""

from __future__ import annotations

import datetime

from directory.models import Resource
from office.forms import ResourceForm, RuleForm
from office.models import Staff


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def resource_form_data(resource: Resource, staff: Staff, **changes) -> dict:
    """The form as shown for this resource, then `changes` (rules=[{…}] replaces the rules)."""
    form = ResourceForm(instance=resource, staff=staff, municipality=resource.municipality)
    data: dict = {}
    for name in form.fields:
        value = form[name].value()
        if name in ("categories", "served_areas"):
            data[name] = [str(v) for v in value or []]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = _text(value)
    rules = changes.pop("rules", None)
    if rules is None:
        rules = (
            [RuleForm.initial_for(r) for r in resource.schedule_rules.all()] if resource.pk else []
        )
    data.update(rule_data(rules))
    for name, value in changes.items():
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            else:
                data.pop(name, None)
        else:
            data[name] = value
    return data


def rule_data(rules: list[dict]) -> dict:
    data = {
        "rules-TOTAL_FORMS": str(len(rules) + 1),
        "rules-INITIAL_FORMS": "0",
        "rules-MIN_NUM_FORMS": "0",
        "rules-MAX_NUM_FORMS": "10",
        "rules-0-interval": "1",
    }
    for i, rule in enumerate(rules):
        for key, value in rule.items():
            if isinstance(value, list):
                data[f"rules-{i}-{key}"] = [str(v) for v in value]
            else:
                data[f"rules-{i}-{key}"] = _text(value)
        data.setdefault(f"rules-{i}-interval", "1")
    data[f"rules-{len(rules)}-interval"] = "1"
    return data
