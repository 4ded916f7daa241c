"""Import files read through the preview (transfer/reading.py, transfer/xlsx.py,
transfer/mapping.py): encodings, Excel, refused files, headers, mappings; the documented
example. The other tests/test_import_*.py files share its helpers."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
from django.test import override_settings

from directory.models import Provider
from office.models import Staff
from tests.base import OfficeTestCase
from transfer import importer, limits, outcome
from transfer.mapping import matching_saved_mapping
from transfer.models import SavedMapping

DATA = Path(__file__).parent / "data" / "import"
HEADERS = ["名称", "分類コード", "住所", "日程", "料金", "電話番号"]


def csv_bytes(rows: list[list[str]], encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def row(name: str, address: str = "千葉市中央区院内1-2-3", **extra) -> list[str]:
    values = {
        "名称": name,
        "分類コード": "5.1.1",
        "住所": address,
        "日程": "毎週火曜日 10:00～11:00",
        "料金": "100円",
        "電話番号": "043-555-0202",
    }
    values.update(extra)
    return [values[h] for h in HEADERS]


class ImportTestCase(OfficeTestCase):
    """The import tests' shared helpers (no tests of its own)."""

    def preview(self, data: bytes, *, staff: Staff | None = None, **kwargs) -> outcome.Preview:
        return importer.preview(
            data, "test.csv", staff_or_none=staff, municipality=self.chiba, **kwargs
        )

    def staff(self, user) -> Staff:
        return Staff.objects.prefetch_related("areas").get(user=user)


