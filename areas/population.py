"""The towns' residents aged 65 and over, from a CSV (the gap map weighs its towns by them).

Two shapes are read:

- **e-Stat**: the 国勢調査 小地域集計 「年齢（5歳階級、4区分）別、男女別人口」 as e-Stat
  publishes it (Shift_JIS): row 1 the codes (KEY_CODE, HYOSYO, CITYNAME, NAME, HTKSYORI,
  HTKSAKI, GASSAN, T001082001 …), row 2 the columns' names (総数、年齢「不詳」含む,
  総数０〜４歳 … 総数６５歳以上 …), then one row per area: the city or ward (HYOSYO 1), each
  町 and 丁目 below it. The 65+ figure is the 「総数６５歳以上」 column, or the sum of the
  総数 bands from 65 up (６５〜６９歳 … １００歳以上) when a table has no such column.
  Rows of other municipalities are passed over (a file holds a whole prefecture); a row
  whose KEY_CODE begins other rows' is their sum (a 町 over its 丁目) and is not a town.
  e-Stat's 「-」 is 該当数値なし: 0 people. 「X」 (and HTKSYORI 1, 秘匿地域) is hidden.
- **simple**: a header with 町丁目 (or 町丁目名, 町名), 65歳以上 (or 65歳以上人口, 高齢者数),
  and optionally 区 when a 政令市 has the same town name in two wards.

Towns are matched by the ward code (KEY_CODE's first five digits) and the town's name with
its 丁目 read as a number (「院内１丁目」 = 「院内一丁目」), or by name alone in the simple
shape. All or nothing: every problem names its row and column in Japanese, and one problem
means nothing is saved — unless the person chose to pass over the rows that match no town
and the hidden values (those towns then stay unknown, never 0). A bad number is never
passed over. The file's size and rows are limited.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field

from django.db import transaction

from areas.loader import split_chome
from areas.models import Area, PopulationImport, TownPopulation
from sasaeai.lib.csvtext import decode

MAX_BYTES = 20_000_000  # a prefecture's e-Stat table is a few MB
MAX_ROWS = 60_000
MAX_COUNT = 1_000_000  # more people aged 65+ than this in one 町丁目 is a typo
MAX_PROBLEMS = 30
HIDDEN = {"X", "x", "Ｘ", "秘匿", "***"}
ESTAT_KEYS = ("KEY_CODE", "HYOSYO", "CITYNAME", "NAME")
SIMPLE_TOWN = ("町丁目", "町丁目名", "町名", "町丁名")
SIMPLE_AGED = ("65歳以上", "65歳以上人口", "65歳以上の人数", "高齢者数")
SIMPLE_WARD = ("区", "区名")


@dataclass
class Reading:
    """What a file says, before anything is saved."""

    kind: str = ""
    counts: dict[int, int] = field(default_factory=dict)  # town id → people aged 65+
    errors: list[str] = field(default_factory=list)  # never passed over
    skippable: list[str] = field(default_factory=list)  # no town, hidden: passed over on request
    notes: list[str] = field(default_factory=list)  # said, not a problem
    other_rows: int = 0  # rows of other municipalities
    sums: int = 0  # rows that are sums of other rows


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("〜", "~").replace("～", "~")
    return "".join(text.split())


def _town_key(name: str) -> tuple[str, int | None]:
    return split_chome(_key(name))


def _count(text: str) -> int | str:
    """People, or the reason the cell cannot be read (「X」 is handled before)."""
    cleaned = unicodedata.normalize("NFKC", text).replace(",", "").strip()
    if not cleaned:
        return "空です"
    if not cleaned.isdigit():
        return f"「{text.strip()[:20]}」は人数ではありません"
    value = int(cleaned)
    if value > MAX_COUNT:
        return f"{MAX_COUNT:,}人を超えています"
    return value


def _aged_columns(labels: list[str]) -> list[int] | None:
    """The columns whose sum is the people aged 65+, from e-Stat's row of names."""
    keys = [_key(label) for label in labels]
    if "総数65歳以上" in keys:
        return [keys.index("総数65歳以上")]
    bands: dict[int, tuple[int, int | None]] = {}  # start → (column, end or None for 以上)
    for i, key in enumerate(keys):
        m = re.fullmatch(r"総数(\d+)~(\d+)歳", key)
        if m and int(m.group(1)) >= 65:
            bands.setdefault(int(m.group(1)), (i, int(m.group(2))))
        m = re.fullmatch(r"総数(\d+)歳以上", key)
        if m and int(m.group(1)) >= 65:
            bands.setdefault(int(m.group(1)), (i, None))
    columns, age = [], 65
    while age in bands:
        column, end = bands[age]
        columns.append(column)
        if end is None:
            return columns
        age = end + 1
    return None


