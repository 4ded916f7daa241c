"""Japanese words through SudachiPy with sudachidict_core: surface, normalised form, reading.

One place loads the dictionary (~0.2 s, once per process) and hands each thread its own
tokenizer, since a SudachiPy tokenizer keeps state between calls. Search (whole words, their
normalised forms: ゴミ出し → 塵出し) and the area tree (town readings: 新千葉 → しんちば)
both read words through here.
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass
from typing import Any

from sudachipy import Dictionary, SplitMode

MODES = {"A": SplitMode.A, "B": SplitMode.B, "C": SplitMode.C}
# Longer text is cut before analysis: what people type and what a resource holds is far
# shorter, and the analyser's time grows with the text.
MAX_CHARS = 20_000


@dataclass(frozen=True)
class Word:
    surface: str  # as written
    normalised: str  # Sudachi's normalised form (ごみ/ゴミ/塵 → 塵, 見守っ → 見守る)
    reading: str  # in katakana, as the dictionary gives it
    pos: tuple[str, ...]  # part of speech, most general first (名詞, 普通名詞, …)

    @property
    def is_content(self) -> bool:
        """A word that carries meaning: not a particle, auxiliary, symbol or space."""
        return self.pos[0] not in {"助詞", "助動詞", "補助記号", "空白", "記号"}


@functools.cache
def _dictionary() -> Any:
    return Dictionary(dict="core")


class _Local(threading.local):
    tokenizers: dict[str, Any]

    def __init__(self) -> None:
        self.tokenizers = {}


_local = _Local()


def _tokenizer(mode: str) -> Any:
    tokenizer = _local.tokenizers.get(mode)
    if tokenizer is None:
        tokenizer = _local.tokenizers[mode] = _dictionary().tokenizer(mode=MODES[mode])
    return tokenizer


def words(text: str, mode: str = "C") -> list[Word]:
    """The words of a text (mode C: the longest units, 生活支援コーディネーター as one)."""
    if not text:
        return []
    return [
        Word(m.surface(), m.normalized_form(), m.reading_form(), tuple(m.part_of_speech()))
        for m in _tokenizer(mode).tokenize(text[:MAX_CHARS])
    ]


def hiragana(text: str) -> str:
    """Katakana → hiragana (ー and other characters kept)."""
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in text)


def reading(text: str) -> str:
    """A name's reading in hiragana (新千葉 → しんちば); characters the dictionary does not
    know keep their surface, so a reading is never invented for them."""
    parts = []
    for word in words(text):
        known = word.reading and word.reading != "キゴウ"
        parts.append(hiragana(word.reading) if known else word.surface)
    return "".join(parts)
