"""A list of closing days that names weeks of the month or months (transfer/schedule_text.py):
「休館日：4月~11月は毎月第4水曜日。12月~3月は毎週月曜日。」「休業日：偶数月の第2火曜日」
「休業日：水曜日(4・5・6・11月は無休)」. The days open are every other day, told as rules.

Plain closing weekdays (「休館日：月曜日・祝日」) are read by schedule_text as 「毎日」 less
those days; this module only reads the lists that need weeks or months. Anything in the list
that could be a day it cannot read makes it give up (None): the cell then stays text.
"""

from __future__ import annotations

import re
from typing import Any

from directory import schedules
from transfer.schedule_dates import month_set
from transfer.schedule_days import repeating
from transfer.schedule_times import parse_time_range
from transfer.text import WEEKDAYS, clean

ALL_NTHS = frozenset(range(1, 6))
ALL_MONTHS = tuple(range(1, 13))

_LABEL = re.compile(r"^(?:休館日|休業日|定休日|休所日|休苑日|閉館日)\s*(?:は|[:：])\s*")
_SCOPE = re.compile(r"^(奇数月|偶数月|[\d~・、,と翌月]+月)\s*(?:は|の|中は?|[:：])?\s*(.+)$")
_OPEN_MONTHS = re.compile(r"^(.+?)\s*(?:は|が)?\s*(?:無休|開館|休まず|営業)(?:です|します)?$")


def _items(text: str) -> list[str]:
    """Split at 、 。 and line ends outside brackets; a ※ note is one item."""
    items, depth, current = [], 0, ""
    for ch in text:
        depth += ch in "(（"
        depth -= ch in ")）" and depth > 0
        if depth == 0 and ch in "、。\n,":
            items.append(current)
            current = ""
        else:
            current += ch
    items.append(current)
    return [item.strip() for item in items if item.strip()]


def _read_item(item: str) -> tuple[list[tuple[int, frozenset[int], tuple[int, ...]]], list[str]]:
    """An item → (closings as (weekday, nths closed, months), notes). Raises ValueError for a
    day it cannot read."""
    notes: list[str] = []
    open_months: list[int] = []

    def bracket(match: re.Match) -> str:
        inner = match[1].strip()
        opened = _OPEN_MONTHS.fullmatch(inner)
        months = month_set(opened[1]) if opened else None
        if months:
            open_months.extend(months)
        else:
            notes.append(inner)
        return " "

    text = re.sub(r"[(（]([^()（）]*)[)）]", bracket, item).strip(" 。")
    holiday = re.search(r"\s*[・、と及]?\s*(?:国民の)?祝(?:祭|休)?日\s*$", text)
    if holiday:  # 「月曜日・祝日」: 祝日 is a field of its own
        notes.append("祝日")
        text = text[: holiday.start()]
    daylike = rf"曜|第\s*[1-5一二三四五]|^[{WEEKDAYS}](?:\s*[・、]\s*[{WEEKDAYS}])+$"
    if text.startswith("※") or not re.search(daylike, text):
        return [], [*notes, item] if text else notes  # 年末年始, dates, 臨時休館: words
    months: tuple[int, ...] = ALL_MONTHS
    scope = _SCOPE.match(text)
    if scope:
        named = month_set(scope[1])
        if not named:
            raise ValueError(item)
        months, text = tuple(named), scope[2]
    text = re.sub(r"^毎週\s*", "", text).strip()
    rule = repeating(re.sub(r"\s+", "", text))
    if rule is None or rule["interval"] != 1 or rule["freq"] == "monthly_day":
        raise ValueError(item)
    nths = frozenset(rule["nths"]) if rule["freq"] == "monthly_nth" else ALL_NTHS
    if not nths <= ALL_NTHS:  # 「最終」: the weeks before it depend on the month
        raise ValueError(item)
    months = tuple(m for m in months if m not in open_months)
    return [(day, nths, months) for day in rule["weekdays"]], notes


def read_closings(text: str) -> list[dict[str, Any]] | None:
    """A whole cell that is a closing list naming weeks or months → the rules of the days
    open; None for any other cell."""
    text = clean(text.replace("\n", "、"))
    label = _LABEL.match(text)
    if not label:
        return None
    opens, closes, rest = parse_time_range(text[label.end() :])
    closings: list[tuple[int, frozenset[int], tuple[int, ...]]] = []
    notes: list[str] = []
    try:
        for item in _items(rest):
            found, said = _read_item(item)
            closings.extend(found)
            notes.extend(said)
    except ValueError:
        return None
    scoped = any(nths != ALL_NTHS or months != ALL_MONTHS for _, nths, months in closings)
    if not closings or not scoped:
        return None  # plain weekdays: schedule_text reads them
    # open[d][m]: the weeks weekday d is open in month m
    open_weeks = {d: {m: ALL_NTHS - _closed(closings, d, m) for m in ALL_MONTHS} for d in range(7)}
    rules = min(_by_weekday(open_weeks), _by_months(open_weeks), key=len)
    holidays = "祝日" in notes
    notes = [n for n in notes if n != "祝日"]
    for rule in rules:
        rule["opens_at"], rule["closes_at"] = opens, closes
        rule["except_holidays"] = holidays
        rule["note"] = ("休館日は" + "、".join(notes))[:200] if notes else ""
    return rules


def _closed(closings: list, day: int, month: int) -> frozenset[int]:
    shut: set[int] = set()
    for d, nths, months in closings:
        if d == day and month in months:
            shut |= nths
    return frozenset(shut)


def _rule(days: list[int], nths: frozenset[int], months: list[int]) -> dict[str, Any]:
    rule = schedules.empty_rule("weekly" if nths == ALL_NTHS else "monthly_nth")
    rule["weekdays"] = sorted(days)
    rule["nths"] = [] if nths == ALL_NTHS else sorted(nths)
    rule["months"] = [] if len(months) == 12 else sorted(months)
    return rule


def _joined(parts: list[tuple[int, frozenset[int], tuple[int, ...]]]) -> list[dict[str, Any]]:
    """(weekday, weeks, months) → rules, the weekdays with the same weeks and months as one."""
    together: dict[tuple[frozenset[int], tuple[int, ...]], list[int]] = {}
    for day, nths, months in parts:
        together.setdefault((nths, months), []).append(day)
    return [_rule(days, nths, list(months)) for (nths, months), days in together.items()]


def _by_weekday(open_weeks: dict) -> list[dict[str, Any]]:
    """Each weekday: the weeks open all year, then the weeks open only in some months
    (「偶数月の第2火曜日」 → 火曜 on weeks 1, 3, 4, 5, and the 2nd in odd months)."""
    parts = []
    for d, by_month in open_weeks.items():
        always = frozenset.intersection(*by_month.values())
        if always:
            parts.append((d, always, ALL_MONTHS))
        extra: dict[frozenset[int], list[int]] = {}
        for m, weeks in by_month.items():
            if weeks - always:
                extra.setdefault(weeks - always, []).append(m)
        parts.extend((d, weeks, tuple(months)) for weeks, months in extra.items())
    return _joined(parts)


def _by_months(open_weeks: dict) -> list[dict[str, Any]]:
    """Months alike in every weekday together (「4月~11月は…、12月~3月は…」)."""
    groups: dict[tuple, list[int]] = {}
    for m in ALL_MONTHS:
        groups.setdefault(tuple(open_weeks[d][m] for d in range(7)), []).append(m)
    parts = [
        (d, weeks, tuple(months))
        for pattern, months in groups.items()
        for d, weeks in enumerate(pattern)
        if weeks
    ]
    return _joined(parts)
