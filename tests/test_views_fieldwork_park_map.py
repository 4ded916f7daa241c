"""The parks map of the back office (fieldwork/views/park_map.py): its GeoJSON under the
list's filters, the parks it cannot show, and the A4 karte's small map."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings

from fieldwork import editing
from fieldwork.models import Park
from tests.test_views_fieldwork_parks import ParkTestCase

MAP = "/office/fieldwork/parks/map/"
DATA = "/office/fieldwork/parks/map.json"


class ParkMapTestCase(ParkTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        # 弁天公園 surveyed at its place; 美浜の公園 has no point; 羽衣公園 is placed by address.
        for park, values in (
            (
                cls.park,
                {"latitude": "35.615800", "longitude": "140.112100", "point_source": "survey"},
            ),
            (cls.mihama_park, {}),
        ):
            Park.objects.filter(pk=park.pk).update(**{k: v for k, v in values.items()})
        cls.hagoromo = editing.create(
            Park(
                municipality=cls.chiba,
                area=cls.chuo,
                name="羽衣公園",
                address="千葉市中央区市場町",
                latitude=Decimal("35.604414"),
                longitude=Decimal("140.123915"),
                point_source=Park.PointSource.ADDRESS,
                benches=1,
                toilet=Park.Toilet.YES,
            ),
            cls.admin,
        )


class ParkMapDataTest(ParkMapTestCase):
    def data(self, **query) -> dict:
        self.client.force_login(self.viewer)
        response = self.client.get(DATA, query)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/geo+json")
        return response.json()

    def pins(self, **query) -> list[str]:
        return [f["properties"]["name"] for f in self.data(**query)["features"]]

    def test_it_pins_the_parks_with_a_point_and_lists_the_rest_apart(self):
        data = self.data()
        self.assertEqual(self.pins(), ["弁天公園", "羽衣公園"])
        self.assertEqual([p["name"] for p in data["unplaced"]], ["美浜の公園"])
        benten = data["features"][0]
        self.assertEqual(benten["geometry"]["coordinates"], [140.1121, 35.6158])
        self.assertEqual(benten["properties"]["url"], f"/office/fieldwork/parks/{self.park.pk}/")
        self.assertIn(["トイレ", "多目的トイレあり"], benten["properties"]["facts"])
        self.assertFalse(benten["properties"]["approximate"])

    def test_it_calls_a_point_from_the_address_approximate(self):
        hagoromo = self.data()["features"][1]["properties"]
        self.assertTrue(hagoromo["approximate"])
        self.assertIn(["位置", "住所の町の中心（おおよそ）"], hagoromo["facts"])
        self.assertIn("住所の町の中心（おおよそ）", "".join(self.data()["summary"]))

    def test_it_applies_the_lists_filters(self):
        self.assertEqual(self.pins(toilet="on"), ["弁天公園", "羽衣公園"])
        self.assertEqual(self.pins(benches="2"), ["弁天公園"])
        self.assertEqual(self.pins(benches="5"), [])
        self.assertEqual(self.pins(unsurveyed="on"), ["羽衣公園"])
        self.assertEqual(self.data(unsurveyed="on")["unplaced"][0]["name"], "美浜の公園")
        self.assertEqual(self.pins(area=self.benten.pk), ["弁天公園"])
        self.assertEqual(self.data(area=self.mihama.pk)["features"], [])

    def test_it_names_a_bad_filter_and_shows_everything(self):
        data = self.data(benches="たくさん")
        self.assertEqual(len(data["features"]), 2)
        self.assertEqual(
            data["notices"], ["ベンチ（この数以上）：ベンチの数は数字で入力してください。"]
        )

    def test_it_leaves_out_deleted_parks(self):
        editing.delete(self.park, self.admin)
        self.assertEqual(self.pins(), ["羽衣公園"])


class ParkMapPageTest(ParkMapTestCase):
    def test_it_shows_the_map_with_the_same_query_and_the_parks_it_cannot_place(self):
        self.client.force_login(self.viewer)
        response = self.client.get(MAP, {"toilet": "on"})
        self.assertContains(response, f'data-map-data="{DATA}?toilet=on"')
        self.assertContains(response, "地図に出せない公園（0か所）")
        response = self.client.get(MAP)
        self.assertContains(response, "地図に出せない公園（1か所）")
        self.assertContains(response, f'href="/office/fieldwork/parks/{self.mihama_park.pk}/"')
        # Without JavaScript: a note leading to the list with the same conditions.
        self.assertContains(response, "地図を表示するには JavaScript が必要です。")

    def test_the_list_leads_to_the_map_with_its_conditions(self):
        self.client.force_login(self.viewer)
        response = self.client.get("/office/fieldwork/parks/", {"benches": "2", "page": "1"})
        self.assertContains(response, f'href="{MAP}?benches=2"')


class KarteMapTest(ParkMapTestCase):
    def test_it_draws_tiles_around_the_point_with_the_pin_in_the_middle(self):
        self.client.force_login(self.viewer)
        response = self.client.get(f"/office/fieldwork/parks/{self.park.pk}/print/")
        tiles = response.context["map"].tiles
        self.assertTrue(2 <= len(tiles) <= 9)
        host = settings.SASAEAI_TILE_URL.split("{z}")[0]
        self.assertTrue(all(t["url"].startswith(host + "16/") for t in tiles))
        self.assertContains(response, '<circle class="karte-pin" cx="240" cy="150" r="9"/>')
        # the pin's point lies inside the mosaic: some tile covers the middle
        self.assertTrue(
            any(
                t["left"] <= 240 < t["left"] + 256 and t["top"] <= 150 < t["top"] + 256
                for t in tiles
            )
        )
        self.assertContains(response, "現地で確認の位置")

    def test_it_says_approximate_for_a_point_from_the_address(self):
        self.client.force_login(self.viewer)
        response = self.client.get(f"/office/fieldwork/parks/{self.hagoromo.pk}/print/")
        self.assertContains(
            response, "住所の町の中心（おおよそ）。公園の本当の場所とは違うことがあります"
        )

    def test_it_says_there_is_no_map_without_a_point(self):
        self.client.force_login(self.viewer)
        response = self.client.get(f"/office/fieldwork/parks/{self.mihama_park.pk}/print/")
        self.assertIsNone(response.context["map"])
        self.assertContains(response, "位置がわからないため、地図はありません")
