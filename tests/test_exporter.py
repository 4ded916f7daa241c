"""transfer/exporter.py: streamed CSV and .xlsx, CP932 replacements, formula neutralising."""

from __future__ import annotations

import csv
import io
import tracemalloc
from types import GeneratorType

import openpyxl

from directory import search
from directory.models import Resource
from tests.base import DirectoryTestCase
from transfer import exporter
from transfer.columns import columns


def table(rows: list[list[str]], headers: list[str] | None = None) -> exporter.Table:
    return exporter.Table(headers or ["ID", "名称", "内容"], iter(rows))


def read_csv(data: bytes, encoding: str = "utf-8-sig") -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode(encoding), newline="")))


class NeutraliseTest(DirectoryTestCase):
    def test_it_quotes_every_formula_start(self):
        for value in ("=1+1", "+81 43", "-5", "@SUM(A1)", "\tx", "\rx", "'=x", "''+y"):
            self.assertEqual(exporter.neutralise(value), "'" + value)

    def test_it_leaves_other_text_alone(self):
        for value in ("院内サロン", "043-555-0101", "'quoted", "a=b", "", "100"):
            self.assertEqual(exporter.neutralise(value), value)

    def test_it_is_undone_by_the_importer_rule(self):
        for value in ("=1+1", "'=x", "''-y", "'plain", "plain", "-", "'"):
            self.assertEqual(exporter.unneutralise(exporter.neutralise(value)), value)


class Cp932Test(DirectoryTestCase):
    def test_it_keeps_what_cp932_holds(self):
        for value in ("①髙﨑～", "院内ひだまりサロン", ""):
            self.assertEqual(exporter.cp932_safe(value), (value, "", ""))

    def test_it_replaces_emoji_and_reports_them_once(self):
        safe, lost, similar = exporter.cp932_safe("お茶😀と体操😀🍵")
        self.assertEqual(safe, "お茶〓と体操〓〓")
        self.assertEqual(lost, "😀🍵")
        self.assertEqual(similar, "")

    def test_it_reports_wave_dash_as_changed_to_a_look_alike(self):
        safe, lost, similar = exporter.cp932_safe("10:00〜12:00")
        self.assertEqual(safe, "10:00～12:00")
        self.assertEqual((lost, similar), ("", "〜"))

    def test_it_lists_rows_columns_and_characters(self):
        found = list(exporter.cp932_check(table([["1", "サロン😀", "ok"], ["2", "体操", "〜¦"]])))
        self.assertEqual(
            found,
            [
                exporter.Replacement(2, "名称", "サロン😀", "😀"),
                exporter.Replacement(3, "内容", "体操", "¦"),
                exporter.Replacement(3, "内容", "体操", "〜", similar=True),
            ],
        )


class CsvTest(DirectoryTestCase):
    def test_it_writes_utf8_with_a_bom_and_crlf(self):
        data = exporter.drain(exporter.csv_chunks(table([["1", "院内, サロン", "二行\n目"]])))
        self.assertTrue(data.startswith(b"\xef\xbb\xbf"))
        self.assertIn(b"\r\n", data)
        self.assertEqual(
            read_csv(data), [["ID", "名称", "内容"], ["1", "院内, サロン", "二行\n目"]]
        )

    def test_it_neutralises_cells_but_not_the_header(self):
        data = exporter.drain(exporter.csv_chunks(table([["1", "=HYPERLINK(1)", "@x"]])))
        self.assertEqual(read_csv(data)[1], ["1", "'=HYPERLINK(1)", "'@x"])

    def test_it_writes_cp932_without_a_bom_and_replaces(self):
        chunks = exporter.csv_chunks(table([["1", "①サロン😀", "〜"]]), encoding="cp932")
        data = exporter.drain(chunks)
        self.assertFalse(data.startswith(b"\xef\xbb\xbf"))
        self.assertEqual(read_csv(data, "cp932")[1], ["1", "①サロン〓", "～"])

    def test_it_streams_one_chunk_per_row(self):
        rows = ([str(i), f"名前{i}", ""] for i in range(1000))
        chunks = exporter.csv_chunks(exporter.Table(["ID", "名称", "内容"], rows))
        self.assertIsInstance(chunks, GeneratorType)
        self.assertEqual(sum(1 for _c in chunks), 1 + 1 + 1000)  # BOM, header, rows


