"""A search's outcome: the page of ids and its counts, the cards shown for them, and what
to offer when nothing is found (conditions to drop, a wider distance, 相談機関)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache

from areas.models import Area, with_towns
from directory import japanese, near
from directory.models import Category, Resource, ScheduleRule
from directory.search.index import stamp
from directory.search.query import COUNT_CAP, Criteria, Search, parse


@dataclass
class Outcome:
    resources: list[Any]  # Resource objects from run(), their ids from find()
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
    related: dict[int, dict[str, list[Any]]] = {
        pk: {"categories": [], "schedule_rules": [], "served_areas": []} for pk in by_id
    }
    links = Resource.categories.through.objects.filter(resource_id__in=ids)
    for resource_id, category_id in links.values_list("resource_id", "category_id"):
        related[resource_id]["categories"].append(categories[category_id])
    for rule in ScheduleRule.objects.filter(resource_id__in=ids):
        related[rule.resource_id]["schedule_rules"].append(rule)
    served = Resource.served_areas.through.objects.filter(resource_id__in=ids)
    pairs = list(served.values_list("resource_id", "area_id"))
    areas = with_towns({area_id for _r, area_id in pairs})  # 圏域 named with their towns
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
    every_word = Search(criteria, query)
    search: Search | Widened = every_word
    count, capped = search.count()
    fallback = False
    if 0 < count < settings.SASAEAI_PAGE_SIZE and every_word.widens:
        # A sentence whose words together hold less than a page: those first, then what its
        # needs find whatever its other nouns (they rank). With none, the nearest matches
        # below (any of the words) serve better: a first version widened to the needs there
        # too and lost 9 dev phrases whose noun was what was asked for (…行けるカフェ).
        search = Widened(every_word, Search(criteria, query, needs_only=True))
        count, capped = search.count()
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


class Widened:
    """A sentence's search (Search.widens) that found less than a page with all its words:
    its matches first, in their order, then those of its needs alone (Search with
    needs_only) in theirs. Two searches, each gathering and ranking at most COUNT_CAP + 1
    candidates, as any search does."""

    def __init__(self, every_word: Search, needs: Search):
        self.parts = (every_word, needs)
        self.distances = {**needs.distances, **every_word.distances}

    def ids(self) -> list[int]:
        first, second = (part.page_ids(0, COUNT_CAP) for part in self.parts)
        shown = set(first)
        self.distances = {**self.parts[1].distances, **self.parts[0].distances}
        return first + [pk for pk in second if pk not in shown]

    def count(self) -> tuple[int, bool]:
        n = len(set(self.parts[0].candidates()) | set(self.parts[1].candidates()))
        return min(n, COUNT_CAP), n > COUNT_CAP

    def page_ids(self, offset: int, limit: int) -> list[int]:
        return self.ids()[:COUNT_CAP][offset : offset + limit]


def ranked(criteria: Criteria) -> list[int]:
    """Every id the site's result pages list for these criteria, in their order (at most
    COUNT_CAP): the API's `search` answers with this, so site and API rank alike."""
    return find(criteria, 1, COUNT_CAP).resources


def relaxations(criteria: Criteria) -> list[tuple[str, int]]:
    """For an empty result: (URL parameter, count) for each condition worth dropping."""
    options = []
    for param, attr, empty in (
        ("q", "q", ""),
        ("category", "category", None),
        ("area", "area", None),
        ("day", "days", ()),
        ("time", "daypart", None),
        ("free", "free", False),
        ("nobooking", "no_booking", False),
        ("carers", "carers", False),
        ("near", "near", None),
    ):
        if getattr(criteria, attr) in (empty, None, "", False, ()):
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
    its 保健福祉センター. Through the search index: small lists, whatever the city's size.

    The same few ids for every page of an area until the city's data changes, so they are
    kept per process under the city's IndexStamp (four index walks were a third of an area's
    results page at 100,000 resources); the cards are read fresh each time.
    """
    return cards(kept_consultation_ids(municipality, area, limit))


def kept_consultation_ids(municipality: Area, area: Area | None, limit: int = 6) -> list[int]:
    key = f"consultation:{municipality.pk}:{area.pk if area else '-'}:{limit}:{stamp(municipality.pk)}"
    ids: list[int] | None = cache.get(key)
    if ids is None:
        ids = consultation_ids(municipality, area, limit)
        cache.set(key, ids, CONSULTATION_SECONDS)
    return ids


CONSULTATION_SECONDS = 3600  # a bound on memory only: the stamp in the key says when it is old


def consultation_ids(municipality: Area, area: Area | None, limit: int) -> list[int]:
    local = area is not None and area.kind != Area.Kind.MUNICIPALITY
    if local:
        return _consultation_walk(municipality, area, CONSULTATION_ORDER, limit)
    # The whole city: its 保健福祉センター; a city without one on the site (added from its
    # area file only) its other 相談機関, so a city-wide page names someone to call.
    return _consultation_walk(municipality, None, ("6.3",), limit) or _consultation_walk(
        municipality, None, CONSULTATION_ORDER, limit
    )


def _consultation_walk(
    municipality: Area, area: Area | None, codes: tuple[str, ...], limit: int
) -> list[int]:
    ids: list[int] = []
    for category in Category.objects.filter(code__in=codes).order_by("code"):
        if len(ids) >= limit:
            break
        criteria = Criteria(municipality=municipality, category=category, area=area)
        ids += Search(criteria, None).candidates()[: limit - len(ids)]
    return ids
