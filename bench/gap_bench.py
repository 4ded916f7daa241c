"""Gap map benchmark: how many resources lie within walking distance (800 m) of each town,
by fieldwork/gaps.py's grid (gaps.counts) against the naive scan of every town × every
resource (gaps.naive_counts), in the same run, with the same answers asserted.

    .venv/bin/python bench/gap_bench.py [--repeat 7] [--sample 200]

Two generated cities (fixed seeds, so every run measures the same points), laid out as a
city is: towns on a jittered grid about 350 m apart around 千葉市's middle, resources
clustered around towns (a 公民館 holds several activities) with a share scattered:
- 500 towns, 1,200 resources (千葉市's size for 通いの場);
- 5,000 towns, 100,000 resources.
The grid is timed `--repeat` times (median and p95). The naive scan is timed in full for the
small city; for the large one (500 million distances, minutes in Python) it runs on
`--sample` towns chosen at random, its time is scaled to all towns (said so), and the
grid's answers for those towns are asserted equal to it. Not a test: tests never time.
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.search_bench import machine, percentile, setup_django  # noqa: E402

CENTRE = (35.6073, 140.1063)
SPACING_M = 350
GOALS_MS = {500: 200.0, 5000: 2000.0}


def city(towns: int, resources: int, seed: int) -> tuple[list, list]:
    rng = random.Random(seed)
    side = math.ceil(math.sqrt(towns))
    dlat = SPACING_M / 111_195
    dlng = SPACING_M / (111_195 * math.cos(math.radians(CENTRE[0])))
    lat0 = CENTRE[0] - side / 2 * dlat
    lng0 = CENTRE[1] - side / 2 * dlng
    town_points = [
        (
            lat0 + (k // side + rng.uniform(-0.3, 0.3)) * dlat,
            lng0 + (k % side + rng.uniform(-0.3, 0.3)) * dlng,
        )
        for k in range(towns)
    ]
    venues = rng.sample(town_points, max(1, towns // 10))
    points = []
    for _ in range(resources):
        if rng.random() < 0.95:
            lat, lng = rng.choice(venues)
            points.append((lat + rng.gauss(0, 0.3) * dlat, lng + rng.gauss(0, 0.3) * dlng))
        else:
            points.append((lat0 + rng.uniform(0, side) * dlat, lng0 + rng.uniform(0, side) * dlng))
    return town_points, points


def timed(fn, *args) -> tuple[float, list[int]]:
    started = time.perf_counter()
    out = fn(*args)
    return (time.perf_counter() - started) * 1000, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--sample", type=int, default=200)
    args = parser.parse_args()
    setup_django(None)
    from fieldwork import gaps

    metres = gaps.DEFAULT_METRES
    print(f"machine: {machine()}")
    print(f"walking distance: {metres} m")
    failed = False
    for n_towns, n_resources, seed in ((500, 1_200, 12), (5_000, 100_000, 13)):
        towns, resources = city(n_towns, n_resources, seed)
        timings = []
        answer: list[int] = []
        for _ in range(args.repeat):
            ms, answer = timed(gaps.counts, towns, resources, metres)
            timings.append(ms)
        if n_towns <= 1000:
            naive_ms, expected = timed(gaps.naive_counts, towns, resources, metres)
            assert answer == expected, "the grid and the naive scan differ"
            checked, naive_note = n_towns, f"{naive_ms:,.0f} ms"
        else:
            picked = random.Random(seed).sample(range(n_towns), args.sample)
            ms, expected = timed(gaps.naive_counts, [towns[i] for i in picked], resources, metres)
            assert [answer[i] for i in picked] == expected, "the grid and the naive scan differ"
            checked = len(picked)
            naive_note = (
                f"{ms * n_towns / len(picked):,.0f} ms "
                f"(scaled from {len(picked)} towns: {ms:,.0f} ms)"
            )
        median, p95 = statistics.median(timings), percentile(timings, 95)
        goal = GOALS_MS[n_towns]
        failed |= median >= goal
        covered = sum(1 for c in answer if c)
        print(
            f"{n_towns:,} towns × {n_resources:,} resources: grid median {median:,.1f} ms, "
            f"p95 {p95:,.1f} ms (goal < {goal:,.0f} ms{'' if median < goal else ' — MISSED'}); "
            f"naive {naive_note}; same answers for {checked:,} towns; "
            f"{covered:,} towns with at least one, {n_towns - covered:,} with none"
        )
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
