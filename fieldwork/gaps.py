"""The gap map: for each town of an area, how many resources of a category lie within walking
distance of the town's point, and — with a population file — how many people aged 65+ live
in towns with none.

A resource counts where it is held: published, in the category or a sub-category, with a
point (Resource.lat/lng: its venue's, or its town's middle when only the town is known — as
the near search and the maps use it). Services that come to the home (they name served
areas) have no distance and are not counted here. Distances are directory/near.py's
straight-line (haversine) metres from the town's representative point; "within" is
``distance <= metres``.

:func:`counts` answers with a grid: resources are put into cells a fifth of the distance
wide, a cell wholly inside the circle is counted whole, one wholly outside is passed over,
and only the points of cells on the circle's edge are measured. :func:`naive_counts` measures
every pair; bench/gap_bench.py and the tests assert both give the same answers.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Exists, OuterRef

from areas.models import Area, TownPopulation
from directory.models import Category, Resource
from directory.near import EARTH_RADIUS, distance

DEFAULT_METRES = 800
MAX_METRES = 5000
# Our flat (local) distances differ from the haversine ones by far less than this share at a
# few kilometres: a point whose flat distance is clearly inside or outside needs no haversine.
MARGIN = 0.005
CELLS_PER_RADIUS = 5

Point = tuple[float, float]  # (lat, lng)


def walking_metres() -> int:
    """The walking distance (settings.SASAEAI_GAP_METRES, 800 m unless set)."""
    value = int(getattr(settings, "SASAEAI_GAP_METRES", DEFAULT_METRES))
    return min(max(value, 100), MAX_METRES)


def naive_counts(towns: Sequence[Point], resources: Sequence[Point], metres: float) -> list[int]:
    """The baseline: every town against every resource."""
    return [
        sum(1 for rlat, rlng in resources if distance(tlat, tlng, rlat, rlng) <= metres)
        for tlat, tlng in towns
    ]


def counts(towns: Sequence[Point], resources: Sequence[Point], metres: float) -> list[int]:
    """The same answers as naive_counts, from a grid of cells (see the module's notes)."""
    if not towns or not resources:
        return [0] * len(towns)
    widest = max(abs(lat) for lat, _ in [*towns, *resources])
    ky = EARTH_RADIUS * math.pi / 180  # metres per degree of latitude
    cell_m = metres / CELLS_PER_RADIUS
    dlat = cell_m / ky
    # Cells are at least cell_m wide everywhere: their width in degrees is taken where a
    # degree of longitude is shortest (the farthest latitude from the equator).
    dlng = cell_m / (ky * math.cos(math.radians(widest)))
    grid: dict[tuple[int, int], list[Point]] = defaultdict(list)
    for lat, lng in resources:
        grid[(math.floor(lat / dlat), math.floor(lng / dlng))].append((lat, lng))
    reach = CELLS_PER_RADIUS + 1
    inner2 = (metres * (1 - MARGIN)) ** 2
    outer2 = (metres * (1 + MARGIN)) ** 2
    out: list[int] = []
    for tlat, tlng in towns:
        kx = ky * math.cos(math.radians(tlat))  # metres per degree of longitude here
        ci, cj = math.floor(tlat / dlat), math.floor(tlng / dlng)
        total = 0
        for i in range(ci - reach, ci + reach + 1):
            south, north = (i * dlat - tlat) * ky, ((i + 1) * dlat - tlat) * ky
            near_y = 0.0 if south <= 0 <= north else min(abs(south), abs(north))
            far_y = max(abs(south), abs(north))
            for j in range(cj - reach, cj + reach + 1):
                cell = grid.get((i, j))
                if cell is None:
                    continue
                west, east = (j * dlng - tlng) * kx, ((j + 1) * dlng - tlng) * kx
                near_x = 0.0 if west <= 0 <= east else min(abs(west), abs(east))
                if near_x * near_x + near_y * near_y > outer2:
                    continue
                far_x = max(abs(west), abs(east))
                if far_x * far_x + far_y * far_y <= inner2:
                    total += len(cell)
                    continue
                for rlat, rlng in cell:
                    dy, dx = (rlat - tlat) * ky, (rlng - tlng) * kx
                    d2 = dx * dx + dy * dy
                    if d2 <= inner2 or (
                        d2 <= outer2 and distance(tlat, tlng, rlat, rlng) <= metres
                    ):
                        total += 1
        out.append(total)
    return out


@dataclass
class TownGap:
    pk: int
    name: str
    lat: float | None
    lng: float | None
    count: int | None  # None: the town has no point
    aged: int | None  # people aged 65+; None: unknown
    order: int = 0  # the area's own order of towns (by reading)

    @property
    def uncovered(self) -> int | None:
        """People aged 65+ with none within walking distance (unknown when either is)."""
        if self.count is None or self.aged is None:
            return None
        return self.aged if self.count == 0 else 0

    @property
    def level(self) -> str:
        if self.count is None:
            return "unknown"
        return "none" if self.count == 0 else "few" if self.count <= 2 else "many"


@dataclass
class GapMap:
    area: Area
    category: Category
    metres: int
    towns: list[TownGap] = field(default_factory=list)
    resources: int = 0  # counted resources (held at a place)
    home_services: int = 0  # come to the home: not counted
    unplaced: int = 0  # held at a place we do not know
    has_population: bool = False

    @property
    def without_any(self) -> int:
        return sum(1 for t in self.towns if t.count == 0)

    @property
    def no_point(self) -> int:
        return sum(1 for t in self.towns if t.count is None)

    @property
    def aged(self) -> int:
        """People aged 65+ in the towns whose figure is known."""
        return sum(t.aged for t in self.towns if t.aged is not None)

    @property
    def uncovered(self) -> int:
        return sum(t.uncovered for t in self.towns if t.uncovered is not None)

    @property
    def uncovered_unknown(self) -> int:
        """Towns left out of `uncovered`: no point or no figure."""
        return sum(1 for t in self.towns if t.uncovered is None)


def category_resources(municipality: Area, category: Category):
    """The municipality's published resources in the category (sub-categories included)."""
    return Resource.objects.published().in_municipality(municipality).in_category(category)


def gap_map(area: Area, category: Category, metres: int | None = None) -> GapMap:
    municipality = area if area.kind == Area.Kind.MUNICIPALITY else area.municipality
    assert municipality is not None
    metres = metres or walking_metres()
    result = GapMap(area=area, category=category, metres=metres)
    rows = category_resources(municipality, category).annotate(
        serves=Exists(Resource.served_areas.through.objects.filter(resource_id=OuterRef("pk")))
    )
    points: list[Point] = []
    for lat, lng, serves in rows.values_list("lat", "lng", "serves"):
        if serves:
            result.home_services += 1
        elif lat is None or lng is None:
            result.unplaced += 1
        else:
            points.append((lat, lng))
    result.resources = len(points)
    towns = list(
        Area.objects.within(area)
        .towns()
        .order_by("sort_order", "kana", "name", "pk")
        .values_list("pk", "name", "lat", "lng")
    )
    placed = [(lat, lng) for _pk, _name, lat, lng in towns if lat is not None and lng is not None]
    found = iter(counts(placed, points, metres))
    population = dict(
        TownPopulation.objects.current(municipality)
        .filter(town_id__in=[t[0] for t in towns])
        .values_list("town_id", "aged_65_plus")
    )
    result.has_population = TownPopulation.objects.current(municipality).exists()
    for order, (pk, name, lat, lng) in enumerate(towns):
        count = next(found) if lat is not None and lng is not None else None
        result.towns.append(TownGap(pk, name, lat, lng, count, population.get(pk), order))
    return result


SORTS = {
    "name": lambda t: (t.order,),
    "count": lambda t: (t.count is None, t.count or 0, t.order),
    "aged": lambda t: (t.aged is None, -(t.aged or 0), t.order),
    "uncovered": lambda t: (t.uncovered is None, -(t.uncovered or 0), t.order),
}


def sorted_towns(towns: Iterable[TownGap], sort: str) -> list[TownGap]:
    """The table's orders: by name, fewest resources first, most people first; unknown last."""
    return sorted(towns, key=SORTS.get(sort, SORTS["count"]))