class XlsxTest(DirectoryTestCase):
    def test_it_writes_strings_never_formulas(self):
        data = exporter.drain(
            exporter.xlsx_chunks(table([["1", "=1+1", "@x"], ["2", "-3", "改行\nあり"]]))
        )
        self.assertTrue(data.startswith(b"PK"))
        sheet = openpyxl.load_workbook(io.BytesIO(data)).active
        self.assertEqual(sheet.title, "地域資源")
        self.assertEqual(sheet["B2"].value, "=1+1")
        self.assertEqual(sheet["B2"].data_type, "s")
        self.assertEqual(sheet["B3"].value, "-3")
        self.assertEqual(sheet["C3"].value, "改行\nあり")
        self.assertNotIn(b"<f>", data)

    def test_it_drops_characters_xml_cannot_hold(self):
        data = exporter.drain(exporter.xlsx_chunks(table([["1", "a\x00b\x1fc", ""]])))
        self.assertEqual(openpyxl.load_workbook(io.BytesIO(data)).active["B2"].value, "abc")

    def test_it_does_not_hold_all_rows_in_memory(self):
        def rows(n: int):
            return ([str(i), "地域資源の名前" * 5, "説明" * 50] for i in range(n))

        def peak(n: int) -> int:
            tracemalloc.start()
            for _chunk in exporter.xlsx_chunks(exporter.Table(["ID", "名称", "内容"], rows(n))):
                pass
            size = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            return size

        small, large = peak(500), peak(10_000)
        # 20 times the rows (about 2 MB more of text) must not cost 20 times the memory.
        self.assertLess(large, small * 3)


class ResourcesTest(DirectoryTestCase):
    def test_it_exports_a_search_in_page_order_published_only(self):
        criteria = search.Criteria(municipality=self.chiba, area=self.innai.parent)
        got = [r.pk for r in exporter.public_resources(criteria)]
        pages = search.find(criteria, 1, 10_000).resources
        self.assertEqual(got, pages)
        self.assertIn(self.salon.pk, got)
        self.assertNotIn(self.hidden.pk, got)

    def test_it_exports_every_match_without_words(self):
        criteria = search.Criteria(municipality=self.chiba)
        got = list(exporter.public_resources(criteria))
        self.assertEqual(
            len(got), Resource.objects.published().filter(municipality=self.chiba).count()
        )
        self.assertTrue(all(r.status == Resource.Status.PUBLISHED for r in got))

    def test_it_exports_a_word_search_as_its_pages_do(self):
        criteria = search.Criteria(municipality=self.chiba, q="ひだまり")
        got = [r.pk for r in exporter.public_resources(criteria)]
        self.assertEqual(got, search.find(criteria, 1, 1000).resources)
        self.assertIn(self.salon.pk, got)

    def test_it_makes_our_rows_without_internal_fields_for_the_public(self):
        self.salon.internal_note = "内部の話"
        self.salon.save()
        resources = exporter.by_ids([self.salon.pk])
        t = exporter.our_table(resources, internal=False)
        rows = list(t.rows)
        self.assertEqual(t.headers, [c.header for c in columns(internal=False)])
        self.assertNotIn("内部メモ", t.headers)
        self.assertEqual(rows[0][1], "院内ひだまりサロン")
        self.assertNotIn("内部の話", rows[0])

    def test_it_keeps_the_order_of_ids(self):
        ids = [self.hidden.pk, self.salon.pk]
        self.assertEqual([r.pk for r in exporter.by_ids(ids)], ids)


class FilenameTest(DirectoryTestCase):
    def test_it_gives_an_ascii_fallback_and_an_encoded_name(self):
        import datetime

        ascii_name, name = exporter.filename(
            "resources-121002", "地域資源_千葉市", "csv", datetime.date(2026, 11, 26)
        )
        self.assertEqual(ascii_name, "resources-121002-20261126.csv")
        self.assertEqual(
            exporter.content_disposition(ascii_name, name),
            "attachment; filename=\"resources-121002-20261126.csv\"; filename*=UTF-8''"
            "%E5%9C%B0%E5%9F%9F%E8%B3%87%E6%BA%90_%E5%8D%83%E8%91%89%E5%B8%82_20261126.csv",
        )
