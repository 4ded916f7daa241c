"""A city's park list from a CSV: 名称, 所在地, 面積 — or the 自治体標準オープンデータセット
「公園」 columns (名称, 所在地_連結表記, 緯度, 経度, 面積 …; the others are ignored).

As areas/landmarks.py does for landmarks: the whole file is checked before anything is
written, one bad row and nothing is imported, every error names its row and column in
Japanese, and the file's size and rows are limited. Each park is filed under the 圏域 (else
the ward, else the city) its address lies in (areas/addresses.match_town), its point is the file's or else that town's middle
(fieldwork/park_places.py: 住所から, said to be approximate), and a coordinator
may import only parks inside their 担当地域. A park whose name is already on the city's list is
left as it is (a survey is never overwritten by the list); every other fact stays unknown.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction

from areas.addresses import match_town, sphere_of, ward_of
from areas.landmarks import LAT_RANGE, LNG_RANGE, MAX_BYTES, MAX_ERRORS
from areas.models import Area
from fieldwork import editing
from fieldwork.models import Park
from fieldwork.park_forms import MAX_SIZE_M2
from fieldwork.park_places import SIX_PLACES, point_from_address
from office.models import Staff
from sasaeai.lib.csvtext import decode, number_within

MAX_ROWS = 3_000
MAX_NAME = 100
MAX_ADDRESS = 200


def _key(header: str) -> str:
    # 「面積（㎡）」 and 「面積(m2)」 are one header: NFKC, no spaces, lower case.
    return "".join(unicodedata.normalize("NFKC", header).split()).lower()


# Per field: the headers it is found under (the first listed is the one an error names).
COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("名称", "公園名", "name"),
    "address": ("所在地_連結表記", "所在地", "住所", "address"),
    "lat": ("緯度", "lat"),
    "lng": ("経度", "lng"),
    "size": ("面積", "面積（㎡）", "面積_㎡", "面積（m2）", "size"),
}
KEYS = {_key(h): name for name, headers in COLUMNS.items() for h in headers}


@dataclass
class ImportResult:
    created: int = 0
    existing: int = 0
    errors: list[str] = field(default_factory=list)


@dataclass
class Row:
    line: int
    name: str
    address: str
    lat: float | None
    lng: float | None
    size: Decimal | None


def _size(text: str) -> Decimal | None | str:
    """The area in m², None when the cell is empty, or the reason it cannot be read."""
    cleaned = unicodedata.normalize("NFKC", text).replace(",", "").removesuffix("m2").strip()
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return "面積が数値ではありません"
    if not value.is_finite() or value < 0 or value > MAX_SIZE_M2:
        return f"面積は0から{MAX_SIZE_M2:,}㎡までの数値にしてください"
    return value.quantize(Decimal("0.01"))


def read_csv(data: bytes) -> tuple[list[Row], list[str]]:
    """The file's parks (not saved) and its errors; any error means none is taken."""
    if len(data) > MAX_BYTES:
        return [], [f"ファイルが大きすぎます（上限 {MAX_BYTES // 1000:,}KB）。"]
    text = decode(data)
    if text is None or "\x00" in text:
        return [], ["文字コードを読めません。UTF-8 か Shift_JIS の CSV にしてください。"]
    rows = csv.reader(io.StringIO(text))
    try:
        header = [_key(h) for h in next(rows)]
    except (StopIteration, csv.Error):
        return [], ["1行目に見出し（名称,所在地,面積）がありません。"]
    at = {KEYS[h]: i for i, h in reversed(list(enumerate(header))) if h in KEYS}
    if "name" not in at:
        return [], ["1行目: 見出しに「名称」（または「公園名」）がありません。"]
    if ("lat" in at) != ("lng" in at):
        return [], ["1行目: 見出しの「緯度」と「経度」は両方そろえてください。"]
    out: list[Row] = []
    errors: list[str] = []
    seen: set[str] = set()
    try:
        for line, cells in enumerate(rows, start=2):
            if not any(c.strip() for c in cells):
                continue
            if len(out) + len(errors) >= MAX_ROWS:
                return [], [f"行が多すぎます（上限 {MAX_ROWS:,}行）。"]

            def cell(key: str, cells: list[str] = cells) -> str:
                i = at.get(key)
                return cells[i].strip() if i is not None and i < len(cells) else ""

            problems: list[str] = []
            name, address = cell("name"), cell("address")
            if not name:
                problems.append("「名称」が空です")
            elif len(name) > MAX_NAME:
                problems.append(f"「名称」が長すぎます（上限 {MAX_NAME}文字）")
            elif name in seen:
                problems.append("「名称」が同じ行が前にあります")
            if len(address) > MAX_ADDRESS:
                problems.append(f"「所在地」が長すぎます（上限 {MAX_ADDRESS}文字）")
            lat = lng = None
            if cell("lat") or cell("lng"):
                lat, lng = (
                    number_within(cell("lat"), *LAT_RANGE),
                    number_within(cell("lng"), *LNG_RANGE),
                )
                if lat is None:
                    problems.append("「緯度」が日本の範囲の数値ではありません")
                if lng is None:
                    problems.append("「経度」が日本の範囲の数値ではありません")
            size = _size(cell("size"))
            if isinstance(size, str):
                problems.append(f"「面積」: {size}")
            if problems:
                errors.append(f"{line}行目: " + "、".join(problems) + "。")
                if len(errors) >= MAX_ERRORS:
                    errors.append("ほかの行は確かめていません。")
                    break
                continue
            assert not isinstance(size, str)
            seen.add(name)
            out.append(Row(line, name, address, lat, lng, size))
    except csv.Error as exc:
        return [], [f"CSV を読めません（{exc}）。"]
    if not out and not errors:
        errors.append("2行目から下に公園の行がありません。")
    return ([], errors) if errors else (out, [])


