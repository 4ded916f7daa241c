"""Reading 日程 text (開催日時 cells as cities publish them) into schedule rules.

Measured against real cells by search_eval/schedules.py. What the text does not say never
becomes a rule: 「不定期」「随時」「月2回」 without days give no rule, and a piece that cannot
be read is returned verbatim as leftover (the importer keeps it as 日程の補足).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from directory import schedules
from transfer.schedule_body import NOTE, body_of, days_off
from transfer.schedule_closings import read_closings
from transfer.schedule_dates import (
    month_set,
    take_dates,
    take_holidays,
)
from transfer.schedule_days import core_within, day_lists, days_rule, repeating
from transfer.schedule_extras import part_hours, weeks_off
from transfer.schedule_pieces import ALL_OF_THEM, CLOSED, bracket_repeats, pieces, timed_clauses
from transfer.schedule_times import parse_time_range
from transfer.text import SPACES, TILDE, WEEKDAYS, clean


@dataclass
class Schedule:
    """Rules in the shape of directory.schedules.rule_data, and what could not be read."""

    rules: list[dict[str, Any]] = field(default_factory=list)
    leftover: list[str] = field(default_factory=list)

    @property
    def understood(self) -> bool:
        return not self.leftover


def _one_rule(
    text: str, last_date: date | None = None, year: int | None = None
) -> dict[str, Any] | None:
    """One rule (「毎月第2・第4水曜日 10:00〜12:00（8月は休み）」) or None if not understood.
    `last_date`: the last one-off date an earlier piece of the cell gave (its year carries);
    `year`: a year the cell wrote before its dates (「令和8年は、1月26日(月)…」)."""
    year = last_date.year if last_date else year
    dated = take_dates(clean(text), year, last_date)
    if dated is None and _ONE_DAY.search(clean(text)):
        return None  # 「14日(月曜日)」: one day of a month the text does not name
    if dated is not None:  # 「令和8年3月10日(火曜日)10時~12時」
        one_off = _dates_rule(*dated)
        # 「令和6年10月2日から毎週水曜日」: a start date before a repeat (read below)
        starts = re.match(r"\s*(?:~|から|より)", dated[1])
        if one_off is not None or not (starts and re.search(rf"毎|第|隔|[{WEEKDAYS}]曜", dated[1])):
            return one_off
    read = body_of(text)
    opens, closes, body, months, notes = (
        read.opens,
        read.closes,
        read.days,
        read.months_off,
        read.notes,
    )
    count = re.match(r"(?:毎月|月)\s*に?\s*[1-4一二三四]\s*回\s*[、,]?\s*", body)
    if not count and read.months:  # 「隔月（奇数月）」「年4回（5・8・11・2月）」: the months say it
        count = re.match(
            r"(?:隔月|[2２二]\s*[かヶケカ]?月に\s*[1１一]\s*回|年\s*\d+\s*回)\s*", body
        )
    if count:  # 「毎月1回 第3木曜日」「月2回（第2・第4金曜日）」: the count only repeats the days
        if body[count.end() :]:
            body = body[count.end() :]
            notes.insert(0, count[0].strip(" 、,"))
        else:
            for i, note in enumerate(notes):
                if repeating(note) is not None:
                    body, notes[i] = note, count[0].strip(" 、,")
                    break
    label = re.fullmatch(r"([^\d:：\s]{1,10})\s*[:：]", body)
    if label and opens:  # 「浴室:午前9時~午後4時30分」: what the time is for
        notes.insert(0, label[1])
        body = ""
    closing = re.sub(r"(?:です|となります|となっております|しております|します)$", "", body)
    shut = re.search(r"(?:休み|休館|休業|閉館|除く|定休日?)$", closing)
    if days_off(closing) and shut and (opens or not re.search(r"休み|除く", shut[0])):
        # 「日曜日・祝日休み 9:00～17:00」: office hours; 「月曜定休」「日曜・祝日は休館です」
        # without a time: a place open on every other day (休み or 除く alone say less).
        notes, body = [closing, *notes], "" if opens else "毎日"
    if not body and opens:  # 「9:00～17:00（月～金）」: the days in the bracket
        for i, note in enumerate(notes):
            if repeating(note) is not None:
                body = note
                del notes[i]
                break
    off = [day for note in notes for day in days_off(note)]
    no_holidays = False
    for i, note in enumerate(notes):
        holiday, rest = take_holidays(note)
        if holiday:
            no_holidays, notes[i] = True, rest
    holiday_hours = False
    holiday_too = re.fullmatch(
        rf"((?:[{WEEKDAYS}](?:曜日?)?\s*[・、]?\s*)+)[・、]?\s*祝(?:祭)?日?", body
    )
    if holiday_too and opens:  # 「日曜日・祝日」「土日祝日 9時～17時」: the weekdays; 祝日 in words
        body = holiday_too[1].strip(" ・、")
        notes.append("祝日も")
        holiday_hours = True
    if not body and (opens or off) and read.closed:
        # 「休業日：12月29日~1月3日 午前9時~午後9時」「休館日：毎週 火・金曜日」: open every
        # other day (without a time, only when the closings name weekdays)
        body = "毎日"
    rule, weekdays_only = days_rule(body, opens, off)
    if rule is None:  # 「…は毎週月曜日の午後1時から公民館で体操を行っています。」
        head = core_within(body, opens is not None)
        # Without a time, only a clear repeat is read from a sentence: 「火曜日の担当は…」
        # or 「平日の昼間に…」 name a day but no schedule.
        if head and opens is None and not _CLEAR_REPEAT.search(head[0]):
            head = None
        if head:
            rule, weekdays_only = days_rule(head[0], opens, off)
            if rule is not None:
                notes.extend(n for n in (head[2], head[1]) if n)
    no_holidays = no_holidays or weekdays_only
    if rule is None:
        return None
    weekend = rf"(?<![祝休平業])[{WEEKDAYS}](?:曜日?)?[^、。]*の場合"
    if rule["freq"] == "monthly_day" and any(re.search(weekend, n) for n in notes):
        # 「毎月1日（土日の場合は休み／翌平日）」: no rule can skip or move a weekday; kept as
        # text. 「休業日の場合は翌営業日」 names no weekday (業日 is no Sunday): a note.
        return None
    _but_fifth(rule, notes)
    rule["opens_at"], rule["closes_at"] = opens, closes
    rule["except_months"] = sorted(set(months))
    rule["months"] = read.months
    rule["except_holidays"] = no_holidays
    rule["valid_from"], rule["valid_until"] = read.valid_from, read.valid_until
    instead = _instead(rule, notes) or weeks_off(rule, notes) or part_hours(rule, notes)
    rule["note"] = "・".join(n for n in notes if n)[:200]
    rule["_instead"] = instead
    rule["_holiday_hours"] = holiday_hours
    return rule


# A day of the month with its weekday in brackets is one date, never every month's.
_ONE_DAY = re.compile(rf"(?<![\d月/.])\d{{1,2}}\s*日\s*[(（]\s*[{WEEKDAYS}](?:曜日?)?\s*[)）]")

_INSTEAD = re.compile(r"(.+?)\s*(?:は|のみ)\s*(.+?)\s*(?:のみ|です|に開催|開催)?")


def _instead(rule: dict[str, Any], notes: list[str]) -> list[dict[str, Any]]:
    """「第3水曜日（12月は第2水曜日）」「第1・3水曜日（8月は第1水曜日のみ）」: other days in
    some months, a rule of their own; the rule itself leaves those months out."""
    for i, note in enumerate(notes):
        found = _INSTEAD.fullmatch(note.replace(" ", ""))
        months = month_set(found[1]) if found else None
        other = repeating(found[2]) if found and months else None
        if not months or other is None or other["freq"] != rule["freq"]:
            continue
        # 「4月～11月の第2・4土曜日（12月～3月は第2土曜日のみ）」: months the rule does not
        # hold in get their own rule; months it holds in are taken out of it.
        outside = bool(rule["months"]) and not set(months) & set(rule["months"])
        if rule["months"] and not outside and not set(months) <= set(rule["months"]):
            continue
        instead = {**rule, **{k: other[k] for k in ("weekdays", "nths", "month_days")}}
        instead["months"], instead["except_months"], instead["note"] = sorted(months), [], ""
        if not outside:
            rule["except_months"] = sorted(set(rule["except_months"]) | set(months))
        del notes[i]
        return [instead]
    return []


_CLEAR_REPEAT = re.compile(
    rf"毎週|毎月|第\s*[1-5一二三四五]|隔週|[{WEEKDAYS}](?:曜日?)?\s*[~・]\s*[{WEEKDAYS}]"
)


def _but_fifth(rule: dict[str, Any], notes: list[str]) -> None:
    """「毎週土曜日（第5土曜日を除く）」「5週目の木曜日は休み」: every week but the nth, which
    is a monthly rule on the other weeks."""
    if rule["freq"] != "weekly" or rule["interval"] != 1 or len(rule["weekdays"]) != 1:
        return
    for i, note in enumerate(notes):
        found = re.fullmatch(
            rf"(?:第\s*([1-5])\s*週?|([1-5])\s*週目)の?\s*(?:([{WEEKDAYS}])曜日?)?\s*(?:は|を)?\s*"
            r"(?:除く|お?休み)",
            note.replace(" ", ""),
        )
        if found and (found[3] is None or WEEKDAYS.index(found[3]) == rule["weekdays"][0]):
            skip = int(found[1] or found[2])
            rule["freq"], rule["nths"] = "monthly_nth", [n for n in range(1, 6) if n != skip]
            del notes[i]
            return


def _dates_rule(dates: list[str], rest: str) -> dict[str, Any] | None:
    """One-off dates and what follows them: a time, notes, and words that say no other
    day (a venue: 「令和6年10月2日(水) 10時～ 市民センター」 keeps 「市民センター」 in the note).
    Anything that could be a day or a repeat (「~毎週水曜日」「第2」「毎月」) is not read."""
    each_day = ALL_OF_THEM.match(clean(rest))
    if each_day:  # 「いずれも水曜日」: every date must be that weekday
        day = WEEKDAYS.index(each_day[1]) if each_day[1] else None
        if day is not None and any(date.fromisoformat(d).weekday() != day for d in dates):
            return None
        rest = clean(rest)[each_day.end() :]
    read = body_of(rest)
    if read.months or re.search(rf"毎|第|隔|[{WEEKDAYS}]曜|\d|{TILDE}", read.days):
        return None
    rule = schedules.empty_rule("dates")
    rule["dates"] = dates
    rule["opens_at"], rule["closes_at"] = read.opens, read.closes
    rule["except_months"] = sorted(set(read.months_off))
    rule["note"] = "・".join(n for n in [read.days, *read.notes] if n)[:200]
    return rule


# 「月1回」「月に2回」「年3回」「不定期」「随時」 with no day named: no rule can be made.
_NO_DAYS = re.compile(r"月\s*に?\s*[1-9一二三四]\s*回|年\s*\d+\s*回|不定期|随時|未定|要相談")


def _vague(text: str) -> bool:
    outside = NOTE.sub(" ", clean(text))
    named = re.search(r"第\s*[1-5一二三四五]|最終|\d日", clean(text))
    # 「月2回（第2・第4金曜日）」 names its days in the bracket: not vague.
    if _NO_DAYS.search(outside) and not named:
        return True
    # 「2カ月に1回、第4土曜日」「隔月」: which months is unsaid (「隔月（奇数月）」 says it)
    every_other = re.search(r"隔月|[2-6２-６二三四六]\s*[かヶケカ]\s*月\s*に\s*[1１一]\s*回", text)
    if every_other and not re.search(r"奇数月|偶数月|\d\s*月(?!\s*に)", text):
        return True
    # 「水曜日（月2回）」: two of the Wednesdays, which ones unsaid (「（月4回）」 is each week).
    some = re.search(r"[(（]\s*月\s*に?\s*[1-3一二三]\s*回\s*[)）]", clean(text))
    return bool(some) and not named and "毎週" not in text


def parse_schedule(value: Any) -> Schedule:
    """Japanese schedule text → rules; what is not understood is returned verbatim.

    「毎月第3金曜日」「第2・第4水曜日」「第一・第三」「月～金曜日」「毎週火・木」「毎月1日・15日」
    「毎日（日曜を除く）」, several rules one a line, with times 「13:30～15:00」「10時～12時」
    「午後1時半～3時」「10時から1時間程度」 and notes 「※8月は休み」「（祝日を除く）」. A piece
    that cannot be read (or gives an impossible rule) is kept as text in `leftover`; the
    caller puts it in 日程の補足 and warns. 「不定期」「随時」「月2回」 make no rule.
    """
    lines = [SPACES.sub(" ", line).strip() for line in str(value or "").splitlines()]
    text = "\n".join(line for line in lines if line)
    # 「10:00\n～\n12:00」: a range broken over lines (a time column's cell)
    text = re.sub(
        r"\s*\n?\s*([~～〜])\s*\n\s*(?=[\d午正])(?!\d{1,2}\s*[.．)）]\s)|\s*\n\s*([~～〜])\s*",
        r"\1\2",
        text,
    )
    # 「毎月の第3木曜日」; 「午前10時―午後4時」 (a dash between two times); 「月曜から金曜までの
    # 午前10時…」 (the days' end, then their time)
    text = day_lists(re.sub(r"毎月の(?=\s*第)", "毎月", text))
    # 「隔月奇数月の」: the months say it; 「祝日を除いた毎週火…」: a note before the days
    text = re.sub(r"隔月\s*(?=奇数月|偶数月)", "", text)
    text = re.sub(
        rf"(?:祝日|祝祭日)を除(?:く|いた|き)\s*(?=毎|第|平日|[{WEEKDAYS}]曜)",
        "（祝日を除く）",
        text,
    )
    text = re.sub(r"(?<=[時分半\d])\s*[―—]\s*(?=(?:午前|午後)?\s*\d)", "～", text)
    text = re.sub(rf"(?<=[{WEEKDAYS}])(曜日?)?\s*までの?\s*(?=(?:午前|午後)?\s*\d)", r"\1 ", text)
    result = Schedule()
    if not text:
        return result
    # 「定休日 月曜日」: a closing label and a space, as with a colon
    text = re.sub(r"^(休館日|休業日|定休日|休所日|閉館日)\s+(?=\S)", r"\1：", text)
    closings = read_closings(text)
    if closings:  # 「休館日：4月~11月は毎月第4水曜日。12月~3月は毎週月曜日。」: weeks and months
        result.rules.extend(closings)
        return result
    if CLOSED.match(text):  # 「休業日：月曜日\n12月28日~1月4日 9時~17時」: one list of closings
        text = text.replace("\n", "、")
    whole = re.fullmatch(r"[(（]([^()（）]+)[)）]", text)
    if whole:  # 「(月~金 10時~15時 祝日は休み)」: the whole cell in one bracket
        text = whole[1].strip()
    # 「次回は、令和7年5月30日(金)…」「開催時間：13時30分～15時」: a label before a line
    text = "\n".join(_LEAD_IN.sub("", line, count=1) for line in text.split("\n"))
    text = re.sub(r"^\s*(?:各日|いずれも|各回)\s*", "", text, flags=re.M)
    # 「土、日も含め午前10時から」「土日祝日含む午前9時~」: the weekend too, so every day
    text = re.sub(
        r"(?:土|日)(?:曜日?)?\s*[、・]?\s*(?:土|日)?(?:曜日?)?\s*[、・]?\s*(祝(?:祭)?日?)?\s*"
        r"(?:も|を)?含(?:め|む)(?:て|た)?\s*",
        lambda m: "毎日（祝日も） " if m[1] else "毎日 ",
        text,
    )
    # 「●平日・土曜日」: a bullet mark before a line
    text = _unbullet(text)
    # 「月・水\n① 9:00~11:30\n② 13:30~16:00」: sessions on lines of their own
    text = re.sub(r"\n\s*(?=[①-⑳]\s*(?:午前|午後)?\s*\d{1,2}\s*[:時])", " ", text)
    # 「11:00〜17:00:月曜定休」: a colon between a time and the days
    text = re.sub(rf"(\d)\s*[:：]\s*(?=[{WEEKDAYS}]曜)", r"\1 ", text)
    # 「週1回(火曜)」: the bracket names the week's day
    text = re.sub(
        rf"週\s*[1１一]\s*回\s*[(（]\s*([{WEEKDAYS}])(?:曜日?)?\s*[)）]",
        r"毎週\1曜日（週1回）",
        text,
    )
    # 「19:00~20:30 ⇨ 18:30~20:00\n火曜日 …\n水曜日 …」: the hours in effect, over the days below
    text = _heading_time(re.sub(rf"({_RANGE})\s*[⇨→➡]\s*({_RANGE})", r"\2（\1から変更）", text))
    # 「開館 午前9時\n閉館 午後10時」: opening and closing written on two lines
    text = re.sub(r"(?m)^\s*開館\s*([^\n]+?)\s*\n\s*閉館\s*([^\n]+?)\s*$", _open_close, text)
    # 「①酒門町の酒門市民センター=第2、4火曜午前10時」: a venue named before 「=」 is a note
    text = re.sub(r"(?m)^\s*[①-⑨]?\s*([^=＝\n()（）]{1,30}?)\s*[=＝]\s*(\S.*)$", r"\2（\1）", text)
    # 「令和7(2025)年」「2025(令和7)年」: one year written twice
    text = re.sub(r"((?:令和|平成)\s*\d{1,2})\s*[(（]\s*\d{4}\s*[)）]\s*年", r"\1年", text)
    text = re.sub(r"(\d{4})\s*[(（]\s*(?:令和|平成)\s*\d{1,2}\s*[)）]\s*年", r"\1年", text)
    # 「令和7年\n12月10日(水)」: a year on its own line is the next line's.
    text = re.sub(r"((?:令和|平成)\s*(?:\d{1,2}|元)\s*年|\d{4}\s*年)\s*\n", r"\1", text)
    # 「第1回 令和7年4月10日(木)」: a meeting's number is no 第n weekday.
    text = re.sub(r"(?m)^\s*第\s*\d+\s*回\s*[:：]?\s*(?=\S)", "", text)
    cell_year: int | None = None
    topic = _YEAR_TOPIC.match(text)
    if topic:  # 「令和8年は、1月26日(月)・…」「令和7年\n4月10日…」: the year of the dates after
        cell_year = _era_year(topic)
        text = text[topic.end() :]
        if topic["fiscal"]:  # 年度: April to December in its year, January to March the next
            text = _with_fiscal_years(text, cell_year)
            cell_year = None
    if _vague(text):
        result.leftover.append(text.replace("\n", " "))
        return result
    # A trailing note applies to every rule: 「第1・第3火曜日、第2土曜日（8月は休み）」.
    last_date: date | None = None
    for each in pieces(text):
        clauses = timed_clauses(each)
        # 「平日午前8時半~午後5時半。土日祝日午前9時~午後4時。」: sentences each wholly days
        # and a time are rules of their own.
        sentences = [s for s in re.split(r"。", each) if s.strip()]
        split = len(sentences) > 1 and len(clauses) == len(sentences)
        for piece in clauses if split else [each]:
            last_date = _read_piece(result, piece, last_date, cell_year)
    _holidays_elsewhere(result.rules)
    return result


def _holidays_elsewhere(rules: list[dict[str, Any]]) -> None:
    """「月~金曜午前9時~午後9時、土・日・祝午前10時~午後4時」: 祝日 has the hours of another
    rule of the cell, so the weekdays' rule leaves 祝日 out."""
    holiday = [rule for rule in rules if rule.pop("_holiday_hours", False)]
    for rule in rules:
        rule.pop("_holiday_hours", None)
    taken = {day for rule in holiday for day in rule["weekdays"]}
    for rule in rules:
        others = holiday and rule not in holiday and rule["freq"] == "weekly"
        if others and rule["opens_at"] and not set(rule["weekdays"]) & taken:
            rule["except_holidays"] = True