class Towns:
    """The municipality's towns, by ward code and by keyed name."""

    def __init__(self, municipality: Area) -> None:
        self.codes = {municipality.code[:5]}
        self.city = municipality.name
        self.by_name: dict[tuple[str, int | None], list[Area]] = {}
        self.ward_code: dict[int, str] = {}
        self.ward_name: dict[int, str] = {}
        wards = Area.objects.filter(municipality=municipality, kind=Area.Kind.WARD)
        for ward in wards:
            self.codes.add(ward.code[:5])
        for town in Area.objects.within(municipality).towns().only("pk", "name", "path"):
            self.by_name.setdefault(_town_key(town.name), []).append(town)
            for ward in wards:
                if town.path.startswith(ward.path):
                    self.ward_code[town.pk] = ward.code[:5]
                    self.ward_name[town.pk] = ward.name

    def find(self, name: str, ward_code: str = "", ward_name: str = "") -> list[Area]:
        found = self.by_name.get(_town_key(name), [])
        if ward_code:
            found = [t for t in found if self.ward_code.get(t.pk, ward_code) == ward_code]
        if ward_name:
            found = [
                t
                for t in found
                if self.ward_name.get(t.pk) == _key(ward_name).removeprefix(self.city)
            ]
        return found


def _take(reading: Reading, towns: list[Area], where: str, line: int, value: int) -> None:
    """Record a town's figure, or name what is wrong with the row."""
    if not towns:
        reading.skippable.append(f"{where}: この市の町丁目に見つかりません。")
    elif len(towns) > 1:
        reading.errors.append(f"{where}: 同じ名前の町丁目が複数あります（区を書いてください）。")
    elif towns[0].pk in reading.counts:
        reading.errors.append(f"{line}行目: 「{towns[0].name}」が前の行にもあります。")
    else:
        reading.counts[towns[0].pk] = value


def read_estat(rows: list[list[str]], towns: Towns) -> Reading:
    reading = Reading(kind=PopulationImport.Kind.ESTAT)
    header = [c.strip() for c in rows[0]]
    at = {name: header.index(name) for name in (*ESTAT_KEYS, "HTKSYORI") if name in header}
    columns = _aged_columns(rows[1]) if len(rows) > 1 else None
    if columns is None:
        reading.errors.append(
            "2行目: 「総数６５歳以上」（または総数の６５〜６９歳以上の列）がありません。"
        )
        return reading
    keys = {r[at["KEY_CODE"]].strip() for r in rows[2:] if len(r) > at["KEY_CODE"]}
    parents = {k[:n] for k in keys for n in (9, 5) if len(k) > n}
    label = _key(rows[1][columns[0]]) if len(columns) == 1 else "総数65歳以上（各列の合計）"
    for line, cells in enumerate(rows[2:], start=3):
        if len(cells) <= max(max(at.values()), *columns):
            if any(c.strip() for c in cells):
                reading.errors.append(f"{line}行目: 列が足りません。")
            continue
        code, level = cells[at["KEY_CODE"]].strip(), cells[at["HYOSYO"]].strip()
        name = cells[at["NAME"]].strip()
        if code[:5] not in towns.codes:
            reading.other_rows += 1
            continue
        if level == "1" or not name or code in parents:
            reading.sums += 1
            continue
        where = f"{line}行目（{cells[at['CITYNAME']].strip()}{name}）"
        hidden = "HTKSYORI" in at and cells[at["HTKSYORI"]].strip() == "1"
        total = 0
        for column in columns:
            cell = cells[column].strip()
            if hidden or cell in HIDDEN:
                reading.skippable.append(
                    f"{where}「{label}」: 秘匿されています（不明のままにします）。"
                )
                break
            if cell == "-":
                continue  # 該当数値なし: no one in this band
            value = _count(cell)
            if isinstance(value, str):
                reading.errors.append(f"{where}「{_key(rows[1][column])}」: {value}。")
                break
            total += value
        else:
            if all(cells[c].strip() == "-" for c in columns):
                reading.notes.append(f"{where}: 「-」（該当なし）なので0人です。")
            _take(reading, towns.find(name, ward_code=code[:5]), where, line, total)
    return reading


