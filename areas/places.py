"""What a typed place means: one spot, a choice among several, or close names to offer.

:func:`understand` reads what residents type in 近くを探す — 「新千葉」 (all its 丁目),
「中央区新千葉」, 「しんちば」, 「新千葉２丁目」, 「新千葉2-3-4」, 「260-0031」, 「美浜区」,
「弁天圏域」 or a 圏域's other names, 「千葉駅」, a 公民館 — over one city or several.

It never guesses: a name several places answer to (「稲毛」 is a ward, a town, a station and a
圏域) gives :attr:`Understood.choices`; a name none answers to gives the closest names
(:attr:`Understood.suggestions`: 「新千葉4丁目」 → 新千葉一〜三丁目, 「磯部」 → 磯辺).

Order of trust, from the evaluation's dev half (search_eval/places.py): a town's own name
beats a station or a 圏域 named after it (「弁天」 is the town); a town and a ward that share a
name are asked (「中央」); a name only near a town (「松ヶ丘」 for 松ケ丘町, a prefix of
several towns, a station's bare name) is taken when one place answers, asked otherwise.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from areas.addresses import (
    PREFECTURES,
    _strip_places,
    _town_index,
    match_town,
    normalise_address,
    normalise_postal_code,
    postal_code_towns,
)
from areas.loader import kanji_to_int, place_key, split_chome, town_base
from areas.models import Area, Landmark
from areas.place_index import (
    ADDRESS,
    POSTAL,
    TOWN_CENTRE,
    CityIndex,
    Group,
    Spot,
    area_spot,
    city_index,
    group_spot,
    kana_key,
    landmark_spot,
    town_spot,
    venue_spot,
)

MAX_PLACE_CHARS = 100
MAX_CHOICES = 12
MAX_SUGGESTIONS = 6

# Words around a place that are not its name: 「新千葉の近く」「稲毛駅周辺」「高洲の担当地区」.
_AROUND = re.compile(r"(の?(近く|付近|周辺|あたり|辺り|担当地区|担当区域|地区|エリア))+$")
# Railway companies written before a station's name: 「JR稲毛駅」「京成千葉駅」.
_OPERATORS = re.compile(r"^(JR|ＪＲ|京成|京葉線|総武線|千葉都市モノレール|モノレール|東武|新京成)")
_KANA = re.compile(r"^[ぁ-ゖァ-ヺー]+$")
_KANA_CHOME = re.compile(r"^([ぁ-ゖァ-ヺー]+?)([0-9]+)(?:丁目|ちょうめ|チョウメ)(.*)$")
_HAS_NUMBER = re.compile(r"[0-9]|[〇一二三四五六七八九十]+丁目")
_ADDRESS_TAIL = re.compile(r"[0-9]+丁目.+|[0-9]+-[0-9]|番|号")


@dataclass
class Understood:
    text: str
    spot: Spot | None = None
    choices: list[Spot] = field(default_factory=list)
    suggestions: list[Spot] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return self.spot is not None


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", " ".join(text.split())[:MAX_PLACE_CHARS])
    text = text.replace(" ", "")
    return _AROUND.sub("", text) or text


def _unique(spots: Iterable[Spot | None]) -> list[Spot]:
    seen: set[tuple[str, str]] = set()
    out = []
    for spot in spots:
        if spot is None or (spot.kind, spot.full_name) in seen:
            continue
        seen.add((spot.kind, spot.full_name))
        out.append(spot)
    return out


# ---------------------------------------------------------------- postal codes


def _postal(indexes: list[CityIndex], text: str) -> Understood:
    many = len(indexes) > 1
    towns = postal_code_towns(text)
    digits = normalise_postal_code(text) or ""
    code = f"〒{digits[:3]}-{digits[3:]}"
    for index in indexes:
        mine = [t for t in towns if t.municipality_id == index.municipality.pk]
        if not mine:
            continue
        if len(mine) == 1:
            spot = town_spot(index, mine[0], POSTAL, many)
        else:
            group = Group("", "", None, mine)
            spot = group_spot(index, group, many)
        if spot is None:
            continue
        # The towns the code covers, said exactly (issue 13): 「郵便番号260-0031（新千葉一丁目〜
        # 三丁目）」. Its point is their middle: a whole town's is 町の中心, else the code's.
        groups = _groups_of(index, mine)
        whole_town = len(groups) == 1 and {t.pk for t in groups[0].towns} == {t.pk for t in mine}
        label = f"郵便番号{digits[:3]}-{digits[3:]}（{towns_label(mine)}）"
        return Understood(
            text,
            Spot(
                kind="postal",
                name=label,
                full_name=label,
                lat=spot.lat,
                lng=spot.lng,
                precision=TOWN_CENTRE if whole_town else POSTAL,
                municipality_id=index.municipality.pk,
                home_ids=tuple(t.pk for t in mine),
                query=code,
            ),
        )
    return Understood(text)


def towns_label(towns: list[Area]) -> str:
    """「新千葉一丁目〜三丁目」「都町一丁目〜三丁目・都町五丁目」「蘇我・蘇我町」: towns in words,
    consecutive 丁目 of one town as a range."""
    by_base: dict[str, list[tuple[int, Area]]] = {}
    for town in towns:
        by_base.setdefault(town_base(town.name), []).append((split_chome(town.name)[1] or 0, town))
    parts: list[str] = []
    for base, items in by_base.items():
        items.sort(key=lambda item: (item[0], item[1].name))
        run: list[Area] = []
        for i, (chome, town) in enumerate(items):
            run.append(town)
            following = items[i + 1][0] if i + 1 < len(items) else None
            if chome and following == chome + 1:
                continue
            first, last = run[0], run[-1]
            parts.append(first.name if first is last else f"{first.name}〜{last.name[len(base) :]}")
            run = []
    return "・".join(parts)


def _groups_of(index: CityIndex, towns: list[Area]) -> list[Group]:
    ids = {t.pk for t in towns}
    return [g for gs in index.groups.values() for g in gs if any(t.pk in ids for t in g.towns)]


# ---------------------------------------------------------------- addresses and 丁目


def _address(indexes: list[CityIndex], text: str) -> Understood:
    """「新千葉2丁目」「中央4-5-1」「根本387番地の5」: the 町丁目 the address lies in."""
    many = len(indexes) > 1
    found: list[Spot] = []
    for index in indexes:
        town = match_town(index.municipality, text)
        if town is not None:
            rest = normalise_address(text)
            precision = ADDRESS if _ADDRESS_TAIL.search(rest) else "丁目の中心"
            found.extend(_unique([town_spot(index, town, precision, many)]))
    if len(found) == 1:
        return Understood(text, found[0])
    if found:
        return Understood(text, choices=found)
    # A 丁目 the town does not have (「新千葉4丁目」): offer the town's own.
    suggestions: list[Spot | None] = []
    for index in indexes:
        named = _base_named(index, text)
        if named is not None:
            groups, chome = named
            for group in groups:
                near = [t for t in group.chome_towns if chome is None or split_no(t) < chome]
                if near and chome is not None:
                    suggestions.append(town_spot(index, near[-1], many_cities=many))
                suggestions.append(group_spot(index, group, many))
    return Understood(text, suggestions=_unique(suggestions))


def split_no(town: Area) -> int:
    return split_chome(town.name)[1] or 0


def _base_named(index: CityIndex, text: str) -> tuple[list[Group], int | None] | None:
    """The town base an address starts with (longest first) and the 丁目 number it gives."""
    stripped = _strip_places(normalise_address(text), _town_index(index.municipality))
    if stripped is None:
        return None
    rest, ward_id = stripped
    for length in range(len(rest), 0, -1):
        groups = index.groups.get(rest[:length])
        if groups:
            if ward_id is not None:
                groups = [g for g in groups if g.ward and g.ward.pk == ward_id] or groups
            number = re.match(r"^([0-9]+|[〇一二三四五六七八九十]+)", rest[length:])
            return groups, kanji_to_int(number[1]) if number else None
    return None


# ---------------------------------------------------------------- names


@dataclass
class _Found:
    # None where a place has no point at all (left out by _unique)
    strong: list[Spot | None] = field(default_factory=list)  # the place's own name
    ward_bare: list[Spot | None] = field(default_factory=list)  # 「稲毛」 for 稲毛区
    weak: list[Spot | None] = field(default_factory=list)  # 「松ヶ丘」 for 松ケ丘町, 駅 bare
    weak_towns: list[Spot | None] = field(default_factory=list)
    prefix_towns: list[Spot | None] = field(default_factory=list)


def _strip_city(index: CityIndex, key: str) -> tuple[str, int | None, bool] | None:
    """(rest, ward id, named this city) with prefecture, city and ward names taken off; None
    when the text names another prefecture or city of ours."""
    for prefecture in PREFECTURES:
        if key.startswith(prefecture):
            if prefecture != index.municipality.prefecture:
                return None
            key = key[len(prefecture) :]
    named_city = False
    city = place_key(index.municipality.name)
    if key.startswith(city) and len(key) > len(city):
        key, named_city = key[len(city) :], True
    for ward in index.wards:
        w = place_key(ward.name)
        if key.startswith(w) and len(key) > len(w):
            return key[len(w) :], ward.pk, named_city
    return key, None, named_city


def _names(index: CityIndex, key: str, kana: bool, many: bool, found: _Found) -> None:
    ward_id: int | None = None
    if not kana:
        stripped = _strip_city(index, key)
        if stripped is None:
            return
        key, ward_id, _named = stripped
    groups = index.kana_groups if kana else index.groups
    for group in groups.get(key, []):
        if ward_id is None or (group.ward and group.ward.pk == ward_id):
            found.strong.append(group_spot(index, group, many))
    for ward in index.wards if ward_id is None else []:  # 「稲毛区稲毛」 is the town
        name = kana_key(ward.kana) if kana else place_key(ward.name)
        if name and key == name:
            found.strong.append(area_spot(index, ward, many))
        elif name and key == name[:-1] and len(key) >= 2:
            found.ward_bare.append(area_spot(index, ward, many))
    if not kana and key == place_key(index.municipality.name):
        found.strong.append(area_spot(index, index.municipality, many))
    for sphere in index.spheres:
        if ward_id is not None and sphere.parent_id != ward_id:
            continue
        if kana:
            names = [kana_key(sphere.kana)] if sphere.kana else []
        else:
            names = [place_key(n) for n in [sphere.name, *sphere.alias_list()]]
        bare = [n.removesuffix("けんいき" if kana else "圏域") for n in names[:1]]
        if key in names:
            found.strong.append(area_spot(index, sphere, many))
        elif key in bare:
            found.weak.append(area_spot(index, sphere, many))
    for landmark in index.landmarks:
        name = kana_key(landmark.kana) if kana else place_key(landmark.name)
        station = landmark.kind == Landmark.Kind.STATION
        if key == name:
            found.strong.append(landmark_spot(index, landmark, many))
        elif station and name and key == name.removesuffix("えき" if kana else "駅"):
            found.weak.append(landmark_spot(index, landmark, many))
    if not kana:
        for name, lat, lng in index.venues:
            if key == place_key(name):
                found.strong.append(venue_spot(index, name, lat, lng))
    if len(key) < 2:
        return
    suffix = "ちょう" if kana else "町"
    for gkey, gs in groups.items():
        if gkey == key:
            continue
        for group in gs:
            if ward_id is not None and not (group.ward and group.ward.pk == ward_id):
                continue
            if gkey in (key + suffix, key + "まち"):
                found.weak_towns.append(group_spot(index, group, many))
            elif gkey.startswith(key):
                found.prefix_towns.append(group_spot(index, group, many))


def _decide(text: str, found: _Found) -> Understood:
    strong = _unique(found.strong)
    weak_towns, weak = _unique(found.weak_towns), _unique(found.weak)
    prefix = _unique(found.prefix_towns)
    ward_bare = _unique(found.ward_bare)
    if strong:
        cities = {s.municipality_id for s in strong}
        elsewhere = [s for s in weak_towns if s.municipality_id not in cities]
        if len(strong) == 1 and not ward_bare and not elsewhere:
            return Understood(text, strong[0])
        return Understood(text, choices=_unique([*strong, *ward_bare, *elsewhere, *weak]))
    if ward_bare and not weak_towns and not prefix and not weak:
        return (
            Understood(text, ward_bare[0])
            if len(ward_bare) == 1
            else Understood(text, choices=ward_bare)
        )
    others = [s for s in weak if s.kind != "sphere"]
    if len(weak_towns) == 1 and not prefix and not ward_bare and not others:
        return Understood(text, weak_towns[0])  # 「松ヶ丘」: 松ケ丘町 (and its 圏域)
    if not weak_towns and not prefix and not ward_bare and len(weak) == 1:
        return Understood(text, weak[0])
    if not weak_towns and not weak and not ward_bare and len(prefix) == 1:
        return Understood(text, prefix[0])
    choices = _unique([*ward_bare, *weak_towns, *prefix, *weak])
    return Understood(text, choices=choices) if choices else Understood(text)


def _one_edit(a: str, b: str) -> bool:
    """One character changed, added or dropped (「磯部」→「磯辺」, 「夏美」→「夏見」)."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _suggest(indexes: list[CityIndex], key: str, kana: bool, many: bool) -> list[Spot]:
    """Close names: the same name in another ward (「稲毛区真砂」), or one character off."""
    out: list[Spot | None] = []
    for index in indexes:
        rest = key
        if not kana:
            stripped = _strip_city(index, key)
            if stripped is None:
                continue
            rest = stripped[0]
        groups = index.kana_groups if kana else index.groups
        for group in groups.get(rest, []):
            out.append(group_spot(index, group, many))
        if len(rest) < 2:
            continue
        for name in groups:
            if name != rest and _one_edit(rest, name):
                for group in groups[name]:
                    out.append(group_spot(index, group, many))
    return _unique(out)[:MAX_SUGGESTIONS]


