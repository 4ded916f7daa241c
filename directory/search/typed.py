"""Conditions typed as words: 「体操 午前」 is 体操 in the morning, not a resource whose text
says 午前. The words that name a condition (a weekday, 平日, 午前/午後, 無料, 予約不要) leave
the query and become the search's URL parameters, so the results page shows them as
conditions with their remove links, and a shared URL carries them.

The analyser (sasaeai/lib/words.py) reads the query, so 「月曜の午前に体操」 gives day=mon,
time=am and q=体操: the particles right after a condition word go with it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from directory import japanese
from sasaeai.lib import words as analyser

WEEKDAY_CODES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAYS_JA = "月火水木金土日"
# Folded word (its surface or normalised form) → (URL parameter, value).
WORDS: dict[str, tuple[str, str]] = {}
for _i, _kanji in enumerate(WEEKDAYS_JA):
    for _form in (f"{_kanji}曜", f"{_kanji}曜日"):
        WORDS[japanese.fold_for_search(_form)] = ("day", WEEKDAY_CODES[_i])
for _form, _cond in {
    "平日": ("day", ",".join(WEEKDAY_CODES[:5])),
    "土日": ("day", "sat,sun"),
    "週末": ("day", "sat,sun"),
    "午前": ("time", "am"),
    "午前中": ("time", "am"),
    "午後": ("time", "pm"),
    "無料": ("free", "1"),
    "無償": ("free", "1"),
    "参加費無料": ("free", "1"),
    "予約不要": ("nobooking", "1"),
    "予約なし": ("nobooking", "1"),
}.items():
    WORDS[japanese.fold_for_search(_form)] = _cond
_LONGEST = max(len(w) for w in WORDS)


def _condition(word: analyser.Word) -> tuple[str, str] | None:
    for form in (word.surface, word.normalised):
        if found := WORDS.get(japanese.fold_for_search(form)):
            return found
    return None


def split(q: str) -> tuple[str, dict[str, str]]:
    """The query less its condition words, and the conditions ({parameter: value}).

    Whole words only, as the analyser cuts them (午前 is a condition, 午前中 too; the 月 of
    月1回 is not 月曜). A condition word alone in the query leaves it empty."""
    if not q or len(q) > 200:
        return q, {}
    found: dict[str, str] = {}
    chunks = []
    for chunk in q.split():
        analysed = _words(chunk)
        kept: list[str] = []
        dropping = False
        for word in analysed:
            condition = _condition(word)
            if condition:
                param, value = condition
                if param == "day" and "day" in found and found["day"] != value:
                    value = ",".join(
                        sorted(
                            {*found["day"].split(","), *value.split(",")}, key=WEEKDAY_CODES.index
                        )
                    )
                found[param] = value
                dropping = True
                continue
            if dropping and word.pos[0] in ("助詞", "補助記号", "空白"):
                continue  # 「月曜の」「無料で」: the particle belongs to the condition word
            dropping = False
            kept.append(word.surface)
        if rest := "".join(kept).strip():
            chunks.append(rest)
    if not found:
        return q, {}
    return " ".join(chunks), found


def _words(chunk: str) -> list[analyser.Word]:
    """The chunk's words, with 曜日 and 午前中 put back together when the analyser cut them."""
    out: list[analyser.Word] = []
    for word in analyser.words(chunk):
        if out and japanese.fold_for_search(out[-1].surface + word.surface) in WORDS:
            joined = out[-1].surface + word.surface
            out[-1] = analyser.Word(joined, joined, out[-1].reading + word.reading, out[-1].pos)
            continue
        out.append(word)
    return out


def moved(params: Mapping[str, str]) -> dict[str, str | None] | None:
    """The URL parameter changes that move the condition words of q into conditions (None:
    q names none). A condition already in the URL stays as it is (what was chosen wins over
    what was typed); the word leaves q either way."""
    q = params.get("q", "")
    rest, found = split(q)
    if not found:
        return None
    changes: dict[str, str | None] = {"q": rest or None}
    for param, value in found.items():
        if not params.get(param):
            changes[param] = value
    return changes


def criteria_fields(found: dict[str, str]) -> dict[str, Any]:
    """Criteria fields for conditions found in words (split's second value)."""
    fields: dict[str, Any] = {}
    if day := found.get("day"):
        fields["days"] = tuple(sorted(WEEKDAY_CODES.index(code) for code in day.split(",")))
    if part := found.get("time"):
        fields["daypart"] = {"am": 1, "pm": 2}[part]
    if found.get("free"):
        fields["free"] = True
    if found.get("nobooking"):
        fields["no_booking"] = True
    return fields
