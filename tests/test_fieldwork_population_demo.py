"""fieldwork/population_demo.py: made-up 65+ figures for 東千葉圏域's towns, marked 見本,
loaded by load_demo; never over a real import; loading again replaces them."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.test import TestCase

from areas.models import Area, PopulationImport, TownPopulation
from directory.models import Category
from fieldwork import gaps, population_demo


class PopulationDemoTest(TestCase):
    def setUp(self) -> None:
        self.chiba = Area.objects.get(code="121002")
        self.sphere = Area.objects.get(code=population_demo.SPHERE_CODE)

    def test_it_gives_the_spheres_towns_a_figure_and_no_other_town(self):
        towns = population_demo.load_population_demo(self.chiba)
        sphere_towns = set(Area.objects.within(self.sphere).towns().values_list("pk", flat=True))
        self.assertEqual(towns, len(sphere_towns))
        self.assertGreater(towns, 5)
        rows = TownPopulation.objects.current(self.chiba)
        self.assertEqual(set(rows.values_list("town_id", flat=True)), sphere_towns)
        self.assertEqual(PopulationImport.objects.get().source, population_demo.SOURCE)
        self.assertIn("架空", population_demo.SOURCE)

    def test_the_gap_map_of_the_sphere_then_counts_people(self):
        population_demo.load_population_demo(self.chiba)
        result = gaps.gap_map(self.sphere, Category.objects.get(code="5"))
        self.assertTrue(result.has_population)
        self.assertTrue(all(t.aged is not None for t in result.towns))
        elsewhere = gaps.gap_map(Area.objects.get(code="121061"), Category.objects.get(code="5"))
        self.assertTrue(all(t.aged is None for t in elsewhere.towns))

    def test_it_is_the_same_when_loaded_again(self):
        population_demo.load_population_demo(self.chiba)
        first = sorted(TownPopulation.objects.values_list("town_id", "aged_65_plus"))
        population_demo.load_population_demo(self.chiba)
        self.assertEqual(PopulationImport.objects.count(), 1)
        self.assertEqual(
            sorted(TownPopulation.objects.values_list("town_id", "aged_65_plus")), first
        )

    def test_it_never_hides_a_real_import(self):
        real = PopulationImport.objects.create(
            municipality=self.chiba, kind=PopulationImport.Kind.SIMPLE, source="令和2年国勢調査"
        )
        self.assertEqual(population_demo.load_population_demo(self.chiba), 0)
        self.assertEqual(list(PopulationImport.objects.all()), [real])

    def test_it_is_loaded_by_load_demo(self):
        out = io.StringIO()
        call_command("load_demo", count=20, stdout=out)
        self.assertIn("人口の見本（架空）: 東千葉圏域の", out.getvalue())
        call_command("load_demo", count=20, stdout=io.StringIO())
        self.assertEqual(PopulationImport.objects.count(), 1)
