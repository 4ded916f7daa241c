"""Import and export benchmark (not a test: it prints figures).

    .venv/bin/python bench/transfer_bench.py [--rows 10000] [--export-size N] [--skip-import]

1. Import of --rows rows in our own format (transfer/columns.py): the Chiba demo exported
   through the exporter, names varied, IDs blanked so every row is new. Timed and measured
   (tracemalloc peak) for importer.preview and importer.commit, against a naive baseline in
   the same run: csv.DictReader over the whole file read into a list, then
   Resource.objects.create per row (no preview, no checks, no history, no reindex). Both
   run in a transaction rolled back afterwards, so the database file stays as it was.
   Its own SQLite file: bench/out/transfer-import.sqlite3 (the demo, built once).
2. Full export at --export-size resources, on bench/search_bench.py's database for that
   size (bench/out/bench-<size>.sqlite3; default: 100,000 if that file exists, else the
   largest one there; build one with `bench/search_bench.py --sizes N`). Streams the HSDS
   API's /api/hsds/services?format=ndjson when that view exists, else our CSV export
   stream (/search/export/?format=csv, every published resource); against a naive
   baseline that reads every resource into a list, then json.dumps the whole list.

Memory is tracemalloc's peak of Python allocations (not the process RSS); tracemalloc
slows Python down, so each time is measured in a run of its own, without it.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from search_bench import machine  # noqa: E402

OUT = ROOT / "bench" / "out"
IMPORT_DB = OUT / "transfer-import.sqlite3"


def setup_django(db_file: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{db_file}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sasaeai.settings")
    import django

    django.setup()


def measured(label: str, func: Callable[[], object]) -> object:
    """Run func twice (once timed, once under tracemalloc) and print both figures."""
    from django.db import reset_queries

    started = time.perf_counter()
    result = func()
    seconds = time.perf_counter() - started
    reset_queries()
    tracemalloc.start()
    func()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"  {label:<46} {seconds:8.2f} s   peak {peak / 2**20:8.1f} MiB")
    return result


def rolled_back(func: Callable[[], object]) -> Callable[[], object]:
    def run() -> object:
        from django.db import transaction

        with transaction.atomic():
            result = func()
            transaction.set_rollback(True)
        return result

    return run


# ---------------------------------------------------------------- 1. import


def import_file(rows: int) -> bytes:
    """Our format, `rows` new rows: the demo's resources again and again, names varied."""
    from directory.models import Resource
    from transfer import exporter

    demo = list(
        exporter.in_chunks(Resource.objects.exclude(status=Resource.Status.DELETED).order_by("pk"))
    )
    table = exporter.our_table(demo, internal=True)
    source = list(table.rows)
    name_at = table.headers.index("名称")
    # The importer takes only 区 and 圏域 codes as 対応地域 (the demo also serves towns).
    served_at = table.headers.index("対応地域コード")

    def varied():
        for i in range(rows):
            row = list(source[i % len(source)])
            row[0] = ""  # no ID: a new resource
            row[name_at] = f"{row[name_at]} その{i + 1}"
            row[served_at] = " ".join(
                c for c in row[served_at].split() if c.split("-")[0] in ("121002", c)
            )
            yield row

    return exporter.drain(exporter.csv_chunks(exporter.Table(table.headers, varied())))


def naive_import(data: bytes, municipality) -> int:
    from directory.models import Resource

    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    for row in rows:
        Resource.objects.create(
            municipality=municipality,
            name=row["名称"],
            kana=row["よみがな"],
            description=row["内容"],
            keywords=row["キーワード"],
            eligibility=row["参加の条件"],
            fee_amount=int(row["料金"]) if row["料金"].isdigit() else None,
            fee_note=row["料金の詳細"],
            venue_name=row["会場名"],
            postal_code=row["郵便番号"],
            address=row["住所"],
            phone=row["電話番号"],
            schedule_note=row["日程の補足"],
        )
    return len(rows)


