"""Landmarks: a municipality's list of places people name (stations, 公民館), from a CSV.

The CSV has a header row and the columns 名称/name, よみがな/kana, 種別/kind (駅 or 施設),
緯度/lat, 経度/lng. The whole file is checked before anything is written: one bad line and
nothing is imported, and each error names its line and field in Japanese. A row whose name
and kind are already on the list updates that landmark.

:func:`load_chiba_stations` loads the shipped stations of 千葉市 (data/chiba_stations.csv,
国土数値情報 鉄道データ N02, one row per station and line: a station stands at the mean of its
lines' points).
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from areas.loader import DATA_DIR
from areas.models import Area, Landmark
from sasaeai.lib import words
from sasaeai.lib.csvtext import decode, number_within

STATIONS_FILE = DATA_DIR / "chiba_stations.csv"
STATIONS_SOURCE = "「国土数値情報（鉄道データ）」（国土交通省）を加工して作成"
MAX_BYTES = 1_000_000
MAX_ROWS = 5_000
MAX_NAME = 100
MAX_KANA = 200
MAX_ERRORS = 20
# Japan, with its far islands: a point outside is a typo (緯度 and 経度 swapped, say).
LAT_RANGE, LNG_RANGE = (20.0, 46.0), (122.0, 154.0)

COLUMNS = {
    "name": ("名称", "name"),
    "kana": ("よみがな", "kana"),
    "kind": ("種別", "kind"),
    "lat": ("緯度", "lat"),
    "lng": ("経度", "lng"),
}
KINDS = {"駅": "station", "station": "station", "施設": "facility", "facility": "facility"}


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)


def _kana_of(name: str) -> str:
    """A reading the dictionary gives whole, else none (never a guess)."""
    reading = words.reading(name)
    return reading if reading and all("ぁ" <= c <= "ゖ" or c == "ー" for c in reading) else ""


def read_csv(data: bytes) -> tuple[list[Landmark], list[str]]:
    """The file's landmarks (not saved) and its errors; any error means none is taken."""
    if len(data) > MAX_BYTES:
        return [], [f"ファイルが大きすぎます（上限 {MAX_BYTES // 1000:,}KB）。"]
    text = decode(data)
    if text is None:
        return [], ["文字コードを読めません。UTF-8 か Shift_JIS の CSV にしてください。"]
    rows = csv.reader(io.StringIO(text))
    try:
        header = [h.strip().lower() for h in next(rows)]
    except (StopIteration, csv.Error):
        return [], ["1行目に見出し（名称,よみがな,種別,緯度,経度）がありません。"]
    at: dict[str, int] = {}
    for key, names in COLUMNS.items():
        for i, h in enumerate(header):
            if h in names:
                at[key] = i
    missing = [COLUMNS[k][0] for k in ("name", "kind", "lat", "lng") if k not in at]
    if missing:
        return [], [f"1行目: 見出しに「{'」「'.join(missing)}」がありません。"]
    out: list[Landmark] = []
    errors: list[str] = []
    seen: set[tuple[str, str]] = set()
    try:
        for line, row in enumerate(rows, start=2):
            if not any(cell.strip() for cell in row):
                continue
            if len(out) + len(errors) >= MAX_ROWS:
                return [], [f"行が多すぎます（上限 {MAX_ROWS:,}行）。"]

            def cell(key: str, row: list[str] = row) -> str:
                i = at.get(key)
                return row[i].strip() if i is not None and i < len(row) else ""

            name, kana, kind = cell("name"), cell("kana"), KINDS.get(cell("kind").lower())
            lat = number_within(cell("lat"), *LAT_RANGE)
            lng = number_within(cell("lng"), *LNG_RANGE)
            problems = []
            if not name:
                problems.append("名称が空です")
            elif len(name) > MAX_NAME:
                problems.append(f"名称が長すぎます（上限 {MAX_NAME}文字）")
            if len(kana) > MAX_KANA:
                problems.append(f"よみがなが長すぎます（上限 {MAX_KANA}文字）")
            if kind is None:
                problems.append("種別は「駅」か「施設」にしてください")
            if lat is None:
                problems.append("緯度が日本の範囲の数値ではありません")
            if lng is None:
                problems.append("経度が日本の範囲の数値ではありません")
            if not problems and (kind, name) in seen:
                problems.append("同じ名称・種別の行が前にあります")
            if problems:
                errors.append(f"{line}行目: " + "、".join(problems) + "。")
                if len(errors) >= MAX_ERRORS:
                    errors.append("ほかの行は確かめていません。")
                    break
                continue
            assert kind is not None and lat is not None and lng is not None
            seen.add((kind, name))
            out.append(Landmark(name=name, kana=words.hiragana(kana), kind=kind, lat=lat, lng=lng))
    except csv.Error as exc:
        return [], [f"CSV を読めません（{exc}）。"]
    if not out and not errors:
        errors.append("2行目から下に目印の行がありません。")
    return ([], errors) if errors else (out, [])


@transaction.atomic
def save(municipality: Area, landmarks: list[Landmark], source: str = "") -> ImportResult:
    result = ImportResult()
    existing = {(m.kind, m.name): m for m in Landmark.objects.filter(municipality=municipality)}
    for landmark in landmarks:
        old = existing.get((landmark.kind, landmark.name))
        kana = landmark.kana or (old.kana if old else "") or _kana_of(landmark.name)
        values = {"kana": kana, "lat": landmark.lat, "lng": landmark.lng, "source": source}
        if old is None:
            Landmark.objects.create(
                municipality=municipality, name=landmark.name, kind=landmark.kind, **values
            )
            result.created += 1
        else:
            Landmark.objects.filter(pk=old.pk).update(**values)
            result.updated += 1
    _forget(municipality)
    return result


def import_csv(municipality: Area, data: bytes, source: str = "") -> ImportResult:
    landmarks, errors = read_csv(data)
    if errors:
        return ImportResult(errors=errors)
    return save(municipality, landmarks, source)


def _forget(municipality: Area) -> None:
    from areas.place_index import clear_cache

    transaction.on_commit(lambda: clear_cache(municipality.pk))


def load_chiba_stations(municipality: Area, path: Path = STATIONS_FILE) -> ImportResult:
    """千葉市's stations: one landmark each, at the mean of its lines' points."""
    points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            points[row["name"]].append((float(row["lat"]), float(row["lng"])))
    landmarks = []
    for name, pts in points.items():
        lat = round(sum(p[0] for p in pts) / len(pts), 6)
        lng = round(sum(p[1] for p in pts) / len(pts), 6)
        kana = _kana_of(name)
        landmarks.append(
            Landmark(
                name=f"{name}駅",
                kana=f"{kana}えき" if kana else "",
                kind=Landmark.Kind.STATION,
                lat=lat,
                lng=lng,
            )
        )
    return save(municipality, landmarks, STATIONS_SOURCE)