def area_of(municipality: Area, address: str) -> Area:
    """The 圏域 the address lies in, else its ward, else the city (never a guess below it)."""
    town = match_town(municipality, address) if address else None
    found = sphere_of(town) or ward_of(town)
    if found is None and address:
        # No town matched (「千葉市中央区」 alone, or a town our list lacks): the ward it names.
        wards = Area.objects.filter(municipality=municipality, kind=Area.Kind.WARD)
        found = next((w for w in wards if f"{municipality.name}{w.name}" in address), None)
    return found or municipality


def point_of(municipality: Area, row: Row) -> dict:
    """The file's point (市の公開データ), else the middle of the address's town (住所から)."""
    if row.lat is not None and row.lng is not None:
        return {
            "latitude": Decimal(str(round(row.lat, 6))).quantize(SIX_PLACES),
            "longitude": Decimal(str(round(row.lng, 6))).quantize(SIX_PLACES),
            "point_source": Park.PointSource.OPEN_DATA,
        }
    values: dict = {"latitude": None, "longitude": None, "point_source": ""}
    point_from_address(values, row.address, municipality, None)
    return values


def import_csv(municipality: Area, data: bytes, staff: Staff) -> ImportResult:
    rows, errors = read_csv(data)
    if errors:
        return ImportResult(errors=errors)
    result = ImportResult()
    known = set(
        Park.objects.filter(municipality=municipality).live().values_list("name", flat=True)
    )
    parks: list[Park] = []
    for row in rows:
        if row.name in known:
            result.existing += 1
            continue
        area = area_of(municipality, row.address)
        if not (staff.is_admin or staff.covers_area(area)):
            result.errors.append(
                f"{row.line}行目: 「所在地」が担当地域の外（{area.name}）です。担当地域の公園だけの CSV にしてください。"
            )
            continue
        parks.append(
            Park(
                municipality=municipality,
                area=area,
                name=row.name,
                address=row.address,
                size_m2=row.size,
                **point_of(municipality, row),
            )
        )
    if result.errors:
        result.errors = result.errors[:MAX_ERRORS]
        return ImportResult(errors=result.errors)
    with transaction.atomic():
        for park in parks:
            editing.create(park, staff.user)
    result.created = len(parks)
    return result