def _read_piece(
    result: Schedule, piece: str, last_date: date | None, cell_year: int | None
) -> date | None:
    """Add a piece's rules to `result` (or keep it as leftover); the last date it gave."""
    sessions = [_one_rule(part, last_date, cell_year) for part in _sessions(piece)]
    if any(rule is None or _invalid(rule) for rule in sessions):
        # A clause wholly of days and a time in a piece not read (「…を開設。平日午前9時~
        # 午後5時。」): its rule, and the piece kept as it is.
        for clause in timed_clauses(piece) or bracket_repeats(piece):
            rule = _one_rule(clause, last_date, cell_year)
            if rule is not None and not _invalid(rule) and not rule.pop("_instead", []):
                _add(result.rules, rule)
        result.leftover.append(piece)
        return last_date
    for rule in sessions:
        assert rule is not None
        for one in [rule, *rule.pop("_instead", [])]:
            _add(result.rules, one)
        if rule["freq"] == "dates":
            last_date = date.fromisoformat(max(rule["dates"]))
    return last_date


# 「●」「〇」「・」「- 」「1. 」「(1) 」 before a line; a circled number only when it is the
# line's one number (「①10:00~ ②13:00~」 are sessions).
_BULLET = re.compile(
    r"(?m)^\s*(?:[●○〇◆◇■□▲△▼▽★☆◎・]|[-‐‑–—―－]\s|\d{1,2}\s*[.．)）]\s|[(（]\d{1,2}[)）]\s*)\s*"
)
# A circled number before a line's days is a bullet; before a time it marks a session
# (「月・水\n① 9:00~11:30\n② 13:30~16:00」, 「毎火曜①10:00~ ②13:00~」).
_CIRCLED = re.compile(
    r"(?m)^\s*[①-⑳]\s*(?=毎|第|隔|平日|[月火水木金土日]曜|[月火水木金土日]\s*[・、~～〜])"
)
# 「【A】毎週火曜日…」: a label before a line is a note (「【日時】」 went with the lead-ins).
_LABEL = re.compile(r"(?m)^\s*【([^】]{1,10})】\s*(\S[^\n]*)$")


