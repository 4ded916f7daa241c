"""sasaeai/lib/ids.py: the one id bound, and <id:…> on every back-office URL with an id."""

from __future__ import annotations

from django.test import SimpleTestCase
from django.urls import Resolver404, resolve, reverse

from sasaeai.lib.ids import MAX_ID, parse_id


class IdTest(SimpleTestCase):
    def test_it_reads_only_ids_a_row_can_have(self):
        self.assertEqual(parse_id("1"), 1)
        self.assertEqual(parse_id(str(MAX_ID)), MAX_ID)
        for text in ("0", str(MAX_ID + 1), "9" * 40, "", "-1", "１", " 5", "5.0", "abc"):
            self.assertIsNone(parse_id(text), text)

    def test_it_routes_ids_up_to_the_bound_and_no_further(self):
        match = resolve(f"/office/resources/{MAX_ID}/history/{MAX_ID}/")
        self.assertEqual(match.kwargs, {"pk": MAX_ID, "number": MAX_ID})
        self.assertEqual(resolve("/photos/7/").kwargs, {"pk": 7})
        for path in (
            f"/office/resources/{MAX_ID + 1}/",
            "/office/resources/0/",
            f"/office/import/{10**30}/",
            f"/resources/{2**63}/report/",
            f"/photos/{'9' * 5000}/",
        ):
            with self.assertRaises(Resolver404, msg=path):
                resolve(path)

    def test_it_reverses_an_id(self):
        self.assertEqual(reverse("office-revision", args=[3, 2]), "/office/resources/3/history/2/")
