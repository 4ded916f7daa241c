"""A city's park list from CSV (fieldwork/park_import.py) and its upload page: all or nothing,
errors naming row and column, limits, hostile files refused."""

from __future__ import annotations

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from areas.models import Area
from fieldwork import park_import
from fieldwork.models import Park
from office.models import Staff
from tests.fieldwork_base import FieldworkTestCase

DATA = Path(__file__).parent / "data" / "parks"
PAGE = "/office/fieldwork/parks/import/"


def staff(user) -> Staff:
    return Staff.objects.get(user=user)


class ParkImportTest(FieldworkTestCase):
    def test_it_imports_the_real_chiba_list_leaving_the_rest_unknown(self):
        data = (DATA / "chiba-parks.csv").read_bytes()
        result = park_import.import_csv(self.chiba, data, staff(self.admin))
        self.assertEqual(result.errors, [])
        self.assertEqual(result.created, 7)
        hagoromo = Park.objects.get(name="羽衣公園")
        self.assertEqual(hagoromo.size_m2, 6000)
        self.assertEqual(hagoromo.address, "千葉市中央区市場町")
        self.assertTrue(hagoromo.area.path.startswith(self.chuo.path))
        self.assertIsNone(hagoromo.benches)
        self.assertEqual(hagoromo.toilet, Park.Toilet.UNKNOWN)
        # No point in the file: the middle of its town (市場町), said to be approximate.
        self.assertEqual(hagoromo.point_source, Park.PointSource.ADDRESS)
        self.assertIsNotNone(hagoromo.latitude)
        # 「千葉市中央区」 alone names no town: no point, never the ward's middle.
        self.assertIsNone(Park.objects.get(name="千葉公園").latitude)
        self.assertIsNone(Park.objects.get(name="千葉公園").size_m2)
        makuhari = Park.objects.get(name="幕張海浜公園")
        self.assertTrue(makuhari.area.path.startswith(self.mihama.path))
        self.assertEqual(Park.objects.get(name="千葉公園").area, self.chuo)

    def test_it_leaves_a_park_already_on_the_list_as_it_is(self):
        data = (DATA / "chiba-parks.csv").read_bytes()
        park_import.import_csv(self.chiba, data, staff(self.admin))
        Park.objects.filter(name="羽衣公園").update(benches=3)
        again = park_import.import_csv(self.chiba, data, staff(self.admin))
        self.assertEqual((again.created, again.existing), (0, 7))
        self.assertEqual(Park.objects.get(name="羽衣公園").benches, 3)

    def test_it_reads_the_standard_open_data_columns(self):
        data = (
            "都道府県コード又は市区町村コード,NO,名称,所在地_連結表記,緯度,経度,面積\n"
            '121002,1,羽衣公園,千葉県千葉市中央区市場町,35.6,140.12,"6,000"\n'
        ).encode("cp932")
        result = park_import.import_csv(self.chiba, data, staff(self.admin))
        self.assertEqual(result.errors, [])
        park = Park.objects.get(name="羽衣公園")
        self.assertEqual(str(park.latitude), "35.600000")
        self.assertEqual(park.point_source, Park.PointSource.OPEN_DATA)
        self.assertEqual(park.size_m2, 6000)

    def test_it_refuses_a_coordinators_file_with_a_park_outside_their_areas(self):
        data = (DATA / "chiba-parks.csv").read_bytes()
        result = park_import.import_csv(self.chiba, data, staff(self.chuo_coordinator))
        self.assertIn("4行目: 「所在地」が担当地域の外", result.errors[0])
        self.assertFalse(Park.objects.exists())

    def test_it_names_row_and_column_of_every_bad_cell_and_saves_nothing(self):
        data = (
            "名称,所在地,緯度,経度,面積\n"
            "よい公園,千葉市中央区,,,\n"
            ",千葉市中央区,,,\n"
            "逆の公園,千葉市中央区,140.1,35.6,\n"
            "広すぎ公園,千葉市中央区,,,99999999999\n"
            "よい公園,千葉市中央区,,,abc\n"
        ).encode()
        result = park_import.import_csv(self.chiba, data, staff(self.admin))
        self.assertEqual(
            result.errors,
            [
                "3行目: 「名称」が空です。",
                "4行目: 「緯度」が日本の範囲の数値ではありません、「経度」が日本の範囲の数値ではありません。",
                "5行目: 「面積」: 面積は0から10,000,000㎡までの数値にしてください。",
                "6行目: 「名称」が同じ行が前にあります、「面積」: 面積が数値ではありません。",
            ],
        )
        self.assertFalse(Park.objects.exists())

    def test_it_refuses_hostile_and_empty_files(self):
        cases = {
            b"": "1行目に見出し",
            b"\x89PNG\r\n\x1a\n\x00\x00": "文字コードを読めません",
            "所在地,面積\n千葉市,1\n".encode(): "見出しに「名称」",
            "名称,緯度\n公園,35\n".encode(): "「緯度」と「経度」は両方",
            "名称\n\n".encode(): "公園の行がありません",
            b"x" * (park_import.MAX_BYTES + 1): "ファイルが大きすぎます",
            ("名称\n" + "".join(f"公園{i}\n" for i in range(park_import.MAX_ROWS + 1))).encode(): (
                "行が多すぎます"
            ),
        }
        for data, message in cases.items():
            with self.subTest(data=data[:20]):
                result = park_import.import_csv(self.chiba, data, staff(self.admin))
                self.assertTrue(result.errors)
                self.assertIn(message, result.errors[0])
        self.assertFalse(Park.objects.exists())

    def test_it_files_an_unmatched_address_under_the_city(self):
        self.assertEqual(park_import.area_of(self.chiba, "どこでもない町"), self.chiba)
        self.assertEqual(park_import.area_of(self.chiba, "").kind, Area.Kind.MUNICIPALITY)


class ParkImportPageTest(FieldworkTestCase):
    def test_it_imports_an_upload_and_shows_errors_in_japanese(self):
        self.client.force_login(self.admin)
        bad = SimpleUploadedFile("parks.csv", "名称,面積\n公園,たくさん\n".encode())
        response = self.client.post(PAGE, {"file": bad})
        self.assertContains(
            response, "2行目: 「面積」: 面積が数値ではありません。", status_code=400
        )
        self.assertContains(response, "何も登録していません", status_code=400)
        good = SimpleUploadedFile("parks.csv", (DATA / "chiba-parks.csv").read_bytes())
        response = self.client.post(PAGE, {"file": good})
        self.assertRedirects(response, "/office/fieldwork/parks/")
        self.assertEqual(Park.objects.count(), 7)

    def test_it_asks_for_a_file(self):
        self.client.force_login(self.admin)
        response = self.client.post(PAGE, {})
        self.assertContains(response, "CSV ファイルを選んでください。", status_code=400)
