"""Words of the synonym file found in a phrase by their dictionary forms (SudachiPy).

A phrase of the file (電話に出ない, 相談してもいい, 免許を返す) is the same request however
it is conjugated, said in dialect or joined with other particles: 電話に出えへん,
相談だけでもええの, 免許を返したら. Both sides are read as the sequence of their content
words' normalised forms (the analyser's finest units, so ごみ出し is 塵 + 出す, as is
ゴミを出して): particles, auxiliaries, prefixes (お, ご) and the verbs that only carry a
request (して, くれる, もらう, いる …) are left out. A phrase of the file is found where its
sequence stands, word for word, in the query's.

Only phrases of two words or more are looked for this way: a single word is found by the
scan and by its normalised form (directory/japanese.py). The keys are built once per
synonym file; a query costs one more pass of the analyser (mode A) and a dictionary lookup
per word, whatever the number of resources.
"""

from __future__ import annotations

from collections.abc import Iterable

from directory.folding import fold_for_search
from sasaeai.lib import words as analyser

# Parts of speech that carry no content of their own here.
_FUNCTION = frozenset({"助詞", "助動詞", "補助記号", "空白", "記号", "接頭辞", "感動詞"})
# What asking for something is said with (して, ほしい, くれる, もらえる …).
ASKING = frozenset({"為る", "欲しい", "呉れる", "貰う", "居る", "有る", "出来る", "成る", "下さる"})


def is_function(word: analyser.Word) -> bool:
    """A word that says nothing of what is wanted: a particle, an ending, a prefix, a verb
    that only carries the request."""
    return word.pos[0] in _FUNCTION or word.normalised in ASKING


def content(analysed: Iterable[analyser.Word]) -> list[tuple[str, analyser.Word]]:
    """(normalised form folded, word) for each content word, in order."""
    out = []
    for word in analysed:
        if not is_function(word) and (lemma := fold_for_search(word.normalised)):
            out.append((lemma, word))
    return out


def key(text: str) -> tuple[str, ...]:
    """The content words of a phrase of the file, in dictionary form (mode A)."""
    return tuple(lemma for lemma, _w in content(analyser.words(text, "A")))


Keys = dict[str, list[tuple[tuple[str, ...], str]]]


def keys(words: Iterable[tuple[str, str]]) -> Keys:
    """First lemma → [(key, word of the file)], longest key first, for the (folded word, as
    written) pairs given; keys of one word are left out (the scan finds those)."""
    found: Keys = {}
    for folded, written in words:
        k = key(written)
        if len(k) >= 2:
            found.setdefault(k[0], []).append((k, folded))
    for entries in found.values():
        entries.sort(key=lambda e: (-len(e[0]), e[1]))
    return found


def find(chunk: str, index: Keys) -> list[tuple[str, str]]:
    """(the chunk's text the phrase covers, folded; word of the file) for each phrase of the
    file whose key stands in the chunk's content words: left to right, longest first, not
    overlapping."""
    if not index:
        return []
    words = content(analyser.words(chunk, "A"))
    lemmas = [lemma for lemma, _w in words]
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(lemmas):
        for k, word in index.get(lemmas[i], ()):
            if tuple(lemmas[i : i + len(k)]) == k:
                covered = "".join(w.surface for _l, w in words[i : i + len(k)])
                out.append((fold_for_search(covered), word))
                i += len(k)
                break
        else:
            i += 1
    return out
