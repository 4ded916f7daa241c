"""areas/landmarks.py and its admin page: a city's landmark list from a CSV, all or nothing."""

from django.core.files.uploadedfile import SimpleUploadedFile

from areas import landmarks, places
from areas.models import Landmark
from tests.base import OfficeTestCase

GOOD = (
    "名称,よみがな,種別,緯度,経度\n"
    "院内公民館,いんないこうみんかん,施設,35.6131,140.1195\n"
    "千葉駅,,駅,35.6128,140.1136\n"
).encode()


class ImportTest(OfficeTestCase):
    def test_it_imports_a_good_file_and_updates_rows_it_already_has(self):
        before = Landmark.objects.filter(municipality=self.chiba).count()
        result = landmarks.import_csv(self.chiba, GOOD, "市の施設一覧")
        self.assertEqual((result.created, result.updated, result.errors), (1, 1, []))
        self.assertEqual(Landmark.objects.filter(municipality=self.chiba).count(), before + 1)
        hall = Landmark.objects.get(name="院内公民館")
        self.assertEqual(
            (hall.kind, hall.kana, hall.source),
            ("facility", "いんないこうみんかん", "市の施設一覧"),
        )
        # 千葉駅 was one of the shipped stations: moved, and its reading kept
        station = Landmark.objects.get(name="千葉駅")
        self.assertEqual((station.lat, station.kana), (35.6128, "ちばえき"))
        from areas.place_index import clear_cache

        clear_cache()
        self.assertEqual(places.understand([self.chiba], "院内公民館").spot.kind, "landmark")

    def test_it_takes_utf8_with_bom_and_shift_jis(self):
        for data in (b"\xef\xbb\xbf" + GOOD, GOOD.decode().encode("cp932")):
            with self.subTest(data[:3]):
                self.assertEqual(landmarks.import_csv(self.chiba, data).errors, [])

    def assert_refused(self, data: bytes, *expected: str) -> None:
        before = list(Landmark.objects.values_list("name", "lat", "lng", "kana").order_by("pk"))
        result = landmarks.import_csv(self.chiba, data)
        for text in expected:
            self.assertTrue(any(text in e for e in result.errors), result.errors)
        self.assertEqual((result.created, result.updated), (0, 0))
        after = list(Landmark.objects.values_list("name", "lat", "lng", "kana").order_by("pk"))
        self.assertEqual(after, before)  # nothing half-imported

    def test_it_names_the_line_and_field_of_each_bad_row_and_imports_nothing(self):
        header = "名称,よみがな,種別,緯度,経度\n"
        self.assert_refused(
            (header + "院内公民館,,施設,35.61,140.11\n,,施設,35.6,140.1\n").encode(),
            "3行目: 名称が空です",
        )
        self.assert_refused(
            (header + "A,,公園,35.6,140.1\n").encode(), "2行目: 種別は「駅」か「施設」"
        )
        self.assert_refused((header + "A,,施設,135.6,140.1\n").encode(), "2行目: 緯度が日本の範囲")
        self.assert_refused((header + "A,,施設,35.6,abc\n").encode(), "2行目: 経度が日本の範囲")
        self.assert_refused((header + "A,,施設,nan,inf\n").encode(), "緯度", "経度")
        self.assert_refused(
            (header + "A,,施設,35.6,140.1\nA,,施設,35.7,140.2\n").encode(), "3行目: 同じ名称"
        )
        self.assert_refused(("A" * 101 + ",,施設,35.6,140.1\n").encode(), "見出し")
        self.assert_refused(
            (header + "A" * 101 + ",,施設,35.6,140.1\n").encode(), "名称が長すぎます"
        )

    def test_it_refuses_files_it_cannot_read_or_without_the_columns(self):
        self.assert_refused(b"", "1行目に見出し")
        self.assert_refused("名称,緯度\nA,35.6\n".encode(), "「種別」「経度」がありません")
        self.assert_refused("名称,種別,緯度,経度\n".encode(), "目印の行がありません")
        self.assert_refused(b"\x81\xff\xfe\x00\x80", "文字コード")

    def test_it_refuses_a_huge_file_with_its_limit(self):
        self.assert_refused(b"a" * (landmarks.MAX_BYTES + 1), "上限 1,000KB")
        many = "名称,種別,緯度,経度\n" + "".join(
            f"目印{i},施設,35.6,140.1\n" for i in range(landmarks.MAX_ROWS + 1)
        )
        self.assert_refused(many.encode(), "上限 5,000行")

    def test_it_ships_chibas_47_stations_with_their_credit(self):
        stations = Landmark.objects.filter(municipality=self.chiba, kind=Landmark.Kind.STATION)
        self.assertEqual(stations.count(), 47)
        self.assertEqual(
            set(stations.values_list("source", flat=True)), {landmarks.STATIONS_SOURCE}
        )
        response = self.client.get("/about/")
        self.assertContains(response, "「国土数値情報（鉄道データ）」（国土交通省）を加工して作成")


class ImportPageTest(OfficeTestCase):
    URL = "/office/admin/areas/landmark/import/"

    def post(self, data: bytes):
        upload = SimpleUploadedFile("landmarks.csv", data, content_type="text/csv")
        return self.client.post(self.URL, {"municipality": self.chiba.pk, "file": upload})

    def test_it_is_for_the_admin_only(self):
        self.assertEqual(self.client.get(self.URL).status_code, 302)
        self.client.force_login(self.chuo_coordinator)
        self.assertEqual(self.client.get(self.URL).status_code, 403)
        self.client.force_login(self.admin)
        response = self.client.get(self.URL)
        self.assertContains(response, "目印をCSVから取り込む")
        self.assertContains(self.client.get("/office/admin/areas/landmark/"), "CSVから取り込む")

    def test_it_imports_a_good_file_and_shows_each_error_of_a_bad_one(self):
        self.client.force_login(self.admin)
        response = self.post(GOOD)
        self.assertRedirects(response, "/office/admin/areas/landmark/")
        self.assertTrue(Landmark.objects.filter(name="院内公民館").exists())
        response = self.post("名称,種別,緯度,経度\nB,公園,35.6,140.1\n".encode())
        self.assertContains(response, "取り込みませんでした", status_code=400)
        self.assertContains(
            response, "2行目: 種別は「駅」か「施設」にしてください", status_code=400
        )
        self.assertFalse(Landmark.objects.filter(name="B").exists())
        response = self.post(b"x" * (landmarks.MAX_BYTES + 1))
        self.assertContains(response, "ファイルが大きすぎます（上限 1,000KB）", status_code=400)

    def test_it_lets_the_admin_give_an_area_its_citys_name_for_it(self):
        self.client.force_login(self.admin)
        benten = self.chiba.children.get(name="中央区").children.get(name="弁天圏域")
        url = f"/office/admin/areas/area/{benten.pk}/change/"
        response = self.client.post(
            url, {"kana": benten.kana, "aliases": benten.aliases + "\n東千葉圏域"}
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(places.understand([self.chiba], "東千葉圏域").spot.home_ids, (benten.pk,))
