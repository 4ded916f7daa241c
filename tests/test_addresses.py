"""areas/addresses.py: postal codes, and the 町丁目 an address lies in (Chiba demo data)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from areas.addresses import (
    clear_town_cache,
    lookup_postal_code,
    match_town,
    normalise_postal_code,
    sphere_of,
    ward_of,
)
from areas.models import Area

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_town_cache():
    """Towns a test makes are rolled back: no other test may see them in the cache."""
    clear_town_cache()
    yield
    clear_town_cache()


@pytest.fixture
def chiba() -> Area:
    return Area.objects.get(code="121002")


def town_code(municipality: Area, address: str) -> str | None:
    town = match_town(municipality, address)
    return town.code if town else None


@pytest.mark.parametrize(
    "address",
    [
        "千葉県千葉市中央区院内1-2-3",
        "千葉県千葉市中央区院内一丁目2番3号",
        "千葉市中央区院内1丁目2-3",
        "中央区院内１丁目２番",
        "中央区院内１－２－３",
        "中央区院内１ー２ー３",
        "中央区院内1‐2‐3",
        "院内一丁目",
        "院内1丁目",
        "院内１",
        "千葉県 千葉市 中央区 院内 1-2-3",
        "〒260-0002 千葉市中央区院内1-2-3 院内自治会館",
    ],
)
def test_it_finds_innai_1_in_every_way_of_writing(chiba: Area, address: str) -> None:
    assert town_code(chiba, address) == "121011-院内一丁目"


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("千葉市中央区東千葉2-1-1", "121011-東千葉二丁目"),
        ("中央区中央1丁目", "121011-中央一丁目"),
        ("中央区中央四丁目5番1号", "121011-中央四丁目"),
        ("千葉県千葉市中央区中央３－１０－８", "121011-中央三丁目"),
        # The longest town name wins: 中央港 is not 中央.
        ("中央区中央港1-2", "121011-中央港一丁目"),
        ("稲毛区稲毛東３-１", "121037-稲毛東三丁目"),
        ("美浜区稲毛海岸3丁目", "121061-稲毛海岸三丁目"),
        ("稲毛海岸3丁目", "121061-稲毛海岸三丁目"),
        # Towns without 丁目: the numbers after the name are the 番地.
        ("千葉市中央区千葉寺町100", "121011-千葉寺町"),
        ("中央区千葉港1-1", "121011-千葉港"),
        ("今井町1-2", "121011-今井町"),
        ("今井1-2", "121011-今井一丁目"),
        # ヶ/ケ/が and の/ノ are written either way.
        ("緑区あすみヶ丘東3-1", "121053-あすみが丘東三丁目"),
        ("中央区鵜ノ森町1", "121011-鵜の森町"),
        ("中央区松ヶ丘町５００", "121011-松ケ丘町"),
        # 都町 has both a part without 丁目 and 一〜 丁目.
        ("中央区都町", "121011-都町"),
        ("中央区都町2丁目", "121011-都町二丁目"),
    ],
)
def test_it_finds_the_town(chiba: Area, address: str, expected: str) -> None:
    assert town_code(chiba, address) == expected


@pytest.mark.parametrize(
    "address",
    [
        "",
        "   ",
        "院内5丁目",  # no such 丁目
        "中央区院内",  # which 丁目?
        "中央区中央",
        "千葉市中央区存在しない町1-1",
        "美浜区院内1-1",  # the ward named is not the town's
        "稲毛区稲毛海岸3丁目",  # 稲毛海岸 is in 美浜区
        "千葉県船橋市本町1-1",  # another municipality
        "東京都中央区銀座1-1",  # another prefecture
        "大阪府大阪市中央区本町1-1",
        "x" * 5000,
        "1-2-3",
        "院内十十丁目",  # not a number
        "院内〇丁目",
        "院内٣丁目",
        "ー－‐",
    ],
)
def test_it_gives_none_when_nothing_fits(chiba: Area, address: str) -> None:
    assert match_town(chiba, address) is None


def test_it_limits_the_towns_to_the_named_ward(chiba: Area) -> None:
    """A name found in two wards is no match unless the address names the ward."""
    innai = Area.objects.get(code="121011-院内一丁目")
    mihama = Area.objects.get(code="121061")
    twin = Area(code="121061-院内一丁目", kind=Area.Kind.TOWN, name="院内一丁目", parent=mihama)
    twin.save()
    clear_town_cache()
    assert match_town(chiba, "院内1-1") is None
    assert match_town(chiba, "中央区院内1-1") == innai
    assert match_town(chiba, "千葉市美浜区院内1-1") == twin


def test_it_reads_the_towns_once_per_municipality(chiba: Area) -> None:
    match_town(chiba, "院内1-1")
    with CaptureQueriesContext(connection) as queries:
        for _ in range(20):
            match_town(chiba, "千葉市中央区院内1-2-3")
    assert len(queries) == 20  # one fetch of the matched town each, no town list


def test_it_returns_none_for_a_municipality_without_towns() -> None:
    empty = Area.objects.create(
        code="999990", kind=Area.Kind.MUNICIPALITY, name="架空市", prefecture="千葉県"
    )
    assert match_town(empty, "千葉県架空市院内1-1") is None


def test_it_drops_the_county_before_a_town_or_village() -> None:
    shisui = Area(code="123226", kind=Area.Kind.MUNICIPALITY, name="酒々井町", prefecture="千葉県")
    shisui.save()
    town = Area(code="123226-中央台一丁目", kind=Area.Kind.TOWN, name="中央台一丁目", parent=shisui)
    town.save()
    assert match_town(shisui, "千葉県印旛郡酒々井町中央台1-2-3") == town
    assert match_town(shisui, "印旛郡酒々井町中央台１丁目") == town
    assert match_town(shisui, "酒々井町中央台1-2") == town
    assert match_town(shisui, "千葉県千葉市中央区中央台1-2") is None


def test_it_names_the_sphere_and_ward_of_a_town() -> None:
    innai = Area.objects.get(code="121011-院内一丁目")
    assert sphere_of(innai) == Area.objects.get(code="121002-弁天")
    assert ward_of(innai) == Area.objects.get(code="121011")
    assert sphere_of(None) is None
    assert ward_of(Area.objects.get(code="121002")) is None


@pytest.mark.parametrize(
    "code", ["260-0013", "2600013", "２６０－００１３", "〒260-0013", " 260 0013 "]
)
def test_it_looks_up_a_postal_code(code: str) -> None:
    found = lookup_postal_code(code)
    assert found is not None
    assert found.postal_code == "260-0013"
    assert found.prefecture == "千葉県"
    assert found.city == "千葉市中央区"
    assert found.town == "中央"
    assert found.address == "千葉県千葉市中央区中央"


def test_it_gives_a_business_code_its_street_number() -> None:
    found = lookup_postal_code("260-8722")
    assert found is not None
    assert found.address.startswith("千葉県千葉市中央区千葉港")
    assert found.office


@pytest.mark.parametrize(
    "code", ["000-0000", "999-9999", "", "abc", "260-001", "26000133", "260-0013a", "二六〇"]
)
def test_it_gives_none_for_unknown_or_invalid_codes(code: str) -> None:
    assert lookup_postal_code(code) is None


def test_it_normalises_postal_codes() -> None:
    assert normalise_postal_code("２６０ー００１３") == "2600013"
    assert normalise_postal_code("260--0013") is None


def test_it_matches_the_address_a_postal_code_gives() -> None:
    chiba = Area.objects.get(code="121002")
    found = lookup_postal_code("260-0844")  # 千葉市中央区千葉寺町
    assert found is not None and found.town == "千葉寺町"
    assert town_code(chiba, found.address) == "121011-千葉寺町"
