"""Searching 地域資源: our own bigram index, the same on SQLite and PostgreSQL.

A query is parsed into terms (AND), each with variants from the synonym file (OR); a variant
matches a resource whose indexed text holds all of its folded bigrams. Every lookup reads
the posting lists of one municipality only (the index leads with municipality_id), and
counting is capped, so the cost of a search follows the size of its city, not of the
whole installation.
"""

from __future__ import annotations

import datetime
import functools
import math
import threading
import time
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from areas.models import Area
from directory import japanese, near, schedules
from directory.models import Category, Resource, ScheduleRule, SearchToken

COUNT_CAP = 1000  # beyond this we say 「1,000件以上」 instead of counting every row
STATS_MAX_AGE = 600.0  # seconds a list's size is trusted for planning
BULK = 1000  # a reindex of this many resources also refreshes the database's statistics
ORDERS = {
    "relevance": "おすすめ順",
    "next": "開催日が近い順",
    "confirmed": "確認日が新しい順",
    "distance": "近い順",  # only with a place (near); the default then
}
NAME_WEIGHT, TAG_WEIGHT, TEXT_WEIGHT = 3, 2, 1


@functools.lru_cache(maxsize=4)
def _load_synonyms(path: str, mtime: float) -> japanese.Synonyms:
    return japanese.load_synonyms(path)


def synonyms() -> japanese.Synonyms:
    """The city's synonym file, re-read when it changes (applied at query time, no reindex)."""
    path = settings.SASAEAI_SYNONYMS_FILE
    try:
        mtime = path.stat().st_mtime
    except OSError:
        mtime = 0.0
    return _load_synonyms(str(path), mtime)


# ---------------------------------------------------------------- indexing


def resource_fields(resource: Resource) -> list[tuple[str, int]]:
    fields = [(resource.name, NAME_WEIGHT), (resource.kana, NAME_WEIGHT)]
    for category in resource.categories.all():
        fields.append((category.name, TAG_WEIGHT))
        fields.append((category.short_name, TAG_WEIGHT))
    fields.append((resource.keywords, TAG_WEIGHT))
    if resource.provider:
        fields.append((resource.provider.name, TAG_WEIGHT))
    for text in (resource.description, resource.venue_name, resource.address, resource.eligibility):
        fields.append((text, TEXT_WEIGHT))
    # Where it is held: the town, or only the area when the exact place is unknown.
    for place in (resource.town, resource.place_area):
        if place:
            fields.append((place.name, TEXT_WEIGHT))
    for area in resource.served_areas.all():
        fields.append((area.name, TEXT_WEIGHT))
    return [(text, weight) for text, weight in fields if text]


# Conditions are tokens in the same index as the words ("@" never survives folding), so
# one planner sees the size of every condition of a search and can start from the rarest.
ALL = "@all"


def area_token(area_id: int) -> str:
    return f"@a{area_id}"


def category_token(code: str) -> str:
    return f"@c{code}"


def weekday_token(weekday: int) -> str:
    return f"@d{weekday}"


def daypart_token(daypart: int) -> str:
    return f"@t{daypart}"


FREE, NO_BOOKING, CARERS = "@free", "@nobook", "@carers"


class AreaTree:
    """The areas of one municipality in memory: an area's ancestors without queries."""

    def __init__(self, municipality_id: int):
        self.paths = dict(
            Area.objects.filter(
                Q(municipality_id=municipality_id) | Q(pk=municipality_id)
            ).values_list("pk", "path")
        )

    def up(self, area_id: int) -> list[int]:
        return [int(a) for a in self.paths.get(area_id, "").strip("/").split("/") if a]


def served_token(area_id: int) -> str:
    return f"@s{area_id}"


def condition_tokens(resource: Resource, tree: AreaTree) -> set[str]:
    """The condition tokens of a published resource (others are not indexed at all)."""
    tokens = {ALL}
    for category in resource.categories.all():
        parts = category.code.split(".")
        tokens.update(category_token(".".join(parts[:i])) for i in range(1, len(parts) + 1))
    # @a: lies in, or serves part of, this area (the ancestors of the town or the area it is
    # held in, and of the served areas);
    # @s: serves the whole of this area, so also every area below it (see area_variants).
    areas: set[int] = set()
    for place in (resource.town_id, resource.place_area_id):
        if place:
            areas.update(tree.up(place))
    for served in resource.served_areas.all():
        areas.update(tree.up(served.pk))
        tokens.add(served_token(served.pk))
    tokens.update(area_token(a) for a in areas)
    tokens.update(weekday_token(d) for d in range(7) if resource.weekday_mask & (1 << d))
    tokens.update(daypart_token(p) for p in (1, 2) if resource.daypart_mask & p)
    if resource.fee_amount == 0:
        tokens.add(FREE)
    if resource.booking == Resource.Booking.NONE:
        tokens.add(NO_BOOKING)
    if resource.for_carers:
        tokens.add(CARERS)
    return tokens


