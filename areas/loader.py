"""Build the area tree (市区町村 → 区 → 日常生活圏域 → 町丁目) from the shipped reference data.

- :func:`load_municipality` reads ``data/japan_towns.csv.gz`` (every 町丁目 in Japan with a
  point) for any municipality. A 政令市 appears there as its wards (``千葉市中央区`` …): the
  municipality becomes one node and each ward a node of its own below it.
- :func:`load_chiba_spheres` reads Chiba City's 28 あんしんケアセンター and their 担当地区:
  each center defines one 日常生活圏域, and the towns it covers move under that sphere.

Both are idempotent (rows are matched by ``code``) and keep ``Area.path`` right: the few
upper nodes go through ``Area.save()``, towns are written in bulk with the path, depth and
municipality that ``Area.save()`` would give them (see :func:`_place`).
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat

from areas.models import Area, lg_check_digit

DATA_DIR = Path(settings.BASE_DIR) / "data"
TOWNS_FILE = DATA_DIR / "japan_towns.csv.gz"
CENTERS_FILE = DATA_DIR / "chiba_anshin_care_centers.csv"
COVERAGE_FILE = DATA_DIR / "chiba_anshin_care_center_coverage_long.csv"

CHIBA_CODE5 = "12100"
CENTER_PREFIX = "千葉市あんしんケアセンター"

# 政令市: the wards' own 5-digit codes (the towns file names wards but not their codes).
WARD_CODES: dict[str, dict[str, str]] = {
    CHIBA_CODE5: {
        "中央区": "12101",
        "花見川区": "12102",
        "稲毛区": "12103",
        "若葉区": "12104",
        "緑区": "12105",
        "美浜区": "12106",
    },
}
KANA: dict[str, str] = {
    "千葉市": "ちばし",
    "中央区": "ちゅうおうく",
    "花見川区": "はなみがわく",
    "稲毛区": "いなげく",
    "若葉区": "わかばく",
    "緑区": "みどりく",
    "美浜区": "みはまく",
}
# Readings of the 28 Chiba spheres (named after their あんしんケアセンター).
SPHERE_KANA: dict[str, str] = {
    "弁天": "べんてん",
    "中央": "ちゅうおう",
    "千葉寺": "ちばでら",
    "松ケ丘": "まつがおか",
    "浜野": "はまの",
    "こてはし台": "こてはしだい",
    "花見川": "はなみがわ",
    "さつきが丘": "さつきがおか",
    "にれの木台": "にれのきだい",
    "花園": "はなぞの",
    "幕張": "まくはり",
    "山王": "さんのう",
    "園生": "そんのう",
    "天台": "てんだい",
    "小仲台": "こなかだい",
    "稲毛": "いなげ",
    "みつわ台": "みつわだい",
    "都賀": "つが",
    "桜木": "さくらぎ",
    "千城台": "ちしろだい",
    "大宮台": "おおみやだい",
    "鎌取": "かまとり",
    "誉田": "ほんだ",
    "土気": "とけ",
    "真砂": "まさご",
    "磯辺": "いそべ",
    "高洲": "たかす",
    "幸町": "さいわいちょう",
}

# ---------------------------------------------------------------- names and 丁目

_KANJI_DIGITS = {
    "〇": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CHOME = re.compile(r"^(.+?)([0-9]+|[〇一二三四五六七八九十]+)丁目$")
_KANJI_NUMBER = re.compile(r"[〇一二三四五六七八九十]+(?=丁目|[~〜・、,])")
_RANGE_PART = re.compile(r"^([0-9]+)(?:丁目)?(?:[~〜\-]([0-9]+)(?:丁目)?)?$")


def kanji_to_int(text: str) -> int:
    """「三」→3, 「十二」→12, 「二十」→20 (enough for 丁目 numbers)."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_KANJI_DIGITS[tens] if tens else 1) * 10 + (_KANJI_DIGITS[ones] if ones else 0)
    value = 0
    for ch in text:
        value = value * 10 + _KANJI_DIGITS[ch]
    return value


def int_to_kanji(n: int) -> str:
    digits = "〇一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


