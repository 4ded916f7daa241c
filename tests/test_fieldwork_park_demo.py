"""fieldwork/park_demo.py: sample parks in 東千葉圏域, marked 見本, loaded by load_demo."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.test import TestCase

from areas.models import Area
from fieldwork import editing, park_demo
from fieldwork.models import Park


class ParkDemoTest(TestCase):
    def setUp(self) -> None:
        self.chiba = Area.objects.get(code="121002")

    def test_it_loads_sample_parks_in_the_sphere_leaving_unknowns_unknown(self):
        self.assertEqual(park_demo.load_park_demo(self.chiba), 3)
        parks = Park.objects.all()
        self.assertTrue(all(p.is_sample and p.area.code == park_demo.SPHERE_CODE for p in parks))
        unsurveyed = Park.objects.get(name="見本 みどり児童公園")
        self.assertIsNone(unsurveyed.surveyed_on)
        self.assertIsNone(unsurveyed.benches)
        self.assertEqual(unsurveyed.toilet, Park.Toilet.UNKNOWN)
        self.assertTrue(all(editing.versions_of(p).count() == 1 for p in parks))

    def test_it_replaces_the_samples_when_loaded_again(self):
        park_demo.load_park_demo(self.chiba)
        park_demo.load_park_demo(self.chiba)
        self.assertEqual(Park.objects.count(), 3)

    def test_it_is_loaded_by_load_demo(self):
        out = io.StringIO()
        call_command("load_demo", count=20, stdout=out)
        self.assertIn("公園カルテの見本: 3 件", out.getvalue())