def _cell(cells: list[str], i: int | None) -> str:
    return cells[i].strip() if i is not None and i < len(cells) else ""


def read_simple(rows: list[list[str]], towns: Towns) -> Reading:
    reading = Reading(kind=PopulationImport.Kind.SIMPLE)
    header = [_key(c) for c in rows[0]]

    def column(names: tuple[str, ...]) -> int | None:
        return next((header.index(n) for n in names if n in header), None)

    town_at, aged_at, ward_at = column(SIMPLE_TOWN), column(SIMPLE_AGED), column(SIMPLE_WARD)
    if town_at is None or aged_at is None:
        reading.errors.append("1行目: 見出しに「町丁目」と「65歳以上」が必要です。")
        return reading
    for line, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        name, ward, aged = (_cell(cells, i) for i in (town_at, ward_at, aged_at))
        where = f"{line}行目（{ward}{name}）"
        if not name:
            reading.errors.append(f"{line}行目「町丁目」: 空です。")
            continue
        if aged in HIDDEN or aged == "-":
            reading.skippable.append(
                f"{where}「65歳以上」: 「{aged}」は人数ではありません（不明のままにします）。"
            )
            continue
        value = _count(aged)
        if isinstance(value, str):
            reading.errors.append(f"{where}「65歳以上」: {value}。")
            continue
        _take(reading, towns.find(name, ward_name=ward), where, line, value)
    return reading


def read_csv(municipality: Area, data: bytes) -> Reading:
    """The file's figures and its problems; nothing is saved."""
    if len(data) > MAX_BYTES:
        return Reading(errors=[f"ファイルが大きすぎます（上限 {MAX_BYTES // 1_000_000}MB）。"])
    text = decode(data)
    if text is None or "\x00" in text:
        return Reading(
            errors=["文字コードを読めません。Shift_JIS か UTF-8 の CSV にしてください。"]
        )
    try:
        rows = []
        for cells in csv.reader(io.StringIO(text)):
            rows.append(cells)
            if len(rows) > MAX_ROWS:
                return Reading(errors=[f"行が多すぎます（上限 {MAX_ROWS:,}行）。"])
    except csv.Error as exc:
        return Reading(errors=[f"CSV を読めません（{exc}）。"])
    if not rows:
        return Reading(errors=["ファイルが空です。"])
    towns = Towns(municipality)
    first = [c.strip() for c in rows[0]]
    if all(name in first for name in ESTAT_KEYS):
        reading = read_estat(rows, towns)
    else:
        reading = read_simple(rows, towns)
    if not reading.counts and not reading.errors and not reading.skippable:
        reading.errors.append(f"{municipality.name}の町丁目の行がありません。")
    return reading


def import_csv(
    municipality: Area, data: bytes, *, skip: bool, file_name: str, source: str, user=None
) -> tuple[Reading, PopulationImport | None]:
    """Saves the figures as the municipality's newest import, or nothing (and why)."""
    reading = read_csv(municipality, data)
    if reading.errors or (reading.skippable and not skip) or not reading.counts:
        return reading, None
    with transaction.atomic():
        batch = PopulationImport.objects.create(
            municipality=municipality,
            kind=reading.kind,
            file_name=file_name[:200],
            source=source[:200],
            imported_by=user,
        )
        TownPopulation.objects.bulk_create(
            TownPopulation(batch=batch, town_id=town, aged_65_plus=count)
            for town, count in reading.counts.items()
        )
    return reading, batch
