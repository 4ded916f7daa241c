"""Understanding the values real lists contain: pure functions, no database.

Each parser returns what it understood as structured data and, when it understood only part
(or nothing), the text it could not read, so the caller keeps that text verbatim in a note
field and lists it as a warning. Nothing a coordinator typed is dropped.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from transfer.schedule_text import Schedule as Schedule
from transfer.schedule_text import parse_schedule as parse_schedule
from transfer.schedule_times import parse_time_range as parse_time_range
from transfer.text import SPACES as _SPACES
from transfer.text import TILDE as TILDE
from transfer.text import WEEKDAYS as WEEKDAYS
from transfer.text import clean as clean
from transfer.text import tidy as tidy


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
