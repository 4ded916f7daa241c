"""「近くを探す」 in directory/search/near_plan.py: distance filter and order (run on both databases)."""

from unittest import mock

from django.http import QueryDict

from areas.models import Area
from directory import near, search
from directory.forms import SearchForm
from directory.models import Resource
from directory.search import query as search_query
from tests.base import DirectoryTestCase

WORD = "ちかくてすと"  # in every resource made here, so a search can keep to them


class NearSearchTest(DirectoryTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        town = {
            code: Area.objects.get(code=f"121011-{code}")
            for code in ("院内二丁目", "本千葉町", "弁天一丁目", "春日一丁目")
        }
        cls.town = town
        cls.here = near.Place(cls.innai.lat, cls.innai.lng, "院内1丁目", cls.innai)

        def at(name: str, area: Area, **fields) -> Resource:
            return cls.make_resource(
                name=name,
                category="5.1.1",
                keywords=WORD,
                town=area,
                lat=area.lat,
                lng=area.lng,
                **fields,
            )

        # 200 m, 790 m, 1,050 m and 1,884 m from 院内一丁目's point
        cls.r200 = at("二丁目の体操", town["院内二丁目"])
        cls.r790 = at("本千葉のサロン", town["本千葉町"])
        cls.r1050 = at("弁天のカフェ", town["弁天一丁目"])
        cls.r1884 = at("春日の囲碁", town["春日一丁目"])
        cls.r0_draft = at("院内の下書き", cls.innai, status=Resource.Status.DRAFT)
        # A meal service whose office is next door but which only serves 美浜区: not near.
        cls.elsewhere = at("美浜の配食", cls.innai)
        cls.elsewhere.served_areas.add(cls.mihama)
        # One that comes to every home of 中央区, from an office far away.
        cls.comes = cls.make_resource(
            name="中央区の見守り", category="4", keywords=WORD, town=None, lat=None, lng=None
        )
        cls.comes.served_areas.add(cls.chuo)
        for resource in (cls.elsewhere, cls.comes):
            resource.refresh_derived()

    def find(self, within: int, plan: str | None = None, **criteria) -> tuple[list[int], dict]:
        c = search.Criteria(
            municipality=self.chiba, q=WORD, near=near.Near(self.here, within), **criteria
        )
        s = search.Search(c, search.parse(c.q), plan=plan)
        return s.candidates(), s.distances

    def test_it_keeps_what_lies_within_the_distance(self):
        expected = {
            500: [self.r200],
            1000: [self.r200, self.r790],
            2000: [self.r200, self.r790, self.r1050, self.r1884],
            5000: [self.r200, self.r790, self.r1050, self.r1884],
        }
        for within, resources in expected.items():
            with self.subTest(within=within):
                ids, _distances = self.find(within, order="distance")
                places = [pk for pk in ids if pk != self.comes.pk]
                self.assertEqual(places, [r.pk for r in resources])

    def test_it_orders_by_distance_with_home_services_last(self):
        ids, distances = self.find(2000, order="distance")
        self.assertEqual(
            ids, [self.r200.pk, self.r790.pk, self.r1050.pk, self.r1884.pk, self.comes.pk]
        )
        self.assertAlmostEqual(distances[self.r200.pk], 200, delta=5)
        self.assertAlmostEqual(distances[self.r1884.pk], 1884, delta=5)
        self.assertIsNone(distances[self.comes.pk])

    def test_it_matches_services_that_come_to_the_home_not_by_their_office(self):
        ids, _d = self.find(500)
        self.assertIn(self.comes.pk, ids)  # serves 中央区, where 院内一丁目 lies
        self.assertNotIn(self.elsewhere.pk, ids)  # 0 m away, but serves only 美浜区
        self.assertNotIn(self.r0_draft.pk, ids)
        elsewhere = near.Place(self.innai.lat, self.innai.lng, "美浜", self.mihama)
        c = search.Criteria(municipality=self.chiba, q=WORD, near=near.Near(elsewhere, 500))
        ids = search.Search(c, search.parse(WORD)).candidates()
        self.assertIn(self.elsewhere.pk, ids)
        self.assertNotIn(self.comes.pk, ids)

    def test_it_combines_with_every_other_condition(self):
        ids, _d = self.find(2000, category=self.salon.categories.get())
        self.assertNotIn(self.comes.pk, ids)  # category 4, not 5.1.1
        self.assertIn(self.r1884.pk, ids)
        ids, _d = self.find(2000, free=True)
        self.assertEqual(ids, [])  # no fee recorded on any of them

    def test_both_plans_give_what_a_plain_scan_gives(self):
        """On the whole demo: the box and the posting-list plans against a Python scan."""
        published = list(
            Resource.objects.published()
            .in_municipality(self.chiba)
            .prefetch_related("served_areas", "categories")
        )
        places = [
            self.here,
            near.resolve(self.chiba, "本千葉町"),
            near.resolve(self.chiba, "美浜区"),
            near.from_point(self.chiba, 35.64, 140.06),
        ]
        for place in places:
            home = set(near.Near(place, 500).home_areas())
            for within in (500, 2000):
                for category in (None, self.salon.categories.get()):
                    expected = set()
                    for r in published:
                        if category and category not in r.categories.all():
                            continue
                        served = [a.pk for a in r.served_areas.all()]
                        if served:
                            if home & set(served):
                                expected.add(r.pk)
                        elif r.lat is not None and (
                            near.distance(place.lat, place.lng, r.lat, r.lng) <= within
                        ):
                            expected.add(r.pk)
                    c = search.Criteria(
                        municipality=self.chiba,
                        category=category,
                        near=near.Near(place, within),
                        order="distance",
                    )
                    plans = ["near-box"] + (["near-list"] if category else [])
                    for plan in plans:
                        with self.subTest(place=place.label, within=within, plan=plan):
                            s = search.Search(c, None, plan=plan)
                            ids = s.candidates()
                            self.assertEqual(set(ids), expected)
                            self.assertEqual(s.plan, plan)
                            d = [s.distances[i] for i in ids if s.distances[i] is not None]
                            self.assertEqual(d, sorted(d))
        self.assertTrue(expected)  # the last case found something: the scan is not empty

    def test_it_caps_after_the_distance(self):
        c = search.Criteria(
            municipality=self.chiba, near=near.Near(self.here, 5000), order="distance"
        )
        with mock.patch.object(search_query, "COUNT_CAP", 3):
            ids = search.Search(c, None).candidates()
        self.assertEqual(len(ids), 4)  # COUNT_CAP + 1 says 「以上」
        full = search.Search(c, None)
        self.assertEqual(ids, full.candidates()[:4])

    def test_it_offers_a_wider_distance_when_nothing_is_near(self):
        c = search.Criteria(
            municipality=self.chiba, q="春日の囲碁 " + WORD, near=near.Near(self.here, 500)
        )
        self.assertEqual(search.Search(c, search.parse(c.q)).count(), (0, False))
        self.assertEqual(search.wider(c), [(2000, 1)])


class NearFormTest(DirectoryTestCase):
    def criteria(self, query: str) -> tuple[search.Criteria, list[str]]:
        form = SearchForm(QueryDict(query))
        criteria, _page = form.criteria()
        return criteria, [str(n) for n in form.notices]

    def test_it_reads_a_typed_place_and_orders_by_distance(self):
        c, notices = self.criteria("near=院内1丁目&within=500")
        self.assertEqual(notices, [])
        self.assertEqual(c.near.place.home, self.innai)
        self.assertEqual(c.near.within, 500)
        self.assertEqual(c.order, "distance")
        c, _n = self.criteria("near=院内1丁目&order=next")
        self.assertEqual((c.near.within, c.order), (1000, "next"))

    def test_it_reads_a_position_before_a_typed_place(self):
        c, notices = self.criteria(f"lat={self.innai.lat}&lng={self.innai.lng}&near=美浜区")
        self.assertEqual(notices, [])
        self.assertEqual(c.near.place.label, "現在地")
        self.assertEqual(c.near.place.home, self.innai)

    def test_it_drops_what_it_cannot_use_with_a_notice(self):
        cases = {
            "near=どこにもない町": "「どこにもない町」の場所が見つかりませんでした",
            "lat=abc&lng=140": "「現在地」の指定が正しくない",
            "lat=nan&lng=nan": "「現在地」の指定が正しくない",
            "lat=51.5&lng=-0.1": "「現在地」の指定が正しくない",  # London: not in Japan
            "near=院内1丁目&within=300": "「距離」の指定が正しくない",
            "near=院内1丁目&within=１０００": "「距離」の指定が正しくない",
            "order=distance": "「並び順」の指定が正しくない",
        }
        for query, notice in cases.items():
            with self.subTest(query):
                c, notices = self.criteria(query)
                self.assertTrue(any(notice in n for n in notices), notices)
        c, _n = self.criteria("near=院内1丁目&within=300")
        self.assertEqual(c.near.within, near.DEFAULT_WITHIN)
        c, _n = self.criteria("order=distance")
        self.assertEqual((c.near, c.order), (None, "relevance"))

    def test_it_ignores_an_empty_place_quietly(self):
        c, notices = self.criteria("near=&within=1000&lat=&lng=")
        self.assertEqual((c.near, notices), (None, []))
