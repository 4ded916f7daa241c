"""The area tree built from the shipped towns file and Chiba's あんしんケアセンター coverage."""

from __future__ import annotations

import pytest
from django.test import TestCase

from areas import loader
from areas.models import Area

CHIBA_WARDS = {
    "121011": "中央区",
    "121029": "花見川区",
    "121037": "稲毛区",
    "121045": "若葉区",
    "121053": "緑区",
    "121061": "美浜区",
}


def town_names(sphere_code: str) -> list[str]:
    return sorted(Area.objects.get(code=sphere_code).children.values_list("name", flat=True))


class ParsingTest(TestCase):
    def test_it_reads_chome_numbers_in_kanji_and_digits(self):
        assert loader.split_chome("院内一丁目") == ("院内", 1)
        assert loader.split_chome("小仲台九丁目") == ("小仲台", 9)
        assert loader.split_chome("院内") == ("院内", None)
        assert loader.kanji_to_int("十二") == 12
        assert loader.address_town("稲荷町三丁目") == "稲荷町3丁目"

    def test_it_keys_place_names_across_ke_ga_and_widths(self):
        assert (
            loader.place_key("朝日ヶ丘")
            == loader.place_key("朝日ケ丘")
            == loader.place_key("朝日が丘")
        )
        assert loader.place_key("ＡＢ１") == "AB1"

    def test_it_expands_token_ranges(self):
        assert loader.parse_token("院内") == ("院内", None)
        assert loader.parse_token("柏井4丁目") == ("柏井", {4})
        assert loader.parse_token("朝日ヶ丘1～3丁目・5丁目") == ("朝日ケ丘", {1, 2, 3, 5})
        assert loader.parse_token("宮野木台2丁目～4丁目") == ("宮野木台", {2, 3, 4})
        assert loader.parse_token("高浜5～6丁目") == ("高浜", {5, 6})
        assert loader.parse_token("中瀬一丁目") == ("中瀬", {1})


class ChibaAreasTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.chiba, cls.report = loader.load_chiba()

    def test_it_makes_the_city_with_six_wards_and_their_codes(self):
        assert self.chiba.code == "121002"
        assert self.chiba.kind == Area.Kind.MUNICIPALITY
        assert self.chiba.kana == "ちばし"
        wards = {w.code: w.name for w in self.chiba.children.filter(kind=Area.Kind.WARD)}
        assert wards == CHIBA_WARDS
        assert Area.objects.get(code="121011").kana == "ちゅうおうく"

    def test_it_makes_28_spheres_each_with_towns(self):
        spheres = Area.objects.filter(kind=Area.Kind.SPHERE, municipality=self.chiba)
        assert spheres.count() == 28 == self.report.spheres
        for sphere in spheres:
            assert sphere.parent.kind == Area.Kind.WARD
            assert sphere.code == f"121002-{sphere.name.removesuffix('圏域')}"
            assert sphere.children.filter(kind=Area.Kind.TOWN).exists(), sphere.name
            assert sphere.lat is not None
        benten = Area.objects.get(code="121002-弁天")
        assert benten.name == "弁天圏域"
        assert benten.parent.name == "中央区"

    def test_it_covers_every_chiba_town(self):
        assert Area.objects.within(self.chiba).towns().count() == 505
        assert self.report.uncovered == 0
        assert self.report.towns_in_spheres == 505
        assert self.report.unmatched_tokens == []
        assert self.report.claimed_twice == []

    def test_it_expands_asahigaoka_to_the_listed_chome_only(self):
        assert town_names("121002-にれの木台") == sorted(
            [
                "朝日ケ丘一丁目",
                "朝日ケ丘二丁目",
                "朝日ケ丘三丁目",
                "朝日ケ丘五丁目",
                "西小中台",
                "畑町",
                "宮野木台一丁目",
            ]
        )
        hanazono = town_names("121002-花園")
        assert "朝日ケ丘四丁目" in hanazono and "朝日ケ丘町" in hanazono
        assert "朝日ケ丘一丁目" not in hanazono

    def test_it_expands_miyanogidai_2_to_4(self):
        satsuki = town_names("121002-さつきが丘")
        assert {"宮野木台二丁目", "宮野木台三丁目", "宮野木台四丁目"} <= set(satsuki)
        assert "宮野木台一丁目" not in satsuki

    def test_it_covers_every_chome_of_a_bare_token(self):
        benten = town_names("121002-弁天")
        assert {"院内一丁目", "院内二丁目", "弁天一丁目", "弁天四丁目"} <= set(benten)
        # 「稲毛」 covers 稲毛一〜三丁目 but not 稲毛町・稲毛東・稲毛台町 (their own tokens).
        inage = town_names("121002-稲毛")
        assert {"稲毛一丁目", "稲毛町四丁目", "稲毛東一丁目", "稲毛台町"} <= set(inage)

    def test_it_gives_a_chuo_town_its_point_and_path(self):
        innai = Area.objects.get(code="121011-院内一丁目")
        assert innai.kind == Area.Kind.TOWN
        assert innai.lat == pytest.approx(35.612823)
        assert innai.lng == pytest.approx(140.123135)
        assert [a.name for a in innai.ancestors()] == ["千葉市", "中央区", "弁天圏域", "院内一丁目"]
        assert innai.municipality_id == self.chiba.pk
        assert innai.depth == 3
        assert innai.full_name == "千葉市中央区院内一丁目"

    def test_it_keeps_towns_without_a_point(self):
        miyako = Area.objects.get(code="121011-都町四丁目")
        assert miyako.lat is None and miyako.lng is None

    def test_it_keeps_every_path_consistent(self):
        areas = Area.objects.within(self.chiba).select_related("parent")
        for area in areas:
            expected = (area.parent.path if area.parent else "/") + f"{area.pk}/"
            assert area.path == expected, area.code
            assert area.municipality_id == self.chiba.pk

    def test_it_is_idempotent(self):
        before = dict(Area.objects.within(self.chiba).values_list("code", "path"))
        _, report = loader.load_chiba()
        after = dict(Area.objects.within(self.chiba).values_list("code", "path"))
        assert after == before
        assert report.towns_in_spheres == 505

    def test_it_leaves_towns_in_their_sphere_when_only_the_towns_are_reloaded(self):
        loader.load_municipality("千葉県", "千葉市", "12100")
        innai = Area.objects.get(code="121011-院内一丁目")
        assert innai.parent.code == "121002-弁天"


class OtherMunicipalityTest(TestCase):
    def test_it_loads_a_city_without_wards(self):
        funabashi = loader.load_municipality("千葉県", "船橋市", "12204")
        assert funabashi.code == "122041"
        assert not funabashi.children.filter(kind=Area.Kind.WARD).exists()
        towns = funabashi.children.filter(kind=Area.Kind.TOWN)
        assert towns.count() > 100
        town = towns.first()
        assert town.code == f"122041-{town.name}"
        assert town.path == f"{funabashi.path}{town.pk}/"

    def test_it_rejects_a_municipality_not_in_the_file(self):
        with pytest.raises(ValueError):
            loader.load_municipality("千葉県", "存在しない市", "12999")