def place_key(text: str) -> str:
    """Matching key for a place name: widths, ヶ/ケ/が/ヵ, の/ノ and spaces made alike."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"[ヶケヵが]", "ケ", text).replace("ノ", "の")
    return re.sub(r"\s+", "", text)


def split_chome(name: str) -> tuple[str, int | None]:
    """「院内一丁目」→ ("院内", 1); 「院内」→ ("院内", None). The base is keyed (place_key)."""
    m = _CHOME.match(unicodedata.normalize("NFKC", name))
    if m:
        return place_key(m.group(1)), kanji_to_int(m.group(2))
    return place_key(name), None


def parse_token(token: str) -> tuple[str, set[int] | None]:
    """A 担当地区 token → (keyed town base, the 丁目 it covers or None for all).

    「院内」→ ("院内", None); 「柏井4丁目」→ ("柏井", {4});
    「朝日ヶ丘1～3丁目・5丁目」→ ("朝日ケ丘", {1, 2, 3, 5}); 「宮野木台2丁目～4丁目」→ {2, 3, 4}.
    """
    text = unicodedata.normalize("NFKC", token).strip()
    text = _KANJI_NUMBER.sub(lambda m: str(kanji_to_int(m.group(0))), text)
    m = re.match(r"^(\D+?)([0-9].*)$", text)
    if not m or "丁目" not in m.group(2):
        return place_key(text), None
    base, rest = m.group(1), m.group(2)
    numbers: set[int] = set()
    for part in re.split(r"[・、,]", rest):
        r = _RANGE_PART.match(part.strip())
        if not r:
            raise ValueError(f"担当地区の表記を読めません: {token}")
        lo = int(r.group(1))
        hi = int(r.group(2)) if r.group(2) else lo
        numbers.update(range(lo, hi + 1))
    return place_key(base), numbers


def town_base(name: str) -> str:
    """「稲荷町一丁目」→「稲荷町」 (as written, for display)."""
    m = _CHOME.match(name)
    return m.group(1) if m else name


def address_town(name: str) -> str:
    """「稲荷町一丁目」→「稲荷町1丁目」, the way addresses are written."""
    m = _CHOME.match(name)
    return f"{m.group(1)}{kanji_to_int(m.group(2))}丁目" if m else name


# ---------------------------------------------------------------- the towns file


@dataclass
class TownRow:
    district: str  # the file's municipality column: 「千葉市中央区」 or 「船橋市」
    name: str
    lat: float | None
    lng: float | None
    order: int


def read_towns(prefecture: str, name: str, path: Path = TOWNS_FILE) -> list[TownRow]:
    """Towns of a municipality, or of all wards of a 政令市, in file order (by reading).

    Rows repeat a town once per 小字; the first row with a point wins.
    """
    prefix = f"{prefecture},{name}"
    rows: dict[tuple[str, str], TownRow] = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        header = next(fh)
        assert header.startswith("prefecture,municipality,town"), header
        lines = [line for line in fh if line.startswith(prefix)]
    for order, rec in enumerate(csv.reader(io.StringIO("".join(lines)))):
        _pref, muni, town, _koaza, lat, lng = rec[:6]
        if muni != name and not (muni.startswith(name) and muni.endswith("区")):
            continue  # 「千葉市」 must not pick up another municipality that merely starts so
        key = (muni, town)
        point = (float(lat), float(lng)) if lat and lng else (None, None)
        if key in rows:
            if rows[key].lat is None and point[0] is not None:
                rows[key].lat, rows[key].lng = point
            continue
        rows[key] = TownRow(muni, town, point[0], point[1], order)
    return list(rows.values())


def _centroid(points: list[tuple[float | None, float | None]]) -> tuple[float | None, float | None]:
    pts = [(a, b) for a, b in points if a is not None and b is not None]
    if not pts:
        return None, None
    return (
        round(sum(p[0] for p in pts) / len(pts), 6),
        round(sum(p[1] for p in pts) / len(pts), 6),
    )


def _place(area: Area, parent: Area) -> bool:
    """Give ``area`` the parent, path, depth and municipality ``Area.save()`` would; True if changed."""
    new = (parent.pk, f"{parent.path}{area.pk}/", parent.depth + 1, parent.municipality_id)
    old = (area.parent_id, area.path, area.depth, area.municipality_id)
    if new == old:
        return False
    area.parent = parent
    area.path, area.depth, area.municipality_id = new[1], new[2], new[3]
    return True


def _save_places(areas: list[Area]) -> None:
    """Write the places ``_place`` gave these areas: one UPDATE per parent, the path made in
    SQL from each row's id. ``bulk_update`` wrote the same in a CASE per row and field, which
    was half the time of loading a city's 1,000 towns."""
    by_parent: dict[int | None, list[Area]] = defaultdict(list)
    for area in areas:
        by_parent[area.parent_id].append(area)
    for group in by_parent.values():
        parent = group[0].parent
        assert parent is not None  # _place gave every one a parent
        Area.objects.filter(pk__in=[a.pk for a in group]).update(
            parent=parent,
            depth=parent.depth + 1,
            municipality_id=parent.municipality_id,
            path=Concat(Value(parent.path), Cast("pk", CharField()), Value("/")),
        )


