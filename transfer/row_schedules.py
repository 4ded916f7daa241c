"""Reading a row's schedule: 日程（データ） checked by the back office's rule form, else the
日程 text parsed, with what cannot be read kept as 日程の補足."""

from __future__ import annotations

import json
from typing import Any

from directory import schedules
from office.forms import RuleForm, RuleFormSet
from transfer import parsing
from transfer.row_cells import RowCells


class ScheduleCells(RowCells):
    """日程（データ）, 日程 and 日程の補足 of one row."""

    def schedule(self) -> None:
        raw_data, raw_text = self.raw("schedule_data"), self.raw("schedule")
        note = self.raw("schedule_note")
        if note is not None:
            self.data["schedule_note"] = note.replace("\r\n", "\n").strip()
        if raw_data and raw_data.strip():
            self.data["rules"] = self.rules_from_json(raw_data)
            return
        if raw_text is None:
            return
        parsed = parsing.parse_schedule(raw_text)
        self.data["rules"] = parsed.rules
        for text in parsed.leftover:
            self.warn(
                "schedule",
                "日程を読み取れませんでした。「日程の補足」に文字のまま入れます。",
                text,
            )
            self.append("schedule_note", text)

    def rules_from_json(self, raw: str) -> list[dict[str, Any]]:
        """日程（データ）: every rule checked by the back office's own rule form, so a file
        can store nothing the 日程 editor would refuse (interval -1, a 5,000-character note)."""
        try:
            values = json.loads(raw)
        except (ValueError, RecursionError):
            values = None
        if not isinstance(values, list) or not all(isinstance(v, dict) for v in values):
            self.error("schedule_data", "日程（データ）の形式が正しくありません。", raw[:60])
            return []
        if len(values) > RuleFormSet.max_num:
            self.error(
                "schedule_data",
                f"日程（データ）のルールは{RuleFormSet.max_num}個までです。",
                raw[:60],
            )
            return []
        rules = []
        for values_ in values:
            form = RuleForm(data=_rule_form_data(values_))
            problems: list[str] = []
            if not form.is_valid() or not form.cleaned_data.get("freq"):
                for name, messages in form.errors.items():
                    label = form.fields[name].label if name in form.fields else ""
                    for message in messages:
                        problems.append(f"{label}：{message}" if label else str(message))
                problems = problems or ["繰り返しの種類を選んでください"]
            if problems:
                self.error(
                    "schedule_data",
                    "日程（データ）に誤りがあります：{problems}".format(
                        problems="、".join(problems)
                    ),
                    raw[:60],
                )
                return []
            rules.append(schedules.rule_data(form.rule()))
        return rules


def _rule_form_data(values: dict[str, Any]) -> dict[str, Any]:
    """A rule of 日程（データ） (directory.schedules.rule_data's shape) as RuleForm's POST data.

    Values of the wrong type are passed on as text the form refuses, never dropped."""

    def text(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, str):
            return value
        return json.dumps(value, ensure_ascii=False)[:200]

    def items(value: Any) -> list[str]:
        if value is None:
            return []
        if not isinstance(value, list):
            return [text(value)]
        return [
            str(v) if isinstance(v, int) and not isinstance(v, bool) else text(v) for v in value
        ]

    def joined(value: Any) -> str:
        return "、".join(items(value)) if isinstance(value, list) else text(value)

    rule = {**schedules.empty_rule(""), **values}
    interval = rule.get("interval")
    return {
        "freq": text(rule.get("freq")),
        "weekdays": items(rule.get("weekdays")),
        "nths": items(rule.get("nths")),
        "interval": str(interval)
        if isinstance(interval, int) and not isinstance(interval, bool)
        else text(interval),
        "month_days": joined(rule.get("month_days")),
        "opens_at": text(rule.get("opens_at")),
        "closes_at": text(rule.get("closes_at")),
        "valid_from": text(rule.get("valid_from")),
        "valid_until": text(rule.get("valid_until")),
        "except_months": items(rule.get("except_months")),
        "except_dates": joined(rule.get("except_dates")),
        "note": text(rule.get("note")),
    }
