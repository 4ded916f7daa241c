"""Where a park is: its point found from its address, and the maps of parks.

- :func:`point_from_address`: a park with an address and no point gets the point of the
  町丁目 its address lies in (areas.addresses.match_town; the town's point is roughly its
  middle). Recorded as 住所から and always called 「住所の町の中心（おおよそ）」 on the pages:
  never a precise point. A point typed, surveyed or from the city's data is never replaced.
- :func:`park_map`: the back-office map's GeoJSON, in the shape directory/maps.py gives the
  result map (so static/js/maps.js draws it), with the parks that have no point listed apart.
- :func:`print_map`: the tiles and the pin of the A4 karte's small map, laid out as the
  guide's map page is (directory/guide_map.py); the browser that prints fetches the tiles.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.html import strip_tags

from areas.addresses import match_town
from areas.models import Area
from directory import guide_map
from directory.maps import DECIMALS, texts
from fieldwork.models import Park

APPROXIMATE = "住所の町の中心（おおよそ）"
SIX_PLACES = Decimal("0.000001")


def town_point(municipality: Area | None, address: str) -> tuple[Decimal, Decimal] | None:
    """The point of the town the address lies in, as the park's columns keep it, or None."""
    if municipality is None or not address:
        return None
    town = match_town(municipality, address)
    if town is None or town.lat is None or town.lng is None:
        return None
    return (
        Decimal(str(town.lat)).quantize(SIX_PLACES),
        Decimal(str(town.lng)).quantize(SIX_PLACES),
    )


def from_address(source: str, point: tuple[Any, Any], before: tuple[Any, Any] | None) -> bool:
    """Whether a point may be (re)found from the address: there is none, or the one there
    came from an address and nobody has typed another over it since (`before`: the saved one)."""
    if point == (None, None):
        return True
    return source == Park.PointSource.ADDRESS and (before is None or point == before)


def point_from_address(
    values: dict, address: str, municipality: Area | None, before: tuple | None
) -> None:
    """Fill latitude, longitude and point_source of a park's values from its address, where
    :func:`from_address` allows. A point that came from an old address and fits no town of
    the new one is removed (unknown, not a wrong town's middle)."""
    point = (values.get("latitude"), values.get("longitude"))
    if not from_address(values.get("point_source", ""), point, before):
        return
    found = town_point(municipality, address)
    if found is not None:
        values["latitude"], values["longitude"] = found
        values["point_source"] = Park.PointSource.ADDRESS
    elif point != (None, None):
        values["latitude"] = values["longitude"] = None
        values["point_source"] = ""


def point_words(park: Park) -> str:
    """How the point was set, as a page says it."""
    if park.point_source == Park.PointSource.ADDRESS:
        return APPROXIMATE
    return park.get_point_source_display()


# ---------------------------------------------------------------- the back-office map


def park_properties(park: Park) -> dict:
    benches = f"{park.benches}基" if park.benches is not None else "不明"
    return {
        "id": park.pk,
        "name": park.name,
        "url": reverse("fieldwork-park", args=[park.pk]),
        "sample": park.is_sample,
        "kind": "place",
        "approximate": park.point_source == Park.PointSource.ADDRESS,
        "facts": [
            ["地域", park.area.name],
            ["トイレ", park.get_toilet_display()],
            ["ベンチ", benches],
            [
                "調査日",
                f"{park.surveyed_on:%Y/%m/%d}" if park.surveyed_on else "未調査",
            ],
            ["位置", point_words(park)],
        ],
    }


def park_map(parks: list[Park]) -> dict:
    """The parks as a GeoJSON FeatureCollection (those with a point), and the rest by name."""
    features: list[dict] = []
    unplaced: list[dict] = []
    approximate = 0
    for park in parks:
        if not park.has_point:
            unplaced.append({"id": park.pk, "name": park.name, "url": park_url(park)})
            continue
        assert park.latitude is not None and park.longitude is not None
        features.append(
            {
                "type": "Feature",
                "id": park.pk,
                "geometry": {
                    "type": "Point",
                    "coordinates": [
                        round(float(park.longitude), DECIMALS),
                        round(float(park.latitude), DECIMALS),
                    ],
                },
                "properties": park_properties(park),
            }
        )
        approximate += park.point_source == Park.PointSource.ADDRESS
    lines = [f"地図に{len(features):,}か所の公園を表示しています。"]
    if approximate:
        lines.append(
            f"そのうち{approximate:,}か所は、位置が{APPROXIMATE}です（住所から求めました）。"
        )
    if unplaced:
        lines.append(f"位置のわからない{len(unplaced):,}か所は、地図の下にまとめています。")
    return {
        "type": "FeatureCollection",
        "features": features,
        "areas": {},
        "count": len(parks),
        "places": len(features),
        "unplaced": unplaced,
        "summary": lines,
        "notices": [],
        "place": None,
    }


def park_url(park: Park) -> str:
    return reverse("fieldwork-park", args=[park.pk])


def map_texts() -> dict[str, str]:
    """static/js/maps.js's words for a map of parks (the site's, with parks named)."""
    return {
        **texts(),
        "cluster": "%(n)s か所の公園。押すと地図を拡大します",
        "failed": "地図の情報を読み込めませんでした。公園カルテの一覧をご覧ください。",
        "tilesFailed": "地図の画像を読み込めませんでした。印はそのまま使えます。",
    }


# ---------------------------------------------------------------- the A4 karte's map

PRINT_WIDTH, PRINT_HEIGHT = 480, 300  # px on the sheet
PRINT_ZOOM = 16  # a few streets around the park


@dataclass
class PrintMap:
    tiles: list[dict]
    pin_left: float
    pin_top: float
    attribution: str
    width: int = PRINT_WIDTH
    height: int = PRINT_HEIGHT


def print_map(park: Park) -> PrintMap | None:
    """The tiles around the park's point with the point in the middle, or None (no point)."""
    if not park.has_point:
        return None
    assert park.latitude is not None and park.longitude is not None
    x, y = guide_map.pixel(float(park.latitude), float(park.longitude), PRINT_ZOOM)
    left, top = x - PRINT_WIDTH / 2, y - PRINT_HEIGHT / 2
    tile = guide_map.TILE
    tiles = [
        {
            "url": guide_map.tile_url(PRINT_ZOOM, tx, ty),
            "left": tx * tile - left,
            "top": ty * tile - top,
        }
        for tx in range(int(left // tile), int((left + PRINT_WIDTH) // tile) + 1)
        for ty in range(int(top // tile), int((top + PRINT_HEIGHT) // tile) + 1)
    ]
    return PrintMap(
        tiles, PRINT_WIDTH / 2, PRINT_HEIGHT / 2, strip_tags(settings.SASAEAI_TILE_ATTRIBUTION)
    )
