"""Times in cells of their own: a 時間 column (「13:30～15:00」「午後1時～3時」) and the
開始時間 / 終了時間 columns of cities' lists and the 自治体標準オープンデータセット, in the
forms cities write them (10:00, 10時, 午前10時, 1000, Excel time cells and day fractions).

Pure functions, no database. What cannot be read as a time is returned as such (None or
`rest`), never guessed: the row reader keeps it in 日程の補足 with a warning.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from transfer.schedule_text import parse_time_range
from transfer.text import clean

_MERIDIAN = r"(?P<m>午前|午後|am|pm|a\.m\.|p\.m\.)"
_CLOCK = re.compile(
    rf"^(?:{_MERIDIAN}\s*)?"
    r"(?P<h>\d{1,2})\s*(?:(?::|時)\s*(?:(?P<mi>\d{1,2})\s*分?|(?P<half>半))?(?::(?P<s>\d{2}))?)?"
    rf"(?:\s*(?P<m2>am|pm|a\.m\.|p\.m\.))?$",
    re.IGNORECASE,
)
_HHMM = re.compile(r"^(?P<h>\d{1,2})(?P<mi>\d{2})$")  # 「1000」「930」 as typed in some lists
# An Excel date-time whose date is Excel's day 0 (1899-12-30/31, 1900-01-00): a time cell.
_EXCEL_DATETIME = re.compile(
    r"^(?:1899-12-3[01]|1900-01-0[01])[t ](\d{2}):(\d{2})(?::\d{2})?$", re.IGNORECASE
)
_FRACTION = re.compile(r"^0?\.\d+$|^0$")
# Words around a time that say nothing more: a label, 「まで」「頃」, brackets, punctuation.
_LABEL = re.compile(
    r"^(?:(?:開催|実施|活動|利用|受付|営業|開館|開所|開始|終了)?(?:時間|時刻)|時間帯)\s*[:：]?\s*"
)
_NEXT_RANGE = re.compile(r"^(?:午前|午後)?\s*\d")
_FILLER = re.compile(r"まで|頃|ごろ|[\s()（）「」。、,・~]")


def _hhmm(hour: int, minute: int) -> str | None:
    if 0 <= hour <= 23 and 0 <= minute <= 59:
        return f"{hour:02d}:{minute:02d}"
    if hour == 24 and minute == 0:
        return None  # 24:00 has no TimeField value; kept as written
    return None


def parse_clock(value: Any) -> str | None:
    """One time of day as 「HH:MM」, or None when the cell is not one time.

    「10:00」「10:00:00」「10時」「10時30分」「10時半」「午前10時」「午後1時30分」「1:30 PM」
    「1000」「930」「10」 (an hour), 「正午」, a datetime.time, an Excel day fraction
    (0.4375 = 10:30) and Excel's day-0 date-time (「1899-12-30T10:00:00」)."""
    if isinstance(value, datetime.datetime):
        value = value.time()
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, datetime.timedelta):
        seconds = int(round(value.total_seconds()))
        return _hhmm(seconds // 3600, seconds % 3600 // 60) if seconds >= 0 else None
    if isinstance(value, float) and not isinstance(value, bool):
        value = repr(value)
    text = clean(value).lower()
    text = _LABEL.sub("", text).strip()
    text = re.sub(r"\s*(?:から|より|~|〜|～)$", "", text)
    if not text:
        return None
    if text == "正午":
        return "12:00"
    if _FRACTION.match(text):
        minutes = round(float(text) * 24 * 60)
        return _hhmm(minutes // 60, minutes % 60) if minutes < 24 * 60 else None
    found = _EXCEL_DATETIME.match(text)
    if found:
        return _hhmm(int(found[1]), int(found[2]))
    found = _HHMM.match(text)
    if found and len(text) in (3, 4):
        return _hhmm(int(found["h"]), int(found["mi"]))
    found = _CLOCK.match(text)
    if not found:
        return None
    meridian = (found["m"] or found["m2"] or "").replace(".", "")
    hour = int(found["h"])
    minute = 30 if found["half"] else int(found["mi"] or 0)
    if meridian:
        if hour > 12:
            return None  # 「午後13時」: not a time anyone can be sure of
        if meridian in ("午後", "pm") and hour < 12:
            hour += 12
        elif meridian in ("午前", "am") and hour == 12:
            hour = 0
    return _hhmm(hour, minute)


@dataclass
class TimeCell:
    """What a 時間 cell says: its ranges (opens, closes — closes may be None) and whether
    it says anything more than them (then the cell is kept as written)."""

    ranges: list[tuple[str, str | None]] = field(default_factory=list)
    rest: str = ""  # words besides the times, as normalised; "" when there are none


def read_time_cell(value: Any) -> TimeCell:
    """「13:30～15:00」「午後1時～3時」「10時から12時まで」「10:00～12:00、13:00～15:00」
    → the ranges; a single time (「午後2時」, a time cell) opens only. Whatever else the cell
    says is `rest` (the caller keeps the cell verbatim)."""
    single = parse_clock(value)
    if single is not None:
        return TimeCell([(single, None)])
    text = _LABEL.sub("", clean(value))
    cell = TimeCell()
    for _ in range(4):  # a cell holds at most a few sessions (午前の部・午後の部)
        opens, closes, rest = parse_time_range(text)
        if opens is None:
            break
        if closes is not None and closes <= opens:
            return TimeCell([], clean(value))  # 「15:00～13:00」: not guessed around
        cell.ranges.append((opens, closes))
        text = rest.strip(" 、,・/")
        if not _NEXT_RANGE.match(text):
            break  # a time further on belongs to a note (「※センターは10:30～」)
    rest = _FILLER.sub("", text)
    cell.rest = "" if not rest or re.fullmatch(r"[午前後]+", rest) else text.strip()
    if not cell.ranges:
        cell.rest = clean(value)
    return cell
