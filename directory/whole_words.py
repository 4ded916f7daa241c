"""Whole words of a text for the index and the ranking (SudachiPy through sasaeai/lib/words.py).

``word_forms`` gives the whole words of a text (normalised forms and surfaces, folded) that
the index keeps beside the bigrams, so that a word found as a whole word ranks above one
found inside another word (ごみ in ごみ出し, not in なごみ); ``query_word_forms`` what a
query word needs to be such a hit.
"""

from __future__ import annotations

import functools

from directory.folding import fold_for_search
from sasaeai.lib import words as analyser

# A whole-word token: this mark, then the folded word cut to fit SearchToken.token.
WORD_MARK = "~"
WORD_TOKEN_CHARS = 7


def word_token(folded: str) -> str:
    return WORD_MARK + folded[:WORD_TOKEN_CHARS]


@functools.lru_cache(maxsize=16384)
def word_forms(text: str) -> frozenset[str]:
    """The whole words of a text, folded: for every content word (the analyser's longest
    units, and their parts: 生活支援コーディネーター, 生活, 支援 …) its surface and its
    normalised form (ゴミ出し → ごみ出し, 塵出し). What a whole-word hit is tested on.
    Kept per text: category, provider and place names recur on every resource they hold."""
    forms: set[str] = set()
    for mode in ("C", "A"):
        for word in analyser.words(text, mode):
            if not word.is_content:
                continue
            forms.add(_fold_word(word.surface))
            forms.add(_fold_word(word.normalised))
            if mode == "A" and word.pos[0] == "名詞":
                forms.update(_compound_parts(word.surface))
    forms.discard("")
    return frozenset(forms)


@functools.lru_cache(maxsize=65536)
def _fold_word(word: str) -> str:
    return fold_for_search(word)


@functools.lru_cache(maxsize=65536)
def _compound_parts(surface: str) -> frozenset[str]:
    """The two words a dictionary compound is made of, when the analyser knows both
    alone (ごみ出し → ごみ, 出し; its finest mode keeps ごみ出し whole), folded with their
    normalised forms: ごみ is then a whole word of ごみ出し支援, as it is not of なごみ."""
    for cut in range(len(surface) - 1, 1, -1):
        head, tail = analyser.words(surface[:cut]), analyser.words(surface[cut:])
        if len(head) == 1 and len(tail) == 1 and head[0].is_content and tail[0].is_content:
            found = {head[0].surface, head[0].normalised, tail[0].surface, tail[0].normalised}
            return frozenset(f for f in map(fold_for_search, found) if f)
    return frozenset()


@functools.lru_cache(maxsize=4096)
def query_word_forms(variant: str) -> tuple[frozenset[str], ...]:
    """What a whole-word hit of a query word (as written) needs: any one of these sets of
    folded word forms, all of the set present. The word as one word (サロン), or its
    normalised words (ゴミ捨て → 塵捨て; あんしんケアセンター → あんしん, けあ, せんたー)."""
    whole = fold_for_search(variant)
    options = [frozenset({whole})] if whole else []
    analysed = [w for w in analyser.words(variant) if w.is_content]
    if analysed:
        normalised = frozenset(f for w in analysed if (f := fold_for_search(w.normalised)))
        if normalised and normalised not in options:
            options.append(normalised)
    return tuple(options)
