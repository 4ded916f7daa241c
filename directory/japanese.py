"""Text side of our own Japanese search (pure Python, no Django, no DB).

Neither database we run on can tokenise Japanese (SQLite FTS5 trigram misses
one- and two-character words, PostgreSQL has no pgroonga here), so we index
character *bigrams* of folded text ourselves:

* ``fold_for_search`` normalises spelling variants (width, case, katakana/hiragana,
  ヶ/ケ, old kanji forms, punctuation) so that both sides compare equal.
* ``folded_tokens`` turns a resource's weighted, folded fields into
  ``token -> weight`` rows: bigrams, and single kanji so that one-character
  words are found. Matching itself is done in SQL by directory/search/.
* ``parse_query`` turns what a resident typed into AND-ed ``Term`` s, each an
  OR of folded ``variants``. The index finds the candidates of a variant from
  its ``query_bigrams`` (or its one kanji); directory/search/ then proves the
  folded variant is a substring of the resource's folded text.
* ``Synonyms`` (``synonyms.txt``) supplies equivalent words and "need"
  expressions (倒れ => 見守り, 安否確認, …) and the lexicon used to pull the
  known words out of natural phrases such as 「ごみ出しが大変」. The analyser
  (sasaeai/lib/words.py, SudachiPy) adds other spellings of the lexicon's words: their
  readings and normalised forms (通院 is also found as つういん, ゴミ捨て as 塵捨て), and
  picks the nouns out of a phrase that holds no word of the file.
* ``word_forms`` gives the whole words of a text (normalised forms and surfaces, folded)
  that the index keeps beside the bigrams, so that a word found as a whole word ranks
  above one found inside another word (ごみ in ごみ出し, not in なごみ).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sasaeai.lib import words as analyser

__all__ = [
    "DEFAULT_SYNONYMS_PATH",
    "LEXICON_MIN",
    "SENTINEL",
    "Query",
    "Synonyms",
    "Term",
    "bigrams",
    "fold_for_search",
    "query_word_forms",
    "word_forms",
    "word_token",
    "folded_tokens",
    "is_kanji",
    "load_synonyms",
    "parse_query",
    "parse_synonyms",
    "query_bigrams",
]

# Appended to every indexed field so that its last character still starts a
# bigram; this is what lets a one-character query use a prefix lookup.
# fold_for_search() drops "$" (a symbol), so it can never occur inside folded text.
SENTINEL = "$"

# Lexicon words shorter than this are ignored when scanning a phrase: a single
# kanji such as 塵 or 碁 would match inside far too many unrelated words.
LEXICON_MIN = 2
# Readings and normalised forms of lexicon words shorter than this are not looked for.
ALIAS_MIN = 3
# A whole-word token: this mark, then the folded word cut to fit SearchToken.token.
WORD_MARK = "~"
WORD_TOKEN_CHARS = 7

DEFAULT_SYNONYMS_PATH = Path(__file__).with_name("synonyms.txt")

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


# --- synonyms ---------------------------------------------------------------

_NEED_ARROW = re.compile(r"=>|＝＞|⇒")
_WORD_SEP = re.compile(r"[,，、]")


def _dedupe(words: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(w for w in words if w))


class Synonyms:
    """Equivalence groups and one-directional need expressions, all folded.

    ``groups[w]`` lists the words sharing a line with ``w`` (a word on several
    lines gets all of them; this is deliberately not transitive so that one
    line cannot silently widen another). ``needs[e]`` lists the right-hand
    words of a need expression ``e``.
    """

    def __init__(
        self,
        groups: dict[str, list[str]] | None = None,
        needs: dict[str, list[str]] | None = None,
        extra_words: Iterable[str] = (),
        warnings: list[str] | None = None,
    ) -> None:
        self.groups = groups or {}
        self.needs = needs or {}
        self.warnings = warnings or []
        # A folded word → as the file first writes it (さろん → サロン): the analyser reads
        # the written form (katakana and all), the search compares folded ones.
        self.spelled: dict[str, str] = {}
        words = set(self.groups) | set(self.needs) | set(extra_words)
        for rhs in self.needs.values():
            words.update(rhs)
        # Every word of the file: the phrase scan looks for these.
        self.lexicon: frozenset[str] = frozenset(words)
        self._scan_max = max((len(w) for w in self.lexicon), default=0)

    @functools.cached_property
    def aliases(self) -> dict[str, str]:
        """Other spellings of the lexicon's words, folded → the word: its reading (通院 →
        つういん, so a request typed in kana finds it) and its normalised form (ゴミ捨て →
        塵捨て). Never a word of the file itself (the file stays the override), nor shorter
        than ALIAS_MIN: a two-kana reading (家事 → かじ) would turn up inside far too many
        other words."""
        found: dict[str, str] = {}
        for word in sorted(self.lexicon):
            for form in _spellings(word):
                if len(form) >= ALIAS_MIN and form not in self.lexicon:
                    found.setdefault(form, word)
        return found

    def canonical(self, folded: str) -> str | None:
        """The lexicon word that this folded text is, or spells (None: neither)."""
        if folded in self.lexicon:
            return folded
        return self.aliases.get(folded)

    def variants(self, word: str) -> list[str]:
        """Folded ``word`` first, then its equivalents (file order)."""
        folded = fold_for_search(word)
        if not folded:
            return []
        return _dedupe([folded, *self.groups.get(folded, [])])

    def expand(self, word: str) -> list[str]:
        """Variants to search for ``word`` as a query term.

        A need expression is replaced by its right-hand words and their
        equivalents; if the expression is also in a group line, that group
        comes first (a line like ``掃除, 清掃`` plus ``掃除 => 家事支援`` adds
        家事支援 to 掃除). Any other word gives ``variants(word)``.
        """
        folded = fold_for_search(word)
        if folded not in self.needs:
            return self.variants(folded)
        out = self.variants(folded) if folded in self.groups else []
        for rhs in self.needs[folded]:
            out.extend(self.variants(rhs))
        return _dedupe(out)

    def scan(self, folded: str) -> list[tuple[int, int]]:
        """Spans of lexicon words (or their aliases) in ``folded``: greedy longest match,
        L→R."""
        found: list[tuple[int, int]] = []
        i, n = 0, len(folded)
        longest = max(self._scan_max, max(map(len, self.aliases), default=0))
        while i <= n - LEXICON_MIN:
            for k in range(min(longest, n - i), LEXICON_MIN - 1, -1):
                if self.canonical(folded[i : i + k]) is not None:
                    found.append((i, i + k))
                    i += k
                    break
            else:
                i += 1
        return found


def parse_synonyms(text: str, source: str = "<synonyms>") -> Synonyms:
    """Parse the synonyms.txt format (see the top of that file).

    Bad lines are skipped and reported in ``Synonyms.warnings`` rather than
    raising: a typo made by a city editor must not take search down.
    """
    groups: dict[str, list[str]] = {}
    needs: dict[str, list[str]] = {}
    extra: list[str] = []
    warnings: list[str] = []
    spelled: dict[str, str] = {}
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        where = f"{source}:{lineno}"
        parts = _NEED_ARROW.split(line)
        if len(parts) > 2:
            warnings.append(f"{where}: more than one '=>'")
            continue
        for written in (w.strip() for p in parts for w in _WORD_SEP.split(p)):
            spelled.setdefault(fold_for_search(written), written)
        sides = [_dedupe(fold_for_search(w) for w in _WORD_SEP.split(p)) for p in parts]
        if any(not side for side in sides):
            warnings.append(f"{where}: no usable words on one side")
            continue
        if len(sides) == 2:
            left, right = sides
            for expr in left:
                needs[expr] = _dedupe([*needs.get(expr, []), *right])
        elif len(sides[0]) == 1:
            # A single word just joins the lexicon (recognised in phrases).
            extra.append(sides[0][0])
        else:
            line_words = sides[0]
            for w in line_words:
                groups[w] = _dedupe([*groups.get(w, []), *line_words])
    # groups[w] must not contain w itself (variants() puts it first anyway).
    groups = {w: [x for x in ws if x != w] for w, ws in groups.items()}
    found = Synonyms(groups, needs, extra, warnings)
    found.spelled = {f: w for f, w in spelled.items() if f and f != w}
    return found


def load_synonyms(path: str | Path) -> Synonyms:
    """Load a synonyms file (UTF-8; a BOM from Windows editors is fine)."""
    path = Path(path)
    return parse_synonyms(path.read_text(encoding="utf-8-sig"), source=path.name)


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
    spoken = fold_for_search(analyser.reading(chunk))
    heard = [w for a, b in synonyms.scan(spoken) if (w := synonyms.canonical(spoken[a:b]))]
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
    if terms or inflected:
        known = {t.variants[0] for t in terms}
        extra = [w for w in dict.fromkeys(inflected) if synonyms.expand(w)[0] not in known]
        return terms + [Term(w, _prune(synonyms.expand(w))) for w in extra]
    # A sentence (it has particles, verbs or adjectives), not a name or a compound: its
    # nouns, each a term (「電話が減った」 → 電話), rather than the whole sentence, which no
    # resource's text holds. 「してほしい」 beside other words asks for nothing of its own.
    # Kana alone is cut too unreliably for that (ちかくてすと is not 近く); it stays whole.
    if all(_asks_nothing(w) for w in analysed):
        return []
    sentence = any(w.pos[0] in _SENTENCE for w in analysed) and not _all_kana(folded)
    if sentence and (nouns := _nouns(analysed)):
        return [Term(shown, _prune(synonyms.expand(noun))) for shown, noun in nouns]
    return [term(0, len(folded))]


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


# What asking for something is said with (して, ほしい, くれる, もらえる …): alone in a
# chunk, it asks for nothing a resource's text could hold.
_ASKING = frozenset(
    {"為る", "欲しい", "呉れる", "貰う", "居る", "有る", "出来る", "成る", "下さる"}
)


def _asks_nothing(word: analyser.Word) -> bool:
    return word.pos[0] in ("助詞", "助動詞", "補助記号", "空白") or word.normalised in _ASKING


@functools.lru_cache(maxsize=4096)
def _reading_length(word: str) -> int:
    return len(fold_for_search(analyser.reading(word)))


def _spoken_length(words: list[str]) -> int:
    return sum(_reading_length(w) for w in words)


_SENTENCE = frozenset({"助詞", "助動詞", "動詞", "形容詞"})


# Nouns of a phrase that say nothing about what is wanted: kept out of its terms.
_VAGUE = (
    "最近 今 今日 毎日 毎朝 時 とき こと もの 物 ところ 所 方 ため 人 ひと 自分 誰 何 どこ "
    "近く 近所 家 うち 母 父 親 夫 妻 娘 息子 心配 不安 大変 機会 様子 サービス 場所 場 "
    "大丈夫 気 手段 ほう"
)
_VAGUE_NOUNS = frozenset(fold_for_search(w) for w in _VAGUE.split())


def _nouns(analysed: list[analyser.Word]) -> list[tuple[str, str]]:
    """The content nouns of a phrase (as typed, folded; each once): common and proper nouns
    of two characters or more (or one kanji), not numbers, pronouns or vague words."""
    out: list[tuple[str, str]] = []
    for word in analysed:
        if word.pos[0] != "名詞" or word.pos[1] in ("数詞", "代名詞"):
            continue
        folded = fold_for_search(word.surface)
        if len(folded) < 2 and not (folded and is_kanji(folded)):
            continue
        if folded in _VAGUE_NOUNS or fold_for_search(word.normalised) in _VAGUE_NOUNS:
            continue
        if folded not in [n for _s, n in out]:
            out.append((word.surface, folded))
    return out


def _spellings(word: str) -> set[str]:
    """A folded lexicon word's other spellings: its reading and normalised form, folded."""
    analysed = analyser.words(word)
    if not analysed:
        return set()
    out = {fold_for_search("".join(w.normalised for w in analysed))}
    if all(w.reading and w.reading != "キゴウ" for w in analysed):
        out.add(fold_for_search("".join(w.reading for w in analysed)))
    out.discard(word)
    return out


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
    if not any(found):  # only words that ask for nothing (「してほしい」): take them as typed
        found = [_chunk_terms(chunk, synonyms, analyse=False) for chunk in chunks]
    for chunk_terms in found:
        for term in chunk_terms:
            key = frozenset(term.variants)
            if term.variants and key not in seen:
                seen.add(key)
                terms.append(term)
    return Query(terms=terms, text=text, truncated=truncated)
