"""Searching 地域資源: our own bigram index, the same on SQLite and PostgreSQL.

A query is parsed into terms (AND), each with variants from the synonym file (OR); a variant
matches a resource whose indexed text holds all of its folded bigrams. Every lookup reads
the posting lists of one municipality only (the index leads with municipality_id), and
counting is capped, so the cost of a search follows the size of its city, not of the
whole installation.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, QuerySet

from areas.models import Area
from directory import japanese
from directory.models import Category, Resource, SearchToken

COUNT_CAP = 1000  # beyond this we say 「1,000件以上」 instead of counting every row
ORDERS = {"relevance": "おすすめ順", "next": "開催日が近い順", "confirmed": "確認日が新しい順"}
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


def is_kanji(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or ch >= "\U00020000"


def tokens_for(fields: list[tuple[str, int]]) -> dict[str, int]:
    """Bigrams with their best field weight, plus single kanji so 1-character words (湯, 碁) work.

    The same tokens as japanese.index_tokens, with each field folded only once.
    """
    tokens: dict[str, int] = {}
    for text, weight in fields:
        folded = japanese.fold(text) + japanese.SENTINEL
        for i in range(len(folded) - 1):
            for token in (folded[i : i + 2], folded[i]):
                if (len(token) == 2 or is_kanji(token)) and tokens.get(token, 0) < weight:
                    tokens[token] = weight
    return tokens


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
    if resource.town:
        fields.append((resource.town.name, TEXT_WEIGHT))
    for area in resource.served_areas.all():
        fields.append((area.name, TEXT_WEIGHT))
    return [(text, weight) for text, weight in fields if text]


def reindex(resource_ids: Iterable[int], batch: int = 500) -> None:
    """Rebuild the index rows of these resources (call after any edit).

    Rows go in with executemany rather than bulk_create: a resource has ~170 bigrams, and
    building a model instance for each was most of the cost of indexing 100,000 resources.
    """
    ids = list(resource_ids)
    table = connection.ops.quote_name(SearchToken._meta.db_table)
    sql = (
        f"INSERT INTO {table} (municipality_id, token, resource_id, weight) VALUES (%s, %s, %s, %s)"
    )
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        resources = (
            Resource.objects.filter(pk__in=chunk)
            .select_related("provider", "town")
            .prefetch_related("categories", "served_areas")
        )
        rows: list[tuple[int, str, int, int]] = []
        for r in resources:
            m, pk = r.municipality_id, r.pk
            rows.extend((m, token, pk, w) for token, w in tokens_for(resource_fields(r)).items())
        with transaction.atomic(), connection.cursor() as cursor:
            SearchToken.objects.filter(resource_id__in=chunk)._raw_delete(connection.alias)
            cursor.executemany(sql, rows)


# ---------------------------------------------------------------- querying


def variant_tokens(variant: str) -> list[str]:
    if len(variant) == 1:
        return [variant] if is_kanji(variant) else []
    return sorted(set(japanese.query_bigrams(variant)))


@dataclass
class Hits:
    """SQL for (resource_id, score) of the resources the words match, in one municipality.

    A variant matches when the resource holds all its bigrams; its weight is the lowest of
    theirs (3: all in the name or kana). A term scores its best variant; the score of a
    resource is the sum over terms. `every`: all terms must match (else: at least one, for
    the nearest matches). Plain SQL in one statement: the ORM equivalent compiled dozens of
    subqueries per search and cost more than running them.
    """

    sql: str
    params: list

    @classmethod
    def build(cls, municipality_id: int, query: japanese.Query, every: bool = True) -> Hits | None:
        table = connection.ops.quote_name(SearchToken._meta.db_table)
        terms_sql: list[str] = []
        params: list = []
        for term in query.terms:
            variants_sql = []
            for variant in term.variants:
                tokens = variant_tokens(variant)
                if not tokens:
                    continue
                marks = ", ".join(["%s"] * len(tokens))
                if len(tokens) == 1:
                    variants_sql.append(
                        f"SELECT resource_id, weight AS w FROM {table} "
                        f"WHERE municipality_id = %s AND token = %s"
                    )
                else:
                    variants_sql.append(
                        f"SELECT resource_id, MIN(weight) AS w FROM {table} "
                        f"WHERE municipality_id = %s AND token IN ({marks}) "
                        f"GROUP BY resource_id HAVING COUNT(*) = {len(tokens)}"
                    )
                params += [municipality_id, *tokens]
            if variants_sql:
                union = " UNION ALL ".join(variants_sql)
                terms_sql.append(
                    f"SELECT resource_id, MAX(w) AS ts FROM ({union}) v GROUP BY resource_id"
                )
            elif every:
                return None  # a word with nothing to look up (a lone kana) cannot be matched
        if not terms_sql:
            return None
        need = len(terms_sql) if every else 1
        union = " UNION ALL ".join(terms_sql)
        sql = (
            f"SELECT resource_id, SUM(ts) AS score FROM ({union}) t "
            f"GROUP BY resource_id HAVING COUNT(*) >= {need}"
        )
        return cls(sql, params)


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


@dataclass
class Outcome:
    resources: list[Resource]
    count: int
    capped: bool
    page: int
    pages: int
    query: japanese.Query | None
    fallback: bool = False  # no exact match: these are the nearest matches
    notices: list[str] = field(default_factory=list)


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


class Search:
    """One search: the conditions joined to the word hits, counted with a cap, one page read.

    The hits are a derived table joined to the conditions (both databases flatten the
    conditions into the join), so a search reads the posting lists of its words in its own
    municipality and the resource rows they lead to, never a scan of every resource.
    """

    ORDER_SQL = {
        "relevance": "h.score DESC, f.s_confirmed DESC NULLS LAST, f.s_kana, f.s_id",
        "next": "f.s_next ASC NULLS LAST, f.s_kana, f.s_id",
        "confirmed": "f.s_confirmed DESC NULLS LAST, f.s_kana, f.s_id",
    }

    def __init__(self, criteria: Criteria, query: japanese.Query | None, every: bool = True):
        self.criteria = criteria
        self.query = query
        self.hits = Hits.build(criteria.municipality.pk, query, every) if query else None
        self.matchable = query is None or self.hits is not None

    def _joined(self) -> tuple[str, list]:
        conditions = filtered(self.criteria).annotate(
            s_id=F("pk"), s_next=F("next_date"), s_confirmed=F("confirmed_on"), s_kana=F("kana")
        )
        f_sql, f_params = (
            conditions.order_by()
            .values("s_id", "s_next", "s_confirmed", "s_kana")
            .query.sql_with_params()
        )
        sql = f"FROM ({self.hits.sql}) h JOIN ({f_sql}) f ON f.s_id = h.resource_id"
        return sql, [*self.hits.params, *f_params]

    def count(self) -> tuple[int, bool]:
        if not self.matchable:
            return 0, False
        if self.hits is None:
            n = filtered(self.criteria).order_by().values("pk")[: COUNT_CAP + 1].count()
        else:
            joined, params = self._joined()
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT COUNT(*) FROM (SELECT 1 {joined} LIMIT {COUNT_CAP + 1}) c", params
                )
                n = cursor.fetchone()[0]
        return min(n, COUNT_CAP), n > COUNT_CAP

    def page(self, offset: int, limit: int) -> list[Resource]:
        if not self.matchable:
            return []
        if self.hits is None:
            order = self.criteria.order
            qs = filtered(self.criteria)
            if order == "confirmed":
                qs = qs.order_by(F("confirmed_on").desc(nulls_last=True), "kana", "pk")
            else:
                qs = qs.order_by(F("next_date").asc(nulls_last=True), "kana", "pk")
            return list(with_cards(qs)[offset : offset + limit])
        joined, params = self._joined()
        order = self.ORDER_SQL.get(self.criteria.order, self.ORDER_SQL["relevance"])
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT h.resource_id {joined} ORDER BY {order} LIMIT {int(limit)} OFFSET {int(offset)}",
                params,
            )
            ids = [row[0] for row in cursor.fetchall()]
        by_id = with_cards(Resource.objects.filter(pk__in=ids)).in_bulk()
        return [by_id[i] for i in ids if i in by_id]


def capped_count(criteria: Criteria, query: japanese.Query | None) -> tuple[int, bool]:
    return Search(criteria, query).count()


def with_cards(qs: QuerySet) -> QuerySet:
    return qs.select_related("town", "provider").prefetch_related(
        "categories", "schedule_rules", "served_areas"
    )


def run(criteria: Criteria, page: int = 1, page_size: int | None = None) -> Outcome:
    page_size = page_size or settings.SASAEAI_PAGE_SIZE
    query = parse(criteria.q)
    notices: list[str] = []
    if query and query.truncated:
        notices.append(f"検索する言葉が長すぎるため、最初の{len(query.text)}文字で探しました。")
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
    rows = search.page((page - 1) * page_size, page_size)
    return Outcome(rows, count, capped, page, pages, query, fallback, notices)


def relaxations(criteria: Criteria, query: japanese.Query | None) -> list[tuple[str, str, int]]:
    """For an empty result: (parameter, label, count) for each condition worth dropping."""
    options = []
    for param, attr, label, empty in (
        ("q", "q", "言葉", ""),
        ("category", "category", "分類", None),
        ("area", "area", "地域", None),
        ("day", "day", "曜日", None),
        ("time", "daypart", "時間帯", None),
        ("free", "free", "無料のみ", False),
        ("nobooking", "no_booking", "予約不要のみ", False),
        ("carers", "carers", "介護している方向け", False),
    ):
        if getattr(criteria, attr) in (empty, None, "", False):
            continue
        relaxed = Criteria(**{**criteria.__dict__, attr: empty})
        n, _capped = capped_count(relaxed, parse(relaxed.q))
        if n:
            options.append((param, label, n))
    return options


def consultation_for(municipality: Area, area: Area | None, limit: int = 6) -> list[Resource]:
    """The 相談機関 (category 6) of the area: its あんしんケアセンター first."""
    qs = Resource.objects.published().in_municipality(municipality).consultation()
    if area and area.kind != Area.Kind.MUNICIPALITY:
        qs = qs.in_area(area)
    else:
        qs = qs.filter(categories__code="6.3")
    return list(with_cards(qs.order_by("kana", "pk"))[:limit])