SEPARATOR = "|"  # never survives folding, so a phrase cannot run from one field into the next


def search_columns(folded: list[tuple[str, int]], conditions: set[str]) -> tuple[str, str, str]:
    """(search_text, search_name, search_tags) of a resource from its folded fields: what
    candidates are checked against, with a plain substring test on the row."""

    def joined(texts: Iterable[str]) -> str:
        return SEPARATOR + SEPARATOR.join(texts) + SEPARATOR

    return (
        joined([f for f, _w in folded] + sorted(conditions)),
        joined(f for f, w in folded if w >= NAME_WEIGHT),
        joined(f for f, w in folded if w == TAG_WEIGHT),
    )


def reindex(resource_ids: Iterable[int], batch: int = 500) -> None:
    """Rebuild the index rows and search columns of these resources.

    Edits need not call it: the model layer does, once per transaction (see changed()). A
    bulk load calls it itself, once for all its resources; called inside the transaction
    that made the changes, it leaves its commit nothing more to index.
    Only published resources are indexed: search can then never return anything else.
    Rows go in with executemany rather than bulk_create: a resource has ~170 bigrams, and
    building a model instance for each was most of the cost of indexing 100,000 resources.
    """
    ids = list(resource_ids)
    table = connection.ops.quote_name(SearchToken._meta.db_table)
    insert = (
        f"INSERT INTO {table} (municipality_id, token, resource_id, weight) VALUES (%s, %s, %s, %s)"
    )
    update = (
        f"UPDATE {connection.ops.quote_name(Resource._meta.db_table)} "
        "SET search_text = %s, search_name = %s, search_tags = %s WHERE id = %s"
    )
    trees: dict[int, AreaTree] = {}
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        resources = (
            Resource.objects.filter(pk__in=chunk)
            .select_related("provider", "town", "place_area")
            .prefetch_related("categories", "served_areas")
        )
        rows: list[tuple[int, str, int, int]] = []
        columns: list[tuple[str, str, str, int]] = []
        for r in resources:
            if r.status != Resource.Status.PUBLISHED:
                columns.append(("", "", "", r.pk))
                continue
            m, pk = r.municipality_id, r.pk
            tree = trees.get(m) or trees.setdefault(m, AreaTree(m))
            folded = [(japanese.fold(text), weight) for text, weight in resource_fields(r)]
            conditions = condition_tokens(r, tree)
            rows.extend((m, token, pk, w) for token, w in japanese.folded_tokens(folded).items())
            rows.extend((m, token, pk, 0) for token in conditions)
            columns.append((*search_columns(folded, conditions), pk))
        with transaction.atomic(), connection.cursor() as cursor:
            SearchToken.objects.filter(resource_id__in=chunk)._raw_delete(connection.alias)
            cursor.executemany(insert, rows)
            cursor.executemany(update, columns)
    _indexed(ids)
    _sizes.clear()  # this process's planner statistics are out of date now
    if len(ids) >= BULK:
        # After a bulk load, give the database's own planner fresh statistics too.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def rebuild(municipality: Area | None = None) -> int:
    """Every derived column and index row of a city's resources (all cities': None) from
    the data alone, as after a fresh import; returns how many resources (manage.py reindex)."""
    resources = Resource.objects.all()
    stray = SearchToken.objects.all()
    if municipality is not None:
        resources = resources.filter(municipality=municipality)
        stray = stray.filter(municipality_id=municipality.pk).exclude(
            resource__municipality=municipality
        )
    ids = list(resources.order_by("pk").values_list("pk", flat=True))
    if municipality is not None:
        stray.delete()  # rows of a resource since moved to another city
    refresh_schedules(ids)
    reindex(ids)
    return len(ids)


# ---------------------------------------------------------------- keeping the index current


