"""The 所在地 columns of the open data (transfer/opendata.py): our one address line split into
the standard's parts, with whatever the writer left out (都道府県, 市区町村, 区) put back."""

from __future__ import annotations

import re
import unicodedata

from areas.addresses import PREFECTURES
from areas.loader import kanji_to_int
from areas.models import Area
from directory.models import Category, Resource


class Places:
    """The municipalities and their wards, and the site's categories, read once per export."""

    def __init__(self) -> None:
        self.areas: dict[str, Area] = {
            a.code: a
            for a in Area.objects.filter(kind__in=[Area.Kind.MUNICIPALITY, Area.Kind.WARD]).only(
                "code", "name", "prefecture", "kind", "municipality_id"
            )
        }
        self.categories = {c.pk: c for c in Category.objects.all()}
        self.wards_of: dict[int | None, list[Area]] = {}
        for area in self.areas.values():
            if area.kind == Area.Kind.WARD:
                self.wards_of.setdefault(area.municipality_id, []).append(area)
        self.municipalities = [a for a in self.areas.values() if a.kind == Area.Kind.MUNICIPALITY]

    def ward(self, resource: Resource) -> Area | None:
        """The 区 the resource's town lies in (town codes start with their ward's code)."""
        if resource.town is None:
            return None
        area = self.areas.get(resource.town.code.split("-", 1)[0])
        return area if area and area.kind == Area.Kind.WARD else None

    def ward_written(self, municipality: Area, text: str) -> Area | None:
        """The ward of this municipality the text starts with (「中央区千葉港」), if any."""
        for ward in self.wards_of.get(municipality.pk, []):
            if text.startswith(ward.name):
                return ward
        return None

    def other_municipality(self, municipality: Area, text: str) -> Area | None:
        """Another loaded municipality of the same prefecture the text starts with."""
        for other in self.municipalities:
            if (
                other.pk != municipality.pk
                and other.prefecture == municipality.prefecture
                and text.startswith(other.name)
            ):
                return other
        return None


_CHOME = re.compile(r"([〇一二三四五六七八九十百]+)丁目")


def town_spellings(name: str) -> list[str]:
    """A town's official name and the ways addresses write it (四丁目 → 4丁目, 4-)."""
    spellings = [name]
    match = _CHOME.search(name)
    if match:
        try:
            number = kanji_to_int(match[1])
        except (KeyError, ValueError):
            return spellings
        before, after = name[: match.start()], name[match.end() :]
        spellings.append(f"{before}{number}丁目{after}")
        if not after:
            # 「院内1-8-12」: the 丁目 as the first number of the street number.
            spellings.append(f"{before}{number}-")
    return spellings


ADDRESS_KEYS = (
    "所在地_全国地方公共団体コード",
    "所在地_連結表記",
    "所在地_都道府県",
    "所在地_市区町村",
    "所在地_町字",
    "所在地_番地以下",
)


def split_address(resource: Resource, places: Places) -> dict[str, str]:
    """所在地_連結表記 / _都道府県 / _市区町村 / _町字 / _番地以下 from our one address line.

    Addresses are typed in many ways (「千葉市中央区院内1丁目8-12」, 「中央区千葉港1-1」,
    「内牧2072」): whatever of 都道府県, 市区町村 and 区 the writer left out is put back from
    the resource's municipality and town, so 所在地_連結表記 is always the full address. The
    町字 is the official name of the resource's 町丁目, and 番地以下 what follows it in the
    address (empty when the address names the town another way). An address that names
    another prefecture or another loaded municipality is kept as written.
    """
    municipality = resource.municipality
    prefecture = municipality.prefecture
    # One space at most between words; none kept where a part was cut off the front.
    address = " ".join(unicodedata.normalize("NFKC", resource.address).split())
    town = resource.town.name if resource.town else ""
    if not (address or town):
        return dict.fromkeys(ADDRESS_KEYS, "")

    # An address that starts with a 都道府県 was written in full by whoever typed it.
    written = next((p for p in PREFECTURES if address.startswith(p)), "")
    if written and written != prefecture:
        return dict(zip(ADDRESS_KEYS, ("", address, written, "", "", ""), strict=True))
    rest = address.removeprefix(prefecture).lstrip()
    other = places.other_municipality(municipality, rest)
    if other:
        ward = places.ward_written(other, rest.removeprefix(other.name).lstrip())
        city = other.name + (ward.name if ward else "")
        code = (ward or other).code
        return dict(
            zip(ADDRESS_KEYS, (code, prefecture + rest, prefecture, city, "", ""), strict=True)
        )
    rest = rest.removeprefix(municipality.name).lstrip()
    # The ward written in the address wins over the town's (the address is what people read).
    ward = places.ward_written(municipality, rest) or places.ward(resource)
    if ward:
        rest = rest.removeprefix(ward.name).lstrip()
    city = municipality.name + (ward.name if ward else "")
    after = ""
    for spelling in town_spellings(town) if town else []:
        if rest.startswith(spelling):
            after = rest[len(spelling) :].strip()
            break
    return {
        "所在地_全国地方公共団体コード": (ward or municipality).code,
        "所在地_連結表記": prefecture + city + (rest if address else town),
        "所在地_都道府県": prefecture,
        "所在地_市区町村": city,
        "所在地_町字": town,
        "所在地_番地以下": after,
    }