def _unbullet(text: str) -> str:
    text = _CIRCLED.sub("", _BULLET.sub("", text))
    return _LABEL.sub(r"\2（\1）", text)


_POINT = r"(?:午前|午後)?\s*\d{1,2}\s*(?:[:：]\s*\d{2}|時(?:\s*\d{1,2}\s*分|半)?)"
_RANGE = rf"{_POINT}\s*[~～〜]\s*{_POINT}"
_DAYS_LINE = re.compile(rf"\s*(?:毎週|毎月|第\s*[1-5]|平日|[{WEEKDAYS}]曜|\d{{1,2}}\s*[/月])")


def _heading_time(text: str) -> str:
    """A time alone on the first line, over lines that each begin with days or a date and
    have no time of their own: the time of each line (「18:30~20:00\n火曜日 卓球\n土曜日 …」)."""
    first, _, rest = text.partition("\n")
    lines = rest.split("\n") if rest else []
    opens, _, words = parse_time_range(first)
    if opens is None or re.sub(r"[(（][^()（）]*[)）]|\s", "", words) or not lines:
        return text
    if any(not _DAYS_LINE.match(line) or parse_time_range(line)[0] for line in lines):
        return text
    return "\n".join(f"{line} {first.strip()}" for line in lines)


def _open_close(match: re.Match) -> str:
    opening, closing = parse_time_range(match[1])[0], parse_time_range(match[2])[0]
    if opening is None or closing is None or parse_time_range(match[1])[1] is not None:
        return match[0]
    return f"{match[1]}~{match[2]}"