class _Batch:
    """Resources changed at one savepoint depth of a transaction, indexed at its commit.

    Registered with transaction.on_commit, which drops it when its savepoint (or the whole
    transaction) is rolled back. Only that list holds it, so a dropped batch is gone from
    _Pending.live too: the first batch to run at commit indexes all the others still there.
    """

    __slots__ = ("savepoints", "index", "schedules", "done", "__weakref__")

    def __init__(self, savepoints: tuple) -> None:
        self.savepoints = savepoints
        self.index: set[int] = set()
        self.schedules: set[int] = set()  # their schedule rules changed
        self.done = False

    def __call__(self) -> None:
        _flush()


class _Pending(threading.local):
    """Per thread, as connections are: the batches not indexed yet."""

    def __init__(self) -> None:
        self.live: weakref.WeakSet[_Batch] = weakref.WeakSet()
        self.current: weakref.ref[_Batch] | None = None


_pending = _Pending()


def _savepoints() -> tuple:
    return tuple(connection.savepoint_ids) if connection.in_atomic_block else ()


def changed(resource_ids: Iterable[int], *, rules: bool = False) -> None:
    """These resources changed (and their schedule rules, with rules): their derived
    columns and index rows are rebuilt when the transaction commits, each resource once
    however many changes it had; outside a transaction, at once.

    directory/signals.py calls this for every change of a resource or of what its index
    holds, so no caller has to remember to.
    """
    ids = set(resource_ids)
    if not ids:
        return
    if not connection.in_atomic_block:  # autocommit: the change is committed already
        _refresh(ids, ids if rules else set())
        return
    here = tuple(connection.savepoint_ids)
    batch = _pending.current() if _pending.current else None
    if batch is None or batch.done or batch.savepoints != here:
        batch = _Batch(here)
        _pending.live.add(batch)
        _pending.current = weakref.ref(batch)
        transaction.on_commit(batch)
    batch.index |= ids
    if rules:
        batch.schedules |= ids


def _flush() -> None:
    """At commit: every batch of the transaction that was not rolled back, in one go."""
    index: set[int] = set()
    ruled: set[int] = set()
    for batch in list(_pending.live):
        if not batch.done:
            batch.done = True
            index |= batch.index
            ruled |= batch.schedules
    _refresh(index, ruled)


def _refresh(index: set[int], ruled: set[int]) -> None:
    if ruled:
        index = index | refresh_schedules(ruled)
    if index:
        reindex(sorted(index))


def _indexed(resource_ids: list[int]) -> None:
    """These resources were just indexed: their pending changes need no second pass, unless
    the savepoint this ran in may still be rolled back without them (then they stay)."""
    here = _savepoints()
    for b in list(_pending.live):
        if not b.done and b.index and b.savepoints[: len(here)] == here:
            b.index.difference_update(resource_ids)


def refresh_schedules(resource_ids: Iterable[int], today: datetime.date | None = None) -> set[int]:
    """Recompute the schedule-derived columns (weekday_mask, daypart_mask, next_date) of these
    resources from their rules, as Resource.refresh_derived does for one; returns the ids
    whose columns changed (their condition tokens are then out of date too)."""
    today = today or timezone.localdate()
    ids = list(resource_ids)
    changed_rows: list[Resource] = []
    for start in range(0, len(ids), 500):
        rows = (
            Resource.objects.filter(pk__in=ids[start : start + 500])
            .only("weekday_mask", "daypart_mask", "next_date")
            .prefetch_related("schedule_rules")
        )
        for r in rows:
            rules = r.rules()
            upcoming = schedules.next_dates(rules, today, 1)
            derived = (
                schedules.weekday_mask(rules),
                schedules.daypart_mask(rules),
                upcoming[0] if upcoming else None,
            )
            if derived != (r.weekday_mask, r.daypart_mask, r.next_date):
                r.weekday_mask, r.daypart_mask, r.next_date = derived
                changed_rows.append(r)
    Resource.objects.bulk_update(
        changed_rows, ["weekday_mask", "daypart_mask", "next_date"], batch_size=500
    )
    return {r.pk for r in changed_rows}


# ---------------------------------------------------------------- querying


_category_names: tuple[list, dict[str, str]] = ([], {})


