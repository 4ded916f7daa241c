"""Folding and bigrams: the character side of our own Japanese search (pure Python).

Neither database we run on can tokenise Japanese (SQLite FTS5 trigram misses one- and
two-character words, PostgreSQL has no pgroonga here), so we index character *bigrams* of
folded text ourselves:

* ``fold_for_search`` normalises spelling variants (width, case, katakana/hiragana, ヶ/ケ,
  old kanji forms, punctuation) so that both sides compare equal.
* ``folded_tokens`` turns a resource's weighted, folded fields into ``token -> weight`` rows:
  bigrams, and single kanji so that one-character words are found. Matching itself is done
  in SQL by directory/search/.
* ``query_bigrams`` gives the bigrams a query variant needs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator

# Appended to every indexed field so that its last character still starts a
# bigram; this is what lets a one-character query use a prefix lookup.
# fold_for_search() drops "$" (a symbol), so it can never occur inside folded text.
SENTINEL = "$"

# --- folding for the search --------------------------------------------------

# Old / variant kanji that appear in names and addresses, mapped to the form
# people normally type. Only unambiguous pairs: every key is a variant whose
# modern form is what the search box will receive. NFKC leaves all of these
# alone (they are unified ideographs, not compatibility characters).
OLD_KANJI: dict[str, str] = {
    "髙": "高",
    "﨑": "崎",
    "嵜": "崎",
    "邊": "辺",
    "邉": "辺",
    "澤": "沢",
    "齋": "斎",
    "齊": "斎",
    "廣": "広",
    "櫻": "桜",
    "國": "国",
    "濱": "浜",
    "會": "会",
    "舘": "館",
    "龍": "竜",
    "德": "徳",
    "惠": "恵",
    "眞": "真",
    "塲": "場",
    "條": "条",
    "與": "与",
    "藏": "蔵",
    "髮": "髪",
    "壽": "寿",
    "榮": "栄",
    "淺": "浅",
    "嶋": "島",
    "嶌": "島",
    "冨": "富",
    "槗": "橋",
    "𠮷": "吉",
    "黑": "黒",
    "靑": "青",
    "淸": "清",
    "戶": "戸",
    "圓": "円",
    "實": "実",
    "豐": "豊",
    "禮": "礼",
    "傳": "伝",
    "當": "当",
    "縣": "県",
    "區": "区",
    "驛": "駅",
    "樂": "楽",
    "來": "来",
    "氣": "気",
    "關": "関",
    "鐵": "鉄",
    "寶": "宝",
    "聽": "聴",
    "廳": "庁",
    "增": "増",
    "瀨": "瀬",
    "曾": "曽",
    "彌": "弥",
    "醫": "医",
    "學": "学",
    "藝": "芸",
}

# Dashes that people (and OCR / Excel exports) use in place of the prolonged
# sound mark ー. NFKC already turns ｰ into ー and － into "-".
_DASHES = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2500\u2501\ufe63")
# A dash only means ー right after a kana that can be lengthened; after ん/っ
# (or a kanji) it is a separator such as 「サロン-体操」 and is dropped.
_NOT_LENGTHENED = frozenset("んっンッ")

# Spacing voiced marks (゛゜) become combining marks so that か゛ composes
# to が under NFKC instead of turning into "か" + space + mark.
_SPACING_MARKS = str.maketrans({"\u309b": "\u3099", "\u309c": "\u309a"})
_EXTRA_MARKS = frozenset("\u309b\u309c\uff9e\uff9f")


_FOLD_TABLE = str.maketrans(
    {
        **{chr(o): chr(o - 0x60) for o in [*range(0x30A1, 0x30F7), 0x30FD, 0x30FE]},
        "\u3095": "か",
        "\u3096": "け",
        "\u30f5": "か",
        "\u30f6": "け",
        **OLD_KANJI,
    }
)
_LENGTHENING_DASH = re.compile(
    "(?<=[\u3041-\u3096\u30a1-\u30fa])(?<![んっンッ])[" + re.escape("".join(_DASHES)) + "]"
)
# Everything but letters and digits (\W, plus the underscore \w lets through).
_NOT_KEPT = re.compile(r"[\W_]")


def _is_mark(ch: str) -> bool:
    """True for characters that belong to the preceding character."""
    if unicodedata.combining(ch) or ch in _EXTRA_MARKS:
        return True
    o = ord(ch)
    # Variation selectors (e.g. Ideographic Variation Sequences on 葛󠄀).
    return 0xFE00 <= o <= 0xFE0F or 0xE0100 <= o <= 0xE01EF


def _is_kana(ch: str) -> bool:
    return "\u3041" <= ch <= "\u3096" or "\u30a1" <= ch <= "\u30fa"


def _all_kana(text: str) -> bool:
    return all(_is_kana(ch) or ch == "ー" for ch in text)


def _fold_char(ch: str) -> str:
    """Kana and kanji part of fold_for_search() for one NFKC-normalised character."""
    o = ord(ch)
    # Katakana → hiragana (ァ..ヶ and the iteration marks ヽヾ); ー (U+30FC)
    # and ヷ..ヺ, which have no hiragana counterpart, are left alone.
    if 0x30A1 <= o <= 0x30F6 or o in (0x30FD, 0x30FE):
        ch = chr(o - 0x60)
    # Small ヵ/ヶ in place names (朝日ヶ丘) are read か/が but written as the
    # letter ケ/カ too (朝日ケ丘); fold all of them to the plain letters.
    if ch == "\u3095":
        return "か"
    if ch == "\u3096":
        return "け"
    return OLD_KANJI.get(ch, ch)


def _keep(ch: str) -> bool:
    """Letters (incl. ー, 々) and digits survive; everything else is noise."""
    return unicodedata.category(ch)[0] in "LN"


def _fold_iter(text: str) -> Iterator[tuple[str, int, int]]:
    """Yield (folded char, start, end): the span of ``text`` it came from.

    Works cluster by cluster (a base character plus its combining marks) so
    that a phrase scan on folded text can be mapped back to what the user
    typed (Term.word).
    """
    prev = ""  # last NFKC character seen, for the dash → ー rule
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and _is_mark(text[j]):
            j += 1
        cluster = text[i:j].translate(_SPACING_MARKS)
        for ch in unicodedata.normalize("NFKC", cluster).lower():
            if ch in _DASHES and _is_kana(prev) and prev not in _NOT_LENGTHENED:
                ch = "ー"
            prev = ch
            ch = _fold_char(ch)
            if _keep(ch):
                yield ch, i, j
        i = j


def fold_for_search(text: str) -> str:
    """Normalise ``text`` for matching; idempotent.

    NFKC (ｶﾌｪ → カフェ, ＡＢＣ → abc), lower case, dashes after kana → ー,
    katakana → hiragana (ゴミ = ごみ, ヴ → ゔ), ヶ/ヵ → け/か, old kanji →
    new (髙 → 高), and whitespace/punctuation/symbols dropped.

    Whole-string operations rather than _fold_iter's cluster walk: the index folds every
    field of every resource, and this is about 10 times faster with the same result
    (tests/test_japanese.py checks that parse_query, which walks clusters, agrees).
    """
    if not text:
        return ""
    s = unicodedata.normalize("NFKC", text.translate(_SPACING_MARKS)).lower()
    s = _LENGTHENING_DASH.sub("ー", s)
    return _NOT_KEPT.sub("", s.translate(_FOLD_TABLE))


# --- bigrams ----------------------------------------------------------------


def bigrams(folded: str) -> set[str]:
    """Character bigrams of an already folded string (empty if < 2 chars)."""
    return {folded[i : i + 2] for i in range(len(folded) - 1)}


def is_kanji(ch: str) -> bool:
    """CJK ideographs (incl. extension planes): indexed alone too, for 1-character words."""
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or ch >= "\U00020000"


def folded_tokens(fields: Iterable[tuple[str, int]]) -> dict[str, int]:
    """Bigram (and single kanji) → max weight over ``(folded text, weight)`` fields.

    Weights: name 3, category/keywords/provider 2, everything else 1. Each field
    ends with SENTINEL, so no bigram straddles two fields and every character starts
    one. Single kanji are tokens of their own so that 1-character words (湯, 碁) are
    found. The fields come folded: the indexer folds each once and uses it for the
    search columns too.
    """
    tokens: dict[str, int] = {}
    for folded, weight in fields:
        text = folded + SENTINEL
        for i in range(len(text) - 1):
            for token in (text[i : i + 2], text[i]):
                if (len(token) == 2 or is_kanji(token)) and tokens.get(token, 0) < weight:
                    tokens[token] = weight
    return tokens


def query_bigrams(word: str) -> list[str]:
    """Bigrams a variant needs (in order, no duplicates; no sentinel).

    Returns [] for words that fold to fewer than 2 characters (a single kanji
    is a token of its own; a single kana is too common to look up).
    """
    folded = fold_for_search(word)
    return list(dict.fromkeys(folded[i : i + 2] for i in range(len(folded) - 1)))
