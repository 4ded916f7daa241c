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
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When

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
                if len(token) == 2 or is_kanji(token):
                    if tokens.get(token, 0) < weight:
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


def variant_ids(municipality_id: int, variant: str, min_weight: int = 0) -> QuerySet | None:
    """Ids of the resources holding every bigram of the variant (None: nothing to look up)."""
    tokens = variant_tokens(variant)
    if not tokens:
        return None
    postings = SearchToken.objects.filter(municipality_id=municipality_id, token__in=tokens)
    if min_weight:
        postings = postings.filter(weight__gte=min_weight)
    if len(tokens) == 1:
        return postings.values("resource_id")
    return (
        postings.values("resource_id")
        .annotate(hits=Count("token"))
        .filter(hits=len(tokens))
        .values("resource_id")
    )


def term_q(municipality_id: int, term: japanese.Term, min_weight: int = 0) -> Q | None:
    q = Q()
    found = False
    for variant in term.variants:
        ids = variant_ids(municipality_id, variant, min_weight)
        if ids is not None:
            q |= Q(pk__in=ids)
            found = True
    return q if found else None


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


def matching(criteria: Criteria, query: japanese.Query | None) -> QuerySet:
    qs = filtered(criteria)
    if query:
        for term in query.terms:
            condition = term_q(criteria.municipality.pk, term)
            if condition is not None:
                qs = qs.filter(condition)
    return qs


def any_term(criteria: Criteria, query: japanese.Query) -> QuerySet:
    """The nearest matches: resources holding at least one of the words."""
    q = Q()
    for term in query.terms:
        condition = term_q(criteria.municipality.pk, term)
        if condition is not None:
            q |= condition
    return filtered(criteria).filter(q) if q else filtered(criteria).none()


def ordered(qs: QuerySet, criteria: Criteria, query: japanese.Query | None) -> QuerySet:
    if criteria.order == "confirmed":
        return qs.order_by(F("confirmed_on").desc(nulls_last=True), "kana", "pk")
    if criteria.order == "next" or not query:
        return qs.order_by(F("next_date").asc(nulls_last=True), "kana", "pk")
    # Relevance: each word found in the name or kana counts 3, in the categories, keywords or
    # provider 2, elsewhere 1; then the most recently confirmed first.
    score = Value(0)
    for term in query.terms:
        strong = term_q(criteria.municipality.pk, term, min_weight=NAME_WEIGHT)
        tagged = term_q(criteria.municipality.pk, term, min_weight=TAG_WEIGHT)
        if strong is None or tagged is None:
            continue
        score = score + Case(
            When(strong, then=Value(NAME_WEIGHT)),
            When(tagged, then=Value(TAG_WEIGHT)),
            default=Value(TEXT_WEIGHT),
            output_field=IntegerField(),
        )
    return qs.annotate(score=score).order_by(
        "-score", F("confirmed_on").desc(nulls_last=True), "kana", "pk"
    )


def capped_count(qs: QuerySet) -> tuple[int, bool]:
    n = qs.order_by().values("pk")[: COUNT_CAP + 1].count()
    return min(n, COUNT_CAP), n > COUNT_CAP


def with_cards(qs: QuerySet) -> QuerySet:
    return qs.select_related("town", "provider").prefetch_related("categories", "schedule_rules")


def run(criteria: Criteria, page: int = 1, page_size: int | None = None) -> Outcome:
    page_size = page_size or settings.SASAEAI_PAGE_SIZE
    query = parse(criteria.q)
    notices: list[str] = []
    if query and query.truncated:
        notices.append(f"検索する言葉が長すぎるため、最初の{len(query.text)}文字で探しました。")
    qs = matching(criteria, query)
    count, capped = capped_count(qs)
    fallback = False
    if count == 0 and query:
        nearest = any_term(criteria, query)
        if nearest.exists():
            qs, fallback = nearest, True
            count, capped = capped_count(qs)
    pages = max(1, math.ceil(count / page_size))
    page = min(max(page, 1), pages)
    rows = list(with_cards(ordered(qs, criteria, query))[(page - 1) * page_size : page * page_size])
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
        n, _capped = capped_count(matching(relaxed, parse(relaxed.q)))
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
