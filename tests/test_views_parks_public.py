"""「公園をさがす」 (/parks/, fieldwork/views/public_parks.py): only parks with a chosen
public field, only the chosen fields (name and area always), never a deleted park, never who
surveyed it or the notes; 見本 marked; the about page links it only when there is one."""

from __future__ import annotations

import datetime
from decimal import Decimal

from fieldwork import editing
from fieldwork.models import Park, ParkPhoto
from tests.fieldwork_base import FieldworkTestCase

SECRET_SURVEYOR = "調査担当 山田花子"
SECRET_NOTE = "管理人の携帯 090-0000-0000"


class PublicParksTestCase(FieldworkTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        everything = {
            "address": "千葉市中央区市場町",
            "latitude": Decimal("35.604414"),
            "longitude": Decimal("140.123915"),
            "point_source": Park.PointSource.ADDRESS,
            "size_m2": Decimal("6000"),
            "benches": 4,
            "toilet": Park.Toilet.ACCESSIBLE,
            "shade": "藤棚の下",
            "slope": "入口に段差なし",
            "paths": "外周が舗装",
            "water": "水飲み場あり",
            "equipment": "背伸ばしベンチ",
            "surroundings": ["市場町バス停", "町内会集会所"],
            "uses": [Park.Use.RADIO_EXERCISE, Park.Use.WALKING],
            "surveyed_on": datetime.date(2026, 10, 1),
            "surveyed_by": SECRET_SURVEYOR,
            "notes": SECRET_NOTE,
        }
        cls.hidden = cls.make_park("何も公開しない公園", public_fields=[], **everything)
        cls.everything = everything

    @classmethod
    def make_park(cls, name: str, **fields) -> Park:
        return editing.create(
            Park(municipality=cls.chiba, area=fields.pop("area", cls.benten), name=name, **fields),
            cls.admin,
        )

    def park_with(self, *public: str, **changes) -> Park:
        return self.make_park(
            "羽衣公園", public_fields=list(public), **{**self.everything, **changes}
        )

    def page(self, park: Park):
        return self.client.get(f"/parks/{park.pk}/")


# Per kind of field: what the page says when it is chosen (and must not say otherwise).
SHOWN = {
    "address": "千葉市中央区市場町",  # text
    "size_m2": "約6,000㎡",  # number
    "benches": "4基",  # count
    "toilet": "多目的トイレあり",  # choice
    "shade": "藤棚の下",
    "slope": "入口に段差なし",
    "paths": "外周が舗装",
    "water": "水飲み場あり",
    "equipment": "背伸ばしベンチ",
    "surroundings": "市場町バス停、町内会集会所",  # list
    "uses": "ラジオ体操、ウォーキング",  # choices
}


class PublicParkPageTest(PublicParksTestCase):
    def test_it_shows_each_kind_of_field_only_when_chosen(self):
        for name, words in SHOWN.items():
            with self.subTest(field=name):
                park = self.park_with(name)
                response = self.page(park)
                self.assertContains(response, words)
                self.assertContains(response, "羽衣公園")
                self.assertContains(response, self.benten.name)  # name and area always
                for other, other_words in SHOWN.items():
                    if other != name:
                        self.assertNotContains(response, other_words)
                park.delete()

    def test_it_never_shows_who_surveyed_the_notes_or_the_survey_date(self):
        park = self.park_with(*[name for name, _ in Park.PUBLIC_CHOICES])
        response = self.page(park)
        self.assertEqual(response.status_code, 200)
        for secret in (SECRET_SURVEYOR, SECRET_NOTE, "2026年10月1日", "2026/10/01"):
            self.assertNotContains(response, secret)

    def test_it_shows_the_point_only_when_chosen_and_calls_an_address_point_approximate(self):
        park = self.park_with("toilet")
        self.assertNotContains(self.page(park), "data-resource-map")
        park.delete()
        park = self.park_with("point")
        response = self.page(park)
        self.assertContains(response, 'data-lat="35.604414"')
        self.assertContains(response, "住所の町の中心（おおよそ）")

    def test_it_shows_photos_only_when_chosen(self):
        park = self.park_with("toilet")
        photo = ParkPhoto.objects.create(
            park=park,
            image=b"\xff\xd8\xff",
            content_type="image/jpeg",
            width=1,
            height=1,
            alt="藤棚",
        )
        url = f"/parks/{park.pk}/photos/{photo.pk}/"
        self.assertNotContains(self.page(park), url)
        self.assertEqual(self.client.get(url).status_code, 404)
        park.public_fields = ["toilet", "photos"]
        park.save()
        self.assertContains(self.page(park), url)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "image/jpeg")

    def test_it_has_no_page_for_a_park_without_public_fields_or_deleted(self):
        self.assertEqual(self.page(self.hidden).status_code, 404)
        park = self.park_with("toilet")
        self.assertEqual(self.page(park).status_code, 200)
        editing.delete(park, self.admin)
        response = self.page(park)
        self.assertEqual(response.status_code, 404)
        self.assertNotContains(response, "羽衣公園", status_code=404)
        self.assertNotContains(self.client.get("/parks/"), "羽衣公園")

    def test_it_marks_a_sample_park(self):
        park = self.park_with("toilet", is_sample=True)
        self.assertContains(self.page(park), '<span class="sample">見本</span>')
        self.assertContains(self.client.get("/parks/"), '<span class="sample">見本</span>')

    def test_it_says_unknown_as_unknown(self):
        park = self.park_with("toilet", "benches", toilet=Park.Toilet.UNKNOWN, benches=None)
        self.assertContains(self.page(park), "わかりません", count=2)


class PublicParkListTest(PublicParksTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.with_toilet = cls.make_park(
            "トイレのある公園",
            toilet=Park.Toilet.YES,
            benches=0,
            public_fields=["toilet", "benches"],
        )
        cls.secret_toilet = cls.make_park(
            "トイレを公開しない公園", toilet=Park.Toilet.YES, benches=3, public_fields=["benches"]
        )
        cls.mihama_park = cls.make_park(
            "美浜の公園", area=cls.mihama, benches=2, public_fields=["benches", "toilet"]
        )

    def names(self, **query) -> list[str]:
        response = self.client.get("/parks/", query)
        return [p.name for g in response.context["groups"] for p in g.parks]

    def test_it_lists_public_parks_by_ward(self):
        response = self.client.get("/parks/")
        groups = {g.name: [p.name for p in g.parks] for g in response.context["groups"]}
        self.assertEqual(
            groups,
            {"中央区": ["トイレのある公園", "トイレを公開しない公園"], "美浜区": ["美浜の公園"]},
        )
        self.assertNotContains(response, "何も公開しない公園")

    def test_it_filters_by_toilet_and_benches_among_what_is_public(self):
        # A toilet the park does not show is not found by the filter either.
        self.assertEqual(self.names(toilet="1"), ["トイレのある公園"])
        self.assertEqual(self.names(benches="1"), ["トイレを公開しない公園", "美浜の公園"])
        self.assertEqual(self.names(toilet="1", benches="1"), [])
        self.assertEqual(len(self.names(toilet="yes")), 3)  # not a value we send: no filter

    def test_the_about_page_links_it_only_when_a_park_is_public(self):
        self.assertContains(self.client.get("/about/"), 'href="/parks/"')
        Park.objects.update(public_fields=[])
        self.assertNotContains(self.client.get("/about/"), 'href="/parks/"')
        self.assertEqual(self.client.get("/parks/").context["count"], 0)
