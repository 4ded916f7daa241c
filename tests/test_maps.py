"""directory/maps.py: the outline of an area from its towns' points, and a resource's map."""

from __future__ import annotations

import math

from django.core.cache import cache
from django.test import SimpleTestCase

from areas.models import Area
from directory import maps, near
from directory.models import Resource
from tests.base import DirectoryTestCase


def inside(lat: float, lng: float, ring: list[list[float]]) -> bool:
    """Ray casting: is the point inside the closed ring of [lng, lat]?"""
    hit = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False):
        if (y1 > lat) != (y2 > lat) and lng < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            hit = not hit
    return hit


def edge_distance(lat: float, lng: float, ring: list[list[float]]) -> float:
    """Metres from the point to the ring's nearest edge (flat, as at a city's scale)."""
    ky = near.EARTH_RADIUS * math.pi / 180
    kx = ky * math.cos(math.radians(lat))
    px, py = lng * kx, lat * ky
    best = math.inf
    for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False):
        ax, ay, bx, by = x1 * kx, y1 * ky, x2 * kx, y2 * ky
        dx, dy = bx - ax, by - ay
        t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
        best = min(best, math.hypot(px - (ax + t * dx), py - (ay + t * dy)))
    return best


def signed_area(ring: list[list[float]]) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False)) / 2


class HullTest(SimpleTestCase):
    def test_it_finds_the_corners_of_a_convex_hull(self):
        square = [(0, 0), (2, 0), (2, 2), (0, 2), (1, 1), (1, 0), (0, 0)]
        self.assertEqual(maps.convex_hull(square), [(0, 0), (2, 0), (2, 2), (0, 2)])
        self.assertEqual(maps.convex_hull([(1, 1)]), [(1, 1)])

    def test_it_widens_a_single_point_into_a_circle_of_about_300_m(self):
        ring = maps.padded_hull([(35.6, 140.1)])
        self.assertEqual(ring[0], ring[-1])  # closed, as GeoJSON wants
        self.assertEqual(len(ring), maps.CIRCLE_STEPS + 1)
        self.assertTrue(inside(35.6, 140.1, ring))
        for lng, lat in ring[:-1]:
            self.assertAlmostEqual(
                near.distance(35.6, 140.1, lat, lng), 300 / math.cos(math.pi / 16), delta=2
            )
        self.assertAlmostEqual(edge_distance(35.6, 140.1, ring), 300, delta=2)

    def test_it_widens_two_points_into_a_strip_holding_both(self):
        points = [(35.60, 140.10), (35.61, 140.12)]
        ring = maps.padded_hull(points)
        for lat, lng in points:
            self.assertTrue(inside(lat, lng, ring))
            self.assertGreaterEqual(edge_distance(lat, lng, ring), 299)
        self.assertGreater(signed_area(ring), 0)  # counter-clockwise (RFC 7946)


class AreaOutlineTest(DirectoryTestCase):
    def test_it_outlines_every_area_around_all_its_town_points(self):
        areas = [self.benten, self.chuo, self.mihama, *Area.objects.filter(kind=Area.Kind.SPHERE)]
        for area in areas:
            feature = maps.area_feature(area)
            ring = feature["geometry"]["coordinates"][0]
            points = maps.town_points(area)
            self.assertGreater(len(points), 1, area.name)
            self.assertEqual(ring[0], ring[-1])
            self.assertGreater(signed_area(ring), 0, area.name)
            for lat, lng in points:
                self.assertTrue(inside(lat, lng, ring), f"{area.name}: ({lat}, {lng}) is outside")
                # every town point lies at least the padding inside (less rounding)
                self.assertGreaterEqual(edge_distance(lat, lng, ring), maps.PAD_METRES - 1)
            self.assertEqual(feature["properties"]["label"], f"{area.name}に来てくれます")

    def test_it_outlines_a_one_town_area_as_a_polygon(self):
        feature = maps.area_feature(self.innai)
        self.assertEqual(feature["geometry"]["type"], "Polygon")
        ring = feature["geometry"]["coordinates"][0]
        self.assertEqual(len(ring), maps.CIRCLE_STEPS + 1)
        self.assertTrue(inside(self.innai.lat, self.innai.lng, ring))
        self.assertEqual(feature["properties"]["label"], "院内一丁目に来てくれます")

    def test_it_has_no_outline_for_an_area_without_points(self):
        empty = Area.objects.create(
            code="121002-テスト", kind=Area.Kind.SPHERE, name="点のない圏域", parent=self.chuo
        )
        self.assertEqual(maps.town_points(empty), [])
        self.assertIsNone(maps.area_feature(empty))

    def test_it_keeps_an_outline_in_the_cache(self):
        cache.delete(maps.hull_cache_key(self.benten))
        with self.assertNumQueries(1):
            first = maps.area_feature(self.benten)
        with self.assertNumQueries(0):
            again = maps.area_feature(self.benten)
        self.assertEqual(first, again)


class ResourceMapTest(DirectoryTestCase):
    def test_it_puts_a_resource_at_a_place_on_a_pin(self):
        self.salon.lat, self.salon.lng = self.innai.lat, self.innai.lng
        self.salon.save()
        drawn = maps.resource_map(self.salon)
        self.assertEqual(drawn["kind"], "place")
        self.assertEqual(float(drawn["lat"]), round(self.innai.lat, 6))
        self.assertTrue(drawn["approximate"])  # no precision recorded: said to be rough
        self.salon.point_precision = Resource.PointPrecision.MANUAL
        self.assertFalse(maps.resource_map(self.salon)["approximate"])

    def test_it_draws_the_areas_a_home_service_covers_and_no_pin(self):
        meals = self.make_resource(
            name="弁天配食", category="3", lat=self.innai.lat, lng=self.innai.lng
        )
        meals.served_areas.set([self.benten, self.innai])
        drawn = maps.resource_map(meals)
        self.assertEqual(drawn["kind"], "area")
        self.assertNotIn("lat", drawn)
        names = [f["properties"]["name"] for f in drawn["areas"]["features"]]
        self.assertEqual(names, ["弁天圏域", "院内一丁目"])
        self.assertEqual(drawn["names"], "弁天圏域・院内一丁目")

    def test_it_draws_nothing_without_a_point_or_an_area(self):
        nowhere = self.make_resource(name="どこでもない会", category="5.1.1")
        self.assertIsNone(maps.resource_map(nowhere))