_LABELS = (
    r"次回|日\s*時|日\s*程|とき|相談日時?|開催日時?|開催曜日|開催|開館日|開所日|開室日|営業日|活動日|実施日"
    r"|開館時間|開所時間|利用時間|受付時間|営業時間|開催時間|実施時間|活動時間|時\s*間"
)
# 「日時：」「【日時】」「■とき：」: a label before the first line's date or days.
_LEAD_IN = re.compile(
    rf"^[■◆●○◎▼★☆・]?\s*(?:【\s*(?:{_LABELS})\s*】|(?:{_LABELS})\s*(?:は|:|：))\s*[、,]?\s*"
)
_YEAR_TOPIC = re.compile(
    r"^[(（]?(?:(令和|平成)\s*(\d{1,2}|元)|(\d{4}))\s*年(?P<fiscal>度)?[)）]?"
    r"\s*(?:の?(?:開催日|日程|予定)\s*[:：]|は\s*[、,]?|[:：]|\n"
    r"|(?<=[)）度])\s*(?=\d{1,2}\s*月\s*\d{1,2}\s*日)|\s+(?=\d{1,2}\s*月\s*\d{1,2}\s*日))\s*"
)


def _with_fiscal_years(text: str, fiscal: int) -> str:
    """「4月10日…1月15日」 in a 年度 → 「2025年4月10日…2026年1月15日」."""

    def dated(match: re.Match) -> str:
        month = int(match[1])
        return f"{fiscal + (1 if month <= 3 else 0)}年{match[0]}"

    return re.sub(r"(?<![年\d/.])(\d{1,2})\s*月\s*\d{1,2}\s*日", dated, text)


