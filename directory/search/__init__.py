"""Searching 地域資源: our own bigram index, the same on SQLite and PostgreSQL.

Callers use this package as one module (``from directory import search``;
``search.find(...)``); its parts, by job:

- text: what the index holds of a resource (fields, tokens, search columns) and what a
  query word looks for (variants);
- index: reindex and rebuild, the batching that keeps the index current at commit, and the
  posting-list sizes the planner reads;
- query: Criteria, the planner and Search;
- near_plan: the near-me plan (a place's box and the services that come to its homes);
- results: find() and run(), cards, and what to offer when nothing is found.
"""

from directory.search import typed
from directory.search.index import (
    BULK,
    STATS_MAX_AGE,
    changed,
    posting_size,
    published_total,
    rebuild,
    refresh_schedules,
    reindex,
    stamp,
    statistic,
    touch,
)
from directory.search.query import (
    COUNT_CAP,
    ORDERS,
    Criteria,
    Requirement,
    Search,
    contains,
    filtered,
    parse,
)
from directory.search.results import (
    CARD_FIELDS,
    CONSULTATION_ORDER,
    Outcome,
    capped_count,
    cards,
    consultation_for,
    find,
    ranked,
    relaxations,
    run,
    wider,
)
from directory.search.text import (
    ALL,
    CARERS,
    FREE,
    NAME_WEIGHT,
    NO_BOOKING,
    SEPARATOR,
    TAG_WEIGHT,
    TEXT_WEIGHT,
    AreaTree,
    Variant,
    area_token,
    category_names,
    category_token,
    condition_tokens,
    daypart_token,
    resource_fields,
    search_columns,
    served_token,
    synonyms,
    term_variants,
    text_tokens,
    weekday_token,
    word_variants,
)

__all__ = [
    "ALL",
    "BULK",
    "CARD_FIELDS",
    "CARERS",
    "CONSULTATION_ORDER",
    "COUNT_CAP",
    "FREE",
    "NAME_WEIGHT",
    "NO_BOOKING",
    "ORDERS",
    "SEPARATOR",
    "STATS_MAX_AGE",
    "TAG_WEIGHT",
    "TEXT_WEIGHT",
    "AreaTree",
    "Criteria",
    "Outcome",
    "Requirement",
    "Search",
    "Variant",
    "area_token",
    "capped_count",
    "cards",
    "category_names",
    "category_token",
    "changed",
    "condition_tokens",
    "consultation_for",
    "contains",
    "daypart_token",
    "filtered",
    "find",
    "parse",
    "posting_size",
    "published_total",
    "ranked",
    "rebuild",
    "refresh_schedules",
    "reindex",
    "relaxations",
    "resource_fields",
    "run",
    "search_columns",
    "served_token",
    "stamp",
    "statistic",
    "touch",
    "synonyms",
    "term_variants",
    "typed",
    "text_tokens",
    "weekday_token",
    "wider",
    "word_variants",
]
