"""Exporting 地域資源: rows in, bytes out, streamed.

Every function here is a generator or works on one: rows are read from the database in
chunks, written one by one and yielded, so no export holds a whole file in memory.

- `public_resources()` / `office_resources()`: the resources of a public search (the same
  criteria as /search/, published only) or of the back office's filtered list.
- `our_table()` / transfer.opendata.table(): headers and a generator of rows of strings.
- `csv_chunks()`: UTF-8 with a BOM (Excel opens it right) or CP932. Characters CP932
  cannot hold become 〓; `cp932_check()` lists them beforehand (the download page shows
  the list, the response header carries the count).
- `xlsx_chunks()`: openpyxl's write-only mode into a SpooledTemporaryFile, streamed out in
  chunks.

CSV injection: a text cell that a spreadsheet could take for a formula (it begins with
= + - @, a tab or a carriage return, possibly after single quotes) gets one single quote
in front in CSV (`neutralise()`); in .xlsx every cell is written as a string, never as a
formula. The importer removes that one quote again (see `unneutralise()`), so our own
format round-trips.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db.models import QuerySet

from directory import search
from directory.models import Resource
from sasaeai.lib.csvwrite import (  # noqa: F401 (re-exported: export_views, reading, tests)
    REPLACEMENT,
    cp932_safe,
    csv_lines,
    neutralise,
    unneutralise,
)
from sasaeai.lib.downloads import (  # noqa: F401 (export_views calls exporter.filename)
    content_disposition,
    filename,
)
from transfer.columns import columns, resource_row

CHUNK_ROWS = 500  # resources read from the database at a time
XLSX_CHUNK_BYTES = 64 * 1024
XLSX_MEMORY_BYTES = 4 * 1024 * 1024  # beyond this the workbook spills to a temporary file
PREFETCH = ("categories", "served_areas", "schedule_rules")
RELATED = ("provider", "town", "municipality", "place_area")


# ---------------------------------------------------------------- which resources


def in_chunks(queryset: QuerySet[Resource]) -> Iterator[Resource]:
    """Resources with what a row needs, read CHUNK_ROWS at a time (never all at once)."""
    return (
        queryset.select_related(*RELATED)
        .prefetch_related(*PREFETCH)
        .iterator(chunk_size=CHUNK_ROWS)
    )


def by_ids(ids: list[int]) -> Iterator[Resource]:
    """These resources in this order, CHUNK_ROWS at a time."""
    for start in range(0, len(ids), CHUNK_ROWS):
        chunk = ids[start : start + CHUNK_ROWS]
        found = (
            Resource.objects.filter(pk__in=chunk)
            .select_related(*RELATED)
            .prefetch_related(*PREFETCH)
            .in_bulk()
        )
        yield from (found[pk] for pk in chunk if pk in found)


def public_resources(criteria: search.Criteria) -> Iterator[Resource]:
    """The resources of a public search, in the order of its result pages.

    With words, the search itself ranks and caps the result (search.COUNT_CAP, the
    page says 「1,000件以上」), so the export holds what the pages hold; so does a search
    near a place. Without words
    every condition is a plain filter: the export then holds every match, however many
    (a whole city's open data), in the pages' order.
    """
    if criteria.q.strip() or criteria.near:
        # Near a place: the distance is worked out by the search, not by a filter.
        outcome = search.find(criteria, 1, search.COUNT_CAP)
        return by_ids(list(outcome.resources))
    # The pages' order without words: models.ORDERINGS, the search's own definition.
    return in_chunks(search.filtered(criteria).in_order(criteria.order))


# ---------------------------------------------------------------- our own format


@dataclass
class Table:
    """Headers and a generator of rows (lists of strings, the same length)."""

    headers: list[str]
    rows: Iterable[list[str]]
    names: list[str] = field(default_factory=list)  # the rows' resource names, for reports


def our_table(resources: Iterable[Resource], *, internal: bool) -> Table:
    """Our column format (transfer/columns.py): what the importer reads back unchanged."""
    cols = columns(internal=internal)

    def rows() -> Iterator[list[str]]:
        for resource in resources:
            cells = resource_row(resource, internal=internal)
            yield [cells[c.key] for c in cols]

    return Table([c.header for c in cols], rows())


# ---------------------------------------------------------------- cells


@dataclass(frozen=True)
class Replacement:
    row: int  # the file's line: 1 is the header row
    column: str
    name: str  # the resource's name, so a person can find the row
    characters: str  # the characters replaced (each once, in order)
    similar: bool = False  # True: written as a look-alike (〜 → ～), not as 〓


def cp932_check(table: Table, name_column: int = 1) -> Iterator[Replacement]:
    """Every cell whose characters CP932 cannot hold, row by row (consumes table.rows)."""
    for number, row in enumerate(table.rows, start=2):
        name = row[name_column] if len(row) > name_column else ""
        for header, value in zip(table.headers, row, strict=False):
            _safe, lost, similar = cp932_safe(value)
            if lost:
                yield Replacement(number, header, name, lost)
            if similar:
                yield Replacement(number, header, name, similar, similar=True)


# ---------------------------------------------------------------- files


def csv_chunks(table: Table, *, encoding: str = "utf-8") -> Iterator[bytes]:
    """The table as CSV (CRLF line ends, every cell neutralised), one row per chunk.

    encoding "utf-8" starts with a BOM; "cp932" writes 〓 for what it cannot hold.
    """
    return csv_lines(table.headers, table.rows, encoding=encoding)


def xlsx_chunks(table: Table, *, title: str = "地域資源") -> Iterator[bytes]:
    """The table as an Excel workbook; every cell a string (never a formula)."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])

    def cells(values: list[str]) -> list:
        out = []
        for value in values:
            cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
            cell.data_type = "s"  # text, even when it starts with "="
            out.append(cell)
        return out

    sheet.append(cells(table.headers))
    for row in table.rows:
        sheet.append(cells(row))
    with tempfile.SpooledTemporaryFile(max_size=XLSX_MEMORY_BYTES) as spool:
        workbook.save(spool)
        spool.seek(0)
        while chunk := spool.read(XLSX_CHUNK_BYTES):
            yield chunk


def drain(chunks: Iterable[bytes]) -> bytes:
    """All chunks joined (tests and small files only)."""
    buffer = io.BytesIO()
    for chunk in chunks:
        buffer.write(chunk)
    return buffer.getvalue()
