"""Japanese words through SudachiPy with sudachidict_core: surface, normalised form, reading.

One place loads the dictionary (~0.2 s, once per process) and hands each thread its own
tokenizer: a SudachiPy tokenizer keeps state between calls, and one used by two threads at
once fails (「Tokenizer is already in use」) — gunicorn's threaded workers run requests side
by side (tests/test_words_threads.py). Search (whole words, their
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


_loading = threading.Lock()


@functools.cache
def _dictionary() -> Any:
    # functools.cache alone lets two threads that ask at once both load it.
    with _loading:
        return _loaded()


@functools.cache
def _loaded() -> Any:
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


# The particles that join a noun to the word after it in a phrase a compound also says
# (健康の相談 / 健康相談, ゴミを捨てる / ゴミ捨て).
JOINING = frozenset({"を", "の", "が"})
# 五段 verbs: the last kana of the dictionary form → that of the 連用形 (干す → 干し).
_GODAN = dict(zip("うくぐすつぬぶむる", "いきぎしちにびみり", strict=True))


def stem(word: Word) -> str:
    """How a word ends a compound: a noun as it is, a verb in its 連用形 (捨てる → 捨て,
    毟る → 毟り); "" for anything else."""
    if word.pos[0] == "名詞":
        return word.surface
    if word.pos[0] != "動詞" or len(word.pos) < 5:
        return ""
    base, kind = word.normalised, word.pos[4]
    if "一段" in kind:
        return base[:-1]
    if kind.startswith("五段") and base and base[-1] in _GODAN:
        return base[:-1] + _GODAN[base[-1]]
    return ""


def compounds(analysed: list[Word]) -> list[tuple[str, list[str]]]:
    """For each noun + を/の/が + noun or verb of a phrase: the noun as written and the
    compounds the three may stand for (草をむしる → 草毟り; 健康の相談 → 健康相談), from the
    noun as written and as normalised."""
    out = []
    for head, particle, tail in zip(analysed, analysed[1:], analysed[2:], strict=False):
        if head.pos[0] != "名詞" or particle.pos[0] != "助詞" or particle.surface not in JOINING:
            continue
        if end := stem(tail):
            out.append(
                (head.surface, list(dict.fromkeys((head.surface + end, head.normalised + end))))
            )
    return out
