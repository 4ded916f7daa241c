"""Parts of 日程 text beyond the weekly and monthly patterns (transfer/schedule_text.py):
one-off dates with their year (「令和8年3月10日(火曜日)」「2026年3月10日」), the months a
rule holds in (「奇数月の」「4~9月」「4月・8月・12月の」) and 「祝日を除く」.

A date without a year written in the text is never given one: the piece stays text (the
importer keeps it as 日程の補足 and warns), since the year a page meant is only in its
issue date or its surroundings, which the cell does not carry.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from transfer.text import SEPARATORS, TILDE, WEEKDAYS

# 令和元年 = 2019, 平成元年 = 1989.
_ERAS = {"令和": 2018, "R": 2018, "平成": 1988, "H": 1988}
_YEAR = r"(?:(?P<era>令和|平成|R|H)\s*(?P<eyear>\d{1,2}|元)\s*[年./]|(?P<year>\d{4})\s*[年/.])"
_DATE = re.compile(
    rf"(?:{_YEAR}\s*)?(?P<month>\d{{1,2}})\s*[月/.]\s*(?P<day>\d{{1,2}})\s*日?"
    rf"\s*(?:\(\s*(?P<weekday>[{WEEKDAYS}])(?:曜日?)?\s*(?:・\s*祝)?\s*\))?"
)
_DAY_ONLY = re.compile(
    rf"(?P<day>\d{{1,2}})\s*日(?!\s*[~間])"
    rf"\s*(?:\(\s*(?P<weekday>[{WEEKDAYS}])(?:曜日?)?\s*(?:・\s*祝)?\s*\))?"
)


def _year(match: re.Match) -> int | None:
    if match["year"]:
        return int(match["year"])
    if match["era"]:
        n = 1 if match["eyear"] == "元" else int(match["eyear"])
        return _ERAS[match["era"]] + n
    return None


def take_dates(
    body: str, year: int | None = None, after: date | None = None
) -> tuple[list[str], str] | None:
    """「令和8年3月10日(火曜日)」「2026年3月6日・4月3日(金)」 at the start of a piece →
    (ISO dates, the rest). None when the piece does not start with a date, or a date lacks
    its year, does not exist, or its weekday disagrees (nothing is guessed).

    `year` was written earlier in the same cell, on or before the date `after`
    (「令和7年1月15日(水)、2月19日(水)」): it carries on while the dates go forward, never
    across a new year. 「10月2日、16日」 carries the month."""
    # 「12月1日」 needs 日; a bare 「3/10」 or 「3.10」 only counts after a written year.
    if not re.match(
        r"\s*(?:(?:令和|平成|R|H)\s*(?:\d{1,2}|元)\s*[年./]|\d{4}\s*[年/.]"
        r"|\d{1,2}\s*月\s*\d{1,2}\s*日)",
        body,
    ):
        return None
    body = re.sub(rf"(\d\s*日)\s*([{WEEKDAYS}])曜日?", r"\1(\2)", body)
    found: list[tuple[int | None, int, int, str | None]] = []
    ranges: set[int] = set()  # 「5月30日(金)~31日(土)」: every day from found[i] to found[i+1]
    pos = 0
    while True:
        match = _DATE.match(body, pos)
        if match and (match["year"] or match["era"]):
            year, after = _year(match), None
        day_only = _DAY_ONLY.match(body, pos) if found and not match else None
        # 「令和7年 6/26(木)、7/24(木)」: after a written year, a bare date counts too
        if match and (
            "日" in match.group(0) or match["year"] or match["era"] or found and "/" in match[0]
        ):
            found.append((year, int(match["month"]), int(match["day"]), match["weekday"]))
            pos = match.end()
        elif day_only:
            found.append((found[-1][0], found[-1][1], int(day_only["day"]), day_only["weekday"]))
            pos = day_only.end()
        else:
            break
        # 「12月10日（水） 令和8年1月14日（水）」: a space between dates is a separator too
        sep = re.match(r"\s*(?:[・、,/と]|及び|および)\s*|\s*(?:[~～〜]|から)\s*|\s+", body[pos:])
        if not sep:
            break
        nxt = pos + sep.end()
        if not (_DATE.match(body, nxt) or _DAY_ONLY.match(body, nxt)):
            break
        if re.search(r"[~～〜]|から", sep.group(0)):
            ranges.add(len(found) - 1)
        pos = nxt
    if not found:
        return None
    found = _years_back(found)
    out: list[str] = []
    last = after
    for i, (y, month, day, weekday) in enumerate(found):
        if y is None:
            return None
        try:
            d = date(y, month, day)
        except ValueError:
            return None
        if last is not None and d < last and y == last.year:
            return None  # 「12月20日・1月10日」 under one written year: which year is unsaid
        # A weekday bracket after several dates (「3月6日・4月3日(金)」) names the last one.
        if weekday is not None and WEEKDAYS.index(weekday) != d.weekday():
            return None
        if i - 1 in ranges and last is not None:
            if not 0 < (d - last).days <= 14:
                return None  # a longer span is a period, not one-off days
            out.extend((last + timedelta(days=n)).isoformat() for n in range(1, (d - last).days))
        out.append(d.isoformat())
        last = d
    return sorted(set(out)), body[pos:].strip(" 、,・")


def _years_back(
    found: list[tuple[int | None, int, int, str | None]],
) -> list[tuple[int | None, int, int, str | None]]:
    """「12月4日・令和7年1月8日・29日」: a list's year written at a later date holds for the
    dates before it, which go forward to it (12月4日 is 2024's). Dates after no year stay
    without one."""
    out = list(found)
    for i in range(len(out) - 2, -1, -1):
        year, month, day, weekday = out[i]
        later = out[i + 1]
        if year is None and later[0] is not None:
            back = 1 if (month, day) > (later[1], later[2]) else 0
            out[i] = (later[0] - back, month, day, weekday)
    return out


_ODD_EVEN = {"奇数月": [1, 3, 5, 7, 9, 11], "偶数月": [2, 4, 6, 8, 10, 12]}
_AND = r"(?:[・、,と]|及び|および)"


def month_set(text: str) -> list[int] | None:
    """「奇数月」「4~9月」「11月~翌3月」「7・8月」「3月、6月、9月」 → the months; None if the
    text is anything else."""
    text = SEPARATORS.sub(TILDE, text).replace(" ", "")
    if text in _ODD_EVEN:
        return list(_ODD_EVEN[text])
    text = text.replace("翌年", "翌")
    span = re.fullmatch(rf"(\d{{1,2}})月?{TILDE}翌?(\d{{1,2}})月", text)
    if span:
        first, last = int(span[1]), int(span[2])
        if not (1 <= first <= 12 and 1 <= last <= 12) or first == last:
            return None
        return sorted((first - 1 + i) % 12 + 1 for i in range((last - first) % 12 + 1))
    if re.fullmatch(rf"(?:\d{{1,2}}月?{_AND})*\d{{1,2}}月", text):
        months = sorted({int(m) for m in re.findall(r"\d{1,2}", text)})
        return months if all(1 <= m <= 12 for m in months) else None
    return None


_MONTHS_TEXT = rf"(?:\d{{1,2}}\s*月?\s*(?:{TILDE}\s*翌?年?|{_AND})\s*)*\d{{1,2}}\s*月"
_MONTHS_LEAD = re.compile(
    rf"^(?:毎年\s*)?(奇数月|偶数月|{_MONTHS_TEXT})\s*(?:まで)?\s*(?:の間は?|の|中は?|:|\s)?\s*"
    rf"(?=毎|第|隔週|最終|[{WEEKDAYS}](?:曜|\s*[・、~]))"
)
_ODD_EVEN_DAYS = re.compile(r"^(?:毎年\s*)?(奇数月|偶数月)\s*(?:の|に|は)?\s*(?:毎月)?\s*")


def take_months(body: str) -> tuple[list[int], str]:
    """「奇数月の第2火曜日」「4~9月 第1・3水曜日」「10~2月毎週水曜日」「4月・8月・12月の第2火曜日」
    「4月~9月:毎週水曜日」 → (months, the rest); ([], body) when it does not start with months.
    A day of the month only follows 奇数月/偶数月: 「4月 10日」 is a date, not a rule."""
    body = body.strip()
    found = _MONTHS_LEAD.match(body) or _ODD_EVEN_DAYS.match(body)
    months = month_set(found[1]) if found else None
    if found and months:
        # 「4月~翌3月」 is the whole year: no months to keep.
        return (months if len(months) < 12 else []), body[found.end() :]
    return [], body


# 「第1・第3木曜日 奇数月のみ」「毎月第3金曜日 6月・9月・12月」「毎週水曜日 4月~11月」: months
# after the days (a space, 、 or の before them), or months off (「… 1月・8月を除く」).
_MONTHS_TAIL = re.compile(
    rf"(?:\s+|\s*[、,]\s*|(?<=[日曜{WEEKDAYS}])の?\s*)(奇数月|偶数月|{_MONTHS_TEXT})\s*"
    r"(?P<how>のみ|だけ|に?開催|に?実施|(?:は|を)?\s*(?:除く|除き)|以外)?\s*$"
)


def take_trailing_months(body: str) -> tuple[list[int], list[int], str]:
    """Months written after the days → (only these months, these months off, the rest);
    ([], [], body) when the body does not end in months. The rest must name days: 「4月 10日」
    is a date and 「12月」 alone names none."""
    found = _MONTHS_TAIL.search(body)
    months = month_set(found[1]) if found else None
    if not found or not months or not re.search(rf"曜|毎|第|[{WEEKDAYS}]$", body[: found.start()]):
        return [], [], body
    rest = body[: found.start()].strip(" 、,")
    if found["how"] and re.search(r"除|以外", found["how"]):
        return [], months, rest
    return (months if len(months) < 12 else []), [], rest


def except_months(text: str) -> list[int] | None:
    """「8月は休み」「11月~3月は休み」「7・8月はお休みです」「8月・12月を除く」 → the months off."""
    found = re.fullmatch(
        r"(.+?)\s*(?:は|を)?\s*(?:お?休み(?:です|となります)?|休止|休会|なし|除く)[。.]?",
        text.replace(" ", ""),
    )
    # 「冬期12月~3月は休み」「冬季(12月~2月)は休み」: the season only names the months.
    if not found:
        return None
    # 「夏季（7月・8月）」: the bracket around the months goes too.
    return month_set(re.sub(r"^(?:冬|夏)(?:期|季)間?の?|[(（)）]", "", found[1]))


# 「祝日を除く」「祝日・年末年始を除く」「土・日・祝日および年末年始はお休み」「祝祭日は休み」
_HOLIDAY = re.compile(r"祝(?:祭|休)?日|祝(?=[・、,]|を|は|休|除|$)|休日")
# 「祝日の翌日」「月曜休館、祝日の場合は翌日」: the day after a holiday closes, not the holiday.
_DAY_AFTER = re.compile(
    r"[^・、,]*(?:祝|休)日[^・、,]*?の翌日"
    r"|[^・、,]*祝(?:祭|休)?日?の場合は?[^・、,]*?(?:翌|次|前|振替|開)[^・、,]*"
)
_OFF = re.compile(r"(?:を|は)?\s*(?:除く|除き|のぞく|お?休み|休館|休業|休会|閉館|休止|なし)")


def take_holidays(note: str) -> tuple[bool, str]:
    """A note that takes out 祝日 → (True, what else it takes out, e.g. 「年末年始を除く」).
    A note that only mentions a holiday (「祝日も開催」) is left as it is."""
    text = note.replace(" ", "")
    # 「祝日の翌日」「国民の祝日に関する法律に規定する休日の翌日」 is another day, not 祝日.
    named = _DAY_AFTER.sub("", text)
    if (
        not _HOLIDAY.search(named)
        or not _OFF.search(text)
        or re.search(r"祝日?も|祝日?は?開", text)
    ):
        return False, note
    if "の場合" in text:  # 「祝日の場合は休み」: the note says it whole
        return True, note
    verb = _OFF.search(text)
    assert verb is not None
    head = text[: verb.start()]
    tail = text[verb.end() :].strip("。.です")
    # What else is closed, besides the weekdays (taken out by the caller) and holidays.
    others = [
        part
        for part in re.split(r"[・、,]|および|及び|と|や", _HOLIDAY.sub("・", head))
        if part and not re.fullmatch(rf"[{WEEKDAYS}](?:曜日?)?|日曜|土日|土曜", part)
    ]
    rest = "・".join(others)
    if rest:
        rest += "を除く" if "除" in verb.group(0) else "は休み"
    if tail:
        rest = f"{rest}・{tail}" if rest else tail
    return True, rest


_WHEN = (
    r"(?:(?P<{p}era>令和|平成)\s*(?P<{p}ey>\d{{1,2}}|元)\s*年|(?P<{p}y>\d{{4}})\s*年)?\s*"
    r"(?P<{p}m>\d{{1,2}})\s*月(?:\s*(?P<{p}d>\d{{1,2}})\s*日)?(?:\s*\([^)]*\))?"
)
_PERIOD = re.compile(
    rf"^{_WHEN.format(p='a')}\s*(?:{TILDE}|より)\s*(?:{_WHEN.format(p='b')})?\s*(?:まで)?"
    r"\s*(?:の間|の)?\s*"
)


def take_period(body: str) -> tuple[str | None, str | None, str, str] | None:
    """「令和7年10月1日(水)~令和8年3月31日(火)までの毎週水曜日」「令和7年4月~毎月第2水曜日」「9月4日~
    10月23日の」 at the start → (valid_from, valid_until as ISO dates when the text writes the
    year, else None; the period in words; the rest). A span of months without a year (「4~9月」)
    is not a period but the months a rule holds in: None."""
    found = _PERIOD.match(body)
    if not found or not (found["ad"] or found["ay"] or found["aera"]):
        return None
    if not found["ad"] and not found["bm"] and not body[found.end() :].strip():
        return None
    start_year = _written_year(found, "a")
    if start_year is None:
        # Without a year only 「9月4日~10月23日の」 stays in words before a repeat; a date
        # with its weekday (「10月2日(水)~」) may be a list of one-off dates the page meant.
        bare = re.match(rf"^(\d{{1,2}}月\d{{1,2}}日{TILDE}\d{{1,2}}月\d{{1,2}}日)の?\s*", body)
        if not bare:
            return None
        return None, None, bare[1].replace(TILDE, "～"), body[bare.end() :]
    words = body[: found.end()].strip(" の").replace(TILDE, "～")
    try:
        start = date(start_year, int(found["am"]), int(found["ad"] or 1))
        end = None
        if found["bm"]:
            end_year = _written_year(found, "b") or start_year
            month = int(found["bm"])
            if not (found["by"] or found["bera"]) and month < start.month:
                end_year += 1  # 「令和7年10月1日~3月31日」 ends the next year
            last = calendar.monthrange(end_year, month)[1]
            end = date(end_year, month, int(found["bd"] or last))
    except ValueError:
        return None
    if end is not None and end < start:
        return None
    return start.isoformat(), end.isoformat() if end else None, words, body[found.end() :]


def _written_year(found: re.Match, p: str) -> int | None:
    if found[f"{p}y"]:
        return int(found[f"{p}y"])
    if found[f"{p}era"]:
        n = 1 if found[f"{p}ey"] == "元" else int(found[f"{p}ey"])
        return _ERAS[found[f"{p}era"]] + n
    return None
