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
  distance computed for each in Python, filtered and sorted (what one writes first).
The naive result is checked against the search's, so both do the same job.
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


def naive(criteria) -> set[int]:
    """Every resource of the city (conditions as plain filters), each distance in Python."""
    from directory import near, search
    from directory.models import Resource

    place, within = criteria.near.place, criteria.near.within
    home = set(criteria.near.home_areas())
    qs = search.filtered(search.Criteria(**{**criteria.__dict__, "near": None, "q": ""}))
    served: dict[int, set[int]] = {}
    through = Resource.served_areas.through.objects.filter(
        resource__in=qs.values("pk")
    ).values_list("resource_id", "area_id")
    for resource_id, area_id in through:
        served.setdefault(resource_id, set()).add(area_id)
    found = []
    for pk, lat, lng, text in qs.values_list("pk", "lat", "lng", "search_text"):
        if criteria.q and criteria.q not in text:
            continue
        if pk in served:
            if served[pk] & home:
                found.append((0.0, pk))
        elif lat is not None and (d := near.distance(place.lat, place.lng, lat, lng)) <= within:
            found.append((d, pk))
    found.sort()
    return {pk for _d, pk in found}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    setup_django(OUT / f"bench-{args.size}.sqlite3")
    build(args.size)

    from django.http import QueryDict
    from django.test import Client
    from django.test.utils import setup_test_environment

    from directory import search
    from directory.forms import SearchForm
    from directory.models import Resource

    setup_test_environment()
    client = Client()
    published = Resource.objects.published().count()
    print(f"# 「近くを探す」 benchmark — {machine()}")
    print(f"{published:,} published resources in 千葉市 (SQLite); {len(MIX)} queries")
    print(f"× {args.repeat} runs after a warm-up\n")

    rows = []
    timings: dict[str, list[float]] = {"search": [], "page": [], "naive": []}
    for params in MIX:
        criteria, _page = SearchForm(QueryDict(urlencode(params))).criteria()
        assert criteria.near is not None, params
        outcome = search.find(criteria)
        if not criteria.q:  # the naive scan takes words as a plain substring: compare without
            full = search.Search(criteria, None)
            assert set(full.candidates()) == naive(criteria) or full.count()[1], params
        mine: dict[str, list[float]] = {"search": [], "page": [], "naive": []}
        jobs = {
            "search": lambda c=criteria: search.find(c),
            "page": lambda p=params: client.get("/search/", p),
            "naive": lambda c=criteria: naive(c),
        }
        for name, job in jobs.items():
            job()
            for _ in range(args.repeat):
                started = time.perf_counter()
                job()
                mine[name].append((time.perf_counter() - started) * 1000)
            timings[name] += mine[name]
        label = "&".join(f"{k}={v}" for k, v in params.items())
        rows.append((label, outcome.count, *(statistics.median(mine[n]) for n in mine)))

    print(f"{'query':48} {'found':>6} {'search':>8} {'page':>8} {'naive':>8}  (median ms)")
    for label, count, s, p, n in rows:
        print(f"{label:48} {count:>6,} {s:8.1f} {p:8.1f} {n:8.1f}")
    print()
    for name, values in timings.items():
        print(
            f"{name:7} median {statistics.median(values):7.1f} ms   "
            f"p95 {percentile(values, 95):7.1f} ms"
        )
    ratio = statistics.median(timings["naive"]) / statistics.median(timings["search"])
    print(f"\nsearch is {ratio:.1f}× faster than the naive scan at the median")


if __name__ == "__main__":
    main()
