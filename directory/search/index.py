"""Writing the search index: reindex and rebuild, the batching that keeps it current as
the model layer changes, and the sizes of its posting lists that the planner reads."""

from __future__ import annotations

import datetime
import threading
import time
import uuid
import weakref
from collections.abc import Iterable

from django.db import connection, transaction
from django.utils import timezone

from areas.models import Area
from directory import japanese, schedules
from directory.models import IndexStamp, Resource, SearchToken
from directory.search.text import (
    ALL,
    SEPARATOR,
    AreaTree,
    condition_tokens,
    resource_fields,
    search_columns,
    word_tokens,
)

STATS_MAX_AGE = 600.0  # seconds a list's size is trusted for planning
BULK = 1000  # a reindex of this many resources also refreshes the database's statistics


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
    cities: set[int] = set()
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
            cities.add(r.municipality_id)
            if r.status != Resource.Status.PUBLISHED:
                columns.append(("", "", "", r.pk))
                continue
            m, pk = r.municipality_id, r.pk
            tree = trees.get(m) or trees.setdefault(m, AreaTree(m))
            fields = resource_fields(r)
            folded = [(japanese.fold_for_search(text), weight) for text, weight in fields]
            conditions = condition_tokens(r, tree)
            rows.extend((m, token, pk, w) for token, w in japanese.folded_tokens(folded).items())
            rows.extend((m, token, pk, w) for token, w in word_tokens(fields).items())
            rows.extend((m, token, pk, 0) for token in conditions)
            columns.append((*search_columns(folded, conditions), pk))
        with transaction.atomic(), connection.cursor() as cursor:
            SearchToken.objects.filter(resource_id__in=chunk)._raw_delete(connection.alias)
            cursor.executemany(insert, rows)
            cursor.executemany(update, columns)
    touch(cities)
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

    def __init__(self, savepoints: tuple[str, ...]) -> None:
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


def _savepoints() -> tuple[str, ...]:
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
                schedules.weekday_mask(rules, today),
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


# ---------------------------------------------------------------- what caches are keyed by


def touch(municipality_ids: Iterable[int]) -> None:
    """These cities' searchable data changed: give each a new IndexStamp."""
    for m in set(municipality_ids):
        IndexStamp.objects.update_or_create(municipality_id=m, defaults={"stamp": uuid.uuid4().hex})


def stamp(municipality_id: int) -> str:
    """The city's current IndexStamp (one indexed read): a cache key holding it is
    out of date as soon as anything searchable of the city changes, in any process."""
    found = IndexStamp.objects.filter(pk=municipality_id).values_list("stamp", flat=True)
    return next(iter(found), "-")


# ---------------------------------------------------------------- the planner's statistics


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
