"""「近くを探す」 benchmark: a search near a place at 100,000 resources, against a naive scan
that measures the distance to every resource of the city (not a test: it prints figures).

    .venv/bin/python bench/near_bench.py [--size 100000] [--repeat 5]

Uses bench/search_bench.py's database for the size (bench/out/bench-<size>.sqlite3, built
once and reused; all resources in 千葉市, the worst case for one city). Each query of the
mix is a place (a town name, a postal code or a phone's position) with a distance, some
with words or conditions, run `--repeat` times after a warm-up:
- search: search.find() (the box on the resource_by_point index, then the exact distance);
- page: the whole /search/ page through Django's test client;
- naive: every published resource of the city read with its point and served areas, the
  distance computed for each in Python, filtered and sorted (what one writes first; words
  and conditions read as the search reads them: bench/baselines.py).
Before timing, every query's answer from both is compared (count, 「1,000件以上」, nearest
matches, the page's ids in order); if any differs, the differences are printed and the naive
scan is neither timed nor compared.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.search_bench import OUT, build, machine, percentile, setup_django  # noqa: E402

MIX = [
    {"near": "院内1丁目", "within": "500"},
    {"near": "院内1丁目", "within": "1000"},
    {"near": "院内1丁目", "within": "5000"},
    {"near": "260-0852", "within": "1000"},
    {"near": "幸町1丁目", "within": "2000"},
    {"near": "おゆみ野中央8丁目", "within": "1000"},
    {"near": "中央区", "within": "2000"},
    {"lat": "35.6473", "lng": "140.0414", "within": "1000"},  # 海浜幕張 by position
    {"near": "院内1丁目", "within": "1000", "q": "体操"},
    {"near": "院内1丁目", "within": "2000", "category": "5.1.1"},
    {"near": "260-0852", "within": "1000", "day": "wed"},
    {"near": "院内1丁目", "within": "1000", "order": "next"},
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    setup_django(OUT / f"bench-{args.size}.sqlite3")
    build(args.size)

    from django.conf import settings
    from django.http import QueryDict
    from django.test import Client
    from django.test.utils import setup_test_environment

    from bench.baselines import answer_of, differences, naive_near
    from directory import search
    from directory.forms import SearchForm
    from directory.models import Resource

    setup_test_environment()
    client = Client()
    published = Resource.objects.published().count()
    print(f"# 「近くを探す」 benchmark — {machine()}")
    print(f"{published:,} published resources in 千葉市 (SQLite); {len(MIX)} queries")
    print(f"× {args.repeat} runs after a warm-up\n")

    page_size = settings.SASAEAI_PAGE_SIZE
    cases, answers = [], []
    for params in MIX:
        criteria, _page = SearchForm(QueryDict(urlencode(params))).criteria()
        assert criteria.near is not None, params
        label = "&".join(f"{k}={v}" for k, v in params.items())
        mine = answer_of(search.find(criteria, 1, page_size))
        cases.append((params, criteria, label, mine))
        answers.append((label, mine, naive_near(criteria, page_size)))
    differ = differences(answers)
    names = ["search", "page"] if differ else ["search", "page", "naive"]

    rows = []
    timings: dict[str, list[float]] = {name: [] for name in names}
    for params, criteria, label, mine in cases:
        jobs = {
            "search": lambda c=criteria: search.find(c, 1, page_size),
            "page": lambda p=params: client.get("/search/", p),
            "naive": lambda c=criteria: naive_near(c, page_size),
        }
        medians = []
        for name in names:
            job = jobs[name]
            job()
            runs = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                job()
                runs.append((time.perf_counter() - started) * 1000)
            timings[name] += runs
            medians.append(statistics.median(runs))
        found = f"{mine.count:,}{'+' if mine.capped else ''}"
        rows.append((label, found, medians))

    print(f"{'query':48} {'found':>6} " + " ".join(f"{n:>8}" for n in names) + "  (median ms)")
    for label, found, medians in rows:
        print(f"{label:48} {found:>6} " + " ".join(f"{m:8.1f}" for m in medians))
    print()
    for name, values in timings.items():
        print(
            f"{name:7} median {statistics.median(values):7.1f} ms   "
            f"p95 {percentile(values, 95):7.1f} ms"
        )
    if differ:
        print("\nthe naive scan answers differently, so it is not compared:")
        print("\n".join(differ))
        return
    print(f"\nthe naive scan gave the same answer to all {len(MIX)} queries")
    ratio = statistics.median(timings["naive"]) / statistics.median(timings["search"])
    print(f"search is {ratio:.1f}× faster than the naive scan at the median")


if __name__ == "__main__":
    main()
