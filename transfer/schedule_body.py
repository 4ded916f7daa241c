"""The body of one schedule piece: its time, its notes (「（8月は休み）」「※祝日を除く」), the
months it holds in or not, and the words left to read as days (transfer.schedule_text)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from transfer.schedule_dates import (
    except_months,
    month_set,
    take_months,
    take_period,
    take_trailing_months,
)
from transfer.schedule_pieces import CLOSED
from transfer.schedule_times import ACTIVITY, parse_time_range
from transfer.text import SEPARATORS, TILDE, WEEKDAYS, clean

# A bracket (one more inside: 「（祝日、年末年始（12/29～1/3）を除く）」) or a ※ note.
NOTE = re.compile(r"[(（]((?:[^()（）]|[(（][^()（）]*[)）])*)[)）]|※\s*([^※]*)")
_LEADING_EXCEPT_MONTHS = re.compile(r"^([\d\s月・、,と~翌]+?)(?:を除く|以外の)\s*")
# 「土・日・祝日はお休み」「日曜を除く」「土日祝休館」: weekdays a note takes out.
_DAY_OFF = rf"[{WEEKDAYS}](?:曜日?|(?=[・、,と{WEEKDAYS}]|および|及び|祝|を|は|休))"
_DAYS_OFF = re.compile(
    rf"^((?:{_DAY_OFF}\s*(?:[・、,と]|および|及び)?\s*)+).*?"
    r"(?:を?除く|は?お?休み|休館|休業|閉館|定休)"
)
_DURATION = re.compile(r"約?\s*\d+\s*時間\s*半?\s*(?:程度|ほど|くらい|ぐらい|位)?")


_BRACKETED_DAY = re.compile(
    rf"(毎週|(?:毎月)?\s*第\s*[1-5一二三四五](?:\s*[・、]\s*[1-5一二三四五])*)\s*"
    rf"[(（]\s*([{WEEKDAYS}](?:曜日?)?(?:\s*[・、]\s*[{WEEKDAYS}](?:曜日?)?)*)\s*[)）]"
)


_DATE_WEEKDAY = re.compile(rf"\s*[{WEEKDAYS}](?:曜日?)?\s*(?:・\s*祝(?:日)?)?\s*$")


def notes_of(text: str) -> tuple[str, list[int], list[str], list[int]]:
    """Pull out 「（8月は休み）」「※祝日を除く」「（奇数月）」: (text without them, months off,
    other notes, the only months a bracket names)."""
    months: list[int] = []
    notes: list[str] = []
    only: list[int] = []

    def take(match: re.Match) -> str:
        dated = re.search(r"\d\s*日\s*$", match.string[: match.start()])
        if match[1] is not None and _DATE_WEEKDAY.match(match[1]) and dated:
            return match[0]  # 「1月31日(金)」: the date's weekday, never the days of a rule
        note = (match[1] if match[1] is not None else match[2]).strip()
        note = re.sub(r"^(?:ただし|但し)\s*[、,]?\s*", "", note)  # 「（ただし、月曜日は休館）」
        off = except_months(note)
        # 「（奇数月）」「（4月～11月のみ）」: the only months, in a bracket
        named = re.sub(r"\s*(?:のみ|だけ|に?開催|に?実施)$", "", note)
        on = month_set(named) if match[1] is not None else None
        if off:
            months.extend(off)
        elif on:  # 「隔月（奇数月）」「年4回（5・8・11・2月）」
            only.extend(on)
        elif note:
            notes.append(note)
        return " "

    return NOTE.sub(take, text).strip(), months, notes, only


def days_off(text: str) -> list[int]:
    found = _DAYS_OFF.match(re.sub(r"^毎週", "", text.replace(" ", "")))  # 「毎週月曜日・年末年始」
    if not found:
        return []
    letters = re.sub(r"曜日?", "", found[1])  # the 日 of 曜日 is no Sunday
    days = {WEEKDAYS.index(ch) for ch in re.findall(rf"[{WEEKDAYS}]", letters)}
    # 「日曜日・祝日及び土曜日」: a weekday listed after 祝日 is closed too (not 「第3土曜日」)
    later = re.findall(rf"(?:及び|および|[・、,と])([{WEEKDAYS}])曜", found[0][len(found[1]) :])
    return sorted(days | {WEEKDAYS.index(ch) for ch in later})


@dataclass
class Body:
    opens: str | None
    closes: str | None
    days: str  # what is left to read as days
    months_off: list[int]
    notes: list[str]
    months: list[int]  # only in these months (「奇数月の」); empty: every month
    valid_from: str | None = None  # a period the text writes with its year
    valid_until: str | None = None
    closed: bool = False  # a list of closing days (「休館日は…」) was read into the notes


_HOLIDAYS_IN_BODY = re.compile(
    r"\s*[、,]?\s*((?:[土日](?:曜日?)?・?)*祝(?:祭|休)?日?[^、。]*?"
    r"(?:を除く|除く|は休み|はお休み|休み|休館|休業))\s*$"
)


def body_of(text: str) -> Body:
    """A piece without its time, notes and wording."""
    text = clean(text)
    closed = CLOSED.search(text)
    closed_note = ""
    if closed:  # 「休館日は日曜日、祝日…まで」 reads as 「日曜日、祝日…までは休み」
        closed_note = text[closed.end() :].strip(" 。") + "は休み"
        text = text[: closed.start()]
    # 「毎週（火）」「第2（水）」: the weekday in a bracket is the day itself, not a note
    text = _BRACKETED_DAY.sub(r"\1\2", text)
    body, months, notes, bracket_months = notes_of(text)
    if closed_note:
        notes.append(closed_note)
    opens, closes, body = parse_time_range(body)
    if opens is None:  # 「第2土曜日（午後1時～3時）」「(10:00~14:00、無料)」
        for i, note in enumerate(notes):
            opens, closes, rest = parse_time_range(note)
            if opens is not None:
                notes[i] = rest.strip(" 、,・")
                break
    body = SEPARATORS.sub(TILDE, clean(body))
    # 「…毎日、午前10時から午後6時まで営業している。」: the words that followed the time
    body = ACTIVITY.sub("", re.sub(r"(?:^|\s)まで(?=\s|$|[でに営開実])", " ", body)).strip()
    head, stop, tail = body.partition("。")
    body, tail = (head, tail.strip(" 。")) if stop else (body, "")
    if tail:  # 「毎週木曜日。5週目の木曜日は休み」: what follows is a note
        off = except_months(tail)
        if off:
            months.extend(off)
        else:
            notes.append(tail)
    label = re.match(r"^「([^」]*)」\s*", body)  # 「すずめの学校」 毎月第4水曜日
    if label:
        notes.insert(0, label[1])
        body = body[label.end() :]
    if body.startswith("原則"):
        notes.insert(0, "原則")
        body = body[2:].strip()
    # 「今年は偶数月の…」「4月から毎月第3木曜日」: a year's topic or a start without its year
    # before the days stays in words.
    lead = re.match(
        r"^(?:(?:今年|今年度|本年度|例年)は?|\d{1,2}\s*月\s*~(?=\s*(?:毎|第|隔)))[、,]?\s*", body
    )
    if lead:
        notes.insert(0, lead[0].strip(" 、,").replace(TILDE, "から"))
        body = body[lead.end() :]
    # 「3月の毎週(木)」: one month before 毎週 is that month of the issue, a period in words
    # (「奇数月の」「8月・11月・2月の」 name months every year and stay months).
    one_month = re.match(r"^(\d{1,2})\s*月\s*の\s*(?=毎週)", body)
    if one_month and 1 <= int(one_month[1]) <= 12:
        notes.insert(0, f"{one_month[1]}月の毎週")
        body = body[one_month.end() :]
    valid_from = valid_until = None
    period = take_period(body)
    if period:  # 「令和7年10月1日から…までの」: the dates; without a year, only words
        valid_from, valid_until, words, body = period
        if valid_from is None:
            notes.insert(0, words)
    leading = _LEADING_EXCEPT_MONTHS.match(body)
    leading_months = month_set(leading[1]) if leading else None
    if leading and leading_months:  # 「8月と12月を除く毎月…」「12月~2月を除く…」
        months.extend(leading_months)
        body = body[leading.end() :]
    only_months, body = take_months(body)
    if not only_months:  # 「第1・第3木曜日 奇数月のみ」「…第4日曜日 1月・8月を除く」
        only_months, off_months, body = take_trailing_months(body)
        months.extend(off_months)
    only_months = only_months or sorted(set(bracket_months))
    all_but = re.fullmatch(r"(.+?)\s*(?:を除(?:き|いて|く)|以外[のは]?)\s*[、,]?\s*毎日", body)
    if all_but:  # 「日曜・祝日・年末年始を除き毎日」: as 「毎日（…を除く）」
        notes.append(all_but[1] + "を除く")
        body = "毎日"
    holidays = _HOLIDAYS_IN_BODY.search(body)
    if holidays and holidays.start() > 0:  # 「月~金曜日 祝日を除く」: as a note would say it
        notes.append(holidays[1])
        body = body[: holidays.start()]
    for duration in _DURATION.findall(body):
        notes.append(duration.strip())
    body = _DURATION.sub(" ", body)
    # 「午前中」「夕方」: a part of the day, not a time; kept in words.
    part_of_day = re.search(r"の?\s*(午前中?|午後|夕方|朝|夜|日中)\s*(?=に|で|$)", body)
    if part_of_day and opens is None:
        notes.append(part_of_day[1])
        body = body[: part_of_day.start()] + body[part_of_day.end() :]
    # 「月曜日から金曜日までの週5日」: the count only repeats the days.
    per_week = re.search(r"\s*(?:まで)?の?\s*(週\s*[1-7]\s*日)\s*$", body)
    if per_week:
        notes.append(per_week[1])
        body = body[: per_week.start()]
    body = ACTIVITY.sub("", body).strip()
    body = re.sub(r"\s*(?:の間|頃|ごろ)\s*$", "", body)  # 「…の13:30~14:00の間」
    body = re.sub(r"(?<=[日曜])\s*です\s*$", "", body)  # 「…第2土曜日10:30~11:00です」
    body = re.sub(r"\s*(?:まで)?の?\s*$", "", body)  # 「月曜日から日曜日まで」
    body = re.sub(rf"(第\s*[1-5一二三四五])\s*の\s*(?=[{WEEKDAYS}])", r"\1", body)
    read = Body(opens, closes, body.strip(" 、,。"), months, notes, only_months)
    read.valid_from, read.valid_until = valid_from, valid_until
    # 「休業日：偶数月の第2火曜日」: closings no weekday list can say leave no 「毎日」
    # and closings that name no day (「館長の都合による」) say nothing of the days open.
    read.closed = (
        bool(closed)
        and not re.search(r"第\s*[1-5一二三四五]|奇数月|偶数月|毎月", closed_note)
        and bool(re.search(r"[月火水木金土日]曜|祝|年末|年始|\d+\s*月\s*\d+\s*日", closed_note))
    )
    return read
