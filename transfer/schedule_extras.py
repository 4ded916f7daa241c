"""Rules a note adds beside its rule (transfer/schedule_text.py): weeks off in named months
(「（8月、12月の第4週、1月の第2週を除く）」) and other hours for a part of the place
(「（ただし、浴場は午前10時~午後4時）」)."""

from __future__ import annotations

import re
from typing import Any

from transfer.schedule_dates import month_set
from transfer.schedule_times import parse_time_range

_WEEK_OFF = re.compile(r"(\d{1,2})\s*月\s*の?\s*第\s*([1-5])\s*週(?:目)?")


def weeks_off(rule: dict[str, Any], notes: list[str]) -> list[dict[str, Any]]:
    """「第2・第4木曜日（8月、12月の第4週、1月の第2週を除く）」: whole months off, and weeks
    off in named months (those months get a rule of their own on the other weeks). Removes
    the note it read; [] and nothing changed when a part of it is not a month or a week."""
    if rule["freq"] != "monthly_nth" or rule["months"]:
        return []
    for i, note in enumerate(notes):
        found = re.fullmatch(r"(.+?)\s*(?:を|は)?\s*(?:除く|除き|お?休み)", note.replace(" ", ""))
        if not found or not _WEEK_OFF.search(found[1]):
            continue
        whole: list[int] = []
        weeks: dict[int, set[int]] = {}
        for part in re.split(r"[、・,]", found[1]):
            week = _WEEK_OFF.fullmatch(part)
            months = None if week else month_set(part)
            if week and int(week[2]) in rule["nths"] and 1 <= int(week[1]) <= 12:
                weeks.setdefault(int(week[1]), set()).add(int(week[2]))
            elif months:
                whole.extend(months)
            else:
                return []
        others = []
        for month, skipped in sorted(weeks.items()):
            nths = [n for n in rule["nths"] if n not in skipped]
            if nths and month not in whole:
                others.append({**rule, "nths": nths, "months": [month], "except_months": []})
        rule["except_months"] = sorted(set(rule["except_months"]) | set(whole) | set(weeks))
        del notes[i]
        return others
    return []


_PART_HOURS = re.compile(r"([^\s、,\d]{1,12}?)\s*(?:は|:|：)\s*([^、,]+)")


_WITHIN = re.compile(r"昼|休憩|受付|入館|入場|食事|お茶|体操|講話|送迎")


def part_hours(rule: dict[str, Any], notes: list[str]) -> list[dict[str, Any]]:
    """「午前9時~午後5時（ただし、浴場は午前10時~午後4時、おもちゃ図書館は午前10時~午後5時）」:
    a part of the place with its own hours, a rule of its own on the same days. Every part of
    the note must be a name and a whole time range; else nothing is read."""
    if not rule.get("opens_at"):
        return []
    for i, note in enumerate(notes):
        text = re.sub(r"^(?:ただし|但し)\s*[、,]?\s*", "", note)
        parts = re.split(r"\s*[、,]\s*", text)
        others = []
        for part in parts:
            found = _PART_HOURS.fullmatch(part)
            opens, closes, rest = parse_time_range(found[2]) if found else (None, None, "")
            if not found or not opens or not closes or re.sub(r"まで|\s", "", rest):
                break
            if _WITHIN.search(found[1]):  # 「昼食は12:00~13:00」: a time inside the day's
                break
            others.append({**rule, "opens_at": opens, "closes_at": closes, "note": found[1]})
        else:
            if others:
                del notes[i]
                return others
    return []