def _upsert(code: str, **fields) -> Area:
    area, _ = Area.objects.update_or_create(code=code, defaults=fields)
    return area


TOWN_FIELDS = ["name", "kind", "prefecture", "lat", "lng", "sort_order"]
PLACE_FIELDS = ["parent", "path", "depth", "municipality"]


@transaction.atomic
def _forget_towns(municipality: Area) -> None:
    """Address matching caches a city's towns per process: drop them once these commit."""
    from areas.addresses import clear_town_cache

    transaction.on_commit(lambda: clear_town_cache(municipality.pk))


# Cities whose local numbers all share one 市外局番 (総務省 市外局番の一覧): a 7-digit number
# written without it is dialled with it. Elsewhere an admin sets Area.phone_area_code.
PHONE_AREA_CODES = {"121002": "043"}


def load_municipality(prefecture: str, name: str, code5: str) -> Area:
    """Create or update a municipality, its wards (政令市) and its towns; returns the municipality.

    ``code5`` is its 全国地方公共団体コード with 5 digits or 6 (areas.municipalities). Towns
    already under a sphere of their own ward stay there (the sphere loader put them there);
    every other town hangs directly under its ward, or under the municipality.
    """
    from areas import municipalities

    code = municipalities.six_digits(code5)
    code5 = code[:5]
    try:
        entry: municipalities.Entry | None = municipalities.lookup(code)
    except ValueError:
        entry = None  # a code the list lacks: the towns file decides
    rows = read_towns(prefecture, name, TOWNS_FILE)
    if not rows:
        raise ValueError(f"{prefecture}{name} の町丁目がデータにありません")
    lat, lng = _centroid([(r.lat, r.lng) for r in rows])
    municipality = _upsert(
        code,
        kind=Area.Kind.MUNICIPALITY,
        name=name,
        kana=KANA.get(name) or (entry.kana if entry and entry.name == name else ""),
        parent=None,
        prefecture=prefecture,
        lat=lat,
        lng=lng,
        sort_order=0,
    )
    if not municipality.phone_area_code and code in PHONE_AREA_CODES:
        municipality.phone_area_code = PHONE_AREA_CODES[code]
        municipality.save(update_fields=["phone_area_code"])

    # Districts: the wards of a 政令市, or the municipality itself.
    by_district: dict[str, list[TownRow]] = defaultdict(list)
    for r in rows:
        by_district[r.district].append(r)
    parents: dict[str, Area] = {}
    known = WARD_CODES.get(code5) or {
        ward: ward6[:5] for ward, ward6 in (entry.wards if entry else {}).items()
    }
    ward_kana = entry.ward_kana if entry else {}
    ward_names = sorted(
        (d[len(name) :] for d in by_district if d != name),
        key=lambda w: (known.get(w, "99999"), w),
    )
    for order, ward in enumerate(ward_names):
        ward5 = known.get(ward)
        # A ward whose code we do not know gets a stable code below the municipality's.
        ward_code = ward5 + lg_check_digit(ward5) if ward5 else f"{code}-{ward}"
        wlat, wlng = _centroid([(r.lat, r.lng) for r in by_district[name + ward]])
        parents[name + ward] = _upsert(
            ward_code,
            kind=Area.Kind.WARD,
            name=ward,
            kana=KANA.get(ward) or ward_kana.get(ward, ""),
            parent=municipality,
            prefecture=prefecture,
            lat=wlat,
            lng=wlng,
            sort_order=order + 1,
        )
    if name in by_district:
        parents[name] = municipality

    existing = {a.code: a for a in Area.objects.within(municipality).filter(kind=Area.Kind.TOWN)}
    spheres = {a.pk: a for a in Area.objects.within(municipality).filter(kind=Area.Kind.SPHERE)}
    new: list[tuple[Area, Area]] = []
    changed: list[Area] = []
    for district, towns in by_district.items():
        parent = parents[district]
        for r in towns:
            town_code = f"{parent.code}-{r.name}"
            values = {
                "name": r.name,
                "kind": Area.Kind.TOWN,
                "prefecture": prefecture,
                "lat": r.lat,
                "lng": r.lng,
                "sort_order": r.order,
            }
            area = existing.get(town_code)
            if area is None:
                new.append((Area(code=town_code, path="", **values), parent))
                continue
            dirty = any(getattr(area, k) != v for k, v in values.items())
            for k, v in values.items():
                setattr(area, k, v)
            sphere = spheres.get(area.parent_id)
            keep = sphere if sphere is not None and sphere.parent_id == parent.pk else parent
            if _place(area, keep) or dirty:
                changed.append(area)
    if new:
        created = Area.objects.bulk_create([a for a, _ in new], batch_size=500)
        for area, (_, parent) in zip(created, new, strict=True):
            _place(area, parent)
        _save_places(created)
    if changed:
        Area.objects.bulk_update(changed, TOWN_FIELDS + PLACE_FIELDS, batch_size=500)
    # Readings here rather than only in a data migration: every load (load_demo, load_areas,
    # a new city) gets them, and the migration fills databases loaded before.
    from areas.readings import fill_town_kana

    fill_town_kana(Area, municipality)
    _forget_towns(municipality)
    return municipality


