"""The gap computation (fieldwork/gaps.py) against towns checked by hand.

Real points of 千葉市中央区's towns (data/japan_towns.csv.gz) and resources of a category of
the test's own placed at towns' points. Distances worked out by hand on a flat map (1° of
latitude = 111,195 m; 1° of longitude = 111,195 × cos 35.61° = 90,431 m):

- A at 院内一丁目's point: 院内一丁目 0 m; 院内二丁目 √(10² + 200²) ≈ 200 m;
  弁天一丁目 √(334² + 996²) ≈ 1,051 m; 弁天四丁目 √(1,071² + 810²) ≈ 1,343 m.
- B at 弁天二丁目's point: 弁天一丁目 √(46² + 394²) ≈ 397 m; 院内一丁目 √(288² + 602²) ≈ 667 m;
  院内二丁目 √(278² + 802²) ≈ 849 m; 弁天四丁目 √(783² + 208²) ≈ 810 m (just outside 800 m).
- E (a sub-category) at 弁天四丁目's point: 弁天四丁目 0 m; 弁天一丁目 √(737² + 186²) ≈ 760 m;
  院内一丁目 √(1,071² + 810²) ≈ 1,343 m, 院内二丁目 farther still.
So within 800 m: 院内一丁目 A, B (2); 院内二丁目 A (1); 弁天一丁目 B, E (2); 弁天四丁目 E (1).
Within 300 m, 弁天一丁目 has none (B 397 m, E 760 m).
"""

from __future__ import annotations

import random

from areas.models import Area, PopulationImport, TownPopulation
from directory.models import Category, Resource
from directory.near import distance
from fieldwork import gaps
from tests.base import DirectoryTestCase


class GapTest(DirectoryTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.category = Category.objects.create(code="99", name="テストの通いの場")
        Category.objects.create(code="99.1", name="テストの体操", parent=cls.category)
        cls.towns = {
            name: Area.objects.get(code=f"121011-{name}")
            for name in ("院内一丁目", "院内二丁目", "弁天一丁目", "弁天二丁目", "弁天四丁目")
        }

        def at(town: str, code: str = "99", **fields) -> Resource:
            point = cls.towns[town]
            return cls.make_resource(
                name=f"{town}の場", category=code, lat=point.lat, lng=point.lng, **fields
            )

        cls.a = at("院内一丁目")
        cls.b = at("弁天二丁目")
        cls.e = at("弁天四丁目", "99.1")
        at("院内一丁目", status=Resource.Status.DRAFT)  # not published: not counted
        home = at("院内二丁目")  # comes to the home: not counted
        home.served_areas.add(cls.chuo)
        cls.nowhere = Area(
            code="121011-点のない町", kind=Area.Kind.TOWN, name="点のない町", parent=cls.chuo
        )
        cls.nowhere.save()

    def test_it_counts_within_walking_distance_as_worked_out_by_hand(self) -> None:
        result = gaps.gap_map(self.chuo, self.category, 800)
        by_name = {t.name: t for t in result.towns}
        self.assertEqual(
            {n: by_name[n].count for n in ("院内一丁目", "院内二丁目", "弁天一丁目", "弁天四丁目")},
            {"院内一丁目": 2, "院内二丁目": 1, "弁天一丁目": 2, "弁天四丁目": 1},
        )
        self.assertEqual((result.resources, result.home_services), (3, 1))
        # The hand figures, measured: B is 849 m from 院内二丁目 and 810 m from 弁天四丁目.
        b, t = self.towns["弁天二丁目"], self.towns["弁天四丁目"]
        self.assertAlmostEqual(distance(b.lat, b.lng, t.lat, t.lng), 810, delta=5)

    def test_it_says_unknown_for_a_town_without_a_point(self) -> None:
        result = gaps.gap_map(self.chuo, self.category, 800)
        town = next(t for t in result.towns if t.pk == self.nowhere.pk)
        self.assertIsNone(town.count)
        self.assertEqual(town.level, "unknown")
        self.assertIsNone(town.uncovered)

    def test_it_weighs_by_people_aged_65_and_over(self) -> None:
        batch = PopulationImport.objects.create(municipality=self.chiba, kind="simple")
        figures = {"院内一丁目": 286, "弁天一丁目": 218}
        for name, count in figures.items():
            TownPopulation.objects.create(batch=batch, town=self.towns[name], aged_65_plus=count)
        result = gaps.gap_map(self.chuo, self.category, 800)
        by_name = {t.name: t for t in result.towns}
        self.assertEqual(by_name["院内一丁目"].uncovered, 0)  # 2 within reach
        self.assertIsNone(by_name["院内二丁目"].aged)  # no figure: unknown, not 0
        self.assertIsNone(by_name["院内二丁目"].uncovered)
        self.assertEqual(result.aged, 504)
        # A wider distance reaches more; a narrower one leaves 弁天一丁目 with none.
        narrow = {t.name: t for t in gaps.gap_map(self.chuo, self.category, 300).towns}
        self.assertEqual(narrow["弁天一丁目"].count, 0)
        self.assertEqual(narrow["弁天一丁目"].uncovered, 218)

    def test_it_gives_the_naive_scans_answers(self) -> None:
        rng = random.Random(7)
        for metres in (100, 800, 2000):
            towns = [
                (35.6 + rng.uniform(-0.05, 0.05), 140.1 + rng.uniform(-0.05, 0.05))
                for _ in range(150)
            ]
            resources = [
                (35.6 + rng.uniform(-0.05, 0.05), 140.1 + rng.uniform(-0.05, 0.05))
                for _ in range(600)
            ]
            resources += [towns[0], (towns[1][0] + metres / 111_195, towns[1][1])]  # on the edge
            self.assertEqual(
                gaps.counts(towns, resources, metres), gaps.naive_counts(towns, resources, metres)
            )
        self.assertEqual(gaps.counts([(35.6, 140.1)], [], 800), [0])

    def test_it_sorts_the_table_with_unknown_last(self) -> None:
        result = gaps.gap_map(self.chuo, self.category, 800)
        ordered = gaps.sorted_towns(result.towns, "count")
        counts = [t.count for t in ordered]
        known = [c for c in counts if c is not None]
        self.assertEqual(counts, known + [None] * (len(counts) - len(known)))
        self.assertEqual(known, sorted(known))
        self.assertIn(self.nowhere.pk, [t.pk for t in ordered[len(known) :]])