class ReadingTest(ImportTestCase):
    # --- reading

    def test_it_reads_utf8_with_a_bom_and_understands_the_values(self):
        preview = self.preview((DATA / "ours-utf8-bom.csv").read_bytes())
        self.assertEqual(preview.encoding, "utf-8")
        self.assertEqual(preview.counts["new"], 2, preview.errors)
        club, cafe = preview.rows
        self.assertEqual(club.data["kana"], "インナイタイソウクラブ")
        self.assertEqual(club.data["fee_amount"], 0)
        self.assertEqual(club.data["status"], "published")
        self.assertEqual(club.data["provider"], self.provider.pk)
        self.assertEqual(club.data["rules"][0]["weekdays"], [1])
        self.assertEqual(club.data["rules"][0]["opens_at"], "10:00")
        self.assertEqual(club.data["town"], self.innai.pk)
        self.assertEqual(cafe.data["postal_code"], "260-0000")
        self.assertEqual(cafe.data["address"], "千葉市中央区院内1-5")
        self.assertEqual(cafe.data["phone"], "043-555-0303")
        self.assertEqual(cafe.data["fee_amount"], 100)
        self.assertEqual(cafe.data["booking"], "reservation")
        self.assertEqual(cafe.data["status"], "draft")
        rule = cafe.data["rules"][0]
        self.assertEqual((rule["nths"], rule["weekdays"]), ([2, 4], [3]))
        self.assertEqual((rule["opens_at"], rule["closes_at"]), ("13:30", "15:00"))
        self.assertEqual(rule["except_months"], [8])
        self.assertEqual(cafe.new_provider, ("院内カフェの会", Provider.Kind.VOLUNTEERS))

    def test_it_reads_utf8_without_a_bom(self):
        preview = self.preview(csv_bytes([HEADERS, row("院内テスト会")]))
        self.assertEqual((preview.encoding, preview.counts["new"]), ("utf-8", 1))

    def test_it_detects_cp932_with_circled_digits_and_wave_dashes(self):
        data = (DATA / "city-list-cp932.csv").read_bytes()
        preview = self.preview(data)
        self.assertEqual(preview.encoding, "cp932")
        self.assertTrue(preview.needs_mapping)  # 番号, 連絡先 are not our headers
        self.assertEqual(preview.mapping["活動名"], "name")
        self.assertEqual(preview.mapping["番号"], "")
        first, second = preview.rows
        self.assertEqual(first.data["name"], "院内①ふれあい食堂")
        self.assertEqual(first.data["categories"], ["3.3"])
        self.assertEqual(first.data["rules"][0]["nths"], [3])
        self.assertEqual(first.data["rules"][0]["closes_at"], "13:00")
        self.assertEqual(first.data["fee_amount"], 300)
        self.assertEqual(first.data["fee_note"], "1食300円～")
        # Not understood: kept verbatim and listed.
        self.assertEqual(second.data["schedule_note"], "よくわからない日程")
        self.assertEqual(second.data["rules"], [])
        self.assertIn("よくわからない日程", [w.value for w in preview.warnings])
        self.assertFalse(preview.can_commit)

    def test_it_uses_the_chosen_encoding_and_says_when_it_is_wrong(self):
        data = (DATA / "city-list-cp932.csv").read_bytes()
        with self.assertRaisesRegex(limits.FileRejectedError, "UTF-8"):
            self.preview(data, encoding="utf-8")
        self.assertEqual(self.preview(data, encoding="cp932").encoding, "cp932")

    def test_it_reads_xlsx_detected_by_content_not_name(self):
        data = xlsx_bytes([HEADERS, row("院内エクセル会"), [None] * 6, row("院内エクセル会2")])
        preview = importer.preview(data, "list.csv", staff_or_none=None, municipality=self.chiba)
        self.assertEqual(preview.kind, "xlsx")
        self.assertEqual([r.number for r in preview.rows], [2, 4])
        self.assertEqual(preview.counts["new"], 2, preview.errors)

    def test_it_keeps_formulas_as_literal_text_and_refuses_formulas_without_a_value(self):
        text = csv_bytes([HEADERS, row('=HYPERLINK("http://evil.example","x")')])
        preview = self.preview(text)
        self.assertEqual(preview.rows[0].data["name"], '=HYPERLINK("http://evil.example","x")')
        book = openpyxl.Workbook()
        book.active.append(HEADERS)
        book.active.append(row("院内数式の会"))
        book.active["F2"] = "=A1&B1"  # openpyxl writes no cached value
        out = io.BytesIO()
        book.save(out)
        preview = self.preview(out.getvalue())
        self.assertEqual(preview.counts["error"], 1)
        problem = preview.errors[0]
        self.assertEqual((problem.row, problem.column), (2, "電話番号"))
        self.assertIn("数式", problem.message)

    def test_it_refuses_empty_binary_undecodable_and_huge_files(self):
        cases = {
            "empty.csv": "空",
            "picture.csv": "CSV でも Excel",
            "not-text.csv": "文字コードを判別できませんでした",
        }
        for name, message in cases.items():
            with self.subTest(name), self.assertRaisesRegex(limits.FileRejectedError, message):
                self.preview((DATA / name).read_bytes())
        with self.assertRaisesRegex(limits.FileRejectedError, "ZIP"):
            zipped = io.BytesIO()
            import zipfile

            with zipfile.ZipFile(zipped, "w") as archive:
                archive.writestr("a.txt", "x")
            self.preview(zipped.getvalue())
        big = csv_bytes([HEADERS] + [row(f"会{i}") for i in range(10)])
        with (
            override_settings(SASAEAI_IMPORT_MAX_BYTES=100),
            self.assertRaisesRegex(limits.FileRejectedError, "大きすぎます"),
        ):
            self.preview(big)
        with (
            override_settings(SASAEAI_IMPORT_MAX_ROWS=3),
            self.assertRaisesRegex(limits.FileRejectedError, "行が多すぎます"),
        ):
            self.preview(big)

    def test_it_needs_a_name_column_and_data_rows(self):
        preview = self.preview(csv_bytes([["住所", "電話番号"], ["千葉市", "043-555-0101"]]))
        self.assertTrue(preview.needs_mapping)
        self.assertIn("「名称」の列が見つかりません", preview.problems[0])
        self.assertFalse(preview.can_commit)
        preview = self.preview(csv_bytes([HEADERS]))
        self.assertIn("データの行がありません", preview.problems[0])

    def test_it_matches_our_headers_with_spaces_and_full_width_letters(self):
        preview = self.preview(
            csv_bytes([[" 名称 ", "分類コード", "ＩＤ"], ["院内の会", "5.1.1", ""]])
        )
        self.assertFalse(preview.needs_mapping)
        self.assertEqual(
            preview.mapping, {" 名称 ".strip(): "name", "分類コード": "categories", "ＩＤ": "id"}
        )

    # --- mapping

    def test_it_applies_a_mapping_and_a_saved_one(self):
        data = csv_bytes([["活動", "区分", "メモ"], ["院内の会", "5.1.1", "x"]])
        self.assertTrue(self.preview(data).problems)  # no name column guessed
        mapping = {"活動": "name", "区分": "categories", "メモ": ""}
        preview = self.preview(data, mapping=mapping)
        self.assertEqual(preview.problems, [])
        self.assertFalse(preview.needs_mapping)
        self.assertEqual(preview.rows[0].data["name"], "院内の会")
        SavedMapping.objects.create(name="市の一覧", mapping=mapping)
        self.assertEqual(matching_saved_mapping(["活動", "区分", "メモ"]).name, "市の一覧")
        self.assertIsNone(matching_saved_mapping(["活動", "区分"]))


class DocumentedTemplateTest(OfficeTestCase):
    def test_it_imports_the_documented_example_and_documents_every_column(self):
        docs = Path(__file__).parent.parent / "docs"
        data = (docs / "import-example.csv").read_bytes()
        self.assertTrue(data.startswith(b"\xef\xbb\xbf"))
        preview = importer.preview(
            data, "import-example.csv", staff_or_none=None, municipality=self.chiba
        )
        self.assertFalse(preview.needs_mapping)
        self.assertEqual(preview.errors, [])
        self.assertEqual([r.kind for r in preview.rows], ["new", "new", "new"])
        salon = preview.rows[2].data
        self.assertEqual((salon["place_area"], salon["served_areas"]), (self.mihama.pk, []))
        self.assertEqual(salon["phone"], "043-555-0103")
        self.assertEqual(salon["phone_note"], "美浜区地域包括支援センター 043-555-0103（平日のみ）")
        text = (docs / "import-template.md").read_text()
        from transfer.columns import COLUMNS, IMPORT_ONLY

        for column in [*COLUMNS, *IMPORT_ONLY]:
            self.assertIn(f"| {column.header} | `{column.key}` |", text)
