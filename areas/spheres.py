"""A city's 日常生活圏域 from a CSV in the shape of Chiba's list (manage.py add_municipality
CODE --areas FILE.csv):

    圏域名,区,担当地区,相談機関,住所,電話
    弁天圏域,中央区,院内、春日、要町…,千葉市あんしんケアセンター弁天,,
    見本圏域,,朝日ヶ丘1～3丁目・5丁目、前貝塚町,見本地域包括支援センター,船橋市…,047-…

- 担当地区 is written as the city writes it: towns separated by 「、」 (or 「,」「・」), a
  town alone meaning all its 丁目, 「朝日ヶ丘1～3丁目・5丁目」 its 1st, 2nd, 3rd and 5th.
- 区 only for a 政令市 (which ward the towns lie in); blank elsewhere.
- 相談機関, 住所, 電話: the sphere's consultation office (its 地域包括支援センター); the
  directory makes it a category-6 resource (directory/consultation.py).

The whole file is checked first: any town not found, any town claimed by two spheres, an
unknown ward or a missing column is an error naming its line and column, and nothing is
changed. Loading the same file again changes nothing.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction

from areas.loader import (
    PLACE_FIELDS,
    _centroid,
    _forget_towns,
    _place,
    _upsert,
    parse_token,
    split_chome,
)
from areas.models import Area
from sasaeai.lib.csvtext import decode

COLUMNS = ["圏域名", "区", "担当地区", "相談機関", "住所", "電話"]
REQUIRED = ["圏域名", "担当地区"]
MAX_BYTES = 1_000_000
MAX_ROWS = 1_000


@dataclass
class SphereRow:
    line: int
    name: str
    ward: str
    coverage: str
    center: str
    address: str
    phone: str
    towns: list[Area] = field(default_factory=list)


@dataclass
class SphereFile:
    rows: list[SphereRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    spheres: list[tuple[SphereRow, Area]] = field(default_factory=list)
    towns_in_spheres: int = 0


def split_coverage(text: str) -> list[str]:
    """「院内、春日・要町、朝日ヶ丘1～3丁目・5丁目」 → 院内 / 春日 / 要町 / 朝日ヶ丘1～3丁目・5丁目:
    a 「・」 followed by a number continues the 丁目 list before it."""
    tokens: list[str] = []
    for piece in re.split(r"[、,，\n]", text):
        for part in piece.split("・"):
            part = part.strip()
            if not part:
                continue
            if tokens and re.match(r"^[0-9０-９〇一二三四五六七八九十]+丁目", part):
                tokens[-1] += "・" + part
            else:
                tokens.append(part)
    return tokens


def read_file(data: bytes) -> SphereFile:
    """The file's rows, or its errors (line, column and reason in Japanese)."""
    out = SphereFile()
    if len(data) > MAX_BYTES:
        out.errors.append(f"ファイルが大きすぎます（上限 {MAX_BYTES // 1000:,}KB）。")
        return out
    text = decode(data)
    if text is None:
        out.errors.append("文字コードを読めません。UTF-8 か Shift_JIS（CP932）で保存してください。")
        return out
    reader = csv.reader(io.StringIO(text))
    header = [unicodedata.normalize("NFKC", h).strip() for h in next(reader, [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        out.errors.append(
            f"1行目（見出し）に「{'」「'.join(missing)}」の列がありません。"
            f"見出しは {','.join(COLUMNS)} です。"
        )
        return out
    index = {name: header.index(name) for name in COLUMNS if name in header}
    for line, record in enumerate(reader, start=2):
        if not any(cell.strip() for cell in record):
            continue
        if len(out.rows) >= MAX_ROWS:
            out.errors.append(f"{line}行目: 行が多すぎます（上限 {MAX_ROWS:,}行）。")
            break

        def cell(name: str, record: list[str] = record) -> str:
            i = index.get(name)
            return record[i].strip() if i is not None and i < len(record) else ""

        row = SphereRow(
            line,
            cell("圏域名"),
            cell("区"),
            cell("担当地区"),
            cell("相談機関"),
            cell("住所"),
            cell("電話"),
        )
        for name in REQUIRED:
            if not getattr(row, "name" if name == "圏域名" else "coverage"):
                out.errors.append(f"{where(line, index, name)}: 空欄です。")
        out.rows.append(row)
    seen: dict[str, int] = {}
    for row in out.rows:
        if row.name and row.name in seen:
            out.errors.append(
                f"{where(row.line, index, '圏域名')}: 「{row.name}」は {seen[row.name]}行目にもあります。"
            )
        seen.setdefault(row.name, row.line)
    out.rows = [r for r in out.rows if r.name and r.coverage]
    return out


def where(line: int, index: dict[str, int], column: str) -> str:
    return f"{line}行目・{index[column] + 1}列目（{column}）"


def _match(municipality: Area, found: SphereFile, index: dict[str, int]) -> None:
    """Give every row its towns, or an error naming the token not found."""
    wards = {w.name: w for w in municipality.children.filter(kind=Area.Kind.WARD)}
    towns = list(Area.objects.within(municipality).towns())
    by_base: dict[str, list[tuple[Area, int | None]]] = defaultdict(list)
    for town in towns:
        base, chome = split_chome(town.name)
        by_base[base].append((town, chome))
    claimed: dict[int, SphereRow] = {}
    for row in found.rows:
        ward = None
        if row.ward:
            ward = wards.get(row.ward) or wards.get(row.ward + "区")
            if ward is None:
                found.errors.append(
                    f"{where(row.line, index, '区')}: 「{row.ward}」という区が"
                    f"{municipality.name}にありません。"
                )
                continue
        elif wards:
            found.errors.append(
                f"{where(row.line, index, '区')}: {municipality.name}は区のある市です。"
                "圏域の区を書いてください。"
            )
            continue
        for token in split_coverage(row.coverage):
            try:
                base, numbers = parse_token(token)
            except ValueError:
                found.errors.append(
                    f"{where(row.line, index, '担当地区')}: 「{token}」を読めません"
                    "（例: 院内、朝日ヶ丘1～3丁目・5丁目）。"
                )
                continue
            hits = [
                t
                for t, chome in by_base.get(base, [])
                if (numbers is None or chome in numbers)
                and (ward is None or t.path.startswith(ward.path))
            ]
            if not hits:
                place = f"{municipality.name}{ward.name if ward else ''}"
                found.errors.append(
                    f"{where(row.line, index, '担当地区')}: 「{token}」という町丁目が{place}にありません。"
                )
            for town in hits:
                other = claimed.get(town.pk)
                if other is not None and other is not row:
                    found.errors.append(
                        f"{where(row.line, index, '担当地区')}: {town.name}は"
                        f"{other.line}行目の「{other.name}」も担当しています。"
                    )
                    continue
                if other is None:
                    claimed[town.pk] = row
                    row.towns.append(town)
        row.ward = ward.name if ward else ""


def sphere_code(municipality: Area, name: str) -> str:
    """As Chiba's: 「121002-弁天」 for 弁天圏域."""
    return f"{municipality.code}-{name.removesuffix('圏域')}"


@transaction.atomic
def load_spheres(municipality: Area, data: bytes) -> SphereFile:
    """Check the whole file, then create or update its spheres and move their towns under
    them. With any error, nothing is changed (the errors are returned)."""
    found = read_file(data)
    if not found.rows:  # no header, unreadable: nothing further to check
        return found
    text = decode(data) or ""
    header = [unicodedata.normalize("NFKC", h).strip() for h in next(csv.reader(io.StringIO(text)))]
    index = {name: header.index(name) for name in COLUMNS if name in header}
    _match(municipality, found, index)
    if found.errors:
        return found
    wards = {w.name: w for w in municipality.children.filter(kind=Area.Kind.WARD)}
    changed: list[Area] = []
    for order, row in enumerate(found.rows):
        parent = wards[row.ward] if row.ward else municipality
        lat, lng = _centroid([(t.lat, t.lng) for t in row.towns])
        sphere = _upsert(
            sphere_code(municipality, row.name),
            kind=Area.Kind.SPHERE,
            name=row.name if row.name.endswith("圏域") else f"{row.name}圏域",
            parent=parent,
            prefecture=municipality.prefecture,
            sort_order=order,
            lat=lat,
            lng=lng,
        )
        if row.center and not sphere.aliases:
            sphere.aliases = row.center
            Area.objects.filter(pk=sphere.pk).update(aliases=row.center)
        found.spheres.append((row, sphere))
        for town in row.towns:
            if _place(town, sphere):
                changed.append(town)
    # A town the file no longer gives any sphere goes back under its ward (or the city).
    kept = {t.pk for r in found.rows for t in r.towns}
    spheres = {a.pk: a for a in Area.objects.within(municipality).filter(kind=Area.Kind.SPHERE)}
    for town in Area.objects.within(municipality).towns().filter(parent__in=list(spheres)):
        if town.pk not in kept and _place(town, spheres[town.parent_id].parent):
            changed.append(town)
    if changed:
        Area.objects.bulk_update(changed, PLACE_FIELDS, batch_size=500)
    found.towns_in_spheres = sum(len(r.towns) for r in found.rows)
    _forget_towns(municipality)
    return found