# ---------------------------------------------------------------- Chiba's 日常生活圏域


@dataclass
class SphereReport:
    spheres: int = 0
    towns_in_spheres: int = 0
    towns_outside: list[str] = field(default_factory=list)  # 「若葉区大井戸町」…
    unmatched_tokens: list[str] = field(default_factory=list)  # 「弁天: ○○」
    claimed_twice: list[str] = field(default_factory=list)

    @property
    def uncovered(self) -> int:
        return len(self.towns_outside)


def _read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def chiba_centers() -> list[dict[str, str]]:
    """The 28 centers in the published order: name, short name, ward and 担当地区 text."""
    out = []
    for row in _read_csv(CENTERS_FILE):
        out.append(
            {
                "name": row["center_name"],
                "short": row["center_name"].removeprefix(CENTER_PREFIX),
                "ward": row["ward_inferred"],
                "coverage": row["coverage_towns_raw"],
                "url": row["original_source_url"],
            }
        )
    return out


# Names the city's own people use for an area, where a source gives them. The source talk
# (千葉市生活支援コーディネーター「東千葉圏域」, whose 担当地区 are exactly the 13 towns of the
# あんしんケアセンター弁天 area, and whose office is 「千葉市あんしんケアセンター東千葉内」, the
# centre's newer name) names the 弁天 area so.
CITY_AREA_NAMES = {
    "弁天": ["東千葉圏域", "千葉市あんしんケアセンター東千葉", "あんしんケアセンター東千葉"]
}


def sphere_aliases(center_name: str) -> list[str]:
    """「千葉市あんしんケアセンター弁天」→ that, 「あんしんケアセンター弁天」 and the names the
    city's people use for the area (CITY_AREA_NAMES)."""
    short = center_name.removeprefix("千葉市あんしんケアセンター")
    return [center_name, center_name.removeprefix("千葉市"), *CITY_AREA_NAMES.get(short, [])]


