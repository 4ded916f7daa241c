"""The city's synonym file (synonyms.txt): equivalent words, need expressions, the lexicon.

``Synonyms`` holds the file folded: equivalence groups, one-directional needs
(倒れ => 見守り, 安否確認, …) and the lexicon used to pull the known words out of natural
phrases such as 「ごみ出しが大変」. The analyser (sasaeai/lib/words.py, SudachiPy) adds other
spellings of the lexicon's words (readings and normalised forms: 通院 is also found as
つういん, ゴミ捨て as 塵捨て) and their words in dictionary form (directory/lemmas.py), so
that a word of the file is found however a phrase conjugates it or which particles it puts
between its words.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from pathlib import Path

from directory import lemmas
from directory.folding import fold_for_search
from sasaeai.lib import words as analyser

# Lexicon words shorter than this are ignored when scanning a phrase: a single
# kanji such as 塵 or 碁 would match inside far too many unrelated words.
LEXICON_MIN = 2
# Readings and normalised forms of lexicon words shorter than this are not looked for.
ALIAS_MIN = 3

DEFAULT_SYNONYMS_PATH = Path(__file__).with_name("synonyms.txt")

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

    @functools.cached_property
    def lemma_keys(self) -> lemmas.Keys:
        """The file's phrases by their words in dictionary form (directory/lemmas.py): 電話に出ない
        is found in 電話に出えへん, 相談してもいい in 相談だけでもええの."""
        return lemmas.keys((w, self.spelled.get(w, w)) for w in sorted(self.lexicon))

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
