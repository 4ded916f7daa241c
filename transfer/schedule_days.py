"""The days a piece of 日程 text names (transfer/schedule_text.py): 「毎月第2・第4水曜日」
「月・水・金」「平日」「日曜を除く毎日」, and the days at the head of a sentence (「…は毎週月曜日の
午後1時から公民館で…」)."""

from __future__ import annotations

import re
from typing import Any

from directory import schedules
from transfer.text import WEEKDAYS

_KANJI_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5}


_WEEKDAY_RANGE = re.compile(rf"([{WEEKDAYS}])(?:曜日?)?\s*~\s*([{WEEKDAYS}])")
_WEEKDAY_LIST = re.compile(rf"^(?:[{WEEKDAYS}](?:曜日|曜)?(?:\s*[・、,/と]\s*|\s+)?)+$")
_NTHS = re.compile(
    r"第\s*([1-5一二三四五](?:\s*[・、,と]\s*(?:第\s*)?[1-5一二三四五])*)\s*(?:週)?"
    r"|(最終週?の?|最後の?|月末の?)"
)
_NTH_RANGE = re.compile(r"第\s*([1-5])\s*~\s*(?:第\s*)?([1-5])")
_MONTH_DAYS = re.compile(r"(\d{1,2})\s*日")


# A weekday letter in a list: after no kanji or digit (「4月、」「毎月、」「祝日、」 are no
# weekdays), or after 週 (「毎週月、水」).
_LISTED = rf"(?:(?<![0-9\u3400-\u9fff])|(?<=週))([{WEEKDAYS}])"


def day_lists(text: str) -> str:
    """Weekdays written as a list the splitter would cut: 「月、水、金曜」「土、日曜日」 →
    「月・水・金曜」; 「毎週(月)(水)(金)」 → 「毎週月・水・金曜」; 「(祝)」 → 「祝日」. A lone
    bracketed weekday (「3月5日(火)」) names a date's day and is left alone."""
    text = re.sub(
        _LISTED + rf"\s*[、,]\s*(?=(?:[{WEEKDAYS}]\s*[、,・]\s*)*[{WEEKDAYS}]曜)", r"\1・", text
    )
    text = re.sub(
        rf"(?:[(（]\s*[{WEEKDAYS}]\s*[)）]\s*){{2,}}",
        lambda m: "・".join(re.findall(f"[{WEEKDAYS}]", m[0])) + "曜",
        text,
    )
    return re.sub(r"[(（]\s*祝\s*[)）]", "祝日", text)


def weekdays(text: str) -> list[int] | None:
    """「月・水・金曜日」「火・木」「火曜日と木曜日」 → [0, 2, 4]; None if anything else."""
    text = _WEEKDAY_RANGE.sub(
        lambda m: "・".join(
            WEEKDAYS[i] for i in range(WEEKDAYS.index(m[1]), WEEKDAYS.index(m[2]) + 1)
        ),
        text,
    ).strip(" ・、,")
    if not text or not _WEEKDAY_LIST.match(text):
        return None
    letters = re.sub(r"曜日|曜|[・、,/と\s]", "", text)
    return sorted({WEEKDAYS.index(ch) for ch in letters})


def days_rule(body: str, opens: str | None, off: list[int]) -> tuple[dict[str, Any] | None, bool]:
    """The days a body names, and whether they are 平日 (which leaves out 祝日)."""
    if re.fullmatch(r"毎日|年中無休|無休|毎日曜日?を?除く", body):
        rule = schedules.empty_rule("weekly")
        rule["weekdays"] = [d for d in range(7) if d not in off]
        return rule, False
    if re.fullmatch(r"平日\s*(?:[・、,]|と|及び|および)\s*土曜?日?", body):
        # 「平日・土曜日 9時～21時」: 月～土, and the 平日 among them leave out 祝日
        rule = schedules.empty_rule("weekly")
        rule["weekdays"] = list(range(6))
        return rule, True
    if re.fullmatch(r"(?:毎週)?\s*平日|(?:毎週)?\s*土日(?:祝日?)?を?除く", body):
        # 「平日」 is 月～金 that are not 祝日; 「土日を除く」 says nothing of 祝日.
        rule = schedules.empty_rule("weekly")
        rule["weekdays"] = list(range(5))
        return rule, "平日" in body or "祝" in body
    if not body and opens and off:  # office hours: 「9:00～17:45 ※土・日・祝日はお休み」
        rule = schedules.empty_rule("weekly")
        rule["weekdays"] = [d for d in range(7) if d not in off]
        return rule, False
    except_days = re.fullmatch(rf"((?:[{WEEKDAYS}](?:曜日?)?[・、]?)+)を除く(?:毎日)?", body)
    if except_days:
        days = weekdays(except_days[1])
        if not days:
            return None, False
        rule = schedules.empty_rule("weekly")
        rule["weekdays"] = [d for d in range(7) if d not in days]
        return rule, False
    return repeating(body), False