def sphere_code(municipality: Area, short: str) -> str:
    return f"{municipality.code}-{short}"


@transaction.atomic
def load_chiba_spheres(municipality: Area) -> SphereReport:
    """One sphere per あんしんケアセンター under its ward; covered towns move under it."""
    report = SphereReport()
    wards = {w.name: w for w in municipality.children.filter(kind=Area.Kind.WARD)}
    towns = list(Area.objects.within(municipality).filter(kind=Area.Kind.TOWN))
    centers = chiba_centers()
    tokens: dict[str, list[str]] = defaultdict(list)
    for row in _read_csv(COVERAGE_FILE):
        tokens[row["center_name"]].append(row["area_token_raw"])

    ward_of_town: dict[int, Area] = {}
    by_ward_base: dict[tuple[int, str], list[tuple[Area, int | None]]] = defaultdict(list)
    ward_by_pk = {w.pk: w for w in wards.values()}
    spheres_by_pk: dict[int, Area] = {}
    for t in towns:
        parent_pk = t.parent_id
        if parent_pk not in ward_by_pk:  # under a sphere: its ward is the sphere's parent
            parent_pk = int(t.path.strip("/").split("/")[1])
        ward_of_town[t.pk] = ward_by_pk[parent_pk]
        base, chome = split_chome(t.name)
        by_ward_base[(parent_pk, base)].append((t, chome))

    target: dict[int, Area] = {}
    for order, center in enumerate(centers):
        ward = wards[center["ward"]]
        short = center["short"]
        sphere = _upsert(
            sphere_code(municipality, short),
            kind=Area.Kind.SPHERE,
            name=f"{short}圏域",
            kana=SPHERE_KANA.get(short, "") + ("けんいき" if short in SPHERE_KANA else ""),
            parent=ward,
            prefecture=municipality.prefecture,
            sort_order=order,
        )
        spheres_by_pk[sphere.pk] = sphere
        if not sphere.aliases:
            # The names the sources give the area: its centre's, and the city's own where a
            # source gives it; an admin adds others in the admin.
            sphere.aliases = "\n".join(sphere_aliases(center["name"]))
            Area.objects.filter(pk=sphere.pk).update(aliases=sphere.aliases)
        covered: list[Area] = []
        for token in tokens[center["name"]]:
            base, numbers = parse_token(token)
            hits = [
                t
                for t, chome in by_ward_base.get((ward.pk, base), [])
                if numbers is None or chome in numbers
            ]
            if not hits:
                report.unmatched_tokens.append(f"{short}: {token}")
            covered.extend(hits)
        for t in covered:
            if t.pk in target and target[t.pk].pk != sphere.pk:
                report.claimed_twice.append(f"{t.name}（{target[t.pk].name}・{sphere.name}）")
                continue
            target[t.pk] = sphere
        lat, lng = _centroid([(t.lat, t.lng) for t in covered])
        if (sphere.lat, sphere.lng) != (lat, lng):
            sphere.lat, sphere.lng = lat, lng
            Area.objects.filter(pk=sphere.pk).update(lat=lat, lng=lng)
    report.spheres = len(spheres_by_pk)

    changed = []
    for t in towns:
        parent = target.get(t.pk) or ward_of_town[t.pk]
        if parent.pk not in spheres_by_pk:
            report.towns_outside.append(f"{parent.name}{t.name}")
        if _place(t, parent):
            changed.append(t)
    _save_places(changed)
    report.towns_in_spheres = len(target)
    _forget_towns(municipality)
    return report


def load_chiba() -> tuple[Area, SphereReport]:
    """千葉市 with its 6 wards, 28 spheres, 505 towns and 47 stations."""
    from areas.landmarks import load_chiba_stations

    municipality = load_municipality("千葉県", "千葉市", CHIBA_CODE5)
    report = load_chiba_spheres(municipality)
    load_chiba_stations(municipality)
    return municipality, report
