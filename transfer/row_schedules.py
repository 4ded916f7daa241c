"""Reading a row's schedule: 日程（データ） checked by the back office's rule form, else the
日程 text parsed, with what cannot be read kept as 日程の補足.

Cities' lists often keep the days and the times apart (曜日 | 時間, or 曜日 | 開始時間 |
終了時間 as in the 自治体標準オープンデータセット). The day cell is parsed on its own and the
time cell's times are then given to its rules that have none. Gluing the cells into one text
would lose the time whenever the day cell ends with a note: 「毎月第4金曜日 ※8月は開催なし」
+ 「10:00～11:30」 reads as a note running to the end of the line, the time inside it.
"""

from __future__ import annotations

import json
from typing import Any

from directory import schedules
from office.forms import RuleForm, RuleFormSet
from transfer import parsing
from transfer.row_cells import RowCells
from transfer.times import parse_clock, read_time_cell


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
        times = self.time_cells()
        glued: _Times | None = None  # time cells read into the text with the closing days
        closed = self.raw("closed_days")
        if closed is not None and closed.strip():
            # Read as cities write office hours: the days (or, with none, the hours) and
            # then 「休業日：毎週月曜日、祝日、年末年始」, the days open being the others.
            if (raw_text is None or not raw_text.strip()) and times and times.ranges:
                hours = "、".join(f"{o or ''}～{c or ''}" for o, c in times.ranges)
                glued, times = times, None
                raw_text = hours
            raw_text = f"{raw_text or ''}\n休業日：{parsing.tidy(closed)}".strip()
        if raw_text is None:
            if times is not None:
                self.keep_times(times, "「日程」（曜日・日）の列がないため")
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
        if glued is not None and (glued.unread or parsed.leftover or not parsed.rules):
            self.keep_text(glued)  # the hours as written, where the rules do not hold them
        if times is not None:
            self.apply_times(times, has_leftover=bool(parsed.leftover))

    # --- times in columns of their own

    def time_cells(self) -> _Times | None:
        """The row's times from 時間, or 開始時間 / 終了時間: None when the file has no such
        column or the cells are empty. A cell that is not a time is warned about, naming its
        column, and kept as written; its time stays unknown."""
        found = _Times()
        raw = self.raw("schedule_time")
        if raw is not None and raw.strip():
            cell = read_time_cell(raw)
            found.written.append(parsing.tidy(raw))
            if not cell.ranges:
                self.warn(
                    "schedule_time",
                    "時間を読み取れませんでした。「日程の補足」に文字のまま入れます。",
                    parsing.tidy(raw)[:80],
                )
                found.unread = True
            elif cell.rest:
                self.warn(
                    "schedule_time",
                    "時間のほかに文字があります。時間は日程に使い、書かれたとおりを「日程の補足」に入れます。",
                    parsing.tidy(raw)[:80],
                )
                found.unread = True
            found.ranges.extend(cell.ranges)
        ends: dict[str, str | None] = {}
        for key in ("opens_at", "closes_at"):
            raw = self.raw(key)
            if raw is None or not raw.strip():
                continue
            label = "開始時間" if key == "opens_at" else "終了時間"
            found.written.append(f"{label}：{parsing.tidy(raw)}")
            ends[key] = parse_clock(raw)
            if ends[key] is None:
                self.warn(
                    key,
                    f"{label}を時刻として読み取れませんでした（「10:00」「午前10時」など）。"
                    "「日程の補足」に文字のまま入れます。",
                    parsing.tidy(raw)[:80],
                )
                found.unread = True
        opens, closes = ends.get("opens_at"), ends.get("closes_at")
        if opens and closes and closes <= opens:
            self.warn(
                "closes_at",
                f"終了時間（{closes}）が開始時間（{opens}）より前です。時間は日程に入れず、"
                "「日程の補足」に文字のまま入れます。",
                closes,
            )
            opens = closes = None
            found.unread = True
        if (opens or closes) and not found.ranges:
            found.ranges = [(opens, closes)]
        elif opens or closes:
            self.warn(
                "opens_at" if opens else "closes_at",
                "「時間」の列もあるため、開始時間・終了時間は使わず「日程の補足」に文字のまま入れます。",
                (opens or closes or "")[:80],
            )
            found.unread = True
        return found if found.written else None

    def apply_times(self, times: _Times, *, has_leftover: bool) -> None:
        """Give the times to the rules read from the day cell that have none; several
        sessions (「10:00～12:00、13:00～15:00」) make one rule each."""
        rules = self.data["rules"]
        if not times.ranges:  # every time cell unreadable: warned about already
            self.keep_text(times)
            return
        if not rules:
            self.keep_times(times, "曜日・日が読み取れないため")
            return
        timed: list[dict[str, Any]] = []
        differs = False
        for rule in rules:
            if rule.get("opens_at") or rule.get("closes_at"):
                own = (rule.get("opens_at"), rule.get("closes_at"))
                differs = differs or own not in times.ranges
                timed.append(rule)
                continue
            for opens, closes in times.ranges:
                timed.append({**rule, "opens_at": opens, "closes_at": closes})
        self.data["rules"] = timed
        if differs:
            self.warn(
                "schedule",
                "「日程」にも時刻があり、時間の列と違います。「日程」の時刻を使い、"
                "時間の列は「日程の補足」に文字のまま入れます。",
                "／".join(times.written)[:80],
            )
            self.keep_text(times)
        elif times.unread or has_leftover:
            # The part of the cell not read, or the day pieces left as text, need the time
            # written beside them to make sense.
            self.keep_text(times)

    def keep_times(self, times: _Times, reason: str) -> None:
        """No rule to give the times to: they stay as written, never a rule of their own."""
        column = next(
            (k for k in ("schedule_time", "opens_at", "closes_at") if k in self.context.columns),
            "schedule_time",
        )
        self.warn(
            column,
            f"{reason}、時間は日程にできません。「日程の補足」に文字のまま入れます。",
            "／".join(times.written)[:80],
        )
        self.keep_text(times)

    def keep_text(self, times: _Times) -> None:
        self.append("schedule_note", "／".join(times.written))

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


class _Times:
    """A row's time cells: the ranges read, the cells as written, and whether any part of
    them could not be read (then the cells are kept in 日程の補足 as well)."""

    def __init__(self) -> None:
        self.ranges: list[tuple[str | None, str | None]] = []
        self.written: list[str] = []
        self.unread = False


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
        "months": items(rule.get("months")),
        "dates": joined(rule.get("dates")),
        # Only JSON true turns 祝日は休み on: a file cannot switch it on with a word.
        "except_holidays": "on" if rule.get("except_holidays") is True else "",
        "note": text(rule.get("note")),
    }
