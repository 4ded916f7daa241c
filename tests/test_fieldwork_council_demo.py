"""The 協議体 samples of load_demo: the talk's council, its workshop board of five 地域資源
and five 地域課題 placed in 東千葉圏域, all 見本; loading again replaces them."""

from __future__ import annotations

from django.test import TestCase

from areas.models import Area
from fieldwork.council_demo import ISSUES, RESOURCES, load_council_demo
from fieldwork.council_models import BoardCard, Council, Meeting
from fieldwork.models import Version


class CouncilDemoTest(TestCase):
    def test_it_loads_the_talks_board_in_the_benten_area_as_samples(self):
        chiba = Area.objects.get(code="121002")
        self.assertEqual(load_council_demo(chiba), {"councils": 1, "cards": 10})
        council = Council.objects.get()
        sphere = Area.objects.get(code="121002-弁天")
        self.assertEqual((council.area, council.is_sample), (sphere, True))
        self.assertTrue(all(m["contact"] == "" for m in council.members))  # no person invented
        cards = BoardCard.objects.filter(meeting=Meeting.objects.get())
        by_column = {
            column: [c.title for c in cards.filter(column=column).order_by("pk")]
            for column in ("resource", "issue")
        }
        self.assertEqual(by_column["resource"], [t for t, _ in RESOURCES])
        self.assertEqual(by_column["issue"], [t for t, _ in ISSUES])
        self.assertIn("施設内の空きスペースの無料提供", by_column["resource"])
        self.assertIn("ごみ出し・買い物支援が欲しい", by_column["issue"])
        for card in cards:
            self.assertTrue(card.is_sample and card.has_point, card.title)
            self.assertTrue(card.town.path.startswith(sphere.path), card.title)
        load_council_demo(chiba)
        self.assertEqual(Council.objects.count(), 1)
        self.assertEqual(BoardCard.objects.count(), 10)
        kinds = set(Version.objects.values_list("kind", flat=True))
        self.assertEqual(kinds, {"council", "meeting", "card"})
        self.assertEqual(Version.objects.filter(kind="card").count(), 10)
