"""Query side of our own Japanese search (pure Python, no Django, no DB).

``parse_query`` turns what a resident typed into AND-ed ``Term`` s, each an OR of folded
``variants``. The index finds the candidates of a variant from its ``query_bigrams`` (or its
one kanji); directory/search/ then proves the folded variant is a substring of the
resource's folded text. The parts it stands on, each in its own module and re-exported here:

* directory/folding.py: ``fold_for_search``, bigrams and the index tokens;
* directory/synonym_file.py: ``Synonyms`` (``synonyms.txt``): equivalent words, needs, the
  lexicon and its other spellings;
* directory/lemmas.py: the lexicon's words in dictionary form, found in a phrase however it
  conjugates them or which particles it puts between them;
* directory/whole_words.py: the whole words of a text (``word_forms``), so that a word found
  whole ranks above one found inside another word.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from directory import lemmas
from directory.folding import (
    OLD_KANJI,
    SENTINEL,
    _all_kana,
    _fold_iter,
    bigrams,
    fold_for_search,
    folded_tokens,
    is_kanji,
    query_bigrams,
)
from directory.synonym_file import (
    ALIAS_MIN,
    DEFAULT_SYNONYMS_PATH,
    LEXICON_MIN,
    Synonyms,
    load_synonyms,
    parse_synonyms,
)
from directory.whole_words import (
    WORD_MARK,
    WORD_TOKEN_CHARS,
    query_word_forms,
    word_forms,
    word_token,
)
from sasaeai.lib import words as analyser

__all__ = [
    "ALIAS_MIN",
    "DEFAULT_SYNONYMS_PATH",
    "LEXICON_MIN",
    "OLD_KANJI",
    "SENTINEL",
    "WORD_MARK",
    "WORD_TOKEN_CHARS",
    "Query",
    "Synonyms",
    "Term",
    "bigrams",
    "fold_for_search",
    "folded_tokens",
    "is_kanji",
    "load_synonyms",
    "parse_query",
    "parse_synonyms",
    "query_bigrams",
    "query_word_forms",
    "word_forms",
    "word_token",
]

# --- query parsing ----------------------------------------------------------


@dataclass
class Term:
    """One AND-ed query term: matches if any variant matches."""

    word: str  # as the user wrote it, for display
    variants: list[str] = field(default_factory=list)  # folded, OR-ed


@dataclass
class Query:
    """A parsed query: all terms must match."""

    terms: list[Term]
    text: str  # the cleaned, cut query as shown back to the user
    truncated: bool = False
    # Said as a sentence (a verb or adjective in it, or SENTENCE_TERMS terms or more), not
    # typed as keywords: a sentence that finds less than a page with every word also lists
    # what its needs alone find, its other words ranking (directory/search/results.Widened).
    sentence: bool = False


_SPACES = re.compile(r"\s+")
_CHUNK_SEP = re.compile(r"[\s、。,;，；､｡]+")


def _clean(q: str) -> str:
    """Whitespace → one space; control/format chars and lone surrogates gone.

    Those would otherwise reach templates (surrogates cannot be encoded) and
    PostgreSQL (which rejects NUL).
    """
    q = _SPACES.sub(" ", q)
    if not q.isprintable():
        q = "".join(c for c in q if unicodedata.category(c) not in ("Cc", "Cf", "Cs"))
        q = _SPACES.sub(" ", q)
    return q.strip()


def _prune(variants: list[str]) -> list[str]:
    """Drop variants that cannot widen the OR: a variant whose bigrams include
    all bigrams of another variant matches only resources the other one
    matches too (宅配弁当 adds nothing next to 弁当). Fewer variants, fewer
    index lookups. The first variant (the word itself) is always kept, and
    one-character variants, which have no bigrams, are never used to prune.
    """
    grams = [bigrams(v) for v in variants]
    kept = []
    for i, v in enumerate(variants):
        subsumed = i > 0 and any(
            g and g <= grams[i] and (g != grams[i] or j < i) for j, g in enumerate(grams) if j != i
        )
        if not subsumed:
            kept.append(v)
    return kept


def _chunk_terms(chunk: str, synonyms: Synonyms, analyse: bool = True) -> list[Term]:
    pieces = list(_fold_iter(chunk))
    folded = "".join(ch for ch, _, _ in pieces)
    if not folded:
        return []

    def display(a: int, b: int) -> str:
        # Original text behind folded[a:b], so ｺﾞﾐ出し shows as typed.
        return chunk[pieces[a][1] : pieces[b - 1][2]]

    def term(a: int, b: int) -> Term:
        word = synonyms.canonical(folded[a:b]) or folded[a:b]
        return Term(display(a, b), _prune(synonyms.expand(word)))

    if synonyms.canonical(folded) is not None:
        return [term(0, len(folded))]
    spans = synonyms.scan(folded)
    if not analyse:
        return [term(a, b) for a, b in spans] or [term(0, len(folded))]
    analysed = analyser.words(chunk)
    # Words of the file the analyser finds conjugated: 見守って is 見守る, 付き添って 付き添う.
    inflected = [
        w
        for word in analysed
        if word.pos[0] in ("動詞", "形容詞")
        and synonyms.canonical(fold_for_search(word.surface)) is None
        and (w := synonyms.canonical(fold_for_search(word.normalised)))
    ]
    # The chunk as read aloud finds what a mix of kanji and kana hides from the scan
    # (料理がたいへん: りょうりがたいへん is how 料理が大変 of the file reads); the reading
    # wins when the words it finds are longer, read, than those found as typed.
    # Only words read whole: a reading found inside another word's is not that word
    # (配送, はいそう, does not hold 移送, いそう).
    spoken, edges = _spoken(analysed)
    heard = [
        w
        for a, b in synonyms.scan(spoken)
        if a in edges and b in edges and (w := synonyms.canonical(spoken[a:b]))
    ]
    seen = [w for a, b in spans if (w := synonyms.canonical(folded[a:b]))]
    if _spoken_length(heard) > _spoken_length(seen):
        terms = [Term(w, _prune(synonyms.expand(w))) for w in dict.fromkeys(heard)]
    else:
        terms = [term(a, b) for a, b in spans]
    # A word of the file said as a phrase: 健康の相談 is 健康相談, ゴミを捨て ごみ捨て; the
    # compound stands for its head noun (ゴミ), which asks for less.
    joined = _joined(analysed, synonyms)
    if joined:
        heads = {fold_for_search(head) for head, _w in joined}
        terms = [t for t in terms if fold_for_search(t.word) not in heads]
        inflected += [w for _head, w in joined]
    # A phrase of the file however the chunk conjugates it or which particles and endings
    # it puts between its words (電話に出えへん: 電話に出ない); the words found inside it
    # stand for less than the phrase does.
    found = {fold_for_search(t.word) for t in terms}
    phrased = [(c, w) for c, w in lemmas.find(chunk, synonyms.lemma_keys) if c not in found]
    if phrased:
        terms = [t for t in terms if not _inside(fold_for_search(t.word), phrased)]
        inflected += [w for _covered, w in phrased]
    if terms or inflected:
        known = {t.variants[0] for t in terms}
        extra = [w for w in dict.fromkeys(inflected) if synonyms.expand(w)[0] not in known]
        found_terms = terms + [Term(w, _prune(synonyms.expand(w))) for w in extra]
        # What a need's verb acts on is not what is looked for (サロンを立ち上げたい asks for
        # help to start one, 食材を届けて for a delivery): the words before を give way,
        # unless the need asks for them too (お弁当を届けて: 弁当 is what 届ける brings).
        acted = _acted_on(chunk, analysed, synonyms)
        return [t for t in found_terms if not _gives_way(t, acted, synonyms)]
    # A sentence (it has particles, verbs or adjectives), not a name or a compound: its
    # nouns, each a term (「電話が減った」 → 電話), rather than the whole sentence, which no
    # resource's text holds. 「してほしい」 beside other words asks for nothing of its own.
    # Kana alone is cut too unreliably for that (ちかくてすと is not 近く); it stays whole.
    if all(_asks_nothing(w) for w in analysed):
        return []
    # A sentence whose only nouns count or tell a time (「週1回でも来てくれたら」) holds no
    # word to look for: nothing, not the whole sentence.
    sentence = any(w.pos[0] in _SENTENCE for w in analysed) and not _all_kana(folded)
    if sentence:
        return [Term(shown, _prune(synonyms.expand(noun))) for shown, noun in _nouns(analysed)]
    return [term(0, len(folded))]


def _spoken(analysed: list[analyser.Word]) -> tuple[str, set[int]]:
    """The chunk as read aloud, folded, and where its words start and end in it."""
    text, edges = "", {0}
    for word in analysed:
        known = word.reading and word.reading != "キゴウ"
        text += fold_for_search(analyser.hiragana(word.reading) if known else word.surface)
        edges.add(len(text))
    return text, edges


def _acted_on(
    chunk: str, analysed: list[analyser.Word], synonyms: Synonyms
) -> list[tuple[str, str]]:
    """(the chunk's text folded up to each を that a verb of a need follows, that need):
    the words that end there are what the need (届ける, 立ち上げる) acts on."""
    out: list[tuple[str, str]] = []
    at = 0
    for word, after in zip(analysed, analysed[1:], strict=False):
        at = chunk.find(word.surface, at)
        need = synonyms.canonical(fold_for_search(after.normalised))
        if word.surface == "を" and after.pos[0] == "動詞" and need in synonyms.needs:
            out.append((fold_for_search(chunk[:at]), need))
        at = max(at, 0) + len(word.surface)
    return out


def _gives_way(term: Term, acted: list[tuple[str, str]], synonyms: Synonyms) -> bool:
    """Whether a term is what a need acts on (it ends where the need's を stands) and
    not among what that need asks for."""
    folded = fold_for_search(term.word)
    return bool(folded) and any(
        before.endswith(folded) and not set(term.variants) & set(synonyms.expand(need))
        for before, need in acted
    )


def _inside(folded: str, phrased: list[tuple[str, str]]) -> bool:
    """Whether a word found by the scan is a part of a phrase of the file found in the
    chunk."""
    return any(folded in covered and len(folded) < len(covered) for covered, _w in phrased)


def _joined(analysed: list[analyser.Word], synonyms: Synonyms) -> list[tuple[str, str]]:
    """(head noun as typed, word of the file) for each noun + を/の/が + word whose compound
    (analyser.compounds) is a word of the file, as written or read (草をむしる → 草毟り →
    くさむしり, the reading of 草むしり)."""
    out: list[tuple[str, str]] = []
    for head, texts in analyser.compounds(analysed):
        for text in texts:
            forms = (fold_for_search(text), fold_for_search(analyser.reading(text)))
            if found := next((w for f in forms if (w := synonyms.canonical(f))), None):
                out.append((head, found))
                break
    return out


def _asks_nothing(word: analyser.Word) -> bool:
    """What asking for something is said with (して, ほしい, くれる, もらえる …): alone in a
    chunk, it asks for nothing a resource's text could hold."""
    return word.pos[0] in ("助詞", "助動詞", "補助記号", "空白") or word.normalised in lemmas.ASKING


@functools.lru_cache(maxsize=4096)
def _reading_length(word: str) -> int:
    return len(fold_for_search(analyser.reading(word)))


def _spoken_length(words: list[str]) -> int:
    return sum(_reading_length(w) for w in words)


_SENTENCE = frozenset({"助詞", "助動詞", "動詞", "形容詞"})
_PREDICATE = frozenset({"助動詞", "動詞", "形容詞"})
SENTENCE_TERMS = 4  # this many terms or more are a sentence even without a verb


def _said_as_sentence(chunks: list[str], terms: list[Term]) -> bool:
    """Whether a query is a sentence (「足が悪くて買い物に行けない」) rather than keywords
    (「体操 中央区」): a verb, an adjective or an auxiliary in it, or many terms."""
    return len(terms) >= SENTENCE_TERMS or any(
        w.pos[0] in _PREDICATE for chunk in chunks for w in analyser.words(chunk)
    )


# Nouns of a phrase that say nothing about what is wanted: kept out of its terms.
_VAGUE = (
    "最近 今 今日 毎日 毎朝 時 とき こと もの 物 ところ 所 方 ため 人 ひと 自分 誰 何 どこ "
    "近く 近所 家 うち 母 父 親 夫 妻 娘 息子 心配 不安 大変 機会 様子 サービス 場所 場 "
    "大丈夫 気 手段 ほう 何回 何度 何日"
)
# Nouns that count or tell a time (週, 回, 時間, メートル; 毎週, 以上, 半年) say how often or
# how much, never what is looked for: the analyser marks them (助数詞可能, 副詞可能).
_COUNTING = frozenset({"助数詞可能", "副詞可能"})
_VAGUE_NOUNS = frozenset(fold_for_search(w) for w in _VAGUE.split())


def _nouns(analysed: list[analyser.Word]) -> list[tuple[str, str]]:
    """The content nouns of a phrase (as typed, folded; each once): common and proper nouns
    of two characters or more (or one kanji), not numbers, pronouns or vague words."""
    out: list[tuple[str, str]] = []
    for word in analysed:
        if word.pos[0] != "名詞" or word.pos[1] in ("数詞", "代名詞") or word.pos[2] in _COUNTING:
            continue
        folded = fold_for_search(word.surface)
        if len(folded) < 2 and not (folded and is_kanji(folded)):
            continue
        if folded in _VAGUE_NOUNS or fold_for_search(word.normalised) in _VAGUE_NOUNS:
            continue
        if folded not in [n for _s, n in out]:
            out.append((word.surface, folded))
    return out


def _join_kana(chunks: list[str], found: list[list[Term]], synonyms: Synonyms) -> None:
    """A phrase of the file typed in kana chunks split by spaces (かい はじめたい: 会を始める)
    stands for the chunks it wholly covers, whose words alone meant nothing (lemmas.py)."""
    kana = [bool(c) and _all_kana(fold_for_search(c)) for c in chunks]
    if sum(kana) < 2:
        return
    for first, last, word in lemmas.find_across(chunks, synonyms.lemma_keys):
        if all(kana[first : last + 1]):
            found[first] = [Term(word, _prune(synonyms.expand(word)))]
            for n in range(first + 1, last + 1):
                found[n] = []


def parse_query(q: str, synonyms: Synonyms, max_len: int = 100, analyse: bool = True) -> Query:
    """Turn a search box string into AND-ed terms of OR-ed folded variants.

    Chunks are separated by whitespace (incl. 　) and 、。,; . A chunk that is
    a lexicon word is one term; otherwise the known words inside it become
    the terms (「一人暮らしで倒れたら心配」 → 一人暮らし, 倒れ); a sentence without known
    words gives its nouns (analyse: through the analyser), any other chunk is one term as
    typed. Never raises on odd input.
    """
    text = _clean(q or "")
    truncated = len(text) > max_len
    if truncated:
        text = text[: max(max_len, 0)].rstrip()
    terms: list[Term] = []
    seen: set[frozenset[str]] = set()
    chunks = _CHUNK_SEP.split(text)
    found = [_chunk_terms(chunk, synonyms, analyse) for chunk in chunks]
    if analyse:
        _join_kana(chunks, found, synonyms)
    if not any(found):  # only words that ask for nothing (「してほしい」): take them as typed
        found = [_chunk_terms(chunk, synonyms, analyse=False) for chunk in chunks]
    for chunk_terms in found:
        for term in chunk_terms:
            key = frozenset(term.variants)
            if term.variants and key not in seen:
                seen.add(key)
                terms.append(term)
    sentence = analyse and bool(terms) and _said_as_sentence(chunks, terms)
    return Query(terms=terms, text=text, truncated=truncated, sentence=sentence)
