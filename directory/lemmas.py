"""Words of the synonym file found in a phrase by their dictionary forms (SudachiPy).

A phrase of the file (電話に出ない, 相談してもいい, 免許を返す) is the same request however
it is conjugated, said in dialect or joined with other particles: 電話に出えへん,
相談だけでもええの, 免許を返したら. Both sides are read as the sequence of their content
words' normalised forms (the analyser's finest units, so ごみ出し is 塵 + 出す, as is
ゴミを出して): particles, auxiliaries, prefixes (お, ご) and the verbs that only carry a
request (して, くれる, もらう, いる …) are left out. A phrase of the file is found where its
sequence stands, word for word, in the query's.

A word typed in kana is also its key word when it is how that word reads (かい for 会,
since the analyser takes a lone かい for no word of its own): じもとで かい はじめたい holds
会を始める. Chunks typed apart (words split by spaces, as a phrase typed in kana often is)
are read together by ``find_across``, so a phrase whose words stand on both sides of a
space is found too.

Only phrases of two words or more are looked for this way: a single word is found by the
scan and by its normalised form (directory/japanese.py). The keys are built once per
synonym file; a query costs one more pass of the analyser (mode A) and a dictionary lookup
per word, whatever the number of resources.
"""

from __future__ import annotations

from collections.abc import Iterable

from directory.folding import _all_kana, fold_for_search
from sasaeai.lib import words as analyser

# Parts of speech that carry no content of their own here; adverbs say how much or how
# often (郵便物がたくさんたまって is 郵便物がたまって).
_FUNCTION = frozenset({"助詞", "助動詞", "補助記号", "空白", "記号", "接頭辞", "感動詞", "副詞"})
# What asking for something is said with (して, ほしい, くれる, もらえる …).
ASKING = frozenset({"為る", "欲しい", "呉れる", "貰う", "居る", "有る", "出来る", "成る", "下さる"})


# Nouns that only hold a place in the sentence (体のことを相談: 体の相談), and がる after a
# feeling (面倒がって: 面倒).
FORMAL = frozenset({"事", "こと", "為", "ため", "がる"})
# What a burden is said with: one word, so that a phrase of the file said with one of them
# (料理が大変) is found said with any other (料理を面倒がって, 買い物がしんどい).
BURDEN = "大変"
_BURDENS = frozenset({"大変", "面倒", "億劫", "辛い", "しんどい", "きつい", "難儀", "厄介"})


def is_function(word: analyser.Word) -> bool:
    """A word that says nothing of what is wanted: a particle, an ending, a prefix, a verb
    that only carries the request, a noun that only holds a place (こと)."""
    return word.pos[0] in _FUNCTION or word.normalised in ASKING or word.normalised in FORMAL


def content(analysed: Iterable[analyser.Word]) -> list[tuple[str, analyser.Word]]:
    """(normalised form folded, word) for each content word, in order; a word of burden
    (面倒, 億劫, しんどい …) is BURDEN."""
    out = []
    for word in analysed:
        if is_function(word):
            continue
        lemma = BURDEN if word.normalised in _BURDENS else fold_for_search(word.normalised)
        if lemma:
            out.append((lemma, word))
    return out


def key(text: str) -> tuple[str, ...]:
    """The content words of a phrase of the file, in dictionary form (mode A)."""
    return tuple(lemma for lemma, _w in content(analyser.words(text, "A")))


# A key: for each of its words, the forms that are that word (its dictionary form, and how
# it reads, for a word typed in kana).
Key = tuple[frozenset[str], ...]
Keys = dict[str, list[tuple[Key, str]]]


def _forms(lemma: str) -> frozenset[str]:
    read = fold_for_search(analyser.reading(lemma))
    return frozenset((lemma, read) if read else (lemma,))


def keys(words: Iterable[tuple[str, str]]) -> Keys:
    """A form of the first word → [(key, word of the file)], longest key first, for the
    (folded word, as written) pairs given; keys of one word are left out (the scan finds
    those)."""
    found: Keys = {}
    for folded, written in words:
        k = key(written)
        if len(k) >= 2:
            forms = tuple(_forms(lemma) for lemma in k)
            for first in forms[0]:
                found.setdefault(first, []).append((forms, folded))
    for entries in found.values():
        entries.sort(key=lambda e: (-len(e[0]), e[1]))
    return found


def _said(words: list[tuple[str, analyser.Word]]) -> list[tuple[str, ...]]:
    """For each content word, the forms a key word may match: its dictionary form, and its
    surface when typed in kana (かい, which the analyser leaves as かい, reads as 会)."""
    out: list[tuple[str, ...]] = []
    for lemma, word in words:
        surface = fold_for_search(word.surface)
        kana = surface != lemma and _all_kana(surface)
        out.append((lemma, surface) if kana else (lemma,))
    return out


def _match(words: list[tuple[str, analyser.Word]], index: Keys) -> list[tuple[int, int, str]]:
    """(first word, end, word of the file) for each phrase of the file whose key stands in
    these content words: left to right, longest first, not overlapping."""
    said = _said(words)
    out: list[tuple[int, int, str]] = []
    i = 0
    while i < len(said):
        entries = [e for form in said[i] for e in index.get(form, ())]
        entries.sort(key=lambda e: (-len(e[0]), e[1]))
        for k, word in entries:
            here = said[i : i + len(k)]
            if len(here) == len(k) and all(
                any(f in want for f in forms) for forms, want in zip(here, k, strict=True)
            ):
                out.append((i, i + len(k), word))
                i += len(k)
                break
        else:
            i += 1
    return out


def find(chunk: str, index: Keys) -> list[tuple[str, str]]:
    """(the chunk's text the phrase covers, folded; word of the file) for each phrase of the
    file whose key stands in the chunk's content words: left to right, longest first, not
    overlapping."""
    if not index:
        return []
    words = content(analyser.words(chunk, "A"))
    return [
        (fold_for_search("".join(w.surface for _l, w in words[a:b])), word)
        for a, b, word in _match(words, index)
    ]


def find_across(chunks: list[str], index: Keys) -> list[tuple[int, int, str]]:
    """(first chunk, last chunk, word of the file) for each phrase of the file whose words
    stand in two chunks or more typed apart (かい はじめたい: 会を始める), each chunk read
    on its own; only the chunks that every such phrase wholly covers are given (a chunk
    with words of its own keeps them), last chunk included."""
    if not index or len(chunks) < 2:
        return []
    words: list[tuple[str, analyser.Word]] = []
    owner: list[int] = []
    for n, chunk in enumerate(chunks):
        found = content(analyser.words(chunk, "A"))
        words += found
        owner += [n] * len(found)
    out = []
    for a, b, word in _match(words, index):
        first, last = owner[a], owner[b - 1]
        whole = (a == 0 or owner[a - 1] != first) and (b == len(owner) or owner[b] != last)
        if first != last and whole:
            out.append((first, last, word))
    return out
