"""How well 近くを探す understands places as residents type them: areas.places.understand
against data/place_phrases.tsv (151 cases over 千葉市・船橋市・松戸市, see PHRASES_SOURCES.md).

The three cities' real towns (data/japan_towns.csv.gz), Chiba's 圏域 and stations are loaded
into a scratch SQLite database, exactly as load_demo loads Chiba; then each case runs through
the product's own resolver over the case's cities.

A case is understood when:
- town, towns, address, postal, ward, sphere, station: one place is given, and its point lies
  within the case's tolerance of the expected point (or it is one of the case's further
  acceptable readings, by name);
- ambiguous: a choice is offered, and every expected candidate is among the choices;
- suggest: no place is given, and at least one expected name is among the suggestions;
- none: no place and no choice is given.

Baselines (printed beside): always the city's centre; a random town of the city (seed 11).

    .venv/bin/python search_eval/places.py            # hit rate per split and class
    .venv/bin/python search_eval/places.py --misses   # also the dev cases missed

Tune on dev only; held is measured, never looked at to tune.
"""

from __future__ import annotations

import atexit
import csv
import math
import os
import random
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CASES = Path(__file__).with_name("data") / "place_phrases.tsv"
CITIES = {"121002": ("千葉県", "千葉市", "12100"), "122041": ("千葉県", "船橋市", "12204"),
          "122076": ("千葉県", "松戸市", "12207")}  # fmt: skip
POINT_KINDS = {"town", "towns", "address", "postal", "ward", "sphere", "station"}


def load_cases(path: Path = CASES) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def metres(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lng2 - lng1) / 2) ** 2
    )
    return 2 * 6_371_000 * math.asin(min(1.0, math.sqrt(a)))


def _setup() -> None:
    """A scratch database with the three cities, as the product loads them."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sasaeai.settings")
    os.environ.setdefault("SASAEAI_DEMO", "1")
    handle, scratch = tempfile.mkstemp(suffix=".sqlite3")
    os.close(handle)
    atexit.register(lambda: Path(scratch).unlink(missing_ok=True))  # scratch: gone after
    os.environ["DATABASE_URL"] = "sqlite:///" + scratch
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from areas import loader

    loader.load_chiba()
    for code, (prefecture, name, code5) in CITIES.items():
        if code != "121002":
            loader.load_municipality(prefecture, name, code5)


def _names(spot: Any) -> set[str]:
    return {spot.full_name, spot.name, *spot.names}


def _fits(spot: Any, candidate: str) -> bool:
    """A `kind:name` entry of the set against a spot (sphere names are the center's)."""
    kind, _, name = candidate.partition(":")
    names = _names(spot)
    if kind == "sphere":
        name = name.removesuffix(" 圏域")
        return spot.kind == "sphere" and any(n.endswith(name) for n in names)
    if kind in ("town", "towns"):
        return spot.kind in ("town", "towns", "postal") and name in names
    return name in names


@dataclass
class Verdict:
    right: bool
    got: str


def judge(case: dict[str, str], result: Any) -> Verdict:
    kind = case["expected_kind"]
    candidates = [c for c in case["candidates"].split("|") if c]
    if result.spot is not None:
        got = f"{result.spot.kind}:{result.spot.name} ({result.spot.precision})"
    elif result.choices:
        got = "choices: " + " | ".join(f"{s.kind}:{s.full_name}" for s in result.choices)
    else:
        got = "suggest: " + " | ".join(f"{s.kind}:{s.full_name}" for s in result.suggestions)
    if kind in POINT_KINDS:
        spot = result.spot
        if spot is None:
            return Verdict(False, got)
        d = metres(spot.lat, spot.lng, float(case["lat"]), float(case["lng"]))
        ok = d <= float(case["tolerance_m"]) or any(_fits(spot, c) for c in candidates)
        return Verdict(ok, f"{got} {d:.0f}m")
    if kind == "ambiguous":
        ok = result.spot is None and all(
            any(_fits(s, c) for s in result.choices) for c in candidates
        )
        return Verdict(ok, got)
    if kind == "suggest":
        ok = result.spot is None and any(
            _fits(s, c) for s in [*result.suggestions, *result.choices] for c in candidates
        )
        return Verdict(ok, got)
    return Verdict(result.spot is None and not result.choices, got)


def _point_baseline(case: dict[str, str], lat: float, lng: float) -> bool:
    if case["expected_kind"] not in POINT_KINDS:
        return False
    d = metres(lat, lng, float(case["lat"]), float(case["lng"]))
    return d <= float(case["tolerance_m"])


def main(argv: list[str]) -> int:
    show_misses = "--misses" in argv
    _setup()
    from areas.models import Area
    from areas.places import understand

    cities = {a.code: a for a in Area.objects.municipalities()}
    towns: dict[str, list[tuple[float, float]]] = {
        code: list(
            Area.objects.within(a).towns().filter(lat__isnull=False).values_list("lat", "lng")
        )
        for code, a in cities.items()
    }
    rng = random.Random(11)
    score: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # hits, n, centre, random
    by_class: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    misses: list[str] = []
    for case in load_cases():
        codes = case["municipality_code"].split()
        result = understand([cities[c] for c in codes], case["typed"])
        verdict = judge(case, result)
        first = cities[codes[0]]
        random_town = rng.choice(towns[codes[0]])
        row = score[case["split"]]
        row[0] += verdict.right
        row[1] += 1
        row[2] += _point_baseline(case, first.lat or 0, first.lng or 0)
        row[3] += _point_baseline(case, *random_town)
        klass = case["comment"].split("]")[0].lstrip("[")
        by_class[(case["split"], klass)][0] += verdict.right
        by_class[(case["split"], klass)][1] += 1
        if not verdict.right and case["split"] == "dev":
            misses.append(
                f"{case['id']} {case['typed']!r} [{case['expected_kind']}] → {verdict.got}"
            )
    print("split  understood      city centre    random town")
    for split in ("dev", "held"):
        hits, n, centre, rand = score[split]
        print(
            f"{split:5}  {hits:3}/{n} ({hits / n:4.0%})  "
            f"{centre:3}/{n} ({centre / n:4.0%})  {rand:3}/{n} ({rand / n:4.0%})"
        )
    print()
    print("class        dev       held")
    for klass in sorted({k for _s, k in by_class}):
        d, h = by_class[("dev", klass)], by_class[("held", klass)]
        print(f"{klass:10} {d[0]:3}/{d[1]:<3}  {h[0]:3}/{h[1]:<3}")
    if show_misses:
        print("\nDev misses:")
        for line in misses:
            print(" ", line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
