"""公園カルテ pages: list with filters, create, edit (409 on a stale edit), delete, print."""

from __future__ import annotations

import datetime
from decimal import Decimal

from fieldwork import editing
from fieldwork.models import Park
from tests.fieldwork_base import FieldworkTestCase

LIST = "/office/fieldwork/parks/"


def url(park: Park, tail: str = "") -> str:
    return f"{LIST}{park.pk}/{tail}"


class ParkTestCase(FieldworkTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.park = editing.create(
            Park(
                municipality=cls.chiba,
                area=cls.benten,
                name="弁天公園",
                benches=4,
                toilet=Park.Toilet.ACCESSIBLE,
                surveyed_on=datetime.date(2026, 10, 1),
                surveyed_by="東千葉圏域 コーディネーター",
                uses=[Park.Use.RADIO_EXERCISE],
            ),
            cls.admin,
        )
        cls.mihama_park = editing.create(
            Park(municipality=cls.chiba, area=cls.mihama, name="美浜の公園"), cls.admin
        )

    def park_data(self, **changes) -> dict:
        data = {
            "area": self.park.area_id,
            "name": self.park.name,
            "benches": self.park.benches,
            "toilet": self.park.toilet,
            "surveyed_on": "2026-10-01",
            "surveyed_by": self.park.surveyed_by,
            "uses": self.park.uses,
            "version": self.park.version,
        }
        return {**data, **changes}


class ParkListTest(ParkTestCase):
    def test_it_filters_by_toilet_benches_unsurveyed_and_area(self):
        self.client.force_login(self.viewer)

        def names(query: dict) -> list[str]:
            return [p.name for p in self.client.get(LIST, query).context["page"]]

        self.assertEqual(names({}), ["弁天公園", "美浜の公園"])
        self.assertEqual(names({"toilet": "on"}), ["弁天公園"])
        self.assertEqual(names({"benches": "4"}), ["弁天公園"])
        self.assertEqual(names({"benches": "5"}), [])
        self.assertEqual(names({"unsurveyed": "on"}), ["美浜の公園"])
        self.assertEqual(names({"area": self.chuo.pk}), ["弁天公園"])

    def test_it_shows_unknown_as_unknown(self):
        self.client.force_login(self.viewer)
        response = self.client.get(LIST)
        self.assertContains(response, "多目的トイレあり")
        self.assertContains(response, "未調査")
        self.assertContains(response, "不明")

    def test_it_says_a_bad_bench_filter_in_japanese(self):
        self.client.force_login(self.viewer)
        response = self.client.get(LIST, {"benches": "たくさん"})
        self.assertContains(response, "ベンチ（この数以上）：ベンチの数は数字で入力してください。")
        self.assertEqual(len(response.context["page"]), 2)


class ParkCreateTest(ParkTestCase):
    def test_it_records_a_park_leaving_unknowns_unknown(self):
        self.client.force_login(self.higashichiba_coordinator)
        response = self.client.post(
            LIST + "new/",
            {
                "area": self.benten.pk,
                "name": "新しい公園",
                "toilet": Park.Toilet.UNKNOWN,
                "latitude": "35.6150",
                "longitude": "140.1300",
                "point_source": Park.PointSource.MAP,
                "surroundings": "弁天バス停、弁天町会集会所",
            },
        )
        park = Park.objects.get(name="新しい公園")
        self.assertRedirects(response, url(park))
        self.assertIsNone(park.benches)
        self.assertIsNone(park.size_m2)
        self.assertIsNone(park.surveyed_on)
        self.assertEqual(park.latitude, Decimal("35.615"))
        self.assertEqual(park.surroundings, ["弁天バス停", "弁天町会集会所"])
        self.assertEqual(editing.versions_of(park).count(), 1)

    def test_it_refuses_half_a_point_and_a_point_without_its_source(self):
        self.client.force_login(self.higashichiba_coordinator)
        base = {"area": self.benten.pk, "name": "位置の公園", "toilet": "unknown"}
        half = self.client.post(LIST + "new/", {**base, "latitude": "35.6"})
        self.assertEqual(half.status_code, 400)
        self.assertContains(half, "緯度と経度は両方入力してください。", status_code=400)
        sourceless = self.client.post(
            LIST + "new/", {**base, "latitude": "35.6", "longitude": "140.1"}
        )
        self.assertContains(
            sourceless, "位置をどうやって決めたかを選んでください。", status_code=400
        )
        outside = self.client.post(
            LIST + "new/", {**base, "latitude": "140.1", "longitude": "35.6", "point_source": "map"}
        )
        self.assertContains(outside, "緯度は20から46の間の数で入力してください", status_code=400)
        self.assertFalse(Park.objects.filter(name="位置の公園").exists())

    def test_it_refuses_an_area_outside_the_coordinators(self):
        self.client.force_login(self.higashichiba_coordinator)
        response = self.client.post(
            LIST + "new/", {"area": self.mihama.pk, "name": "外の公園", "toilet": "unknown"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Park.objects.filter(name="外の公園").exists())


class ParkEditTest(ParkTestCase):
    def test_it_saves_an_edit_as_a_new_version(self):
        self.client.force_login(self.higashichiba_coordinator)
        response = self.client.post(url(self.park, "edit/"), self.park_data(benches="6"))
        self.assertRedirects(response, url(self.park))
        self.park.refresh_from_db()
        self.assertEqual(self.park.benches, 6)
        self.assertEqual(editing.versions_of(self.park).first().changed, ["benches"])

    def test_it_sees_no_change_when_a_point_is_saved_again_as_it_was(self):
        self.client.force_login(self.higashichiba_coordinator)
        point = {"latitude": "35.6", "longitude": "140.13", "point_source": "map"}
        self.client.post(url(self.park, "edit/"), self.park_data(**point))
        self.park.refresh_from_db()
        again = {"latitude": str(self.park.latitude), "longitude": str(self.park.longitude)}
        self.client.post(url(self.park, "edit/"), self.park_data(point_source="map", **again))
        self.assertEqual(editing.versions_of(self.park).first().changed, [])

    def test_it_answers_409_to_a_stale_editor(self):
        self.client.force_login(self.higashichiba_coordinator)
        self.client.post(url(self.park, "edit/"), self.park_data(benches="6"))
        stale = self.client.post(url(self.park, "edit/"), self.park_data(benches="8"))
        self.assertEqual(stale.status_code, 409)
        self.assertContains(stale, "ほかの人がこの公園カルテを保存しました", status_code=409)
        self.park.refresh_from_db()
        self.assertEqual(self.park.benches, 6)

    def test_it_restores_an_old_version(self):
        self.client.force_login(self.higashichiba_coordinator)
        self.client.post(url(self.park, "edit/"), self.park_data(benches="6"))
        self.client.post(url(self.park, "history/1/restore/"))
        self.park.refresh_from_db()
        self.assertEqual(self.park.benches, 4)


class ParkDeleteAndPrintTest(ParkTestCase):
    def test_it_soft_deletes_and_only_the_admin_sees_it(self):
        self.client.force_login(self.higashichiba_coordinator)
        self.client.post(url(self.park, "delete/"))
        self.park.refresh_from_db()
        self.assertTrue(self.park.is_deleted)
        self.assertEqual(self.client.get(url(self.park)).status_code, 404)
        self.client.force_login(self.admin)
        self.assertEqual(self.client.get(url(self.park)).status_code, 200)

    def test_it_prints_the_karte_with_its_point_as_text(self):
        self.client.force_login(self.viewer)
        response = self.client.get(url(self.park, "print/"))
        self.assertContains(response, "公園カルテ：弁天公園")
        self.assertContains(response, "@media print", count=0)
        self.assertContains(response, 'class="park-karte"')
        self.assertContains(response, "<dt>位置</dt><dd>不明</dd>", html=False)
