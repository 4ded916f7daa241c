"""Recurring schedules of community activities (地域資源), in plain Python.

The functions take any object with the attributes of :class:`Rule` (in
production a Django model instance), so they can be tested without a database
and reused by the printed guides and the open-data export.

``to_hsds`` (directory/schedule_hsds.py) gives a rule as an HSDS 3.0 ``schedule``;
``rule_data`` (directory/schedule_data.py) as the JSON of history snapshots and the
export's 日程（データ） column. Public holidays come from ``jpholiday`` (with 振替休日 and
国民の休日), never from a list kept by hand.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, Protocol

import jpholiday

WEEKLY = "weekly"
MONTHLY_NTH = "monthly_nth"
MONTHLY_DAY = "monthly_day"
IRREGULAR = "irregular"
DATES = "dates"  # one-off days (「令和8年3月10日」), listed in ``dates``
FREQS = (WEEKLY, MONTHLY_NTH, MONTHLY_DAY, IRREGULAR, DATES)

LAST = -1  # value in ``nths`` meaning 最終 (last in the month)

MORNING = 1  # daypart_mask bit: 午前
AFTERNOON = 2  # daypart_mask bit: 午後
ALL_WEEKDAYS_MASK = 0b1111111

WEEKDAY_JA = ("月", "火", "水", "木", "金", "土", "日")
WEEKDAY_ICAL = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

# Weekly rules without valid_from count their weeks from this Monday, so that
# "every other week" is stable no matter which range is asked for.
DEFAULT_ANCHOR = date(2000, 1, 3)
NOON = time(12, 0)
WAVE_DASH = "\u301c"  # 〜, the separator Japanese readers expect


class RuleLike(Protocol):
    """Anything shaped like :class:`Rule` (e.g. the Django model)."""

    freq: str
    weekdays: list[int]
    nths: list[int]
    month_days: list[int]
    interval: int
    opens_at: time | None
    closes_at: time | None
    valid_from: date | None
    valid_until: date | None
    except_months: list[int]
    except_dates: list[Any]
    months: list[int]
    dates: list[Any]
    except_holidays: bool
    note: str


@dataclass
class Rule:
    """One recurring schedule; the Django model has the same attributes."""

    freq: str = WEEKLY
    weekdays: list[int] = field(default_factory=list)
    nths: list[int] = field(default_factory=list)
    month_days: list[int] = field(default_factory=list)
    interval: int = 1
    opens_at: time | None = None
    closes_at: time | None = None
    valid_from: date | None = None
    valid_until: date | None = None
    except_months: list[int] = field(default_factory=list)
    except_dates: list[date | str] = field(default_factory=list)
    months: list[int] = field(default_factory=list)  # only in these months; empty: all
    dates: list[date | str] = field(default_factory=list)  # freq DATES
    except_holidays: bool = False  # 「祝日を除く」
    note: str = ""


# --- small helpers -----------------------------------------------------------


def _ints(values: Iterable[Any] | None) -> list[int]:
    """Sorted unique ints; JSON fields may be None or hold strings."""
    out: set[int] = set()
    for v in values or []:
        try:
            out.add(int(v))
        except (TypeError, ValueError):
            continue
    return sorted(out)


def _weekdays(rule: RuleLike) -> list[int]:
    return [w for w in _ints(rule.weekdays) if 0 <= w <= 6]


def _nths(rule: RuleLike) -> list[int]:
    # First..fifth in order, then 最終 last, the way people say them.
    valid = [n for n in _ints(rule.nths) if 1 <= n <= 5 or n == LAST]
    return sorted(valid, key=lambda n: (n < 0, n))


def _month_days(rule: RuleLike) -> list[int]:
    return [d for d in _ints(rule.month_days) if 1 <= d <= 31]


def _interval(rule: RuleLike) -> int:
    try:
        n = int(rule.interval)
    except (TypeError, ValueError):
        return 1
    return max(n, 1)


def _parse_date(value: Any) -> date | None:
    # datetime is a date subclass but does not compare with date, so narrow it.
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _except_dates(rule: RuleLike) -> set[date]:
    parsed = (_parse_date(v) for v in (rule.except_dates or []))
    return {d for d in parsed if d is not None}


def _dates(rule: RuleLike) -> list[date]:
    parsed = (_parse_date(v) for v in (getattr(rule, "dates", None) or []))
    return sorted({d for d in parsed if d is not None})


def _in_months(rule: RuleLike) -> list[int]:
    return [m for m in _ints(getattr(rule, "months", None)) if 1 <= m <= 12]


def is_holiday(d: date) -> bool:
    """A Japanese public holiday (祝日, 振替休日, 国民の休日), as jpholiday knows them."""
    return bool(jpholiday.is_holiday(d))


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def _months(start: date, end: date) -> Iterable[tuple[int, int]]:
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date | None:
    """The nth (1..5, or -1 for last) given weekday of a month, if it exists."""
    days_in_month = calendar.monthrange(year, month)[1]
    if nth > 0:
        first = date(year, month, 1)
        day = 1 + (weekday - first.weekday()) % 7 + 7 * (nth - 1)
    else:
        # Only 最終 (-1) is offered; 「最後から2番目」 is not how people say it.
        last = date(year, month, days_in_month)
        day = days_in_month - (last.weekday() - weekday) % 7
    if 1 <= day <= days_in_month:
        return date(year, month, day)
    return None


def _fmt_time(t: time) -> str:
    return f"{t.hour}:{t.minute:02d}"


def _fmt_ymd(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _weekday_names(weekdays: list[int]) -> str:
    """「月・水・金」, or a range 「月〜金」 for three or more consecutive days."""
    if len(weekdays) >= 3 and weekdays[-1] - weekdays[0] == len(weekdays) - 1:
        return f"{WEEKDAY_JA[weekdays[0]]}{WAVE_DASH}{WEEKDAY_JA[weekdays[-1]]}"
    return "・".join(WEEKDAY_JA[w] for w in weekdays)


def _nth_names(nths: list[int]) -> str:
    return "・".join("最終" if n < 0 else f"第{n}" for n in nths)


def month_names(months: list[int]) -> str:
    """「奇数月」「偶数月」「4〜9月」「10〜2月」 (a run across the new year), or 「4月・8月・12月」."""
    if months == [1, 3, 5, 7, 9, 11]:
        return "奇数月"
    if months == [2, 4, 6, 8, 10, 12]:
        return "偶数月"
    if 3 <= len(months) < 12:
        # A run of consecutive months, perhaps across December: start where the gap ends.
        for start in months:
            run = [(start - 1 + i) % 12 + 1 for i in range(len(months))]
            if sorted(run) == months:
                return f"{run[0]}{WAVE_DASH}{run[-1]}月"
    return "・".join(f"{m}月" for m in months)


def date_names(days: list[date]) -> str:
    """「2026年3月10日（火）・6月9日（火）」: the year written once for each year."""
    parts, year = [], None
    for d in days:
        text = f"{d.month}月{d.day}日（{WEEKDAY_JA[d.weekday()]}）"
        parts.append(text if d.year == year else f"{d.year}年{text}")
        year = d.year
    return "・".join(parts)


def _time_range(rule: RuleLike) -> str:
    if rule.opens_at and rule.closes_at:
        return f"{_fmt_time(rule.opens_at)}{WAVE_DASH}{_fmt_time(rule.closes_at)}"
    if rule.opens_at:
        return f"{_fmt_time(rule.opens_at)}{WAVE_DASH}"
    if rule.closes_at:
        return f"{WAVE_DASH}{_fmt_time(rule.closes_at)}"
    return ""


# --- public API --------------------------------------------------------------


def describe(rule: RuleLike) -> str:
    """Plain Japanese, e.g. 「毎月第2・第4水曜日 10:00〜12:00（8月は休み）」."""
    weekdays = _weekdays(rule)
    months = _in_months(rule)
    # 「奇数月の第2火曜日」: the months take the place of 毎月.
    each_month = f"{month_names(months)}の" if months else "毎月"
    if rule.freq == WEEKLY:
        interval = _interval(rule)
        if interval == 1 and len(weekdays) == 7:
            text = "毎日"
        else:
            prefix = {1: "毎週", 2: "隔週"}.get(interval, f"{interval}週ごとの")
            days = f"{_weekday_names(weekdays)}曜日" if weekdays else ""
            text = prefix + days
        if months:
            text = f"{month_names(months)}の{text}"
    elif rule.freq == MONTHLY_NTH:
        days = f"{_weekday_names(weekdays)}曜日" if weekdays else ""
        text = f"{each_month}{_nth_names(_nths(rule))}{days}"
    elif rule.freq == MONTHLY_DAY:
        text = each_month + "・".join(f"{d}日" for d in _month_days(rule))
    elif rule.freq == DATES:
        text = date_names(_dates(rule)) or "日付指定"
    else:
        text = "不定期"

    times = _time_range(rule)
    if times:
        text += " " + times

    off_months = [m for m in _ints(rule.except_months) if 1 <= m <= 12]
    if off_months:
        text += "（" + "・".join(f"{m}月" for m in off_months) + "は休み）"
    if getattr(rule, "except_holidays", False):
        text += "（祝日を除く）"

    if rule.valid_from and rule.valid_until:
        text += f"（{_fmt_ymd(rule.valid_from)}{WAVE_DASH}{_fmt_ymd(rule.valid_until)}）"
    elif rule.valid_from:
        text += f"（{_fmt_ymd(rule.valid_from)}から）"
    elif rule.valid_until:
        text += f"（{_fmt_ymd(rule.valid_until)}まで）"
    return text


def describe_all(rules: Iterable[RuleLike]) -> str:
    """All rules described, joined with 「、」."""
    return "、".join(describe(r) for r in rules)


def occurrences(rule: RuleLike, start: date, end: date) -> list[date]:
    """Sorted dates in [start, end] on which the rule happens."""
    if rule.valid_from and rule.valid_from > start:
        start = rule.valid_from
    if rule.valid_until and rule.valid_until < end:
        end = rule.valid_until
    if start > end:
        return []

    found: set[date] = set()
    if rule.freq == WEEKLY:
        weekdays = set(_weekdays(rule))
        interval = _interval(rule)
        anchor = _monday(rule.valid_from or DEFAULT_ANCHOR)
        d = start
        while d <= end:
            weeks = (_monday(d) - anchor).days // 7
            if d.weekday() in weekdays and weeks % interval == 0:
                found.add(d)
            d += timedelta(days=1)
    elif rule.freq == MONTHLY_NTH:
        nth_weekdays, nths = _weekdays(rule), _nths(rule)
        for year, month in _months(start, end):
            for w in nth_weekdays:
                for n in nths:
                    day = _nth_weekday(year, month, w, n)
                    if day is not None:
                        found.add(day)
    elif rule.freq == MONTHLY_DAY:
        days = _month_days(rule)
        for year, month in _months(start, end):
            days_in_month = calendar.monthrange(year, month)[1]
            # A day the month lacks (31 in June) is skipped, not moved.
            found.update(date(year, month, d) for d in days if d <= days_in_month)
    elif rule.freq == DATES:
        found.update(_dates(rule))
    # irregular (and unknown freq): nothing can be computed.

    except_months = set(_ints(rule.except_months))
    except_dates = _except_dates(rule)
    months = set(_in_months(rule))
    no_holidays = bool(getattr(rule, "except_holidays", False))
    return sorted(
        d
        for d in found
        if start <= d <= end
        and d.month not in except_months
        and d not in except_dates
        and (not months or d.month in months)
        and not (no_holidays and is_holiday(d))
    )


def next_dates(
    rules: Iterable[RuleLike], today: date, count: int = 3, horizon_days: int = 400
) -> list[date]:
    """The next ``count`` distinct dates from today (inclusive) over all rules."""
    end = today + timedelta(days=horizon_days)
    merged: set[date] = set()
    for rule in rules:
        merged.update(occurrences(rule, today, end))
    return sorted(merged)[:count]


def format_date(d: date) -> str:
    """「12月9日(水)」."""
    return f"{d.month}月{d.day}日({WEEKDAY_JA[d.weekday()]})"


def format_date_full(d: date) -> str:
    """「2026年12月9日(水)」."""
    return f"{d.year}年{format_date(d)}"


def weekday_mask(rules: Iterable[RuleLike], today: date | None = None) -> int:
    """Bit ``1 << weekday`` for each weekday on which any rule can happen (a dates rule:
    the weekdays of its dates from ``today`` on, so a past date matches no weekday search)."""
    mask = 0
    for rule in rules:
        if rule.freq in (WEEKLY, MONTHLY_NTH):
            for w in _weekdays(rule):
                mask |= 1 << w
        elif rule.freq == MONTHLY_DAY and _month_days(rule):
            # A day of the month falls on every weekday over time.
            mask |= ALL_WEEKDAYS_MASK
        elif rule.freq == DATES:
            for d in _dates(rule):
                if today is None or d >= today:
                    mask |= 1 << d.weekday()
    return mask


def daypart_mask(rules: Iterable[RuleLike]) -> int:
    """MORNING (1) and/or AFTERNOON (2) for the times any rule covers."""
    mask = 0
    for rule in rules:
        opens, closes = rule.opens_at, rule.closes_at
        # Closing by noon without an opening time still means a morning slot.
        if (opens is not None and opens < NOON) or (
            opens is None and closes is not None and closes <= NOON
        ):
            mask |= MORNING
        if (closes is not None and closes > NOON) or (opens is not None and opens >= NOON):
            mask |= AFTERNOON
    return mask


def validate(rule: RuleLike) -> list[str]:
    """Japanese error messages; an empty list when the rule is usable."""
    errors: list[str] = []
    freq = rule.freq
    if freq not in FREQS:
        errors.append("繰り返しの種類を選んでください")

    raw_weekdays = _ints(rule.weekdays)
    if freq in (WEEKLY, MONTHLY_NTH):
        if not raw_weekdays:
            errors.append("曜日を選んでください")
        elif any(not 0 <= w <= 6 for w in raw_weekdays):
            errors.append("曜日の指定が正しくありません")

    if freq == WEEKLY:
        try:
            interval_ok = int(rule.interval) >= 1
        except (TypeError, ValueError):
            interval_ok = False
        if not interval_ok:
            errors.append("何週ごとかは1以上の数にしてください")

    if freq == MONTHLY_NTH:
        raw_nths = _ints(rule.nths)
        if not raw_nths:
            errors.append("第何週かを選んでください")
        elif any(not (1 <= n <= 5 or n == LAST) for n in raw_nths):
            errors.append("第何週は第1〜第5または最終から選んでください")

    if freq == MONTHLY_DAY:
        raw_days = _ints(rule.month_days)
        if not raw_days:
            errors.append("日にちを選んでください")
        elif any(not 1 <= d <= 31 for d in raw_days):
            errors.append("日にちは1日〜31日から選んでください")

    if rule.opens_at and rule.closes_at and rule.closes_at <= rule.opens_at:
        errors.append("終了時刻は開始時刻より後にしてください")

    if rule.valid_from and rule.valid_until and rule.valid_until < rule.valid_from:
        errors.append("有効期間の終了日は開始日と同じか後にしてください")

    if any(not 1 <= m <= 12 for m in _ints(rule.except_months)):
        errors.append("休みの月は1月〜12月から選んでください")

    if any(not 1 <= m <= 12 for m in _ints(getattr(rule, "months", None))):
        errors.append("開催する月は1月〜12月から選んでください")

    raw_dates = list(getattr(rule, "dates", None) or [])
    if freq == DATES and not raw_dates:
        errors.append("日付指定のときは開催する日付を入れてください")
    if freq != DATES and raw_dates:
        errors.append("開催する日付は、くり返しが「日付指定」のときだけ入れてください")
    bad_dates = [v for v in raw_dates if _parse_date(v) is None]
    if bad_dates:
        listed = "、".join(str(v) for v in bad_dates)
        errors.append(f"開催する日付が正しくありません（{listed}）")

    bad = [v for v in (rule.except_dates or []) if _parse_date(v) is None]
    if bad:
        listed = "、".join(str(v) for v in bad)
        errors.append(f"休みの日付が正しくありません（{listed}）")
    return errors


# Kept in their own modules (this one would grow past ~500 lines); imported here so that
# ``schedules.to_hsds`` and ``schedules.rule_data`` stay where callers look for them.
from directory.schedule_data import RULE_FIELDS as RULE_FIELDS  # noqa: E402
from directory.schedule_data import empty_rule as empty_rule  # noqa: E402
from directory.schedule_data import plain_value as plain_value  # noqa: E402
from directory.schedule_data import rule_data as rule_data  # noqa: E402
from directory.schedule_hsds import to_hsds as to_hsds  # noqa: E402
