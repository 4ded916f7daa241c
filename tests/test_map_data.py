"""The result map's data (/search/map.json) and the map parts of /search/ and /resources/<id>/."""

from __future__ import annotations

import json
from unittest import mock
from urllib.parse import quote

from directory import maps
from directory.models import Resource
from tests.base import DirectoryTestCase

PUBLIC_PROPERTIES = {
    "id",
    "name",
    "url",
    "categories",
    "schedule",
    "next_date",
    "next_date_text",
    "fee",
    "sample",
    "kind",
}
AREA_PROPERTIES = PUBLIC_PROPERTIES | {"areas", "area_names", "reach", "consultation"}


class MapDataTest(DirectoryTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        # update(), not save(): the instance's search columns predate its indexing
        Resource.objects.filter(pk=cls.salon.pk).update(
            lat=cls.innai.lat,
            lng=cls.innai.lng,
            internal_note="内部だけのメモ：鍵は管理人室",
            contact_person="担当の山田",
        )
        # Comes to homes in 弁天圏域; it has an office address, which must not become a pin.
        cls.meals = cls.make_resource(
            name="ひだまり配食弁当",
            category="3",
            lat=cls.innai.lat,
            lng=cls.innai.lng,
            internal_note="内部だけのメモ：配達員",
        )
        cls.meals.served_areas.set([cls.benten])
        cls.meals.refresh_derived()
        cls.paused = cls.make_resource(
            name="ひだまり休止中の会",
            category="5.1.1",
            lat=cls.innai.lat,
            lng=cls.innai.lng,
            status=Resource.Status.PAUSED,
        )

    def get(self, query: str) -> dict:
        response = self.client.get("/search/map.json?" + query)
        self.assertEqual(response.status_code, 200, query)
        self.assertEqual(response["Content-Type"], "application/geo+json")
        return response.json()

    def list_ids(self, query: str) -> tuple[list[int], int]:
        response = self.client.get("/search/?" + query)
        outcome = response.context["outcome"]
        return [r.pk for r in outcome.resources], outcome.count

    def test_it_maps_the_same_results_as_the_list(self):
        queries = [
            "q=" + quote("ひだまり"),
            "category=5&area=" + quote("121002-弁天"),
            "category=4&day=wed",
            "q=" + quote("体操") + "&free=1",
            "near=" + quote("院内1丁目") + "&within=2000&category=5",
            "category=3",
        ]
        for query in queries:
            data = self.get(query)
            ids = [f["id"] for f in data["features"]]
            listed, count = self.list_ids(query)
            self.assertGreater(count, 0, query)
            self.assertEqual(data["count"], count, query)
            self.assertEqual(len(ids) + data["unplaced"], count, query)
            # the list's first page, in the list's order (no unplaced ones in these searches)
            self.assertEqual(ids[: len(listed)], listed, query)
            self.assertEqual(data["places"] + data["homes"], len(ids))

    def test_it_maps_a_small_search_exactly(self):
        data = self.get("q=" + quote("ひだまり"))
        names = {f["properties"]["name"] for f in data["features"]}
        self.assertEqual(names, {"院内ひだまりサロン", "ひだまり配食弁当"})

    def test_it_maps_published_resources_only(self):
        for word in ("ないしょ", "休止中の会", "ひだまり"):
            data = self.get("q=" + quote(word))
            ids = {f["id"] for f in data["features"]}
            self.assertNotIn(self.hidden.pk, ids)
            self.assertNotIn(self.paused.pk, ids)
        everything = self.get("")
        published = set(Resource.objects.published().values_list("pk", flat=True))
        self.assertLessEqual({f["id"] for f in everything["features"]}, published)

    def test_it_sends_public_fields_only(self):
        response = self.client.get("/search/map.json?q=" + quote("ひだまり"))
        text = response.content.decode()
        for secret in ("内部だけのメモ", "担当の山田", "internal_note", "contact_person"):
            self.assertNotIn(secret, text)
        for feature in response.json()["features"]:
            expected = (
                AREA_PROPERTIES if feature["properties"]["kind"] == "area" else PUBLIC_PROPERTIES
            )
            self.assertEqual(set(feature["properties"]), expected)

    def test_it_gives_a_pin_to_a_place_with_its_popup_fields(self):
        data = self.get("q=" + quote("ひだまり") + "&category=5")
        [salon] = data["features"]
        self.assertEqual(salon["geometry"]["type"], "Point")
        self.assertEqual(
            salon["geometry"]["coordinates"], [round(self.innai.lng, 6), round(self.innai.lat, 6)]
        )
        p = salon["properties"]
        self.assertEqual(p["url"], f"/resources/{self.salon.pk}/")
        self.assertEqual(p["schedule"], "毎月第2・第4水曜日 10:00〜12:00")
        self.assertEqual(p["fee"], "100円（お茶代）")
        self.assertTrue(p["next_date_text"])
        self.assertEqual(data["summary"], ["地図に1件の場所を表示しています。"])

    def test_it_calls_a_consultation_offices_areas_its_district_never_comes(self):
        data = self.get("category=6")
        offices = [f["properties"] for f in data["features"] if f["properties"]["kind"] == "area"]
        self.assertTrue(offices)
        for p in offices:
            self.assertTrue(p["consultation"])
            self.assertTrue(p["reach"].startswith("担当地区："), p["reach"])
            self.assertNotIn("来てくれます", p["reach"])

    def test_it_maps_a_home_service_as_its_areas_and_never_as_a_pin(self):
        data = self.get("q=" + quote("ひだまり") + "&category=3")
        [meals] = data["features"]
        self.assertIsNone(meals["geometry"])
        self.assertEqual(meals["properties"]["kind"], "area")
        self.assertEqual(meals["properties"]["areas"], [self.benten.pk])
        self.assertEqual(meals["properties"]["area_names"], "弁天圏域")
        area = data["areas"][str(self.benten.pk)]
        self.assertEqual(area["geometry"]["type"], "Polygon")
        self.assertEqual(area["properties"]["label"], "弁天圏域に来てくれます")
        self.assertEqual((data["places"], data["homes"]), (0, 1))
        # the list's line names the towns of the 圏域 (issue 13)
        self.assertEqual(
            meals["properties"]["reach"], f"{self.benten.name_with_towns()}のお宅に来てくれます"
        )
        self.assertFalse(meals["properties"]["consultation"])
        # the whole demo: no resource that serves an area is ever a point
        everything = self.get("")
        serving = set(Resource.objects.serving_an_area().values_list("pk", flat=True))
        for feature in everything["features"]:
            if feature["id"] in serving:
                self.assertIsNone(feature["geometry"])
            else:
                self.assertEqual(feature["geometry"]["type"], "Point")
        self.assertGreater(everything["homes"], 0)

    def test_it_caps_the_map_and_says_so(self):
        with mock.patch.object(maps, "MAP_CAP", 30):
            data = self.get("category=5")
        self.assertTrue(data["capped"])
        self.assertEqual(data["count"], 30)
        self.assertEqual(len(data["features"]) + data["unplaced"], 30)
        self.assertIn("最初の30件だけを地図に表示しています", data["summary"][0])
        small = self.get("q=" + quote("ひだまり"))
        self.assertFalse(small["capped"])
        self.assertNotIn("最初の", "".join(small["summary"]))

    def test_it_ignores_bad_parameters_with_notices_and_never_fails(self):
        hostile = [
            "day=someday&page=abc&time=noon",
            "category=99.99&area=nowhere&city=000000",
            "lat=nan&lng=inf&within=7",
            "near=" + "x" * 500,
            "order=distance",
            "q=" + "体操" * 200,
            "q=%01%02&view=%02",
            "free=yes&nobooking=2&carers=%FF",
            "unknown=1&view=satellite",
            "q=" + quote("存在しない言葉xyz"),
        ]
        for query in hostile:
            data = self.get(query)
            self.assertEqual(data["type"], "FeatureCollection", query)
        # A NUL is refused by name before any query (sasaeai/middleware.py).
        response = self.client.get("/search/map.json?q=%00")
        self.assertEqual(response.status_code, 400)
        notices = self.get("day=someday&unknown=1")["notices"]
        self.assertIn("使えない条件は無視しました：unknown", notices)
        self.assertIn("「曜日」の指定が正しくないため、この条件は使わずに探しました。", notices)


class MapPlaceTest(DirectoryTestCase):
    def test_it_returns_the_understood_place_with_its_precision(self):
        data = self.client.get("/search/map.json?near=" + quote("しんちば")).json()
        self.assertEqual(
            data["place"],
            {
                "name": "新千葉（中央区）",
                "lat": 35.613853,
                "lng": 140.110146,
                "precision": "町の中心",
            },
        )
        self.assertEqual(
            data["summary"][0], "「新千葉（中央区）」の位置（町の中心）を丸い印で示しています。"
        )
        station = self.client.get("/search/map.json?near=" + quote("千葉駅")).json()["place"]
        self.assertEqual((station["name"], station["precision"]), ("千葉駅", "駅"))
        self.assertIsNone(self.client.get("/search/map.json?q=体操").json()["place"])


class MapPagesTest(DirectoryTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        Resource.objects.filter(pk=cls.salon.pk).update(lat=cls.innai.lat, lng=cls.innai.lng)

    def test_it_offers_the_same_search_on_a_map(self):
        response = self.client.get("/search/?category=5&area=" + quote("121002-弁天") + "&page=2")
        self.assertContains(
            response,
            f'<a href="/search/?category=5&amp;area={quote("121002-弁天")}&amp;view=map">地図で見る</a>',
        )
        self.assertContains(response, '<span aria-current="true">一覧で見る</span>')
        self.assertNotContains(response, "data-results-map")
        self.assertNotContains(response, "leaflet.js")

    def test_it_shows_the_map_above_the_whole_list(self):
        response = self.client.get("/search/?category=5&view=map")
        self.assertNotContains(response, "使えない条件")  # view is a known parameter
        html = response.content.decode()
        self.assertIn('data-map-data="/search/map.json?category=5"', html)
        self.assertIn(
            'data-tile-url="https://cyberjapandata.gsi.go.jp/xyz/pale/{z}/{x}/{y}.png"', html
        )
        self.assertIn("国土地理院", html)
        self.assertIn('<a href="/search/?category=5">一覧で見る</a>', html)
        self.assertLess(html.index("data-results-map"), html.index('id="results"'))
        self.assertEqual(len(response.context["outcome"].resources), 20)  # the list is all there
        self.assertIn('id="map-texts" type="application/json"', html)
        self.assertNotIn("<script>", html)  # no inline script (CSP)
        # a page of the map view keeps the map view
        self.assertIn("view=map&amp;page=2", html)

    def test_it_keeps_the_map_view_while_conditions_change(self):
        response = self.client.get("/search/conditions/?category=5&view=map")
        self.assertContains(response, '<input type="hidden" name="view" value="map">')
        response = self.client.get("/search/?category=5&view=map")
        self.assertContains(response, '<input type="hidden" name="view" value="map">')  # words
        self.assertContains(response, "/search/?category=5&amp;view=map&amp;order=next")

    def test_it_takes_the_tiles_from_the_settings(self):
        with self.settings(
            SASAEAI_TILE_URL="https://tiles.example.jp/{z}/{x}/{y}.png",
            SASAEAI_TILE_ATTRIBUTION='<a href="https://example.jp/">例の地図</a>',
        ):
            response = self.client.get("/search/?category=5&view=map")
        self.assertContains(response, 'data-tile-url="https://tiles.example.jp/{z}/{x}/{y}.png"')
        self.assertContains(
            response,
            'data-tile-attribution="&lt;a href=&quot;https://example.jp/&quot;&gt;例の地図&lt;/a&gt;"',
        )

    def test_it_maps_a_place_on_its_page(self):
        response = self.client.get(f"/resources/{self.salon.pk}/")
        self.assertContains(response, 'data-resource-map data-kind="place"')
        self.assertContains(response, f'data-lat="{self.innai.lat:.6f}"')
        self.assertContains(response, "場所の地図")
        self.assertContains(response, 'aria-label="院内ひだまりサロンの場所の地図"')
        self.assertNotContains(response, "resource-map-areas")

    def test_it_maps_a_home_service_by_its_areas_on_its_page(self):
        meals = self.make_resource(
            name="弁天配食", category="3", lat=self.innai.lat, lng=self.innai.lng
        )
        meals.served_areas.set([self.benten])
        response = self.client.get(f"/resources/{meals.pk}/")
        self.assertContains(response, 'data-resource-map data-kind="area"')
        self.assertNotContains(response, "data-lat=")
        self.assertContains(response, "色をつけた範囲（弁天圏域）のお宅に来てくれます。")
        areas = json.loads(
            response.content.decode()
            .split('id="resource-map-areas" type="application/json">')[1]
            .split("</script>")[0]
        )
        self.assertEqual(areas["features"][0]["properties"]["label"], "弁天圏域に来てくれます")

    def test_it_has_no_map_for_a_resource_without_a_place(self):
        nowhere = self.make_resource(name="どこでもない会", category="5.1.1")
        response = self.client.get(f"/resources/{nowhere.pk}/")
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "data-resource-map")
        self.assertNotContains(response, "leaflet")
