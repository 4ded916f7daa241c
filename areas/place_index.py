"""The names a city's places go by, read once per process: what areas/places.py matches.

Each :class:`Spot` is one place a resident may mean: a town without 丁目 (all its 丁目
together), one 町丁目, a ward, a 日常生活圏域, a landmark (a station, a venue). It carries its
point, how precise that point is, the areas that are the person's home there, and a text
that finds exactly it again (for the links of the 「どちらですか」 page).
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from areas.loader import split_chome, town_base
from areas.models import Area, Landmark
from sasaeai.lib import words

CACHE_SECONDS = 600

# How precise a spot's point is, as the page says it.
TOWN_CENTRE = "町の中心"
CHOME_CENTRE = "丁目の中心"
ADDRESS = "住所（丁目の中心）"
POSTAL = "郵便番号の区域の中心"
STATION = "駅"
LANDMARK = "目印の場所"
WARD_CENTRE = "区の中心"
SPHERE_CENTRE = "圏域の中心"
CITY_CENTRE = "市の中心"


@dataclass(frozen=True)
class Spot:
    kind: str  # town, towns, ward, sphere, station, landmark, municipality
    name: str  # 「新千葉（中央区）」, as the page says it
    full_name: str  # 「千葉市中央区新千葉」, 「千葉駅」: for lists across cities
    lat: float
    lng: float
    precision: str
    municipality_id: int
    # Where the person lives: towns (all 丁目 of a town), or the ward or 圏域 named. Empty
    # for a landmark until the nearest town is found (see places.home_of).
    home_ids: tuple[int, ...] = ()
    query: str = ""  # a text that resolves to exactly this spot
    names: tuple[str, ...] = ()  # further names it answers to (aliases)


@dataclass
class Group:
    """The towns of one base in one ward (新千葉一〜三丁目 in 中央区, or 松ケ丘町 alone)."""

    base: str  # as written: 「新千葉」
    key: str  # place_key(base)
    ward: Area | None
    towns: list[Area] = field(default_factory=list)

    def by_chome(self, chome: int) -> Area | None:
        for town in self.towns:
            if split_chome(town.name)[1] == chome:
                return town
        return None

    @property
    def chome_towns(self) -> list[Area]:
        return [t for t in self.towns if split_chome(t.name)[1] is not None]


@dataclass
class CityIndex:
    municipality: Area
    wards: list[Area]
    groups: dict[str, list[Group]] = field(default_factory=lambda: defaultdict(list))
    kana_groups: dict[str, list[Group]] = field(default_factory=lambda: defaultdict(list))
    spheres: list[Area] = field(default_factory=list)
    landmarks: list[Landmark] = field(default_factory=list)
    venues: list[tuple[str, float, float]] = field(default_factory=list)
    loaded_at: float = 0.0

    def ward_name(self, ward_id: int | None) -> str:
        return next((w.name for w in self.wards if w.pk == ward_id), "")


_cache: dict[int, CityIndex] = {}


def clear_cache(municipality_id: int | None = None) -> None:
    if municipality_id is None:
        _cache.clear()
    else:
        _cache.pop(municipality_id, None)


def kana_key(text: str) -> str:
    """What a typed reading is compared by: NFKC (half-width ｼﾝﾁﾊﾞ), hiragana, no spaces."""
    return re.sub(r"\s+", "", words.hiragana(unicodedata.normalize("NFKC", text)))


def _base_kana(town: Area) -> str:
    """The reading of a town's base: its kana without the 丁目's (「しんちば」にちょうめ)."""
    _base, chome = split_chome(town.name)
    if not town.kana or chome is None:
        return town.kana
    from areas.readings import chome_reading

    suffix = chome_reading(chome)
    return town.kana[: -len(suffix)] if town.kana.endswith(suffix) else ""


def city_index(municipality: Area) -> CityIndex:
    index = _cache.get(municipality.pk)
    if index is not None and time.monotonic() - index.loaded_at < CACHE_SECONDS:
        return index
    wards = list(municipality.children.filter(kind=Area.Kind.WARD).order_by("sort_order"))
    ward_by_id = {w.pk: w for w in wards}
    index = CityIndex(municipality, wards, loaded_at=time.monotonic())
    by_ward_base: dict[tuple[int | None, str], Group] = {}
    for town in Area.objects.within(municipality).towns().order_by("sort_order", "name"):
        base, _chome = split_chome(town.name)
        parts = town.path.strip("/").split("/")
        ward = ward_by_id.get(int(parts[1])) if len(parts) > 1 else None
        group = by_ward_base.get((ward.pk if ward else None, base))
        if group is None:
            group = Group(town_base(unicodedata.normalize("NFKC", town.name)), base, ward)
            by_ward_base[(ward.pk if ward else None, base)] = group
            index.groups[base].append(group)
        group.towns.append(town)
    for group in by_ward_base.values():
        readings = {_base_kana(t) for t in group.towns}
        if len(readings) == 1 and (reading := readings.pop()):
            index.kana_groups[reading].append(group)
    index.spheres = list(Area.objects.within(municipality).filter(kind=Area.Kind.SPHERE))
    index.landmarks = list(Landmark.objects.filter(municipality=municipality))
    _cache[municipality.pk] = index
    return index


def _centre(areas: list[Area]) -> tuple[float, float] | None:
    points = [(a.lat, a.lng) for a in areas if a.lat is not None and a.lng is not None]
    if not points:
        return None
    return sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)


def _within_label(index: CityIndex, ward: Area | None, many_cities: bool) -> str:
    city = index.municipality.name if many_cities else ""
    inside = city + (ward.name if ward else "")
    return f"（{inside}）" if inside else ""


def group_spot(index: CityIndex, group: Group, many_cities: bool = False) -> Spot | None:
    centre = _centre(group.towns)
    if centre is None:
        return None
    ward = group.ward.name if group.ward else ""
    one = len(group.towns) == 1
    name = group.towns[0].name if one else group.base
    return Spot(
        kind="town" if one else "towns",
        name=name + _within_label(index, group.ward, many_cities),
        full_name=index.municipality.name + ward + name,
        lat=centre[0],
        lng=centre[1],
        precision=TOWN_CENTRE,
        municipality_id=index.municipality.pk,
        home_ids=tuple(t.pk for t in group.towns),
        query=index.municipality.name + ward + name,
    )


def town_spot(
    index: CityIndex, town: Area, precision: str = CHOME_CENTRE, many_cities: bool = False
) -> Spot | None:
    group = next(
        (g for g in index.groups.get(split_chome(town.name)[0], []) if town in g.towns), None
    )
    if group is None:
        return None
    centre = _centre([town]) or _centre(group.towns)  # 都町四丁目 has no point: its town's
    if centre is None:
        return None
    ward = group.ward.name if group.ward else ""
    if split_chome(town.name)[1] is None and precision == CHOME_CENTRE:
        precision = TOWN_CENTRE
    return Spot(
        kind="town",
        name=town.name + _within_label(index, group.ward, many_cities),
        full_name=index.municipality.name + ward + town.name,
        lat=centre[0],
        lng=centre[1],
        precision=precision,
        municipality_id=index.municipality.pk,
        home_ids=(town.pk,),
        query=index.municipality.name + ward + town.name,
    )


def area_spot(index: CityIndex, area: Area, many_cities: bool = False) -> Spot | None:
    """A ward, a 圏域 or the city itself: at its point (the mean of its towns)."""
    centre = _centre([area]) or _centre(list(Area.objects.within(area).towns()))
    if centre is None:
        return None
    city = index.municipality.name
    if area.kind == Area.Kind.WARD:
        kind, precision, full = "ward", WARD_CENTRE, city + area.name
    elif area.kind == Area.Kind.SPHERE:
        kind, precision, full = "sphere", SPHERE_CENTRE, area.name
    else:
        kind, precision, full = "municipality", CITY_CENTRE, city
    if kind == "ward":
        name = area.name + (f"（{city}）" if many_cities else "")
    elif kind == "sphere":
        ward = next((w.name for w in index.wards if w.pk == area.parent_id), "")
        name = area.name + f"（{city if many_cities else ''}{ward}）"
    else:
        name = city
    return Spot(
        kind=kind,
        name=name,
        full_name=full,
        lat=centre[0],
        lng=centre[1],
        precision=precision,
        municipality_id=index.municipality.pk,
        home_ids=(area.pk,),
        query=full if kind != "sphere" else (area.alias_list() or [area.name])[0],
        names=tuple(area.alias_list()),
    )


def landmark_spot(index: CityIndex, landmark: Landmark, many_cities: bool = False) -> Spot:
    station = landmark.kind == Landmark.Kind.STATION
    return Spot(
        kind="station" if station else "landmark",
        name=landmark.name + (f"（{index.municipality.name}）" if many_cities else ""),
        full_name=landmark.name,
        lat=landmark.lat,
        lng=landmark.lng,
        precision=STATION if station else LANDMARK,
        municipality_id=index.municipality.pk,
        query=landmark.name,
    )


def venue_spot(index: CityIndex, name: str, lat: float, lng: float) -> Spot:
    return Spot(
        kind="landmark",
        name=name,
        full_name=name,
        lat=lat,
        lng=lng,
        precision=LANDMARK,
        municipality_id=index.municipality.pk,
        query=name,
    )
