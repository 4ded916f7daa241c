"""A park's point from its address (fieldwork/park_places.py): the middle of the 町丁目 its
address lies in, recorded as 住所から and called approximate; never over a typed point."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

from areas.models import Area
from fieldwork import editing, park_places
from fieldwork.models import Park
from tests.fieldwork_base import FieldworkTestCase

DATA = Path(__file__).parent / "data" / "parks" / "chiba-parks.csv"
NEW = "/office/fieldwork/parks/new/"


def real_addresses() -> dict[str, str]:
    """千葉市's parks as published (tests/data/parks/README.md): name → address."""
    with DATA.open(encoding="utf-8") as f:
        return {row["名称"]: row["所在地"] for row in csv.DictReader(f)}


def town(code: str) -> tuple[Decimal, Decimal]:
    area = Area.objects.get(code=code)
    return Decimal(str(area.lat)).quantize(Decimal("0.000001")), Decimal(str(area.lng)).quantize(
        Decimal("0.000001")
    )


class TownPointTest(FieldworkTestCase):
    def test_it_finds_the_town_of_real_chiba_park_addresses(self):
        addresses = real_addresses()
        self.assertEqual(
            park_places.town_point(self.chiba, addresses["羽衣公園"]), town("121011-市場町")
        )
        self.assertEqual(
            park_places.town_point(self.chiba, addresses["青葉の森公園"]), town("121011-青葉町")
        )

    def test_it_gives_no_point_for_a_ward_alone_or_no_address(self):
        addresses = real_addresses()
        self.assertIsNone(park_places.town_point(self.chiba, addresses["千葉公園"]))  # 中央区
        self.assertIsNone(park_places.town_point(self.chiba, ""))
        self.assertIsNone(park_places.town_point(self.chiba, "東京都千代田区千代田1-1"))


class FormPointTest(FieldworkTestCase):
    def post(self, **data):
        self.client.force_login(self.admin)
        form = {"area": self.chuo.pk, "name": "羽衣公園", "toilet": "unknown", **data}
        return self.client.post(NEW, form)

    def test_it_sets_the_point_from_the_address_on_save_and_says_it_is_approximate(self):
        response = self.post(address=real_addresses()["羽衣公園"])
        self.assertEqual(response.status_code, 302)
        park = Park.objects.get(name="羽衣公園")
        self.assertEqual((park.latitude, park.longitude), town("121011-市場町"))
        self.assertEqual(park.point_source, Park.PointSource.ADDRESS)
        page = self.client.get(response["Location"])
        self.assertContains(page, "住所の町の中心（おおよそ）")
        self.assertNotContains(page, "（住所から）")

    def test_it_keeps_a_surveyed_point(self):
        self.post(
            address="千葉市中央区市場町",
            latitude="35.605100",
            longitude="140.124200",
            point_source=Park.PointSource.SURVEY,
        )
        park = Park.objects.get(name="羽衣公園")
        self.assertEqual(str(park.latitude), "35.605100")
        self.assertEqual(park.point_source, Park.PointSource.SURVEY)

    def test_it_leaves_no_point_when_the_address_names_no_town(self):
        self.post(address="千葉市中央区")
        park = Park.objects.get(name="羽衣公園")
        self.assertIsNone(park.latitude)
        self.assertEqual(park.point_source, "")

    def test_it_says_so_when_asked_for_a_point_from_an_address_it_cannot_place(self):
        response = self.post(address="千葉市中央区", point_source=Park.PointSource.ADDRESS)
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "この所在地から町丁目を見つけられないため", status_code=400)
        self.assertFalse(Park.objects.exists())


class EditPointTest(FieldworkTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        values = {"latitude": None, "longitude": None, "point_source": ""}
        park_places.point_from_address(values, "千葉市中央区市場町", cls.chiba, None)
        cls.park = editing.create(
            Park(
                municipality=cls.chiba,
                area=cls.chuo,
                name="羽衣公園",
                address="千葉市中央区市場町",
                **values,
            ),
            cls.admin,
        )

    def edit(self, **changes):
        self.client.force_login(self.admin)
        p = self.park
        data = {
            "area": p.area_id,
            "name": p.name,
            "address": p.address,
            "latitude": str(p.latitude),
            "longitude": str(p.longitude),
            "point_source": p.point_source,
            "toilet": p.toilet,
            "version": p.version,
            **changes,
        }
        response = self.client.post(f"/office/fieldwork/parks/{p.pk}/edit/", data)
        self.assertEqual(response.status_code, 302, getattr(response, "context", None))
        self.park.refresh_from_db()

    def test_it_follows_a_new_address_when_the_point_came_from_the_old_one(self):
        self.edit(address="千葉市中央区青葉町")
        self.assertEqual((self.park.latitude, self.park.longitude), town("121011-青葉町"))
        self.assertEqual(self.park.point_source, Park.PointSource.ADDRESS)

    def test_it_never_overwrites_a_point_typed_over_it(self):
        self.edit(
            address="千葉市中央区青葉町",
            latitude="35.600001",
            longitude="140.120001",
            point_source=Park.PointSource.MAP,
        )
        self.assertEqual(str(self.park.latitude), "35.600001")
        self.assertEqual(self.park.point_source, Park.PointSource.MAP)

    def test_it_removes_the_old_towns_point_when_the_new_address_has_no_town(self):
        self.edit(address="千葉市中央区")
        self.assertIsNone(self.park.latitude)
        self.assertEqual(self.park.point_source, "")


class ImportPointTest(FieldworkTestCase):
    def test_it_keeps_the_files_point_and_places_the_rest_by_address(self):
        from fieldwork import park_import
        from office.models import Staff

        data = (
            "名称,所在地,緯度,経度\n"
            "羽衣公園,千葉市中央区市場町,35.6050,140.1240\n"
            "青葉の森公園,千葉市中央区青葉町,,\n"
        ).encode()
        result = park_import.import_csv(self.chiba, data, Staff.objects.get(user=self.admin))
        self.assertEqual(result.errors, [])
        hagoromo = Park.objects.get(name="羽衣公園")
        self.assertEqual(str(hagoromo.latitude), "35.605000")
        self.assertEqual(hagoromo.point_source, Park.PointSource.OPEN_DATA)
        aoba = Park.objects.get(name="青葉の森公園")
        self.assertEqual((aoba.latitude, aoba.longitude), town("121011-青葉町"))
        self.assertEqual(aoba.point_source, Park.PointSource.ADDRESS)
