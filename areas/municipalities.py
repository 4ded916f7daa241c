"""Japan's municipalities by 全国地方公共団体コード: data/municipalities.csv (built by
scripts/build_municipalities.py from Japan Post's data and the shipped towns file).

Every command that takes a municipality accepts its code with 5 digits (12204) or 6 (122041,
the 6th the check digit of JIS X 0401/0402); :func:`six_digits` reads either and refuses a
wrong check digit in Japanese.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.conf import settings

from areas.models import lg_check_digit

FILE = Path(settings.BASE_DIR) / "data" / "municipalities.csv"


@dataclass
class Entry:
    code: str  # 6 digits
    prefecture: str
    name: str  # as the towns file writes it (「船橋市」「印旛郡酒々井町」)
    kana: str
    wards: dict[str, str] = field(default_factory=dict)  # 政令市: ward name → 6-digit code
    ward_kana: dict[str, str] = field(default_factory=dict)


def six_digits(text: str) -> str:
    """「12204」「122041」「１２２０４」 → "122041"; a Japanese ValueError for anything else."""
    code = unicodedata.normalize("NFKC", str(text)).strip()
    if not re.fullmatch(r"[0-9]{5,6}", code):
        raise ValueError(
            f"市区町村コード「{text}」は、5桁か6桁の数字で書いてください"
            "（全国地方公共団体コード。例: 船橋市は 12204 または 122041）。"
        )
    right = code[:5] + lg_check_digit(code[:5])
    if len(code) == 6 and code != right:
        raise ValueError(
            f"市区町村コード「{code}」の6桁目（検査数字）が合いません。"
            f"{code[:5]} の6桁のコードは {right} です。"
        )
    return right


@cache
def _entries() -> dict[str, Entry]:
    entries: dict[str, Entry] = {}
    with open(FILE, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        if row["kind"] == "municipality":
            entries[row["code"]] = Entry(row["code"], row["prefecture"], row["name"], row["kana"])
    for row in rows:
        if row["kind"] == "ward":
            city = entries[row["parent"]]
            city.wards[row["name"]] = row["code"]
            city.ward_kana[row["name"]] = row["kana"]
    return entries


def lookup(text: str) -> Entry:
    """The municipality of a 5- or 6-digit code; a Japanese ValueError when there is none."""
    code = six_digits(text)
    entry = _entries().get(code)
    if entry is None:
        raise ValueError(
            f"市区町村コード {code} の市区町村は、同梱の一覧（data/municipalities.csv）にありません。"
            "コードを確かめてください（政令市の区ではなく、市のコードです）。"
        )
    return entry


def installed(text: str):
    """The municipality of a 5- or 6-digit code on this installation; a Japanese ValueError
    when the code is malformed or the city has not been added (manage.py add_municipality)."""
    from areas.models import Area

    code = six_digits(text)
    area = Area.objects.municipalities().filter(code=code).first()
    if area is None:
        raise ValueError(
            f"市区町村 {code} はまだ登録されていません。manage.py add_municipality {code} で登録してください。"
        )
    return area