def bench_import(rows: int) -> None:
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.core.management import call_command

    from areas.models import Area
    from directory.models import Resource
    from transfer import importer

    OUT.mkdir(parents=True, exist_ok=True)
    call_command("migrate", verbosity=0)
    if not Resource.objects.exists():
        from directory.demo import load_chiba_demo

        load_chiba_demo()
    municipality = Area.objects.get(code="121002")
    user, _created = User.objects.get_or_create(username="bench-import")
    data = import_file(rows)
    settings.SASAEAI_IMPORT_MAX_BYTES = max(len(data) + 1, importer.max_bytes())
    settings.SASAEAI_IMPORT_MAX_ROWS = max(rows, importer.max_rows())
    print(f"\n## Import of {rows:,} new rows ({len(data) / 2**20:.1f} MiB CSV, our format)")

    def preview():
        return importer.preview(data, "bench.csv", staff_or_none=None, municipality=municipality)

    result = measured("importer.preview", preview)
    counts = result.counts
    print(f"    preview: {counts}")
    if result.problems or counts.get("error"):
        first = next((r for r in result.rows if r.errors), None)
        print(f"    cannot commit: {result.problems or first.errors[:2]}")
    else:
        measured(
            "importer.preview + importer.commit",
            rolled_back(lambda: importer.commit(preview(), user)),
        )
    measured(
        "naive: read all, Resource.objects.create per row",
        rolled_back(lambda: naive_import(data, municipality)),
    )


# ---------------------------------------------------------------- 2. export


def export_db(size: int | None) -> tuple[Path, int] | None:
    if size:
        path = OUT / f"bench-{size}.sqlite3"
        return (path, size) if path.exists() else None
    found = sorted(
        (int(p.stem.split("-")[1]), p)
        for p in OUT.glob("bench-*.sqlite3")
        if p.stem.split("-")[1].isdigit()
    )
    if not found:
        return None
    for n, p in found:
        if n == 100_000:
            return p, n
    n, p = found[-1]
    return p, n


def streamed(view, path: str) -> Callable[[], int]:
    from django.test import RequestFactory

    def run() -> int:
        response = view(RequestFactory().get(path))
        total = 0
        for chunk in response.streaming_content:
            total += len(chunk)
        return total

    return run


def naive_export() -> int:
    from directory.models import Resource
    from transfer.columns import resource_row

    everything = list(
        Resource.objects.published()
        .select_related("provider", "town", "municipality")
        .prefetch_related("categories", "served_areas", "schedule_rules")
    )
    rows = [resource_row(r, internal=False) for r in everything]
    return len(json.dumps(rows, ensure_ascii=False).encode())


def bench_export(size: int | None) -> None:
    found = export_db(size)
    if found is None:
        print("\n## Export: no bench/out/bench-<size>.sqlite3; run bench/search_bench.py first")
        return
    path, n = found
    setup_django(path)
    from django.core.management import call_command
    from django.urls import resolve

    from directory.models import Resource
    from transfer import export_views

    call_command("migrate", verbosity=0)  # as search_bench.py does before each run
    published = Resource.objects.published().count()
    print(f"\n## Full export, {n:,}-resource database ({published:,} published): {path.name}")
    streams = [("CSV", export_views.search_export, "/search/export/?format=csv")]
    try:
        match = resolve("/api/hsds/services")
        streams.insert(0, ("API ndjson", match.func, "/api/hsds/services?format=ndjson"))
    except Exception as error:  # not routed yet, or the API module does not import yet
        print(f"  (the HSDS API's /api/hsds/services is not usable: {type(error).__name__};")
        print("   measuring our CSV export stream only)")
    for label, view, url in streams:
        size_bytes = measured(f"streamed {label}: {url}", streamed(view, url))
        print(f"    {size_bytes / 2**20:.1f} MiB streamed")
    measured("naive: list of every resource, then json.dumps", naive_export)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--export-size", type=int, default=None)
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument("--skip-export", action="store_true")
    args = parser.parse_args()
    print(f"# sasaeai import/export benchmark — {machine()}")
    if not args.skip_import:
        setup_django(IMPORT_DB)
        bench_import(args.rows)
    if not args.skip_export:
        if not args.skip_import:
            from django.db import connections

            connections.close_all()
            # Django's settings are read once per process: run the export in a fresh one.
            os.execv(
                sys.executable,
                [sys.executable, __file__, "--skip-import", "--rows", str(args.rows)]
                + (["--export-size", str(args.export_size)] if args.export_size else []),
            )
        bench_export(args.export_size)


if __name__ == "__main__":
    main()
