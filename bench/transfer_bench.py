"""Import and export benchmark (not a test: it prints figures).

    .venv/bin/python bench/transfer_bench.py [--rows 10000] [--export-size N] [--skip-import]

1. Import of --rows rows in our own format (transfer/columns.py): the Chiba demo exported
   through the exporter, names varied, IDs blanked so every row is new. Timed and measured
   (tracemalloc peak) for importer.preview and importer.commit, in a transaction rolled back
   afterwards, so the database file stays as it was. No naive baseline: one that made the
   same resources (categories, schedules, served areas, checks, history, index) would be
   the importer again, and one that does less answers another question.
   Its own SQLite file: bench/out/transfer-import.sqlite3 (the demo, built once).
2. Full export at --export-size resources, on bench/search_bench.py's database for that
   size (bench/out/bench-<size>.sqlite3; default: 100,000 if that file exists, else the
   largest one there; build one with `bench/search_bench.py --sizes N`). Streams our CSV
   export (/search/export/?format=csv, every published resource) and, when that view
   exists, the HSDS API's /api/hsds/services?format=ndjson; against a naive baseline that
   reads every resource and row into lists, then writes the whole CSV in memory. The naive
   file must be byte for byte the streamed CSV (compared by SHA-256), or it is not shown.

Memory is tracemalloc's peak of Python allocations (not the process RSS); tracemalloc
slows Python down, so each time is measured in a run of its own, without it.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import os
import secrets
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
    os.environ.setdefault("SASAEAI_SECRET_KEY", secrets.token_urlsafe(50))  # a run's own
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


def bench_import(rows: int) -> None:
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.core.management import call_command

    from areas.models import Area
    from directory.models import Resource
    from office.models import Staff
    from transfer import importer, limits

    OUT.mkdir(parents=True, exist_ok=True)
    call_command("migrate", verbosity=0)
    if not Resource.objects.exists():
        from directory.demo import load_chiba_demo

        load_chiba_demo()
    municipality = Area.objects.get(code="121002")
    user, _created = User.objects.get_or_create(username="bench-import")
    # A 管理者: an import may save resources anywhere in the city.
    Staff.objects.get_or_create(user=user, defaults={"role": Staff.Role.ADMIN})
    data = import_file(rows)
    settings.SASAEAI_IMPORT_MAX_BYTES = max(len(data) + 1, limits.max_bytes())
    settings.SASAEAI_IMPORT_MAX_ROWS = max(rows, limits.max_rows())
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


def streamed(view, path: str) -> Callable[[], tuple[int, str]]:
    """The response streamed and thrown away chunk by chunk: (bytes, SHA-256)."""
    from django.test import RequestFactory

    def run() -> tuple[int, str]:
        response = view(RequestFactory().get(path))
        digest = hashlib.sha256()
        total = 0
        for chunk in response.streaming_content:
            total += len(chunk)
            digest.update(chunk)
        return total, digest.hexdigest()

    return run


def naive_csv() -> tuple[int, str]:
    """What /search/export/?format=csv holds, made the naive way: every published resource
    of the city read into a list, every row built into a list, the whole file written in
    memory, then sent at once."""
    from django.db.models import F

    from directory import search
    from directory.forms import default_municipality
    from directory.models import Resource
    from transfer import exporter

    criteria = search.Criteria(municipality=default_municipality())
    everything = list(
        search.filtered(criteria)
        .order_by(F("confirmed_on").desc(nulls_last=True), "kana", "pk")
        .select_related(*exporter.RELATED)
        .prefetch_related(*exporter.PREFETCH)
    )
    assert all(r.status == Resource.Status.PUBLISHED for r in everything)
    table = exporter.our_table(everything, internal=False)
    rows = list(table.rows)
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(table.headers)
    writer.writerows([exporter.neutralise(c) for c in row] for row in rows)
    data = b"\xef\xbb\xbf" + text.getvalue().encode("utf-8")
    return len(data), hashlib.sha256(data).hexdigest()


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
    csv_url = "/search/export/?format=csv"
    streamed_csv = measured(
        f"streamed CSV: {csv_url}", streamed(export_views.search_export, csv_url)
    )
    print(f"    {streamed_csv[0] / 2**20:.1f} MiB streamed")
    try:
        match = resolve("/api/hsds/services")
    except Exception as error:  # not routed yet, or the API module does not import yet
        print(f"  (the HSDS API's /api/hsds/services is not usable: {type(error).__name__})")
    else:
        url = "/api/hsds/services?format=ndjson"
        size_bytes, _digest = measured(f"streamed API ndjson: {url}", streamed(match.func, url))
        print(f"    {size_bytes / 2**20:.1f} MiB streamed (no naive baseline: not compared)")
    # The naive CSV is shown only if it is the very file the stream sends.
    naive = naive_csv()
    if naive != streamed_csv:
        print("  naive CSV differs from the streamed one (size, SHA-256): not compared")
        return
    measured("naive: everything in lists, the CSV written in memory", naive_csv)
    print("    byte for byte the streamed CSV")


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