def category_names() -> dict[str, str]:
    """Folded category name → code, so a word that names a category (家事支援, 介護者支援 —
    what need lines expand to) also finds what is filed under it.

    Read for every search (a few dozen rows; folded again only when they changed), never
    kept: a category renamed in another process must not go on being found by its old name.
    """
    global _category_names
    table = connection.ops.quote_name(Category._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT code, name, short_name FROM {table} ORDER BY sort_order, code")
        rows = cursor.fetchall()
    if rows != _category_names[0]:
        names: dict[str, str] = {}
        for code, name, short in rows:
            for text in (name, short):
                if text:
                    names.setdefault(japanese.fold(text), code)
        _category_names = (rows, names)
    return _category_names[1]


def text_tokens(word: str) -> list[str]:
    if len(word) == 1:
        return [word] if japanese.is_kanji(word) else []
    return sorted(set(japanese.query_bigrams(word)))


@dataclass
class Variant:
    """One way to satisfy a requirement: its index tokens (to find candidates, and for
    sizes) and the substring that proves it on the row."""

    tokens: list[str]
    pattern: str

    @classmethod
    def of_token(cls, token: str) -> Variant:
        return cls([token], SEPARATOR + token + SEPARATOR)


def word_variants(word: str, names: dict[str, str] | None = None) -> list[Variant]:
    """The ways a word of a query is satisfied: the word in the text and, when it names a
    category, being filed under that category (sub-categories included). Either: 移動販売
    finds the 移動販売 category and a サロン whose description says a 移動販売 car comes."""
    names = category_names() if names is None else names
    variants = []
    if word in names:
        variants.append(Variant.of_token(category_token(names[word])))
    if tokens := text_tokens(word):
        variants.append(Variant(tokens, japanese.fold(word)))
    return variants


def term_variants(words: list[str], names: dict[str, str] | None = None) -> list[Variant]:
    """The variants of a term (its word and synonyms: any of them), each pattern once."""
    unique: dict[str, Variant] = {}
    for word in words:
        for variant in word_variants(word, names):
            unique.setdefault(variant.pattern, variant)
    return list(unique.values())


@dataclass
class Criteria:
    """A cleaned search (see forms.SearchForm); every field optional."""

    municipality: Area
    q: str = ""
    category: Category | None = None
    area: Area | None = None
    day: int | None = None
    daypart: int | None = None
    free: bool = False
    no_booking: bool = False
    carers: bool = False
    order: str = "relevance"
    near: near.Near | None = None


@dataclass
class Outcome:
    resources: list  # Resource objects from run(), their ids from find()
    count: int
    capped: bool
    page: int
    pages: int
    query: japanese.Query | None
    fallback: bool = False  # no exact match: these are the nearest matches
    notices: list[str] = field(default_factory=list)
    # With a place (Criteria.near): metres from it for each resource at a place; the
    # resources that come to the person's home are in it as None.
    distances: dict[int, float | None] = field(default_factory=dict)


def filtered(criteria: Criteria) -> QuerySet:
    """Every condition except the words, scoped to the municipality first."""
    qs = Resource.objects.published().in_municipality(criteria.municipality)
    if criteria.category:
        qs = qs.in_category(criteria.category)
    if criteria.area:
        qs = qs.in_area(criteria.area)
    if criteria.day is not None:
        qs = qs.on_weekday(criteria.day)
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


_sizes: dict[tuple[int, str], tuple[float, int]] = {}


def statistic(municipality_id: int, tokens: tuple[str, ...], fresh: bool = False) -> int:
    """How many resources of a city hold any of these tokens: the planner's statistics.

    Kept per process for STATS_MAX_AGE, like a database's own statistics, so a size may be
    stale: another worker may have indexed (or removed) resources since. A stale size may
    only make a plan slower, never a result wrong: nothing is left out because a kept size
    said so (a search that would end empty counts again, fresh, see Search._plan_and_run).
    """
    now = time.monotonic()
    key = (municipality_id, SEPARATOR.join(tokens))
    cached = _sizes.get(key)
    if cached and now - cached[0] < STATS_MAX_AGE and not fresh:
        return cached[1]
    postings = SearchToken.objects.filter(municipality_id=municipality_id, token__in=tokens)
    size = (
        postings.values("resource_id").distinct().count() if len(tokens) > 1 else postings.count()
    )
    if len(_sizes) > 100_000:  # bound the memory of a long-lived worker
        _sizes.clear()
    _sizes[key] = (now, size)
    return size


def posting_size(municipality_id: int, token: str) -> int:
    return statistic(municipality_id, (token,))


def published_total(municipality_id: int) -> int:
    """How many resources a city has published and indexed."""
    return posting_size(municipality_id, ALL)


def contains(column: str) -> str:
    """SQL testing that a column holds the parameter as a substring: instr() on SQLite and
    strpos() on PostgreSQL compare bytes directly, several times faster than LIKE '%…%'."""
    function = "strpos" if connection.vendor == "postgresql" else "instr"
    return f"{function}({column}, %s) > 0"


@dataclass
class Requirement:
    """One condition of a search: any of its variants."""

    variants: list[Variant]
    column: tuple[str, list] | None = None  # a test on a column of the row, if it has one
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

    ORDER_KEYS = {
        "relevance": ("confirmed_on", True),
        "next": ("next_date", False),
        "confirmed": ("confirmed_on", True),
        "distance": ("confirmed_on", True),  # by distance in _near(); ties by 最終確認日
    }

    def __init__(
        self,
        criteria: Criteria,
        query: japanese.Query | None,
        every: bool = True,
        plan: str | int | None = None,  # tests pin a plan: "walk", or the index of a driver
    ):
        self.criteria = criteria
        self.forced_plan = plan
        self.plan: str | int | None = None
        self.every = every
        self.municipality_id = criteria.municipality.pk
        self.table = connection.ops.quote_name(SearchToken._meta.db_table)
        terms = query.terms if query else []
        self.words = [term.variants[0] for term in terms]
        self.names = category_names() if terms else {}
        self.terms = [term_variants(term.variants, self.names) for term in terms]
        if not every:
            self.terms = [t for t in self.terms if t]
        self.matchable = all(self.terms) and (every or bool(self.terms))
        self.conditions = self._conditions()
        self._candidates: list[int] | None = None
        self.distances: dict[int, float | None] = {}

    def _conditions(self) -> list[Requirement]:
        """The conditions as requirements; those held in a column of the row test it."""
        c = self.criteria

        def req(token: str, column: tuple[str, list] | None = None) -> Requirement:
            return Requirement([Variant.of_token(token)], column)

        reqs = []
        if c.category:
            reqs.append(req(category_token(c.category.code)))
        if c.area and c.area.kind != Area.Kind.MUNICIPALITY:
            # In the area or serving part of it, or serving an area that contains it.
            above = c.area.ancestor_ids[:-1]
            tokens = [area_token(c.area.pk), *(served_token(a) for a in above)]
            reqs.append(Requirement([Variant.of_token(t) for t in tokens]))
        if c.day is not None:
            reqs.append(req(weekday_token(c.day), ("(r.weekday_mask & %s) <> 0", [1 << c.day])))
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
    def _test(req: Requirement) -> tuple[str, list]:
        if req.column:
            return req.column
        tests = " OR ".join([contains("r.search_text")] * len(req.variants))
        return f"({tests})", [v.pattern for v in req.variants]

    def _postings(self, variants: list[Variant]) -> tuple[str, list]:
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

    def _order(self) -> tuple[str, bool]:
        return self.ORDER_KEYS.get(self.criteria.order, self.ORDER_KEYS["relevance"])

    # -- the search
    def candidates(self) -> list[int]:
        """Ids of up to COUNT_CAP + 1 matches, in the order asked for."""
        if self._candidates is None:
            self._candidates = self._plan_and_run() if self.matchable else []
        return self._candidates

    def requirements(self) -> list[Requirement]:
        reqs = list(self.conditions)
        if self.every:
            reqs += [Requirement(variants) for variants in self.terms]
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
            return self._near(reqs)
        if self.forced_plan is not None:
            best = (self.forced_plan, 0.0)
        self.plan = best[0]
        if best[0] == "walk":
            return self._walk(reqs, walked, total)
        return self._from_list(reqs, int(best[0]))

    def _from_list(self, reqs: list[Requirement], driver: int) -> list[int]:
        """Start from one requirement's posting lists; every match is read, then sorted."""
        ids_sql, params = self._postings(reqs[driver].variants)
        tests, test_params = [], []
        for req in reqs:
            sql, p = self._test(req)
            tests.append(sql)
            test_params += p
        column, descending = self._order()
        direction = "DESC" if descending else "ASC"
        sql = (
            f"SELECT r.id FROM {self.resource_table} r WHERE r.id IN ({ids_sql}) "
            f"AND {' AND '.join(tests)} "
            f"ORDER BY (r.{column} IS NULL), r.{column} {direction}, r.kana, r.id "
            f"LIMIT {COUNT_CAP + 1}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, *test_params])
            return [row[0] for row in cursor.fetchall()]

    def _walk(self, reqs: list[Requirement], walked: float, total: int) -> list[int]:
        """Walk the city's published resources in order (an index), testing each row.

        Dated rows first, then undated ones: two index-ordered passes rather than one
        NULLS LAST sort, which neither database can read from its index in both directions.
        """
        column, descending = self._order()
        direction = "DESC" if descending else "ASC"
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
                    sql, p = self._postings(req.variants)
                    tests.append(f"+r.id IN ({sql})")
                    test_params += p
            sql, p = self._test(req)
            tests.append(sql)
            test_params += p
            rows *= min(1.0, req.size / total)
        found: list[int] = []
        for dated, order in (
            (True, f"r.{column} {direction}, r.kana, r.id"),
            (False, "r.kana, r.id"),
        ):
            where = [
                "r.municipality_id = %s",
                "r.status = %s",
                f"r.{column} IS {'NOT ' if dated else ''}NULL",
                *tests,
            ]
            sql = (
                f"SELECT r.id FROM {self.resource_table} r WHERE {' AND '.join(where)} "
                f"ORDER BY {order} LIMIT {COUNT_CAP + 1 - len(found)}"
            )
            with connection.cursor() as cursor:
                cursor.execute(sql, [self.municipality_id, Resource.Status.PUBLISHED, *test_params])
                found += [row[0] for row in cursor.fetchall()]
            if len(found) > COUNT_CAP:
                break
        return found

    def _near(self, reqs: list[Requirement]) -> list[int]:
        """The matches near a place: an indexed box around it, then the exact distance.

        Two lookups, each on an index: the resources in a box holding the circle (the
        resource_by_point range on lat, lng tested in the index) and the services that
        come to the person's home (the @s postings of their areas). When a condition's
        posting list is smaller than the box is estimated to hold, it drives instead and
        the box is tested on its rows. Every match is read (no LIMIT: the cap applies after
        the exact distance), so the cost follows the box and the home services.
        """
        within = self.criteria.near
        assert within is not None
        south, north, west, east = within.bbox()
        box = "r.lat BETWEEN %s AND %s AND r.lng BETWEEN %s AND %s"
        box_params: list = [south, north, west, east]
        home = [served_token(a) for a in within.home_areas()]
        marks = ", ".join(["%s"] * len(home))
        home_ids = f"SELECT resource_id FROM {self.table} WHERE municipality_id = %s AND token IN ({marks})"
        home_params: list = [self.municipality_id, *home]
        served_table = connection.ops.quote_name(Resource.served_areas.through._meta.db_table)
        tests, test_params = [], []
        for req in reqs:
            sql, p = self._test(req)
            tests.append(f" AND {sql}")
            test_params += p
        column, descending = self._order()
        columns = f"r.id, r.lat, r.lng, r.{column}, r.kana"
        serves = f"EXISTS (SELECT 1 FROM {served_table} s WHERE s.resource_id = r.id)"
        scoped = "r.municipality_id = %s AND r.status = %s"
        scope: list = [self.municipality_id, Resource.Status.PUBLISHED]

        total = max(published_total(self.municipality_id), 1)
        in_box = near.share_in_box(self.criteria.municipality, within) * total
        driver = min(reqs, key=lambda r: r.size, default=None)
        by_list = driver is not None and driver.size < in_box
        if self.forced_plan in ("near-list", "near-box"):
            by_list = driver is not None and self.forced_plan == "near-list"
        # (id, lat, lng, order value, kana, comes to this home, serves an area)
        queries: list[tuple[str, list]] = []
        if by_list:
            assert driver is not None
            ids_sql, driver_params = self._postings(driver.variants)
            at_home = f"r.id IN ({home_ids})" if home else "0 = 1"
            queries.append(
                (
                    f"SELECT {columns}, {at_home}, {serves} FROM {self.resource_table} r "
                    f"WHERE r.id IN ({ids_sql}) AND {scoped} AND (({box}) OR {at_home})"
                    + "".join(tests),
                    [
                        *(home_params if home else []),
                        *driver_params,
                        *scope,
                        *box_params,
                        *(home_params if home else []),
                        *test_params,
                    ],
                )
            )
            self.plan = "near-list"
        else:
            queries.append(
                (
                    f"SELECT {columns}, 0, {serves} FROM {self.resource_table} r "
                    f"WHERE {scoped} AND {box}" + "".join(tests),
                    [*scope, *box_params, *test_params],
                )
            )
            if home:
                queries.append(
                    (
                        f"SELECT {columns}, 1, 1 FROM {self.resource_table} r "
                        f"WHERE r.id IN ({home_ids}) AND {scoped}" + "".join(tests),
                        [*home_params, *scope, *test_params],
                    )
                )
            self.plan = "near-box"
        rows: dict[int, tuple] = {}
        with connection.cursor() as cursor:
            for sql, params in queries:
                cursor.execute(sql, params)
                for row in cursor.fetchall():
                    if row[0] not in rows or row[5]:  # a home match wins over a box one
                        rows[row[0]] = row
        place = within.place
        kept = []
        for pk, lat, lng, value, kana, comes_home, serves_area in rows.values():
            if serves_area:
                # A service that comes to people: near when it comes to this home, never by
                # where its office happens to be.
                if comes_home:
                    kept.append((None, value, kana or "", pk))
                continue
            d = near.distance(place.lat, place.lng, lat, lng)
            if d <= within.within:
                kept.append((d, value, kana or "", pk))
        # As the other plans order: dated rows by the order column (ties by kana, id),
        # then the undated ones by kana; Python's sorts are stable, reversed ones too.
        kept.sort(key=lambda row: (row[2], row[3]))
        dated = [row for row in kept if row[1] is not None]
        dated.sort(key=lambda row: row[1], reverse=descending)
        kept = dated + [row for row in kept if row[1] is None]
        if self.criteria.order == "distance":
            kept.sort(key=lambda row: (row[0] is None, row[0] or 0.0))
        kept = kept[: COUNT_CAP + 1]
        self.distances = {row[3]: row[0] for row in kept}
        return [row[3] for row in kept]

    def count(self) -> tuple[int, bool]:
        n = len(self.candidates())
        return min(n, COUNT_CAP), n > COUNT_CAP

    def scores(self, ids: list[int]) -> dict[int, int]:
        """Relevance of each candidate: for each word as typed, 3 when it is in the name or
        kana plus 2 when in the categories, keywords or provider (evidence from both beats
        either: 「ごみ」 in a name like なごみ alone ranks below ごみ出し支援), else 1 (found
        elsewhere, or only through a synonym); summed over the words. A word that names a
        category counts as in the categories of everything filed under it, so those rank
        above a mere mention in a description. Tested on the candidates' rows."""
        words = [japanese.fold(w) for w in self.words if w]
        if not ids or not words:
            return {}
        parts, params = [], []
        for word in words:
            tags, tag_params = contains("r.search_tags"), [word]
            if word in self.names:
                tags = f"{tags} OR {contains('r.search_text')}"
                tag_params.append(Variant.of_token(category_token(self.names[word])).pattern)
            parts.append(
                f"(CASE WHEN {contains('r.search_name')} THEN {NAME_WEIGHT} ELSE 0 END"
                f" + CASE WHEN {tags} THEN {TAG_WEIGHT} ELSE 0 END"
                f" + CASE WHEN {contains('r.search_name')} OR {tags}"
                f" THEN 0 ELSE {TEXT_WEIGHT} END)"
            )
            params += [word, *tag_params, word, *tag_params]
        marks = ", ".join(["%s"] * len(ids))
        sql = (
            f"SELECT r.id, {' + '.join(parts)} FROM {self.resource_table} r WHERE r.id IN ({marks})"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, *ids])
            return dict(cursor.fetchall())

    def page_ids(self, offset: int, limit: int) -> list[int]:
        ids = self.candidates()[:COUNT_CAP]
        if self.words and self.criteria.order not in ("next", "confirmed", "distance"):
            scores = self.scores(ids)
            # Python's sort is stable: candidates are already by 最終確認日, kana, id.
            ids = sorted(ids, key=lambda i: -scores.get(i, 0))
        return ids[offset : offset + limit]


def capped_count(criteria: Criteria, query: japanese.Query | None) -> tuple[int, bool]:
    return Search(criteria, query).count()


# What a card (templates/directory/_card.html) shows: the long text columns stay unread.
CARD_FIELDS = (
    "name",
    "is_sample",
    "venue_name",
    "town",
    "fee_amount",
    "fee_note",
    "phone",
    "phone_note",
    "address",
    "place_area",
    "next_date",
    "kana",
    "municipality",
)


def cards(ids: list[int]) -> list[Resource]:
    """The resources of a result page, in the order given, with what a card shows.

    Three flat queries filled into Django's prefetch cache: prefetch_related built a
    queryset per resource and relation, which cost more than the search itself.
    """
    if not ids:
        return []
    by_id = (
        Resource.objects.filter(pk__in=ids)
        .select_related("town", "place_area")
        .only(*CARD_FIELDS, "town__name", "place_area__name")
        .in_bulk()
    )
    categories = Category.objects.in_bulk()
    related: dict[int, dict[str, list]] = {
        pk: {"categories": [], "schedule_rules": [], "served_areas": []} for pk in by_id
    }
    links = Resource.categories.through.objects.filter(resource_id__in=ids)
    for resource_id, category_id in links.values_list("resource_id", "category_id"):
        related[resource_id]["categories"].append(categories[category_id])
    for rule in ScheduleRule.objects.filter(resource_id__in=ids):
        related[rule.resource_id]["schedule_rules"].append(rule)
    served = Resource.served_areas.through.objects.filter(resource_id__in=ids)
    pairs = list(served.values_list("resource_id", "area_id"))
    areas = Area.objects.in_bulk({area_id for _r, area_id in pairs})
    for resource_id, area_id in pairs:
        related[resource_id]["served_areas"].append(areas[area_id])
    for pk, resource in by_id.items():
        for items in related[pk].values():
            items.sort(key=lambda item: (getattr(item, "sort_order", 0), item.pk))
        resource._prefetched_objects_cache = related[pk]
    return [by_id[i] for i in ids if i in by_id]


def run(criteria: Criteria, page: int = 1, page_size: int | None = None) -> Outcome:
    """A search and its page of resources, ready for the template."""
    found = find(criteria, page, page_size)
    found.resources = cards(found.resources)
    return found


def find(criteria: Criteria, page: int = 1, page_size: int | None = None) -> Outcome:
    """The search itself: count, fallback, and the ids of the page (in Outcome.resources)."""
    page_size = page_size or settings.SASAEAI_PAGE_SIZE
    query = parse(criteria.q)
    notices: list[str] = []  # forms.SearchForm has already cut overlong words
    search = Search(criteria, query)
    count, capped = search.count()
    fallback = False
    if count == 0 and query:
        nearest = Search(criteria, query, every=False)
        near_count, near_capped = nearest.count()
        if near_count:
            search, count, capped, fallback = nearest, near_count, near_capped, True
    pages = max(1, math.ceil(count / page_size))
    page = min(max(page, 1), pages)
    ids = search.page_ids((page - 1) * page_size, page_size)
    distances = {pk: search.distances[pk] for pk in ids if pk in search.distances}
    return Outcome(ids, count, capped, page, pages, query, fallback, notices, distances)


def relaxations(criteria: Criteria) -> list[tuple[str, int]]:
    """For an empty result: (URL parameter, count) for each condition worth dropping."""
    options = []
    for param, attr, empty in (
        ("q", "q", ""),
        ("category", "category", None),
        ("area", "area", None),
        ("day", "day", None),
        ("time", "daypart", None),
        ("free", "free", False),
        ("nobooking", "no_booking", False),
        ("carers", "carers", False),
        ("near", "near", None),
    ):
        if getattr(criteria, attr) in (empty, None, "", False):
            continue
        relaxed = Criteria(**{**criteria.__dict__, attr: empty})
        if attr == "near" and relaxed.order == "distance":
            relaxed.order = "relevance"
        n, _capped = capped_count(relaxed, parse(relaxed.q))
        if n:
            options.append((param, n))
    return options


def wider(criteria: Criteria) -> list[tuple[int, int]]:
    """For an empty result near a place: (metres, count) for the first wider distance
    that finds something."""
    if criteria.near is None:
        return []
    for within in sorted(near.WITHIN):
        if within <= criteria.near.within:
            continue
        wide = near.Near(criteria.near.place, within)
        n, _capped = capped_count(
            Criteria(**{**criteria.__dict__, "near": wide}), parse(criteria.q)
        )
        if n:
            return [(within, n)]
    return []


CONSULTATION_ORDER = ("6.1", "6.2", "6.3", "6.4")  # the brief's order: the center first


def consultation_for(municipality: Area, area: Area | None, limit: int = 6) -> list[Resource]:
    """The 相談機関 (category 6) of the area, あんしんケアセンター first; for the whole city,
    its 保健福祉センター. Through the search index: small lists, whatever the city's size."""
    local = area is not None and area.kind != Area.Kind.MUNICIPALITY
    codes = CONSULTATION_ORDER if local else ("6.3",)
    ids: list[int] = []
    for category in Category.objects.filter(code__in=codes).order_by("code"):
        if len(ids) >= limit:
            break
        criteria = Criteria(
            municipality=municipality, category=category, area=area if local else None
        )
        ids += Search(criteria, None).candidates()[: limit - len(ids)]
    return cards(ids)
