"""A city's search in the national installation against the same city alone (issue 15: within
1.5×), with the query plans of the slowest statements (not a test: it prints figures).

    .venv/bin/python bench/national_bench.py [--resources 100000] [--repeat 5] [--explain 6]
    .venv/bin/python bench/national_bench.py --national URL --alone URL   # e.g. PostgreSQL

The two databases are bench/national.py's: every municipality of Japan with N resources, and
千葉市 alone with the very same 千葉市 resources (`national.py --alone 千葉市`); by default the
SQLite files bench/out/national-<N>.sqlite3 and national-<N>-alone.sqlite3. Each runs in a
process of its own (Django binds one database per process), the same mix of searches in
千葉市: search_bench.py's 16 (keyword, category, area, day) and near_bench.py's 12 (near a
town, a postal code, a ward or a position). Per installation:

- every query's answer from search.find() is compared with the naive baseline's
  (bench/baselines.py: naive_find, naive_near) and nothing is timed if any differs;
- the page (request → HTML, pages made every time) and search.find() are timed
  `--repeat` times per query after a warm-up: median and p95 over the mix;
- every SQL statement the mix's pages and searches run is EXPLAINed: a statement reading a
  table of more than 10,000 rows, or one that grows with the resources (resources, index
  rows, schedule rules), without an index is listed (PostgreSQL: a Seq Scan; SQLite:
  a SCAN without an index); then EXPLAIN ANALYZE (SQLite: EXPLAIN QUERY PLAN) of the
  `--explain` slowest statements is printed (PostgreSQL: ranked by its own execution time).

Then the two installations' answers are compared (the same names in the same order on the
first page, the same counts: the same data must give the same answer) and the ratio of
their timings printed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.near_bench import MIX as NEAR_MIX  # noqa: E402
from bench.search_bench import MIX as WORD_MIX  # noqa: E402
from bench.search_bench import OUT, machine, percentile  # noqa: E402

MIX = WORD_MIX + NEAR_MIX
BIG = 10_000  # a table this large must be read through an index


def label(params: dict[str, str]) -> str:
    return "&".join(f"{k}={v}" for k, v in params.items())


KEYWORDS = {"WHERE", "ON", "LEFT", "INNER", "JOIN", "ORDER", "GROUP", "LIMIT", "AS", "USING"}


def scans_without_index(sql: str, plan: list[str], vendor: str, big: set[str]) -> list[str]:
    """The plan's lines that read a big table whole (SQLite's plan names a table by its alias
    in the statement)."""
    big = set(big)
    for table, alias in re.findall(r'(?:FROM|JOIN)\s+"?(\w+)"?(?:\s+(?:AS\s+)?"?(\w+)"?)?', sql):
        if table in big and alias and alias.upper() not in KEYWORDS:
            big.add(alias)
    out = []
    for line in plan:
        if vendor == "postgresql":
            m = re.search(r"Seq Scan on (\w+)", line)
        else:
            m = re.search(r"\bSCAN (\w+)", line)
            if m and ("USING INDEX" in line or "USING COVERING INDEX" in line):
                m = None
        if m and m.group(1) in big:
            out.append(line.strip())
    return out


def explain(sql: str, analyze: bool) -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(("EXPLAIN (ANALYZE, BUFFERS) " if analyze else "EXPLAIN ") + sql)
            return [row[0] for row in cursor.fetchall()]
        cursor.execute("EXPLAIN QUERY PLAN " + sql)
        return [" " * 2 * (row[1] > 0) + str(row[3]) for row in cursor.fetchall()]


def big_tables() -> set[str]:
    from django.apps import apps
    from django.db import connection

    # The tables that grow with the resources count whatever their size today.
    names = {"directory_resource", "directory_searchtoken", "directory_schedulerule"}
    for model in apps.get_models():
        table = model._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM (SELECT 1 FROM {table} LIMIT {BIG + 1}) t")
            if cursor.fetchone()[0] > BIG:
                names.add(table)
    return names


def one(repeat: int, slowest: int) -> dict:
    """Runs in the child process, on DATABASE_URL: the whole measurement of one database."""
    from django.conf import settings
    from django.db import connection
    from django.http import QueryDict
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.baselines import answer_of, differences, naive_find, naive_near
    from directory import search
    from directory.forms import SearchForm
    from directory.models import Resource

    page_size = settings.SASAEAI_PAGE_SIZE
    client = Client()

    def criteria_of(params):
        criteria, _page = SearchForm(QueryDict(urlencode(params))).criteria()
        return criteria

    def find(params):
        return search.find(criteria_of(params), 1, page_size)

    def page(params):
        response = client.get("/search/?" + urlencode(params))
        assert response.status_code == 200, params
        return response

    def naive(params):
        criteria = criteria_of(params)
        return naive_near(criteria, page_size) if criteria.near else naive_find(criteria, page_size)

    pairs = [(label(p), answer_of(find(p)), naive(p)) for p in MIX]
    differ = differences(pairs)
    names = dict(
        Resource.objects.filter(pk__in={i for _, a, _ in pairs for i in a.ids}).values_list(
            "pk", "name"
        )
    )
    answers = {
        lab: [a.count, a.capped, a.fallback, [names[i] for i in a.ids]] for lab, a, _ in pairs
    }
    result = {
        "resources": Resource.objects.count(),
        "chiba": Resource.objects.filter(municipality__code="121002").count(),
        "vendor": connection.vendor,
        "differ": differ,
        "answers": answers,
    }
    if differ:
        return result
    timings: dict[str, dict[str, list[float]]] = {"page": {}, "find": {}, "naive": {}}
    for kind, fn in (("page", page), ("find", find), ("naive", naive)):
        for p in MIX:
            fn(p)  # warm
            runs = timings[kind][label(p)] = []
            for _ in range(repeat):
                started = time.perf_counter()
                fn(p)
                runs.append((time.perf_counter() - started) * 1000)
    result["timings"] = timings
    # Every statement of the mix's pages (which run the search) and searches, explained.
    statements: dict[str, float] = {}
    for p in MIX:
        with CaptureQueriesContext(connection) as captured:
            page(p)
        for q in captured.captured_queries:
            sql = q["sql"]
            if sql.startswith(("SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT", "SET")):
                continue
            statements[sql] = max(statements.get(sql, 0.0), float(q["time"]) * 1000)
    big = big_tables()
    unindexed = []
    for sql in statements:
        found = scans_without_index(sql, explain(sql, analyze=False), connection.vendor, big)
        if found:
            unindexed.append({"sql": sql[:400], "scans": found})
    if connection.vendor == "postgresql":
        # The database's own execution time: a statement's time seen from Python on a
        # shared machine is mostly waiting for a core.
        plans = {sql: explain(sql, analyze=True) for sql in statements}
        for sql, plan in plans.items():
            m = re.search(r"Execution Time: ([\d.]+) ms", plan[-1])
            statements[sql] = float(m.group(1)) if m else statements[sql]
    else:
        plans = {}
    ranked = sorted(statements.items(), key=lambda kv: -kv[1])[:slowest]
    result["statements"] = len(statements)
    result["unindexed"] = unindexed
    result["slowest"] = [
        {"ms": ms, "sql": sql[:600], "plan": plans.get(sql) or explain(sql, analyze=True)}
        for sql, ms in ranked
    ]
    result["big"] = sorted(big)
    return result


def run_child(url: str, repeat: int, slowest: int) -> dict:
    env = dict(os.environ, DATABASE_URL=url)
    out = subprocess.run(
        [sys.executable, __file__, "--child", "--repeat", str(repeat), "--explain", str(slowest)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def summary(name: str, r: dict) -> dict[str, tuple[float, float]]:
    print(
        f"\n## {name}: {r['resources']:,} resources, {r['chiba']:,} in 千葉市 "
        f"({len(MIX)} queries; {r['vendor']})"
    )
    if r["differ"]:
        print("the naive baseline answers differently, so nothing is timed:")
        print("\n".join(r["differ"]))
        return {}
    print(f"the naive baseline gave the same answer to all {len(MIX)} queries")
    figures = {}
    print(f"{'what':36} {'median ms':>10} {'p95 ms':>10}")
    for kind, title in (
        ("page", "page (request → HTML)"),
        ("find", "search.find"),
        ("naive", "naive scan"),
    ):
        for part, keep in (("", None), (" — near", True), (" — words etc.", False)):
            values = [
                t
                for lab, runs in r["timings"][kind].items()
                if keep is None or (("near=" in lab or "lat=" in lab) == keep)
                for t in runs
            ]
            med, p95 = statistics.median(values), percentile(values, 95)
            figures[kind + part] = (med, p95)
            print(f"{title + part:36} {med:10.1f} {p95:10.1f}")
    slow = sorted(r["timings"]["find"].items(), key=lambda kv: -statistics.median(kv[1]))[:3]
    print(
        "slowest searches (median ms): "
        + "; ".join(f"{k} {statistics.median(v):.1f}" for k, v in slow)
    )
    print(
        f"{r['statements']} distinct statements; tables that must be read through an index: "
        f"{', '.join(r['big'])}"
    )
    if r["unindexed"]:
        print(f"{len(r['unindexed'])} statements read a big table without an index:")
        for u in r["unindexed"]:
            print(f"  {u['sql']}\n    " + "\n    ".join(u["scans"]))
    else:
        print("every statement reads its big tables through an index")
    for s in r["slowest"]:
        print(f"\n### {s['ms']:.1f} ms: {s['sql']}")
        print("\n".join("    " + line for line in s["plan"]))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resources", type=int, default=100_000)
    parser.add_argument("--national", default="", help="database URL (default: SQLite file)")
    parser.add_argument("--alone", default="", help="database URL (default: SQLite file)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--explain", type=int, default=6)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        from bench.search_bench import setup_django

        setup_django(None)
        print(json.dumps(one(args.repeat, args.explain), ensure_ascii=False))
        return
    national = args.national or f"sqlite:///{OUT / f'national-{args.resources}.sqlite3'}"
    alone = args.alone or f"sqlite:///{OUT / f'national-{args.resources}-alone.sqlite3'}"
    print(f"# national search benchmark — {machine()}; load average {os.getloadavg()[0]:.1f}")
    results = {}
    for name, url in (("national", national), ("千葉市 alone", alone)):
        results[name] = run_child(url, args.repeat, args.explain)
    figures = {name: summary(name, r) for name, r in results.items()}
    a, b = results["national"]["answers"], results["千葉市 alone"]["answers"]
    same = [k for k in a if a[k] == b[k]]
    print(
        f"\nanswers of the two installations: {len(same)} of {len(a)} the same "
        "(count, 「1,000件以上」, nearest matches, the first page's names in order)"
    )
    for k in a:
        if a[k] != b[k]:
            print(
                f"  differs: {k}: national {a[k][:3]} {a[k][3][:3]}, alone {b[k][:3]} {b[k][3][:3]}"
            )
    if figures["national"] and figures["千葉市 alone"]:
        print(f"\n{'national ÷ alone':36} {'median':>10} {'p95':>10}")
        for key, (med, p95) in figures["national"].items():
            m2, p2 = figures["千葉市 alone"][key]
            print(f"{key:36} {med / m2:9.2f}× {p95 / p2:9.2f}×")


if __name__ == "__main__":
    main()
