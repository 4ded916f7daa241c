"""Searching 地域資源: our own bigram index, the same on SQLite and PostgreSQL.

A query is parsed into terms (AND), each with variants from the synonym file (OR); a variant
matches a resource whose indexed text holds all of its folded bigrams. Every lookup reads
the posting lists of one municipality only (the index leads with municipality_id), and
counting is capped, so the cost of a search follows the size of its city, not of the
whole installation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection

from areas.models import Area
from directory import japanese, near
from directory.models import Category, Resource, ResourceQuerySet, SearchToken
from directory.search import near_plan, order
from directory.search.index import posting_size, published_total, statistic
from directory.search.text import (
    CARERS,
    FREE,
    NAME_WEIGHT,
    NO_BOOKING,
    TAG_WEIGHT,
    TEXT_WEIGHT,
    Variant,
    area_token,
    category_names,
    category_token,
    daypart_token,
    kind_names,
    served_token,
    synonyms,
    term_variants,
    weekday_token,
)

# Whole-word hits (Search.word_scores): the word as typed (or another spelling on its line of
# the synonym file), what a need asks for, one of its wider synonyms; each plus twice the
# field's weight, so the word as typed found whole (8 or more) ranks above the most a word
# found only inside other words gets (name and categories, 5), and a spelling of the word in
# a name above what the need asks for in a name (ゴミ捨て: ごみ出し支援 above 家事支援サービス).
WHOLE_TYPED, WHOLE_NEED, WHOLE_SYNONYM = 6, 5, 3
# A resource of a kind the query names by two words of the kind's name or more: as if its
# name held those words whole (the word as typed, whole, in the name).
KIND_WEIGHT = WHOLE_TYPED + 2 * NAME_WEIGHT
MAX_WORD_CHARS = 40  # what a query word is cut to before the analyser reads it
WORD_VARIANTS = 12  # synonyms looked at for a whole-word hit, in the file's order
COUNT_CAP = 1000  # beyond this we say 「1,000件以上」 instead of counting every row
ORDERS = {
    "relevance": "おすすめ順",
    "next": "開催日が近い順",
    "confirmed": "確認日が新しい順",
    "distance": "近い順",  # only with a place (near); the default then
    "name": "名前順",
}


def _names_twice(name: str, spellings: list[list[str]]) -> bool:
    """Whether two terms' spellings stand apart in a kind's name (宅配 inside 食事の宅配 is
    one place of the name, not two)."""
    spans = [
        {(i, i + len(w)) for w in words if w for i in _positions(name, w)} for words in spellings
    ]
    return any(
        a[1] <= b[0] or b[1] <= a[0]
        for n, mine in enumerate(spans)
        for other in spans[n + 1 :]
        for a in mine
        for b in other
    )


def _positions(text: str, word: str) -> list[int]:
    out, i = [], text.find(word)
    while i >= 0:
        out.append(i)
        i = text.find(word, i + 1)
    return out


@dataclass
class Criteria:
    """A cleaned search (see forms.SearchForm); every field optional."""

    municipality: Area
    q: str = ""
    category: Category | None = None
    area: Area | None = None
    days: tuple[int, ...] = ()  # weekdays (0 = Monday), any of them: 平日 is (0, 1, 2, 3, 4)
    daypart: int | None = None
    free: bool = False
    no_booking: bool = False
    carers: bool = False
    order: str = "relevance"
    near: near.Near | None = None


def weekday_mask(days: tuple[int, ...]) -> int:
    """The weekday_mask bits of these weekdays."""
    return sum(1 << d for d in set(days))


def filtered(criteria: Criteria) -> ResourceQuerySet:
    """Every condition except the words, scoped to the municipality first."""
    qs = Resource.objects.published().in_municipality(criteria.municipality)
    if criteria.category:
        qs = qs.in_category(criteria.category)
    if criteria.area:
        qs = qs.in_area(criteria.area)
    if criteria.days:
        qs = qs.on_any_day(criteria.days)
    if criteria.daypart:
        qs = qs.in_daypart(criteria.daypart)
    if criteria.free:
        qs = qs.free()
    if criteria.no_booking:
        qs = qs.without_booking()
    if criteria.carers:
        qs = qs.for_carers()
    return qs


def parse(q: str) -> japanese.Query | None:
    if not q.strip():
        return None
    query = japanese.parse_query(q, synonyms())
    return query if query.terms else None


def contains(column: str) -> str:
    """SQL testing that a column holds the parameter as a substring: instr() on SQLite and
    strpos() on PostgreSQL compare bytes directly, several times faster than LIKE '%…%'."""
    function = "strpos" if connection.vendor == "postgresql" else "instr"
    return f"{function}({column}, %s) > 0"


@dataclass
class Requirement:
    """One condition of a search: any of its variants."""

    variants: list[Variant]
    column: tuple[str, list[Any]] | None = None  # a test on a column of the row, if it has one
    size: int = 0


class Search:
    """One search, planned by the sizes of its conditions' posting lists.

    Every condition (each word with its synonyms, the category, the area, the day …) is a
    requirement with index tokens; on the resource row it is a substring of search_text
    (or a column test). The planner sizes each requirement from its posting lists, then
    either
    - starts from one small requirement: reads its posting lists (for a phrase, only its
      rarest bigram) and tests every other requirement on the rows found: cost follows
      that list; or
    - walks the city's published resources in the order asked for (an index) testing each
      row, and stops at COUNT_CAP + 1 matches: cost follows COUNT_CAP divided by how
      common the combination is.
    It picks the cheaper by the usual independence estimate. Counting stops at COUNT_CAP
    (「1,000件以上」) and relevance is ranked within the candidates gathered, so no search
    reads, scores or sorts a whole large city.
    """

    def __init__(
        self,
        criteria: Criteria,
        query: japanese.Query | None,
        every: bool = True,
        plan: str | int | None = None,  # tests pin a plan: "walk", or the index of a driver
        needs_only: bool = False,
    ):
        self.criteria = criteria
        # The order's keys (models.ORDERINGS); 近い順 measures distances first (near_plan).
        self.keys = order.keys_of(criteria.order)
        self.forced_plan = plan
        self.plan: str | int | None = None
        self.every = every
        self.municipality_id = criteria.municipality.pk
        self.table = connection.ops.quote_name(SearchToken._meta.db_table)
        terms = query.terms if query else []
        self.words = [term.variants[0] for term in terms]
        self.terms_folded = [term.variants for term in terms]
        # Each word of a term as written (the analyser needs katakana and kanji as they are):
        # as typed for the word itself, as the synonym file writes it for its synonyms.
        file = synonyms()
        spelled = file.spelled if terms else {}
        # The words a term stands for: the word itself, the other spellings on its line of
        # the synonym file (ゴミ捨て, ごみ出し: one meaning, so ごみ出し in a name is as good as
        # the word typed), and for a need (相談窓口 => 相談機関, あんしんケアセンター) what it
        # asks for (a little less); its wider synonyms count less still (word_scores).
        self.term_primary: list[dict[str, int]] = []
        spellings = self.spellings(terms, file)
        for term, spelled_as in zip(terms, spellings, strict=True):
            canonical = file.canonical(japanese.fold_for_search(term.word)) or ""
            bonus = dict.fromkeys(file.needs.get(canonical, []), WHOLE_NEED)
            bonus.update(dict.fromkeys([term.variants[0], *spelled_as], WHOLE_TYPED))
            self.term_primary.append(bonus)
        self.term_words = [
            [
                term.word
                if i == 0 and japanese.fold_for_search(term.word) == v
                else spelled.get(v, v)
                for i, v in enumerate(term.variants)
            ]
            for term in terms
        ]
        self.names = category_names() if terms else {}
        # The kind a term names, as typed or by a spelling on its line of the synonym file
        # (ちいきほうかつしえんせんたー: あんしんケアセンター): what is filed under it is that
        # institution, above what only mentions it (substring_scores).
        self.named = [
            next((self.names[w] for w in primary if w in self.names), None) for primary in spellings
        ]
        # The kinds whose name holds words of two terms or more (お店の中のサロン: お店での
        # 相談・サロン・体操): the two together say which kind is asked for better than the
        # words each other resource holds on its own (substring_scores).
        kinds = kind_names() if terms else {}
        self.kinds = [code for code, name in kinds.items() if _names_twice(name, spellings)]
        self.terms = [term_variants(term.variants, self.names) for term in terms]
        # The terms that decide what is found (the others only rank): every term, or with
        # needs_only (a sentence's widening, results.Widened) only its needs' terms, so a
        # resource that meets the need without naming every noun is found (足が悪い + 食料品
        # + 買い物に行けない: the mobile shop that never writes 食料品).
        deciding = self.deciding(terms, file, bool(query and query.sentence))
        self.widens = not all(deciding)  # a sentence with needs and other words
        self.required = [
            t for t, d in zip(self.terms, deciding, strict=True) if d or not needs_only
        ]
        if not every:
            self.terms = [t for t in self.terms if t]
        self.matchable = bool(self.terms) if not every else all(self.required)
        self.conditions = self._conditions()
        self._candidates: list[int] | None = None
        self.distances: dict[int, float | None] = {}

    @staticmethod
    def deciding(terms: list[japanese.Term], file: japanese.Synonyms, sentence: bool) -> list[bool]:
        """For each term, whether it decides what a sentence's widening finds: a need's term
        (one the synonym file sends to what it asks for: 買い物に行けない => 移動販売, 宅配 …)
        in a sentence that also holds other words; else every term (keywords, and sentences
        of needs only or of no need, keep their AND)."""
        needs = [
            (file.canonical(folded := japanese.fold_for_search(term.word)) or folded) in file.needs
            for term in terms
        ]
        if sentence and any(needs) and not all(needs):
            return needs
        return [True] * len(terms)

    @staticmethod
    def spellings(terms: list[japanese.Term], file: japanese.Synonyms) -> list[list[str]]:
        """Each term's word (folded; the word of the file it spells) and the other spellings
        on its line of the file; not what a need asks for (届けて is not 宅配)."""
        out = []
        for term in terms:
            folded = japanese.fold_for_search(term.word)
            canonical = file.canonical(folded) or folded
            out.append([canonical, *file.groups.get(canonical, [])])
        return out

    def _conditions(self) -> list[Requirement]:
        """The conditions as requirements; those held in a column of the row test it."""
        c = self.criteria

        def req(token: str, column: tuple[str, list[Any]] | None = None) -> Requirement:
            return Requirement([Variant.of_token(token)], column)

        reqs = []
        if c.category:
            reqs.append(req(category_token(c.category.code)))
        if c.area and c.area.kind != Area.Kind.MUNICIPALITY:
            # In the area or serving part of it, or serving an area that contains it.
            above = c.area.ancestor_ids[:-1]
            tokens = [area_token(c.area.pk), *(served_token(a) for a in above)]
            reqs.append(Requirement([Variant.of_token(t) for t in tokens]))
        if c.days:
            reqs.append(
                Requirement(
                    [Variant.of_token(weekday_token(d)) for d in c.days],
                    ("(r.weekday_mask & %s) <> 0", [weekday_mask(c.days)]),
                )
            )
        if c.daypart:
            reqs.append(req(daypart_token(c.daypart), ("(r.daypart_mask & %s) <> 0", [c.daypart])))
        if c.free:
            reqs.append(req(FREE, ("r.fee_amount = %s", [0])))
        if c.no_booking:
            reqs.append(req(NO_BOOKING, ("r.booking = %s", [Resource.Booking.NONE])))
        if c.carers:
            reqs.append(req(CARERS, ("r.for_carers = %s", [True])))
        return reqs

    # -- sizes
    def _size(self, token: str) -> int:
        return posting_size(self.municipality_id, token)

    def _rarest(self, variant: Variant) -> str:
        return min(variant.tokens, key=self._size)

    def _estimate(self, variants: list[Variant], fresh: bool = False) -> int:
        """Rows that starting from this requirement reads: the union of its variants'
        rarest-token lists (a superset of its matches)."""
        tokens = tuple(sorted({self._rarest(v) for v in variants}))
        return statistic(self.municipality_id, tokens, fresh)

    # -- SQL pieces (alias r: the resource row being tested)
    @staticmethod
    def test_sql(req: Requirement) -> tuple[str, list[Any]]:
        if req.column:
            return req.column
        tests = " OR ".join([contains("r.search_text")] * len(req.variants))
        return f"({tests})", [v.pattern for v in req.variants]

    def postings_sql(self, variants: list[Variant]) -> tuple[str, list[Any]]:
        """SQL for the ids that may hold a requirement: the rarest token of each variant."""
        tokens = sorted({self._rarest(v) for v in variants})
        marks = ", ".join(["%s"] * len(tokens))
        return (
            f"SELECT resource_id FROM {self.table} WHERE municipality_id = %s "
            f"AND token IN ({marks})",
            [self.municipality_id, *tokens],
        )

    @property
    def resource_table(self) -> str:
        return connection.ops.quote_name(Resource._meta.db_table)

    # -- the search
    def candidates(self) -> list[int]:
        """Ids of up to COUNT_CAP + 1 matches, in the order asked for."""
        if self._candidates is None:
            self._candidates = self._plan_and_run() if self.matchable else []
        return self._candidates

    def requirements(self) -> list[Requirement]:
        reqs = list(self.conditions)
        if self.every:
            reqs += [Requirement(variants) for variants in self.required]
        elif self.terms:
            # Any of the words: one requirement whose variants are all the terms' variants.
            reqs.append(Requirement([v for variants in self.terms for v in variants]))
        return reqs

    def _plan_and_run(self) -> list[int]:
        reqs = self.requirements()
        for req in reqs:
            req.size = self._estimate(req.variants)
            if req.size == 0:
                # Kept sizes may be older than what another worker has just indexed: only a
                # count made now may end a search with nothing found.
                req.size = self._estimate(req.variants, fresh=True)
                if req.size == 0:
                    return []
        total = max(published_total(self.municipality_id), 1)
        selectivity = 1.0
        for req in reqs:
            selectivity *= min(1.0, req.size / total)
        walked = min(total, (COUNT_CAP + 1) / max(selectivity, 1e-9))
        best: tuple[str | int, float] = ("walk", walked)
        for i, req in enumerate(reqs):
            if req.size < best[1]:
                best = (i, req.size)
        if self.criteria.near:
            return near_plan.candidates(self, reqs, COUNT_CAP)
        if self.forced_plan is not None:
            best = (self.forced_plan, 0.0)
        self.plan = best[0]
        if best[0] == "walk":
            return self._walk(reqs, walked, total)
        return self._from_list(reqs, int(best[0]))

    def _from_list(self, reqs: list[Requirement], driver: int) -> list[int]:
        """Start from one requirement's posting lists; every match is read, then sorted."""
        ids_sql, params = self.postings_sql(reqs[driver].variants)
        tests, test_params = [], []
        for req in reqs:
            sql, p = self.test_sql(req)
            tests.append(sql)
            test_params += p
        sql = (
            f"SELECT r.id FROM {self.resource_table} r WHERE r.id IN ({ids_sql}) "
            f"AND {' AND '.join(tests)} "
            f"ORDER BY {order.order_by(self.keys)} LIMIT {COUNT_CAP + 1}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, *test_params])
            return [row[0] for row in cursor.fetchall()]

    def _walk(self, reqs: list[Requirement], walked: float, total: int) -> list[int]:
        """Walk the city's published resources in order (an index), testing each row.

        When the first key may be missing, dated rows first, then undated ones: two
        index-ordered passes rather than one NULLS LAST sort, which neither database can
        read from its index in both directions.

        Kept because it pays (issue 10): bench/search_bench.py at 100,000 resources in one
        city, SQLite, the same answers asserted, median / p95 of its 16 queries × 5 runs:
        search.find 14.2 / 34.4 ms with the walk, 38.6 / 135.7 ms with the list plan in its
        place; the whole page 32.8 / 52.1 ms against 105.7 / 646.5 ms. Common conditions
        (a whole category, a ward, a weekday) are what it saves: their lists hold tens of
        thousands of rows to read and sort, where the walk stops at COUNT_CAP + 1 matches.
        """
        # Cheapest tests first (columns, then the rarest requirements), each either a
        # substring test per variant or, where cheaper for the rows that reach it, a read of
        # its candidates into a set first (both databases hash an IN subquery; "+" keeps the
        # planner walking the order index rather than starting from that set). Measured on
        # SQLite: a posting read costs about 0.25 µs, a probe 0.05 µs, a substring test 0.2 µs.
        tests, test_params = [], []
        rows = walked
        for req in sorted(reqs, key=lambda r: (r.column is None, r.size)):
            if not req.column:
                read = sum(self._size(t) for t in {self._rarest(v) for v in req.variants})
                if 0.25 * read + 0.05 * rows < 0.2 * len(req.variants) * rows:
                    sql, p = self.postings_sql(req.variants)
                    tests.append(f"+r.id IN ({sql})")
                    test_params += p
            sql, p = self.test_sql(req)
            tests.append(sql)
            test_params += p
            rows *= min(1.0, req.size / total)
        first = self.keys[0][0]
        passes = [("", order.order_by(self.keys))]
        if order.nullable(first):
            passes = [
                (f"r.{first} IS NOT NULL", order.order_by(self.keys, present=[first])),
                (f"r.{first} IS NULL", order.order_by(self.keys[1:])),
            ]
        found: list[int] = []
        for present, order_by in passes:
            where = [
                "r.municipality_id = %s",
                "r.status = %s",
                *([present] if present else []),
                *tests,
            ]
            sql = (
                f"SELECT r.id FROM {self.resource_table} r WHERE {' AND '.join(where)} "
                f"ORDER BY {order_by} LIMIT {COUNT_CAP + 1 - len(found)}"
            )
            with connection.cursor() as cursor:
                cursor.execute(sql, [self.municipality_id, Resource.Status.PUBLISHED, *test_params])
                found += [row[0] for row in cursor.fetchall()]
            if len(found) > COUNT_CAP:
                break
        return found

    def count(self) -> tuple[int, bool]:
        n = len(self.candidates())
        return min(n, COUNT_CAP), n > COUNT_CAP

    def scores(self, ids: list[int]) -> dict[int, int]:
        """Relevance of each candidate, summed over the query's words: where the word as
        typed is found as text (bigrams: substring_scores) plus how it, or a synonym, is
        found as a whole word (word_scores); a whole-word hit always outweighs a hit inside
        another word (ごみ in ごみ出し支援 above ごみ in なごみ)."""
        scores = self.substring_scores(ids)
        for pk, extra in self.word_scores(ids).items():
            scores[pk] = scores.get(pk, 0) + extra
        return scores

    def substring_scores(self, ids: list[int]) -> dict[int, int]:
        """For each word as typed, 3 when it is in the name or kana plus 2 when in the
        categories, keywords or provider (evidence from both beats either), else 1 (found
        elsewhere, or only through a synonym); summed over the words. A word that names a
        category counts as in the categories of everything filed under it, so those rank
        above a mere mention in a description. Tested on the candidates' rows."""
        words = [
            (japanese.fold_for_search(w), named)
            for w, named in zip(self.words, self.named, strict=True)
            if w
        ]
        if not ids or not words:
            return {}
        parts, params = [], []
        for word, named in words:
            tags, tag_params = contains("r.search_tags"), [word]
            kind: list[str] = []
            if word in self.names:
                tags = f"{tags} OR {contains('r.search_text')}"
                tag_params.append(Variant.of_token(category_token(self.names[word])).pattern)
            if named:
                kind = [Variant.of_token(category_token(named)).pattern]
            parts.append(
                f"(CASE WHEN {contains('r.search_name')} THEN {NAME_WEIGHT} ELSE 0 END"
                f" + CASE WHEN {tags} THEN {TAG_WEIGHT} ELSE 0 END"
                f" + CASE WHEN {contains('r.search_name')} OR {tags}"
                f" THEN 0 ELSE {TEXT_WEIGHT} END"
                + (
                    f" + CASE WHEN {contains('r.search_text')} THEN {NAME_WEIGHT} ELSE 0 END"
                    if named
                    else ""
                )
                + ")"
            )
            params += [word, *tag_params, word, *tag_params, *kind]
        for code in self.kinds:
            parts.append(f"(CASE WHEN {contains('r.search_text')} THEN {KIND_WEIGHT} ELSE 0 END)")
            params.append(Variant.of_token(category_token(code)).pattern)
        marks = ", ".join(["%s"] * len(ids))
        sql = (
            f"SELECT r.id, {' + '.join(parts)} FROM {self.resource_table} r WHERE r.id IN ({marks})"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, *ids])
            return dict(cursor.fetchall())

    def word_scores(self, ids: list[int]) -> dict[int, int]:
        """Whole-word hits, from the index's word tokens (japanese.word_forms): for each
        word of the query, the best of WHOLE_TYPED (the word as typed, or a spelling on its
        line), WHOLE_NEED (what a need asks for) or WHOLE_SYNONYM (another of its first
        WORD_VARIANTS synonyms) plus twice the
        weight of the field holding it (a synonym in the name above the word as typed in a
        description). A variant of several words (家事支援 → 家事, 支援) needs all of them.
        Sizes are the planner's statistics (kept STATS_MAX_AGE): a stale one may change how
        rows are read, or leave out a word another worker has just indexed for the first
        time; that changes a rank for a while, never what is found."""
        if not ids or not self.term_words:
            return {}
        per_term: list[list[tuple[int, frozenset[str]]]] = []
        tokens: set[str] = set()
        for variants, folded, primary in zip(
            self.term_words, self.terms_folded, self.term_primary, strict=True
        ):
            options = []
            for variant, key in list(zip(variants, folded, strict=True))[:WORD_VARIANTS]:
                bonus = primary.get(key, WHOLE_SYNONYM)
                for forms in japanese.query_word_forms(variant[:MAX_WORD_CHARS]):
                    needed = frozenset(japanese.word_token(f) for f in forms)
                    if len(needed) > 1 and bonus == WHOLE_SYNONYM:
                        continue  # a synonym's parts (家事 + 手伝い) say too little to pay for
                    if all(self._size(t) for t in needed):  # else no resource can hold it
                        options.append((bonus, needed))
                        tokens |= needed
            per_term.append(options)
        # A token whose posting list is shorter than the candidates is read whole (a range
        # of the index); a longer one is probed for each candidate. Either way the same rows.
        wanted = set(ids)
        short = sorted(t for t in tokens if self._size(t) <= len(ids))
        long = sorted(tokens.difference(short))
        held: dict[int, dict[str, int]] = {}
        with connection.cursor() as cursor:
            for chosen, among in ((short, None), (long, ids)):
                if not chosen:
                    continue
                marks = ", ".join(["%s"] * len(chosen))
                sql = (
                    f"SELECT resource_id, token, weight FROM {self.table} "
                    f"WHERE municipality_id = %s AND token IN ({marks})"
                )
                params: list[Any] = [self.municipality_id, *chosen]
                if among is not None:
                    sql += f" AND resource_id IN ({', '.join(['%s'] * len(among))})"
                    params += among
                cursor.execute(sql, params)
                for pk, token, weight in cursor.fetchall():
                    if pk in wanted:
                        have = held.setdefault(pk, {})
                        have[token] = max(weight, have.get(token, 0))
        # Per term: the best bonus of each one-word option by its token (most options), and
        # the few of several words apart: scoring then walks the tokens a row holds, not
        # every option (a sentence's synonyms made this loop half of its search).
        singles: list[dict[str, int]] = []
        several: list[list[tuple[int, frozenset[str]]]] = []
        for options in per_term:
            one: dict[str, int] = {}
            more = []
            for bonus, needed in options:
                if len(needed) == 1:
                    (token,) = needed
                    one[token] = max(bonus, one.get(token, 0))
                else:
                    more.append((bonus, needed))
            singles.append(one)
            several.append(more)
        scores = {}
        for pk, have in held.items():
            total = 0
            for one, more in zip(singles, several, strict=True):
                best = max(
                    (bonus + 2 * have[t] for t, bonus in one.items() if t in have), default=0
                )
                for bonus, needed in more:
                    if needed <= have.keys():
                        best = max(best, bonus + 2 * min(have[t] for t in needed))
                total += best
            scores[pk] = total
        return scores

    def page_ids(self, offset: int, limit: int) -> list[int]:
        ids = self.candidates()[:COUNT_CAP]
        if self.words and self.criteria.order not in ("next", "confirmed", "distance", "name"):
            scores = self.scores(ids)
            # Python's sort is stable: candidates are already in おすすめ順's other keys.
            ids = sorted(ids, key=lambda i: -scores.get(i, 0))
        return ids[offset : offset + limit]
