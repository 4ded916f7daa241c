"""A search's order in the forms its plans need, all read from models.ORDERINGS (the one
definition, which ResourceQuerySet.in_order gives the ORM): an ORDER BY for the planner's
SQL, and a sort in Python for the near-me plan, which measures distances itself."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from directory.models import ORDERINGS, Resource

Keys = tuple[tuple[str, bool], ...]
Row = TypeVar("Row")


def keys_of(order: str) -> Keys:
    """The (field, descending) keys of an order; an unknown one sorts as おすすめ順."""
    return ORDERINGS.get(order, ORDERINGS["relevance"])


def nullable(name: str) -> bool:
    return bool(getattr(Resource._meta.get_field(name), "null", False))


def order_by(
    keys: Sequence[tuple[str, bool]], alias: str = "r", present: Sequence[str] = ()
) -> str:
    """ORDER BY terms for raw SQL, missing values last as in_order puts them (an "x IS
    NULL" term first, which both databases read alike), but for the fields the query
    already holds present: there the term would keep a database from reading the rows in
    the order of an index."""
    terms = []
    for name, descending in keys:
        column = f"{alias}.{name}"
        if nullable(name) and name not in present:
            terms.append(f"({column} IS NULL)")
        terms.append(f"{column} {'DESC' if descending else 'ASC'}")
    return ", ".join(terms)


def sort_rows(
    rows: list[Row],
    order: str,
    value: Callable[[Row, str], Any],
    distance: Callable[[Row], float | None] | None = None,
) -> None:
    """Sort rows in place in an order: as ORDER BY its keys does, missing values last (one
    stable sort per key, the last key first: Python keeps equal rows in order, reversed
    sorts too), then for 近い順 by the distance, nearest first and rows without one last.
    Text compares by code point, as both databases do here (SQLite's BINARY collation,
    PostgreSQL's C.UTF-8 locale)."""
    for name, descending in reversed(keys_of(order)):
        present = [row for row in rows if value(row, name) is not None]
        present.sort(key=lambda row: value(row, name), reverse=descending)
        rows[:] = present + [row for row in rows if value(row, name) is None]
    if order == "distance" and distance is not None:
        rows.sort(key=lambda row: (distance(row) is None, distance(row) or 0.0))