def understand(
    municipalities: list[Area],
    text: str,
    venues: dict[int, list[tuple[str, float, float]]] | None = None,
) -> Understood:
    """What a typed place means in these cities (usually the site's one city)."""
    typed = " ".join((text or "").split())[:MAX_PLACE_CHARS]
    cleaned = _clean(typed)
    if not cleaned:
        return Understood(typed)
    indexes = [city_index(m) for m in municipalities]
    for index in indexes:
        index.venues = (venues or {}).get(index.municipality.pk, index.venues)
    many = len(indexes) > 1
    if normalise_postal_code(cleaned):
        return _postal(indexes, cleaned)
    hyphened = normalise_address(cleaned)
    if m := _KANA_CHOME.match(cleaned):
        # 「しんちば2ちょうめ」: the reading's towns, then as an address.
        out: list[Spot] = []
        for index in indexes:
            for group in index.kana_groups.get(kana_key(m[1]), []):
                result = _address([index], f"{group.key}{m[2]}丁目{m[3]}")
                out.extend([result.spot] if result.spot else result.choices)
        spots = _unique(out)
        if len(spots) == 1:
            return Understood(typed, spots[0])
        return Understood(typed, choices=spots) if spots else Understood(typed)
    if _HAS_NUMBER.search(hyphened):
        result = _address(indexes, cleaned)
        result.text = typed
        return result
    station_typed = cleaned.endswith("駅")
    key = place_key(_OPERATORS.sub("", cleaned) if station_typed else cleaned)
    kana = bool(_KANA.match(cleaned))
    found = _Found()
    for index in indexes:
        _names(index, kana_key(cleaned) if kana else key, kana, many, found)
    if station_typed:
        found = _Found(strong=[s for s in found.strong if s and s.kind in ("station", "landmark")])
    result = _decide(typed, found)
    if result.spot is None and not result.choices and not station_typed:
        result.suggestions = _suggest(indexes, kana_key(cleaned) if kana else key, kana, many)
    return result


def home_of(spot: Spot) -> list[Area]:
    """The areas that are the person's home at a spot (towns, a ward, a 圏域)."""
    return list(Area.objects.filter(pk__in=spot.home_ids))
