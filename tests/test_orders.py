"""One definition of each order (models.ORDERINGS): the site's result list, the CSV export
of that search and the API's services list give the same resources in the same order, with
and without words, with and without a place (run on SQLite and on PostgreSQL).

Every resource is made here, in a town of its own (試験町), with ties on every key (the
same 確認日, よみがな, 開催日 and point) so that each tie-break is compared too.
"""

from __future__ import annotations

import csv
import datetime
import io
from urllib.parse import urlencode

from django.urls import reverse

from areas.models import Area
from directory.models import ORDERINGS, Resource
from tests.base import DirectoryTestCase

WORD = "じゅんばん"
LAT, LNG = 35.6, 140.1
WITHIN = 5000
D1, D2 = datetime.date(2026, 10, 1), datetime.date(2026, 9, 1)

# (name, kana, 確認日, weekday of a weekly rule or None, metres east of the place, word in)
RESOURCES = [
    ("あおば会", "アオバカイ", D1, 0, 100, "name"),
    ("あおば会館", "アオバカイ", D1, 0, 100, "keywords"),
    ("いちょう会", "イチョウカイ", D2, 2, 900, "description"),
    ("うめの会", "ウメノカイ", None, None, 900, "name"),
    ("えのきの会", "", D1, 4, 2500, "description"),
    ("おかの会", "オカノカイ", D2, None, 4000, None),
    ("かえでの会", "カエデノカイ", None, 2, 300, "keywords"),
    ("きりの会", "アオバカイ", D2, 6, 300, None),
    ("遠くの会", "トオクノカイ", D1, 1, 9000, "name"),
]


class OrderTests(DirectoryTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.town = Area.objects.create(
            code="999997", kind=Area.Kind.MUNICIPALITY, name="試験町", lat=LAT, lng=LNG
        )
        Area.objects.create(
            code="999997-本町", kind=Area.Kind.TOWN, name="本町", parent=cls.town, lat=LAT, lng=LNG
        )
        degree = 111_320 * 0.8124  # metres per degree of longitude at 35.6°
        for name, kana, confirmed, weekday, east, word in RESOURCES:
            where = {"name": "", "keywords": "", "description": ""}
            if word:
                where[word] = WORD
            cls.make_resource(
                name=f"{name}{where.pop('name')}",
                kana=kana,
                category="5.1.1",
                municipality=cls.town,
                provider=None,
                confirmed_on=confirmed,
                lat=LAT,
                lng=LNG + east / degree,
                rule={"freq": "weekly", "weekdays": [weekday]} if weekday is not None else None,
                **where,
            )
        cls.make_resource(
            name=f"下書きの会{WORD}",
            category="5.1.1",
            municipality=cls.town,
            provider=None,
            status=Resource.Status.DRAFT,
            lat=LAT,
            lng=LNG,
        )

    def site(self, params: dict[str, str]) -> list[int]:
        response = self.client.get(reverse("directory-results") + "?" + urlencode(params))
        self.assertEqual(response.status_code, 200)
        self.assertFalse(response.context["notices"], params)
        return [r.pk for r in response.context["outcome"].resources]

    def export(self, params: dict[str, str]) -> list[int]:
        query = urlencode({**params, "format": "csv"})
        response = self.client.get(reverse("directory-export") + "?" + query)
        self.assertEqual(response.status_code, 200)
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        return [int(row["ID"]) for row in csv.DictReader(io.StringIO(text, newline=""))]

    def api(self, params: dict[str, str]) -> list[int]:
        response = self.client.get(reverse("api-services") + "?" + urlencode(params))
        self.assertEqual(response.status_code, 200, response.content)
        return [int(item["id"]) for item in response.json()["contents"]]

    def test_it_gives_every_order_the_same_ids_on_the_site_in_the_export_and_in_the_api(self):
        self.assertEqual(set(ORDERINGS), {"relevance", "next", "confirmed", "distance", "name"})
        compared = 0
        for order in ORDERINGS:
            for words in (False, True):
                for place in (False, True):
                    if order == "distance" and not place:
                        continue  # 近い順 needs a place
                    site = {"city": self.town.code, "order": order}
                    api = {"city": self.town.code, "order": order}
                    if words:
                        site["q"] = api["search"] = WORD
                    if place:
                        site.update(lat=str(LAT), lng=str(LNG), within=str(WITHIN))
                        api["proximity"] = f"{LAT},{LNG},{WITHIN}"
                    with self.subTest(order=order, words=words, place=place):
                        ids = self.site(site)
                        self.assertGreaterEqual(len(ids), 4)
                        self.assertEqual(self.export(site), ids)
                        self.assertEqual(self.api(api), ids)
                        compared += 1
        self.assertEqual(compared, 18)

    def test_it_breaks_ties_as_the_definition_says(self):
        """By hand, what ORDERINGS says: 確認日 newest first and missing last, then よみがな,
        then id; 名前順 by よみがな, then the name."""
        by_name = {r.name: r.pk for r in Resource.objects.filter(municipality=self.town)}
        confirmed = self.site({"city": self.town.code, "order": "confirmed"})
        self.assertEqual(
            confirmed,
            [
                by_name[n]
                for n in [
                    "えのきの会",  # D1, よみがな empty first
                    "あおば会じゅんばん",
                    "あおば会館",
                    "遠くの会じゅんばん",
                    "きりの会",  # D2, アオバカイ
                    "いちょう会",
                    "おかの会",
                    "うめの会じゅんばん",  # no 確認日
                    "かえでの会",
                ]
            ],
        )
        named = self.site({"city": self.town.code, "order": "name"})
        self.assertEqual(
            named[:4],
            [by_name[n] for n in ["えのきの会", "あおば会じゅんばん", "あおば会館", "きりの会"]],
        )

    def test_it_refuses_an_unknown_order_or_distance_without_a_place_in_the_api(self):
        for params in ({"order": "random"}, {"order": "distance"}):
            response = self.client.get(reverse("api-services") + "?" + urlencode(params))
            self.assertEqual(response.status_code, 400, params)
            self.assertEqual(response.json()["parameter"], "order")
