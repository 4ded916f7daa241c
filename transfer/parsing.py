"""Understanding the values real lists contain: pure functions, no database.

Each parser returns what it understood as structured data and, when it understood only part
(or nothing), the text it could not read, so the caller keeps that text verbatim in a note
field and lists it as a warning. Nothing a coordinator typed is dropped.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from directory import schedules

WEEKDAYS = "月火水木金土日"
TILDE = "~"  # every range separator (〜 ～ ~ - から) becomes this before parsing
_SEPARATORS = re.compile(r"\s*(?:〜|～|~|－|−|‐|ｰ|から|-)\s*")
_SPACES = re.compile(r"[\s\u3000]+")


def clean(value: Any) -> str:
    """A cell as text: NFKC (full-width digits and letters to ASCII), spaces collapsed."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    return _SPACES.sub(" ", text).strip()


def tidy(value: Any) -> str:
    """A cell as text kept as typed (① stays ①), only its spaces collapsed and trimmed."""
    if value is None:
        return ""
    return _SPACES.sub(" ", str(value)).strip()


def match_key(value: str) -> str:
    """For comparing names and addresses: NFKC, no spaces, unified hyphens."""
    text = unicodedata.normalize("NFKC", value or "")
    text = re.sub(r"[‐‑‒–—―−ー－](?=\d)|(?<=\d)[‐‑‒–—―−ー－]", "-", text)
    return _SPACES.sub("", text).lower()


# ---------------------------------------------------------------- booleans, booking, dates

_TRUE = {"はい", "○", "◯", "〇", "1", "true", "yes", "y", "有", "あり", "有り", "対象", "✓", "✔"}
_FALSE = {"", "いいえ", "×", "✕", "0", "false", "no", "n", "無", "なし", "無し", "-", "対象外"}


def parse_bool(value: Any) -> bool | None:
    """「はい」「○」「1」「TRUE」「有」 → True; 「いいえ」「×」 and empty → False; else None."""
    text = clean(value).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return None


BOOKING_NONE, BOOKING_RESERVATION, BOOKING_APPLICATION = "none", "reservation", "application"
_BOOKING_WORDS = [
    # the negative ones first: 「予約不要」 contains 「予約」
    (BOOKING_NONE, ("不要", "いりません", "なし", "自由参加", "直接", "当日参加", "予約無")),
    (BOOKING_APPLICATION, ("申込", "申し込", "申請", "登録")),
    (BOOKING_RESERVATION, ("予約",)),
]


def parse_booking(value: Any) -> str | None:
    """予約不要・要予約・要申込 and their variants (予約制, 申込必要, 不要 …); None if unknown."""
    text = clean(value)
    if not text:
        return None
    for booking, words in _BOOKING_WORDS:
        if any(word in text for word in words):
            return booking
    return None


_ERAS = {"令和": 2018, "平成": 1988, "昭和": 1925, "R": 2018, "H": 1988, "S": 1925}
_DATE = re.compile(
    r"^(?:(?P<era>令和|平成|昭和|[RHS])\s*(?P<eyear>\d{1,2}|元)|(?P<year>\d{4}))\s*"
    r"[年/.\-]\s*(?P<month>\d{1,2})\s*[月/.\-]\s*(?P<day>\d{1,2})\s*日?"
    r"(?:\s*[(（][^)）]*[)）])?(?:\s+00:00(?::00)?)?$",
    re.IGNORECASE,
)


