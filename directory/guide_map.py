"""The area map page of a 地域資源ガイド (only with SASAEAI_GUIDE_MAP=1).

Map tiles are an outside service (SASAEAI_TILE_URL, 国土地理院 by default): the page is a
mosaic of at most 20 tiles around the area's towns, with a numbered pin for every resource
held at a place (the same number stands beside its entry in the booklet). Services that
come to the home are never a pin. The tiles are fetched while WeasyPrint renders, only from
the tile server, with a short timeout; a tile that fails leaves a blank square, and the
pins and the rest of the booklet are still drawn.
"""

from __future__ import annotations

import math
import re
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.utils.html import strip_tags

from areas.models import Area
from directory.models import Resource

TILE = 256  # px
WIDTH, HEIGHT = 680, 860  # px of the map on the page (WeasyPrint: 96 px = 1 inch)
ZOOMS = range(16, 8, -1)  # the closest zoom at which the area fits
TIMEOUT = 5  # seconds per tile
USER_AGENT = "sasaeai-guide"


def pixel(lat: float, lng: float, zoom: int) -> tuple[float, float]:
    """Web Mercator world pixel of a point at a zoom (the tiles' own projection)."""
    scale = TILE * 2**zoom
    x = (lng + 180) / 360 * scale
    rad = math.radians(lat)
    y = (1 - math.log(math.tan(rad) + 1 / math.cos(rad)) / math.pi) / 2 * scale
    return x, y


@dataclass
class MapPage:
    tiles: list[dict]
    pins: list[dict]
    attribution: str
    width: int = WIDTH
    height: int = HEIGHT


def tile_url(zoom: int, x: int, y: int) -> str:
    return (
        settings.SASAEAI_TILE_URL.replace("{z}", str(zoom))
        .replace("{x}", str(x))
        .replace("{y}", str(y))
    )


def map_page(area: Area, numbered: list[tuple[int, Resource]]) -> MapPage | None:
    """The tiles and pins of the area, or None when there is nothing to draw."""
    towns = Area.objects.within(area).towns().filter(lat__isnull=False, lng__isnull=False)
    points = [(t.lat, t.lng) for t in towns.only("lat", "lng")]
    places = [(n, r) for n, r in numbered if r.lat is not None and r.lng is not None]
    points += [(r.lat, r.lng) for _n, r in places]
    if not points:
        return None
    for zoom in ZOOMS:
        xs, ys = zip(*(pixel(lat, lng, zoom) for lat, lng in points), strict=True)
        if max(xs) - min(xs) <= WIDTH - 40 and max(ys) - min(ys) <= HEIGHT - 40:
            break
    left = (max(xs) + min(xs)) / 2 - WIDTH / 2
    top = (max(ys) + min(ys)) / 2 - HEIGHT / 2
    tiles = [
        {"url": tile_url(zoom, tx, ty), "left": tx * TILE - left, "top": ty * TILE - top}
        for tx in range(int(left // TILE), int((left + WIDTH) // TILE) + 1)
        for ty in range(int(top // TILE), int((top + HEIGHT) // TILE) + 1)
    ]
    pins = []
    for number, resource in places:
        assert resource.lat is not None and resource.lng is not None  # only placed ones are pins
        x, y = pixel(resource.lat, resource.lng, zoom)
        if 0 <= x - left <= WIDTH and 0 <= y - top <= HEIGHT:
            pins.append({"number": number, "left": x - left, "top": y - top})
    return MapPage(tiles, pins, strip_tags(settings.SASAEAI_TILE_ATTRIBUTION))


def is_tile(url: str) -> bool:
    """Whether url is one of the tile server's tiles (the template with numbers in it)."""
    pattern = re.escape(settings.SASAEAI_TILE_URL)
    for key in ("z", "x", "y"):
        pattern = pattern.replace(re.escape("{" + key + "}"), r"\d{1,7}")
    return re.fullmatch(pattern, url) is not None


def fetch_tile(url: str) -> bytes:
    """One tile from the tile server (the tests replace this: they never call out)."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
        return response.read(2_000_000)