# A sentence's topic before its days: 「営業は」「普段の活動日は」「○○カフェは」, or a label
# and a space: 「予約受付 」「利用日 」.
_TOPIC = re.compile(r"^(?:[^\s。]{1,30}?は|[^\s\d。:：]{1,10}(?:\s+|[:：]))\s*")
# Where a day phrase can end: a particle, a space or a stop (「第2・4土曜日は…で実施」: は after
# the days that lead the sentence).
_CUT = re.compile(r"\s+|の|に|で|から|より|を|。|(?<=[曜日])は")
# Words after the days that may only be kept as a note: they name no day, month or closure.
_DAYLIKE = re.compile(
    rf"[{WEEKDAYS}]曜|[{WEEKDAYS}]\s*[・~]\s*[{WEEKDAYS}]|毎|第\s*[1-5一二三四五]|\d\s*(?:日|月|週|時|:|/)|隔週|平日|祝|休|除|以外|月"
)


# A head that surely names days: a lone 「月」 or 「日」 is as likely a month or a date.
_CLEAR_DAYS = re.compile(rf"曜|毎|第|平日|[{WEEKDAYS}]\s*[・、~]\s*[{WEEKDAYS}]")


def core(body: str) -> tuple[str, str] | None:
    """The days at the head of a sentence and the words after them (「毎月第2水曜日」 and
    「西の里会館集会室でオープンしています」); None when the words could name a day."""
    topic = _TOPIC.match(body)
    if topic and not _DAYLIKE.search(topic[0].replace("月~", "")):
        body = body[topic.end() :]
    cuts = [len(body), *(cut.start() for cut in reversed(list(_CUT.finditer(body))))]
    for at in cuts:
        head, rest = body[:at].strip(" 、,"), body[at:]
        if not head:
            continue
        rest = re.sub(r"^[\sのにでをより。は]+|^から(?:です)?", "", rest).strip(" 、,。")
        rest = re.sub(r"^(?:の\s*)?[1-7一二三四五六七]\s*日間\s*", "", rest)  # 「…の4日間」
        if _DAYLIKE.search(rest) or not _CLEAR_DAYS.search(head):
            continue
        if days_rule(head, None, [])[0] is not None:
            return head, rest
    return None


def core_within(body: str, timed: bool) -> tuple[str, str, str] | None:
    """As `core`: (days, words after, lead). Reading days later in a sentence (after a
    venue or a start date) was tried in round 4 and made one invented rule on the held-back
    cells (which cell was not looked at): a rule found in the middle of a sentence is
    weaker evidence than none, so the days must lead the text again."""
    found = core(body)
    return (found[0], found[1], "") if found else None


def _nth(part: str) -> int:
    return int(part) if part.isdigit() else _KANJI_DIGITS[part]


def repeating(body: str) -> dict[str, Any] | None:
    # 「5のつく日」: the 5th, 15th and 25th.
    body = re.sub(
        r"(\d)\s*のつく日",
        lambda m: "・".join(f"{d}日" for d in range(int(m[1]) or 10, 32, 10)),
        body,
    )
    interval = 1
    if body.startswith("隔週"):
        interval, body = 2, body[2:]
    body = re.sub(rf"^(?:毎週|毎月(?!末)|月(?=\s*第)|毎(?=[{WEEKDAYS}]曜))", "", body).strip()
    body = re.sub(r"^毎月末", "月末", body)  # 「毎月末の土曜日」: the last
    body = re.sub(r"(?<=[・、,])\s*毎週\s*", "", body)  # 「火曜・毎週水曜」 (one rule day by day)
    body = _NTH_RANGE.sub(
        lambda m: "第" + "・".join(str(n) for n in range(int(m[1]), int(m[2]) + 1)), body
    )
    but_first = re.fullmatch(
        rf"第\s*([1-5一二三四五])\s*([{WEEKDAYS}])曜日?を除く\s*([{WEEKDAYS}])曜日?", body
    )
    if but_first and but_first[2] == but_first[3]:  # 「第一火曜日を除く火曜日」
        rule = schedules.empty_rule("monthly_nth")
        rule["weekdays"] = [WEEKDAYS.index(but_first[2])]
        rule["nths"] = [n for n in range(1, 6) if n != _nth(but_first[1])]
        return rule
    nths: list[int] = []

    def take_nth(match: re.Match) -> str:
        if match[2]:
            nths.append(-1)
        else:
            nths.extend(_nth(part) for part in re.findall(r"[1-5一二三四五]", match[1]))
        return " "

    rest = _NTHS.sub(take_nth, body).strip(" ・、,")
    if nths:
        days = weekdays(rest)
        if days is None or interval != 1:
            return None
        rule = schedules.empty_rule("monthly_nth")
        rule["weekdays"], rule["nths"] = days, sorted(set(nths))
        return rule
    month_days = _MONTH_DAYS.findall(body)
    if month_days and re.fullmatch(r"(?:\d{1,2}\s*日\s*(?:[・、,と]\s*)?)+", body):
        if interval != 1:
            return None
        rule = schedules.empty_rule("monthly_day")
        rule["month_days"] = sorted({int(d) for d in month_days})
        if any(not 1 <= d <= 31 for d in rule["month_days"]):
            return None
        return rule
    days = weekdays(body)
    if days is None:
        return None
    rule = schedules.empty_rule("weekly")
    rule["weekdays"], rule["interval"] = days, interval
    return rule
