"""Times in 日程 text: 「13:30～15:00」「10時～12時」「午前10時00分から午後2時まで」「午後1時半～3時」
「午後1時から同3時まで」「午前9時30分～正午」「午後2時より」「午後3〜5時」「午後1時15分から45分まで」
(transfer/schedule_text.py reads the rest)."""

from __future__ import annotations

import re

from transfer.text import SEPARATORS, TILDE, clean

_TIME_POINT = (
    r"(?:(?P<{m}>午前|午後|AM|PM|am|pm)\s*)?(?P<{h}>\d{{1,2}})"
    r"(?:\s*(?::|時)(?!間)\s*(?:(?P<{mi}>\d{{1,2}})\s*分?|(?P<{half}>半))?)"
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
    """「13:30～15:00」「10時～12時」「午前10時00分から午前11時30分」「午後1時半～3時」
    「午後1時から同3時まで」「午前9時30分～正午」「午後2時より」 → ("13:30", "15:00", rest of
    the text). Returns (None, None, text) when none is found. 「10時から1時間」 opens only."""
    normal = SEPARATORS.sub(TILDE, clean(text)).replace("正午", "12時")
    normal = re.sub(r"(?<=[時分半\d])\s*より", TILDE, normal)
    normal = re.sub(r"(午前|午後)([^~]{0,8}~\s*)同\s*(?=\d)", r"\1\2\1", normal)
    # 「午後3〜5時」「10~12時」: the first hour without its 時
    normal = re.sub(r"(?<![\d:/.])(\d{1,2})\s*~\s*(?=\d{1,2}\s*時)", r"\1時~", normal)
    # 「午後1時15分から45分まで」: the end in the same hour
    normal = re.sub(
        r"(\d{1,2})\s*時\s*(\d{1,2})\s*分\s*~\s*(\d{1,2})\s*分",
        lambda m: m[0] if int(m[3]) <= int(m[2]) else f"{m[1]}時{m[2]}分~{m[1]}時{m[3]}分",
        normal,
    )
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


# 「…に開催します」「…で実施」: the wording around a schedule, not part of it.
ACTIVITY = re.compile(
    r"\s*(?:に|で)?\s*(?:開催|実施|活動|営業|開設|開館|オープン)"
    r"(?:して(?:い)?ます|します|いたします|しています|している|しております|中|予定)?"
    r"\s*[!！。.]*\s*$"
)
