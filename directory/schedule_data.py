"""A schedule rule as JSON: one shape for the 変更履歴's snapshots, the export's 日程（データ）
column, the importer and transfer.schedule_text, so a rule read from any of them fits the others.

Rules written before issue 11 lack ``months``, ``dates`` and ``except_holidays``; readers
take the defaults of ``empty_rule`` for them (every month, no dates, holidays not excluded).
"""

from __future__ import annotations

from datetime import date, time
from typing import Any

# The fields of a rule's JSON form: one shape for the 変更履歴's snapshots, the export's
# 日程（データ） column and the importer, so a rule read from any of them fits the others.
RULE_FIELDS = [
    "freq",
    "weekdays",
    "nths",
    "month_days",
    "interval",
    "opens_at",
    "closes_at",
    "valid_from",
    "valid_until",
    "except_months",
    "except_dates",
    "months",
    "dates",
    "except_holidays",
    "note",
]


def plain_value(value: Any) -> Any:
    """A value as JSON keeps it: a time as "10:00", a date as "2026-11-26", else as it is."""
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return value


def rule_data(rule: Any) -> dict[str, Any]:
    """The rule as JSON (the model's fields named in RULE_FIELDS)."""
    return {name: plain_value(getattr(rule, name)) for name in RULE_FIELDS}


def empty_rule(freq: str) -> dict[str, Any]:
    """A rule's fields with nothing said yet: no days, no times, no exceptions."""
    return {
        "freq": freq,
        "weekdays": [],
        "nths": [],
        "month_days": [],
        "interval": 1,
        "opens_at": None,
        "closes_at": None,
        "valid_from": None,
        "valid_until": None,
        "except_months": [],
        "except_dates": [],
        "months": [],
        "dates": [],
        "except_holidays": False,
        "note": "",
    }
