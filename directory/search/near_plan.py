"""The near-me plan of a search: the matches within a distance of a place.

A place's box (an index on lat, lng) and the services that come to the person's home (the
@s postings of their areas) are read, then each match's exact distance is measured here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import connection

from directory import near
from directory.models import Resource
from directory.search import order
from directory.search.index import published_total
from directory.search.text import served_token

if TYPE_CHECKING:
    from directory.search.query import Requirement, Search


def candidates(search: Search, reqs: list[Requirement], cap: int) -> list[int]:
    """The matches near a place: an indexed box around it, then the exact distance.

    Two lookups, each on an index: the resources in a box holding the circle (the
    resource_by_point range on lat, lng tested in the index) and the services that
    come to the person's home (the @s postings of their areas). When a condition's
    posting list is smaller than the box is estimated to hold, it drives instead and
    the box is tested on its rows. Every match is read (no LIMIT: the cap applies after
    the exact distance), so the cost follows the box and the home services.
    """
    within = search.criteria.near
    assert within is not None
    south, north, west, east = within.bbox()
    box = "r.lat BETWEEN %s AND %s AND r.lng BETWEEN %s AND %s"
    box_params: list[Any] = [south, north, west, east]
    home = [served_token(a) for a in within.home_areas()]
    marks = ", ".join(["%s"] * len(home))
    home_ids = (
        f"SELECT resource_id FROM {search.table} WHERE municipality_id = %s AND token IN ({marks})"
    )
    home_params: list[Any] = [search.municipality_id, *home]
    served_table = connection.ops.quote_name(Resource.served_areas.through._meta.db_table)
    tests, test_params = [], []
    for req in reqs:
        sql, p = search.test_sql(req)
        tests.append(f" AND {sql}")
        test_params += p
    names = [name for name, _descending in search.keys]
    columns = ", ".join(["r.id", "r.lat", "r.lng", *(f"r.{name}" for name in names)])
    home_at = 3 + len(names)  # where a row says it comes to this home
    serves = f"EXISTS (SELECT 1 FROM {served_table} s WHERE s.resource_id = r.id)"
    scoped = "r.municipality_id = %s AND r.status = %s"
    scope: list[Any] = [search.municipality_id, Resource.Status.PUBLISHED]

    total = max(published_total(search.municipality_id), 1)
    in_box = near.share_in_box(search.criteria.municipality, within) * total
    driver = min(reqs, key=lambda r: r.size, default=None)
    by_list = driver is not None and driver.size < in_box
    if search.forced_plan in ("near-list", "near-box"):
        by_list = driver is not None and search.forced_plan == "near-list"
    # (id, lat, lng, the order's keys …, comes to this home, serves an area)
    queries: list[tuple[str, list[Any]]] = []
    if by_list:
        assert driver is not None
        ids_sql, driver_params = search.postings_sql(driver.variants)
        at_home = f"r.id IN ({home_ids})" if home else "0 = 1"
        queries.append(
            (
                f"SELECT {columns}, {at_home}, {serves} FROM {search.resource_table} r "
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
        search.plan = "near-list"
    else:
        queries.append(
            (
                f"SELECT {columns}, 0, {serves} FROM {search.resource_table} r "
                f"WHERE {scoped} AND {box}" + "".join(tests),
                [*scope, *box_params, *test_params],
            )
        )
        if home:
            queries.append(
                (
                    f"SELECT {columns}, 1, 1 FROM {search.resource_table} r "
                    f"WHERE r.id IN ({home_ids}) AND {scoped}" + "".join(tests),
                    [*home_params, *scope, *test_params],
                )
            )
        search.plan = "near-box"
    rows: dict[int, tuple[Any, ...]] = {}
    with connection.cursor() as cursor:
        for sql, params in queries:
            cursor.execute(sql, params)
            for row in cursor.fetchall():
                if row[0] not in rows or row[home_at]:  # a home match wins over a box one
                    rows[row[0]] = row
    place = within.place
    # (distance, id, the order's keys by name)
    kept: list[tuple[float | None, int, dict[str, Any]]] = []
    for row in rows.values():
        pk, lat, lng = row[:3]
        values = dict(zip(names, row[3:home_at], strict=True))
        comes_home, serves_area = row[home_at], row[home_at + 1]
        if serves_area:
            # A service that comes to people: near when it comes to this home, never by
            # where its office happens to be.
            if comes_home:
                kept.append((None, pk, values))
            continue
        d = near.distance(place.lat, place.lng, lat, lng)
        if d <= within.within:
            kept.append((d, pk, values))
    # As the other plans order (models.ORDERINGS), then 近い順 by distance first; the
    # services that come to this home have none and follow the places.
    order.sort_rows(kept, search.criteria.order, lambda row, name: row[2][name], lambda row: row[0])
    kept = kept[: cap + 1]
    search.distances = {row[1]: row[0] for row in kept}
    return [row[1] for row in kept]