def parse_date(value: Any) -> datetime.date | None:
    """2026/11/26, 2026-11-26, 2026年11月26日, 令和8年11月26日, R8.11.26 → a date."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    match = _DATE.match(clean(value))
    if not match:
        return None
    if match["era"]:
        era = match["era"].upper() if len(match["era"]) == 1 else match["era"]
        year = _ERAS[era] + (1 if match["eyear"] == "元" else int(match["eyear"]))
    else:
        year = int(match["year"])
    try:
        return datetime.date(year, int(match["month"]), int(match["day"]))
    except ValueError:
        return None


# ---------------------------------------------------------------- fees

_PLAIN_AMOUNT = re.compile(r"^[¥￥\\]?\s*(\d{1,3}(?:,\d{3})+|\d+)\s*円?$")
_AMOUNT = re.compile(r"[¥￥\\]?\s*(\d{1,3}(?:,\d{3})+|\d+)\s*円")
_FREE = {"無料", "0円", "0", "なし", "無し", "不要", "ただ", "free"}
_UNQUANTIFIED = ("実費", "材料費", "要問合", "問い合わせ", "お問い合わせ", "応相談", "別途")


@dataclass
class Fee:
    amount: int | None
    note: str
    understood: bool


def parse_fee(value: Any) -> Fee:
    """「100円」「無料」「月額3,000円」「1食540円～」「実費」 → amount (yen) and note.

    The amount is set only when the text names exactly one amount; a text with words around
    the amount keeps the whole text as the note (「1食540円～」 is 540 and 「1食540円～」).
    """
    text = clean(value)
    verbatim = _SPACES.sub(" ", str(value or "")).strip()
    if not text:
        return Fee(None, "", True)
    if text.lower() in _FREE:
        return Fee(0, "", True)
    match = _PLAIN_AMOUNT.match(text)
    if match:
        return Fee(int(match[1].replace(",", "")), "", True)
    if text.startswith("無料"):
        rest = verbatim[2:].strip(" ()（）・、")
        return Fee(0, rest, True)
    amounts = {int(m[1].replace(",", "")) for m in _AMOUNT.finditer(text)}
    if len(amounts) == 1:
        return Fee(amounts.pop(), verbatim, True)
    return Fee(None, verbatim, any(word in text for word in _UNQUANTIFIED))


# ---------------------------------------------------------------- addresses

# Phone cells are read by sasaeai.lib.phones.split_cell (one module decides what is dialled).

_LEADING_POSTAL = re.compile(r"^〒?\s*(\d{3})\s*-?\s*(\d{4})(?!\d)\s*")


def parse_address(value: Any) -> tuple[str, str]:
    """「〒260-0013 千葉市中央区中央４－５－１」 → (「260-0013」, 「千葉市中央区中央4-5-1」)."""
    text = clean(value)
    text = re.sub(r"(?<=\d)[‐‑‒–—―−ー－](?=\d)", "-", text)
    match = _LEADING_POSTAL.match(text)
    if match and (text.startswith("〒") or match.end() < len(text)):
        return f"{match[1]}-{match[2]}", text[match.end() :].strip()
    return "", text


def parse_postal_code(value: Any) -> str | None:
    """「〒260-0013」「2600013」 → 「260-0013」; None when it is not 7 digits."""
    text = re.sub(r"[‐‑‒–—―−ー－\s]", "", clean(value)).lstrip("〒")
    match = re.fullmatch(r"(\d{3})-?(\d{4})", text)
    return f"{match[1]}-{match[2]}" if match else None


def parse_capacity(value: Any) -> int | None:
    """「20」「20人」「約20名」「20名程度」 → 20; None if not a number of people."""
    match = re.fullmatch(
        r"(?:約|定員)?\s*(\d{1,6})\s*(?:人|名)?\s*(?:程度|まで|くらい|位)?", clean(value)
    )
    return int(match[1]) if match else None


def split_words(value: Any) -> list[str]:
    """「5.1.1 5.2」「5.1.1、5.2」「5.1.1,5.2」 → codes (also for served area codes)."""
    return [w for w in re.split(r"[\s,、・/;]+", clean(value)) if w]


# ---------------------------------------------------------------- schedules


@dataclass
class Schedule:
    """Rules in the shape of directory.schedules.rule_data, and what could not be read."""

    rules: list[dict[str, Any]] = field(default_factory=list)
    leftover: list[str] = field(default_factory=list)

    @property
    def understood(self) -> bool:
        return not self.leftover


_KANJI_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5}
_TIME_POINT = (
    r"(?:(?P<{m}>午前|午後|AM|PM|am|pm)\s*)?(?P<{h}>\d{{1,2}})"
    r"(?:\s*(?::|時)\s*(?:(?P<{mi}>\d{{1,2}})\s*分?|(?P<{half}>半))?)"
)
_TIME_RANGE = re.compile(
    _TIME_POINT.format(m="m1", h="h1", mi="mi1", half="half1")
    + r"\s*(?:~\s*"
    + _TIME_POINT.format(m="m2", h="h2", mi="mi2", half="half2")
    + r"(?:\s*まで)?|(?P<open>~))?"
)


def _hour(meridian: str | None, hour: int) -> int:
    if meridian and meridian.lower() in ("午後", "pm") and hour < 12:
        return hour + 12
    return hour


def _time(hour: int, minute: int) -> str | None:
    if 0 <= hour <= 23 and 0 <= minute < 60:
        return f"{hour:02d}:{minute:02d}"
    return None


def parse_time_range(text: str) -> tuple[str | None, str | None, str]:
    """「13:30～15:00」「10時～12時」「午前10時00分から午前11時30分」「午後1時半～3時」 →
    ("13:30", "15:00", rest of the text). Returns (None, None, text) when none is found."""
    normal = _SEPARATORS.sub(TILDE, clean(text))
    match = _TIME_RANGE.search(normal)
    if not match:
        return None, None, text
    m1 = match["m1"]
    h1 = _hour(m1, int(match["h1"]))
    mi1 = 30 if match["half1"] else int(match["mi1"] or 0)
    opens = _time(h1, mi1)
    closes = None
    if match["h2"]:
        m2 = match["m2"] or (m1 if m1 and m1 in ("午後", "PM", "pm") else None)
        h2 = _hour(m2, int(match["h2"]))
        mi2 = 30 if match["half2"] else int(match["mi2"] or 0)
        if not match["m2"] and h2 < h1 and h2 + 12 > h1 and h2 < 12:
            h2 += 12  # 「1時～3時」 after 「午後」, or 「11時～1時」 around noon
        closes = _time(h2, mi2)
    rest = (normal[: match.start()] + " " + normal[match.end() :]).strip()
    return opens, closes, rest


_NOTE = re.compile(r"[(（]([^)）]*)[)）]|※\s*([^※]*)")
_EXCEPT_MONTHS = re.compile(
    r"^((?:\d{1,2}\s*月\s*[・、,と及び]*\s*)+)(?:は|を)?\s*(?:お?休み|休止|休会|なし|除く)$"
)


def _notes(text: str) -> tuple[str, list[int], list[str]]:
    """Pull out 「（8月は休み）」「※祝日を除く」: (text without them, months off, other notes)."""
    months: list[int] = []
    notes: list[str] = []

    def take(match: re.Match) -> str:
        note = (match[1] if match[1] is not None else match[2]).strip()
        found = _EXCEPT_MONTHS.match(note.replace(" ", ""))
        if found:
            months.extend(int(m) for m in re.findall(r"\d{1,2}", found[1]))
        elif note:
            notes.append(note)
        return " "

    return _NOTE.sub(take, text).strip(), months, notes


_WEEKDAY_RANGE = re.compile(rf"([{WEEKDAYS}])(?:曜日?)?\s*~\s*([{WEEKDAYS}])")
_WEEKDAY_LIST = re.compile(rf"^(?:[{WEEKDAYS}](?:曜日|曜)?(?:\s*[・、,/]\s*|\s+)?)+$")
_NTHS = re.compile(
    r"第\s*([1-5一二三四五](?:\s*[・、,と]\s*(?:第\s*)?[1-5一二三四五])*)\s*(?:週)?|(最終|最後の?)"
)
_MONTH_DAYS = re.compile(r"(\d{1,2})\s*日")


def _weekdays(text: str) -> list[int] | None:
    """「月・水・金曜日」「火・木」「月曜」 → [0, 2, 4]; None if the text is anything else."""
    text = _WEEKDAY_RANGE.sub(
        lambda m: "・".join(
            WEEKDAYS[i] for i in range(WEEKDAYS.index(m[1]), WEEKDAYS.index(m[2]) + 1)
        ),
        text,
    ).strip(" ・、,")
    if not text or not _WEEKDAY_LIST.match(text):
        return None
    letters = re.sub(r"曜日|曜|[・、,/\s]", "", text)
    return sorted({WEEKDAYS.index(ch) for ch in letters})


def _one_rule(text: str) -> dict[str, Any] | None:
    """One rule (「毎月第2・第4水曜日 10:00〜12:00（8月は休み）」) or None if not understood."""
    body, months, notes = _notes(clean(text))
    opens, closes, body = parse_time_range(body)
    body = _SEPARATORS.sub(TILDE, clean(body))
    body = re.sub(r"\s*(?:に|で)?\s*(?:開催|実施|活動|営業)\s*$", "", body).strip()
    rule: dict[str, Any] | None = None
    if re.fullmatch(r"不定期|随時|要相談|未定|月?\s*1\s*回程度", body):
        rule = schedules.empty_rule("irregular")
    elif re.fullmatch(r"毎日|年中無休|毎日曜日?を?除く", body) or body == "毎日":
        rule = schedules.empty_rule("weekly")
        rule["weekdays"] = list(range(7))
    elif re.fullmatch(r"(?:毎週)?\s*平日|(?:毎週)?\s*土日(?:祝)?を?除く", body):
        rule = schedules.empty_rule("weekly")
        rule["weekdays"] = list(range(5))
    else:
        rule = _repeating(body)
    if rule is None:
        return None
    rule["opens_at"], rule["closes_at"] = opens, closes
    rule["except_months"] = sorted(set(months))
    rule["note"] = "・".join(notes)[:200]
    return rule


def _repeating(body: str) -> dict[str, Any] | None:
    interval = 1
    if body.startswith("隔週"):
        interval, body = 2, body[2:]
    body = re.sub(r"^(?:毎週|毎月|月(?=\s*第))", "", body).strip()
    nths: list[int] = []

    def take_nth(match: re.Match) -> str:
        if match[2]:
            nths.append(-1)
        else:
            for part in re.findall(r"[1-5一二三四五]", match[1]):
                nths.append(int(part) if part.isdigit() else _KANJI_DIGITS[part])
        return " "

    rest = _NTHS.sub(take_nth, body).strip(" ・、,")
    if nths:
        days = _weekdays(rest)
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
    days = _weekdays(body)
    if days is None:
        return None
    rule = schedules.empty_rule("weekly")
    rule["weekdays"], rule["interval"] = days, interval
    return rule


def _split_outside_brackets(text: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for ch in text:
        if ch in "(（":
            depth += 1
        elif ch in ")）":
            depth = max(depth - 1, 0)
        if depth == 0 and ch in "、,／/;；\n":
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    return [p.strip() for p in parts if p.strip()]


def _pieces(text: str) -> list[str]:
    """Split several rules (「毎週火曜日、第1土曜日」) but not a list of days (「月、水、金」,
    「第1、第3火曜日」, 「1日、15日」)."""
    pieces: list[str] = []
    carry = ""
    for part in _split_outside_brackets(text):
        if re.fullmatch(rf"(?:第\s*)?[1-5一二三四五]|[{WEEKDAYS}]", clean(part)):
            carry += part + "・"
            continue
        if (
            re.fullmatch(r"\d{1,2}\s*日", clean(part))
            and pieces
            and re.search(r"\d日\s*$", clean(pieces[-1]))
        ):
            pieces[-1] += "・" + part
            continue
        pieces.append(carry + part)
        carry = ""
    if carry:
        pieces.append(carry.rstrip("・"))
    return pieces


def parse_schedule(value: Any) -> Schedule:
    """Japanese schedule text → rules; what is not understood is returned verbatim.

    「毎月第3金曜日」「第2・第4水曜日」「月～金曜日」「毎週火・木」「毎月1日・15日」「不定期」,
    with times 「13:30～15:00」「10時～12時」「午後1時半～3時」 and notes 「※8月は休み」
    「（祝日を除く）」. A piece that cannot be read (or gives an impossible rule) is kept as
    text in `leftover`; the caller puts it in 日程の補足 and warns.
    """
    text = tidy(value)
    result = Schedule()
    if not text:
        return result
    # A trailing note applies to every rule: 「第1・第3火曜日、第2土曜日（8月は休み）」.
    for piece in _pieces(text):
        rule = _one_rule(piece)
        if rule is None or _invalid(rule):
            result.leftover.append(piece)
        else:
            result.rules.append(rule)
    return result


def _invalid(rule: dict[str, Any]) -> bool:
    if rule["opens_at"] and rule["closes_at"] and rule["closes_at"] <= rule["opens_at"]:
        return True
    if any(not 1 <= m <= 12 for m in rule["except_months"]):
        return True
    return rule["freq"] in ("weekly", "monthly_nth") and not rule["weekdays"]
