"""areas/places.py: what a typed place means, one phrasing class at a time (Chiba's real towns,
圏域 and stations as load_demo loads them; 船橋市 loaded for the cases across cities)."""

from areas import loader, places
from areas.models import Area, Landmark
from tests.base import DirectoryTestCase


class UnderstandTest(DirectoryTestCase):
    def spot(self, text: str) -> places.Spot:
        understood = places.understand([self.chiba], text)
        self.assertIsNotNone(understood.spot, f"{text}: {understood}")
        assert understood.spot is not None
        return understood.spot

    def towns(self, base: str) -> list[Area]:
        return [
            t
            for t in Area.objects.towns().filter(municipality=self.chiba, name__startswith=base)
            if loader.split_chome(t.name)[0] == base
        ]

    def test_it_reads_a_town_without_chome_as_all_of_them_at_their_centre(self):
        shinchiba = self.towns("新千葉")
        self.assertEqual(len(shinchiba), 3)
        spot = self.spot("新千葉")
        self.assertEqual(
            (spot.kind, spot.name, spot.precision), ("towns", "新千葉（中央区）", "町の中心")
        )
        self.assertEqual(set(spot.home_ids), {t.pk for t in shinchiba})
        self.assertAlmostEqual(spot.lat, sum(t.lat for t in shinchiba) / 3)
        # a town without 丁目 in the data, typed without its 町 and with ヶ for ケ
        self.assertEqual(self.spot("松ヶ丘").full_name, "千葉市中央区松ケ丘町")

    def test_it_reads_the_city_and_ward_written_before_the_town(self):
        for text in (
            "中央区新千葉",
            "千葉市中央区新千葉",
            "千葉県千葉市中央区新千葉",
            "新千葉の近く",
        ):
            with self.subTest(text):
                self.assertEqual(self.spot(text).full_name, "千葉市中央区新千葉")

    def test_it_reads_hiragana_katakana_and_half_width_kana(self):
        for text in ("しんちば", "シンチバ", "ｼﾝﾁﾊﾞ"):
            with self.subTest(text):
                self.assertEqual(self.spot(text).full_name, "千葉市中央区新千葉")
        # Japan Post's reading, where a dictionary reads のぼりと
        self.assertEqual(self.spot("のぶと").full_name, "千葉市中央区登戸")
        self.assertEqual(self.spot("しんちば2ちょうめ").full_name, "千葉市中央区新千葉二丁目")

    def test_it_reads_chome_in_kanji_arabic_and_full_width_digits(self):
        for text in ("新千葉二丁目", "新千葉2丁目", "新千葉２丁目"):
            with self.subTest(text):
                spot = self.spot(text)
                self.assertEqual((spot.kind, spot.full_name), ("town", "千葉市中央区新千葉二丁目"))
                self.assertEqual(spot.precision, "丁目の中心")

    def test_it_reads_addresses_with_banchi_ban_go(self):
        for text in (
            "新千葉2-3-4",
            "千葉市中央区中央4丁目5番1号",
            "中央４－５－１",
            "緑区おゆみ野3丁目15番地3",
        ):
            with self.subTest(text):
                self.assertEqual(self.spot(text).precision, "住所（丁目の中心）")
        self.assertEqual(self.spot("中央４－５－１").full_name, "千葉市中央区中央四丁目")

    def test_it_stands_a_postal_code_at_the_towns_it_covers(self):
        spot = self.spot("〒260-0031")
        # every 丁目 of one town: its point is that town's middle, and the towns are named
        self.assertEqual((spot.kind, spot.precision), ("postal", "町の中心"))
        self.assertEqual(set(spot.home_ids), {t.pk for t in self.towns("新千葉")})
        self.assertEqual(spot.name, "郵便番号260-0031（新千葉一丁目〜三丁目）")
        # 新千葉 and 弁天 are no longer the same point
        self.assertNotAlmostEqual(spot.lat, self.spot("260-0045").lat, places=3)
        # a code with one town stands at that town
        aoba = self.spot("260-0852")
        self.assertEqual(len(aoba.home_ids), 1)
        self.assertEqual(Area.objects.get(pk=aoba.home_ids[0]).name, "青葉町")
        # 都賀 covers 都賀一〜五丁目, not 都賀の台 (which has its own code)
        tsuga = self.spot("264-0025")
        self.assertNotIn("都賀の台", tsuga.name)

    def test_it_says_the_towns_of_a_code_with_chome_as_ranges(self):
        def towns(*names: str) -> list[Area]:
            return [Area(name=n, kind=Area.Kind.TOWN) for n in names]

        label = places.towns_label
        self.assertEqual(
            label(towns("新千葉三丁目", "新千葉一丁目", "新千葉二丁目")), "新千葉一丁目〜三丁目"
        )
        self.assertEqual(
            label(towns("都町一丁目", "都町二丁目", "都町五丁目")), "都町一丁目〜二丁目・都町五丁目"
        )
        self.assertEqual(label(towns("蘇我一丁目", "蘇我町")), "蘇我一丁目・蘇我町")
        self.assertEqual(label(towns("青葉町")), "青葉町")
        self.assertEqual(label(towns("中央二丁目")), "中央二丁目")

    def test_it_reads_wards_and_spheres_by_name_reading_and_alias(self):
        self.assertEqual(self.spot("美浜区").kind, "ward")
        self.assertEqual(self.spot("みはまく").full_name, "千葉市美浜区")
        self.assertEqual(self.spot("にれの木台").kind, "sphere")  # no town of that name
        takasu = self.spot("あんしんケアセンター高洲の担当地区")
        self.assertEqual((takasu.kind, takasu.name), ("sphere", "高洲圏域（美浜区）"))
        # the city's own name for an area, from the source talk (areas.loader.CITY_AREA_NAMES)
        benten = Area.objects.get(code="121002-弁天")
        self.assertEqual(self.spot("東千葉圏域").home_ids, (benten.pk,))
        # and one an admin adds
        self.assertIsNone(places.understand([self.chiba], "院内ブロック").spot)
        benten.aliases += "\n院内ブロック"
        benten.save()
        from areas.place_index import clear_cache

        clear_cache()
        self.assertEqual(self.spot("院内ブロック").home_ids, (benten.pk,))
        # a town named like its 圏域 is the town
        self.assertEqual(self.spot("弁天").kind, "towns")

    def test_it_reads_stations_and_landmarks(self):
        chiba = self.spot("千葉駅")
        self.assertEqual((chiba.kind, chiba.precision), ("station", "駅"))
        self.assertEqual(self.spot("JR稲毛駅").full_name, "稲毛駅")
        self.assertEqual(Landmark.objects.filter(kind=Landmark.Kind.STATION).count(), 47)
        self.assertIsNone(places.understand([self.chiba], "東京駅").spot)
        # a venue of the data is a landmark when given
        found = places.understand(
            [self.chiba], "院内会館", {self.chiba.pk: [("院内会館", 35.61, 140.12)]}
        )
        self.assertEqual((found.spot.kind, found.spot.lat), ("landmark", 35.61))

    def test_it_asks_which_place_when_several_answer_to_the_name(self):
        understood = places.understand([self.chiba], "稲毛")
        self.assertIsNone(understood.spot)
        kinds = {s.kind for s in understood.choices}
        self.assertEqual(kinds, {"towns", "ward", "sphere", "station"})
        # each choice's text finds that very place again
        for choice in understood.choices:
            with self.subTest(choice.query):
                again = places.understand([self.chiba], choice.query).spot
                self.assertEqual((again.kind, again.full_name), (choice.kind, choice.full_name))

    def test_it_asks_across_cities_for_a_town_both_have(self):
        funabashi = loader.load_municipality("千葉県", "船橋市", "12204")
        understood = places.understand([self.chiba, funabashi], "高根町")
        self.assertEqual(
            {s.full_name for s in understood.choices}, {"千葉市若葉区高根町", "船橋市高根町"}
        )
        self.assertEqual(
            places.understand([self.chiba, funabashi], "船橋市夏見").spot.kind, "towns"
        )

    def test_it_suggests_close_names_when_none_answers(self):
        cases = {
            "新千葉4丁目": "千葉市中央区新千葉",
            "磯部": "千葉市美浜区磯辺",
            "稲毛区真砂": "千葉市美浜区真砂",
        }
        for text, expected in cases.items():
            with self.subTest(text):
                understood = places.understand([self.chiba], text)
                self.assertIsNone(understood.spot)
                self.assertIn(expected, [s.full_name for s in understood.suggestions])
        self.assertIn(
            "千葉市中央区新千葉三丁目",
            [s.full_name for s in places.understand([self.chiba], "新千葉4丁目").suggestions],
        )

    def test_it_finds_nothing_for_what_is_no_place_here(self):
        for text in ("", "   ", "あいうえお", "浦安市", "東京都千代田区千代田1-1", "院" * 500):
            with self.subTest(text[:10]):
                understood = places.understand([self.chiba], text)
                self.assertIsNone(understood.spot)
                self.assertEqual(understood.choices, [])
