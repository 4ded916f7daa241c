"""Naive baselines for the benchmarks: the same answers as the product, found without its index.

A speed-up is only worth printing when both sides answer the same question the same way, so
each baseline here gives exactly what search.find() gives (count, 「1,000件以上」, nearest
matches, the ordered ids of the page) and the benches compare the two for every query before
printing any comparison. What the baseline leaves out is the index: the words are read by
search.py itself (folding, synonyms, phrases, category names), then tested as a substring of
every row of the city that meets the conditions (the ORM's plain filters), the way a first
version without a bigram index would do it; the page is ranked by the search's own scoring
of those rows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Answer:
    """What a resident sees of a search: the number found, whether it is 「1,000件以上」,
    whether these are the nearest matches, and the resources of the page in order."""

    count: int
    capped: bool
    fallback: bool
    pages: int
    ids: tuple[int, ...]


def answer_of(outcome) -> Answer:
    """The product's answer (search.find's Outcome) in the same shape."""
    return Answer(
        outcome.count, outcome.capped, outcome.fallback, outcome.pages, tuple(outcome.resources)
    )


def _reading(criteria, every: bool, needs_only: bool = False):
    """The words read exactly as the search reads them (search.Search parses them: folding,
    synonyms, category names; it reads no index until asked for candidates)."""
    from directory import search

    return search.Search(criteria, search.parse(criteria.q), every=every, needs_only=needs_only)


def _requirements(criteria, every: bool, needs_only: bool = False) -> list[list[str]] | None:
    """Each word as the substrings (its variants) one of which the row text must hold;
    None when the words cannot match anything."""
    reading = _reading(criteria, every, needs_only)
    if not reading.matchable:
        return None
    if every:
        return [[v.pattern for v in variants] for variants in reading.required]
    return [[v.pattern for variants in reading.terms for v in variants]]  # any of the words


def _ranked(criteria, ids: list[int], every: bool, needs_only: bool = False) -> list[int]:
    """search.Search.page_ids' order: relevance, scored on these rows by the search's own
    scoring (it reads the rows' name and tag columns, not the index)."""
    from directory import search

    ids = ids[: search.COUNT_CAP]
    reading = _reading(criteria, every, needs_only)
    if not reading.words or criteria.order in ("next", "confirmed", "distance", "name"):
        return ids
    scores = reading.scores(ids)
    return sorted(ids, key=lambda pk: -scores.get(pk, 0))  # stable: ties keep their order


def _answer(criteria, ids: list[int] | None, total: int, page_size: int, fallback: bool):
    from directory import search

    ids = ids or []
    count, capped = min(total, search.COUNT_CAP), total > search.COUNT_CAP
    pages = max(1, math.ceil(count / page_size))
    ranked = _ranked(criteria, ids, every=not fallback)
    return Answer(count, capped, fallback, pages, tuple(ranked[:page_size]))


def _scan(criteria, every: bool, needs_only: bool = False) -> tuple[list[int], int] | None:
    """Every row meeting the conditions, each word a LIKE over its text: (first ids in the
    order asked for, how many in all)."""
    from django.db.models import Q

    from directory import search

    requirements = _requirements(criteria, every, needs_only)
    if requirements is None:
        return None
    qs = search.filtered(criteria)
    for patterns in requirements:
        any_of = Q()
        for pattern in patterns:
            any_of |= Q(search_text__contains=pattern)
        qs = qs.filter(any_of)
    ordered = qs.in_order(criteria.order)
    ids = list(ordered.values_list("pk", flat=True)[: search.COUNT_CAP])
    return ids, qs.count()


def _widened(criteria, ids_of) -> tuple[list[int], int] | None:
    """A sentence that found less than a page with every word (results.Widened): those
    first, then what its needs alone find, each part in its own relevance order."""
    from django.conf import settings

    first = ids_of(False)
    if first is None or not 0 < first[1] < settings.SASAEAI_PAGE_SIZE:
        return None
    if not _reading(criteria, every=True).widens:
        return None
    second, total = ids_of(True) or ([], 0)  # every match of the words is one of the needs'
    ranked = _ranked(criteria, first[0], every=True)
    shown = set(ranked)
    wide = _ranked(criteria, second, every=True, needs_only=True)
    return ranked + [pk for pk in wide if pk not in shown], max(total, len(shown))


def _widened_answer(criteria, ids_of, page_size: int) -> Answer | None:
    from directory import search

    widened = _widened(criteria, ids_of)
    if widened is None or not widened[1]:
        return None
    ids, total = widened
    count, capped = min(total, search.COUNT_CAP), total > search.COUNT_CAP
    pages = max(1, math.ceil(count / page_size))
    return Answer(count, capped, False, pages, tuple(ids[:page_size]))


def naive_find(criteria, page_size: int = 20) -> Answer:
    """search.find(criteria) (first page) without the index."""
    scanned = _scan(criteria, every=True)
    widened = _widened_answer(
        criteria, lambda needs_only: _scan(criteria, every=True, needs_only=needs_only), page_size
    )
    if widened:
        return widened
    if scanned and scanned[1]:
        return _answer(criteria, *scanned, page_size, fallback=False)
    if criteria.q.strip():
        nearest = _scan(criteria, every=False)
        if nearest and nearest[1]:
            return _answer(criteria, *nearest, page_size, fallback=True)
    return _answer(criteria, [], 0, page_size, fallback=False)


def _near_ids(criteria, every: bool, needs_only: bool = False) -> list[int] | None:
    """Every resource of the city meeting the conditions read with its point and served
    areas, each distance computed in Python; ordered as search.Search._near orders."""
    from directory import near, search
    from directory.models import Resource
    from directory.search.order import keys_of, sort_rows

    requirements = _requirements(criteria, every, needs_only)
    if requirements is None:
        return None
    within = criteria.near
    place = within.place
    home = set(within.home_areas())
    qs = search.filtered(criteria)
    served: dict[int, set[int]] = {}
    through = Resource.served_areas.through.objects.filter(resource__in=qs.values("pk"))
    for resource_id, area_id in through.values_list("resource_id", "area_id"):
        served.setdefault(resource_id, set()).add(area_id)
    names = [name for name, _descending in keys_of(criteria.order)]
    kept = []
    for pk, lat, lng, text, *values in qs.values_list("pk", "lat", "lng", "search_text", *names):
        if not all(any(p in text for p in patterns) for patterns in requirements):
            continue
        keys = dict(zip(names, values, strict=True))
        if pk in served:
            # A service that comes to people is near when it comes to this home.
            if served[pk] & home:
                kept.append((None, pk, keys))
        elif lat is not None and lng is not None:
            d = near.distance(place.lat, place.lng, lat, lng)
            if d <= within.within:
                kept.append((d, pk, keys))
    # The order is the product's own definition (models.ORDERINGS), sorted as it sorts.
    sort_rows(kept, criteria.order, lambda row, name: row[2][name], lambda row: row[0])
    return [row[1] for row in kept]


def _near_all(criteria, needs_only: bool) -> tuple[list[int], int] | None:
    ids = _near_ids(criteria, every=True, needs_only=needs_only)
    return None if ids is None else (ids, len(ids))


def naive_near(criteria, page_size: int = 20) -> Answer:
    """search.find(criteria) near a place (first page) by measuring every distance."""
    widened = _widened_answer(
        criteria,
        lambda needs_only: _near_all(criteria, needs_only),
        page_size,
    )
    if widened:
        return widened
    ids = _near_ids(criteria, every=True)
    if ids:
        return _answer(criteria, ids, len(ids), page_size, fallback=False)
    if criteria.q.strip():
        nearest = _near_ids(criteria, every=False)
        if nearest:
            return _answer(criteria, nearest, len(nearest), page_size, fallback=True)
    return _answer(criteria, [], 0, page_size, fallback=False)


def differences(pairs: list[tuple[str, Answer, Answer]]) -> list[str]:
    """A line for each query whose two answers differ (empty: every answer is the same)."""
    return [
        f"  {label}: product {mine.count}{'+' if mine.capped else ''} "
        f"{'nearest ' if mine.fallback else ''}{list(mine.ids[:5])}…, naive {theirs.count}"
        f"{'+' if theirs.capped else ''} {'nearest ' if theirs.fallback else ''}"
        f"{list(theirs.ids[:5])}…"
        for label, mine, theirs in pairs
        if mine != theirs
    ]