def _era_year(match: re.Match) -> int:
    if match[3]:
        return int(match[3])
    number = 1 if match[2] == "元" else int(match[2])
    return number + (2018 if match[1] == "令和" else 1988)


_SESSION = re.compile(r"\s*[①-⑨]\s*")


def _sessions(piece: str) -> list[str]:
    """「毎火曜①10:00~ ②13:00~」「月・水(祝日を除く) ① 9:00~11:30 ② 13:30~16:00」: the same
    days at several times, one rule a session. Each session must have its own time."""
    marks = list(_SESSION.finditer(piece))
    if len(marks) < 2:
        return _two_times(piece)
    head = piece[: marks[0].start()]
    ends = [mark.start() for mark in marks[1:]] + [len(piece)]
    parts = [piece[mark.end() : end] for mark, end in zip(marks, ends, strict=True)]
    if not head.strip() and all(take_dates(clean(part)) for part in parts):
        return parts  # 「①令和7年4月10日(木) ②令和7年5月8日(木)」: numbered dates
    if any(parse_time_range(part)[0] is None for part in parts):
        return [piece]
    return [f"{head} {part}".strip() for part in parts]


def _two_times(piece: str) -> list[str]:
    """「毎週火曜日 10:00～11:30、13:30～15:00」: two sessions on the same days. A range in a
    bracket (「（12:00～13:00昼休み）」) is a note, not a session."""
    plain = NOTE.sub(" ", piece)
    o1, c1, rest = parse_time_range(plain)
    o2, c2, days = parse_time_range(rest)
    if not (o1 and c1 and o2 and c2) or o2 < c1:
        return [piece]
    notes = " ".join(f"({n[1] or n[2]})" for n in NOTE.finditer(piece))
    return [f"{days} {o1}~{c1} {notes}".strip(), f"{days} {o2}~{c2} {notes}".strip()]


def _add(rules: list[dict[str, Any]], rule: dict[str, Any]) -> None:
    """Add a rule; one-off dates one a line with the same times make one dates rule."""
    if rule["freq"] == "dates":
        for other in rules:
            if other["freq"] == "dates" and {**other, "dates": []} == {**rule, "dates": []}:
                other["dates"] = sorted(set(other["dates"]) | set(rule["dates"]))
                return
    rules.append(rule)


def _invalid(rule: dict[str, Any]) -> bool:
    if rule["opens_at"] and rule["closes_at"] and rule["closes_at"] <= rule["opens_at"]:
        return True
    if any(not 1 <= m <= 12 for m in rule["except_months"]):
        return True
    return rule["freq"] in ("weekly", "monthly_nth") and not rule["weekdays"]
