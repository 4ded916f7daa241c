"""Hostile import files: each is refused with a message naming the limit, before it is read.

The files are built here the way an attacker (or a broken exporter) would: an .xlsx made by
openpyxl whose sheet XML is then edited in the zip. Refusing "quickly" is asserted through
the message (it names the declared size or the zip's sizes, which are known before any row
is read) and memory safety through tracemalloc's peak, never through timing.
"""

from __future__ import annotations

import base64
import csv
import io
import os
import re
import tracemalloc
import zipfile
from collections.abc import Callable

import openpyxl
from django.test import override_settings

from directory.models import Resource
from tests.base import OfficeTestCase
from transfer import importer, limits, reading
from transfer.models import ImportJob

SHEET = "xl/worksheets/sheet1.xml"
HEADERS = ["名称", "分類コード", "住所"]
MiB = 1024 * 1024


def xlsx(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def edited(data: bytes, name: str, edit: Callable[[str], str]) -> bytes:
    """The same .xlsx with one member's XML changed."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == name:
                content = edit(content.decode("utf-8")).encode("utf-8")
            target.writestr(info, content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def with_rows_at_the_end(data: bytes, xml_rows: str, dimension: str | None) -> bytes:
    def edit(xml: str) -> str:
        xml = xml.replace("</sheetData>", xml_rows + "</sheetData>")
        if dimension is None:
            return re.sub(r"<dimension [^>]*/>", "", xml)
        return re.sub(r'<dimension ref="[^"]*"', f'<dimension ref="{dimension}"', xml)

    return edited(data, SHEET, edit)


def one_huge_cell(size: int) -> bytes:
    """An .xlsx whose A2 is an inline string of `size` letters, streamed into the zip (the
    616 KB file with one 600 MB cell that grew a worker to 1.9 GB)."""
    small = xlsx([HEADERS, ["院内の会", "5.1.1", ""]])
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(small)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target,
    ):
        for info in source.infolist():
            if info.filename != SHEET:
                target.writestr(info.filename, source.read(info))
                continue
            head, tail = source.read(info).decode().split("</sheetData>")
            # Streamed: the test never holds the cell either.
            with target.open(SHEET, "w", force_zip64=True) as part:
                part.write(head.encode())
                part.write(b'<row r="3"><c r="A3" t="inlineStr"><is><t>')
                chunk = b"x" * MiB
                for _ in range(size // MiB):
                    part.write(chunk)
                part.write(b"</t></is></c></row></sheetData>" + tail.encode())
    return out.getvalue()


class HostileFileTest(OfficeTestCase):
    def refused(self, data: bytes) -> tuple[str, float]:
        """The refusal's message and the peak of memory (MiB) while refusing."""
        tracemalloc.start()
        try:
            importer.preview(data, "list.xlsx", staff_or_none=None, municipality=self.chiba)
        except limits.FileRejectedError as error:
            message = error.message
        else:
            self.fail("the file was read")
        finally:
            peak = tracemalloc.get_traced_memory()[1] / MiB
            tracemalloc.stop()
        return message, peak

    def test_it_refuses_a_sheet_declared_as_the_whole_grid_before_reading_its_rows(self):
        base = xlsx([HEADERS, ["院内の会", "5.1.1", ""]])
        far = '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'
        data = with_rows_at_the_end(base, far, "A1:XFD1048576")
        self.assertLess(len(data), 10_000)
        message, peak = self.refused(data)
        # The declared size is refused: nothing after it in the sheet was read.
        self.assertIn("シートの範囲が広すぎます（21,001行まで", message)
        self.assertIn("1,048,576行目まで", message)
        self.assertLess(peak, 16)
        # Without a declared size the far row itself is refused, not read up to.
        message, peak = self.refused(with_rows_at_the_end(base, far, None))
        self.assertIn("21,001行目までしか読みません", message)
        self.assertLess(peak, 16)

    @override_settings(SASAEAI_IMPORT_MAX_ROWS=3)
    def test_it_counts_blank_rows_read_not_only_rows_kept(self):
        base = xlsx([HEADERS, ["院内の会", "5.1.1", ""]])
        far = '<row r="5000"><c r="A5000" t="inlineStr"><is><t>院内の会2</t></is></c></row>'
        message, _peak = self.refused(with_rows_at_the_end(base, far, "A1:C5000"))
        self.assertIn("1,004行", message)
        blank_lines = "名称,分類コード\r\n" + "\r\n" * 2000 + "院内の会,5.1.1\r\n"
        with self.assertRaisesRegex(limits.FileRejectedError, "1,004行目までしか読みません"):
            reading.read_table(blank_lines.encode())
        # Blank rows within the margin are still fine.
        reading.read_table(("名称\r\n" + "\r\n" * 900 + "院内の会\r\n").encode())
        # Only the sheet we read counts: a long second sheet does not, and the first
        # sheet's gaps and formulas without a saved result are read as before.
        book = openpyxl.Workbook()
        book.active.append(HEADERS)
        book.active.append(["院内の会", "5.1.1", "千葉市中央区院内1-1"])
        book.active["A5"] = "院内の会2"
        book.active["B5"] = "5.1.1"
        book.active["C5"] = "=A1&B1"  # no saved result
        second = book.create_sheet("参考")
        for i in range(3_000):
            second.append([i])
        out = io.BytesIO()
        book.save(out)
        preview = importer.preview(
            out.getvalue(), "list.xlsx", staff_or_none=None, municipality=self.chiba
        )
        self.assertEqual([r.number for r in preview.rows], [2, 5])
        self.assertEqual([(p.row, p.column) for p in preview.errors], [(5, "住所")])

    def test_it_refuses_a_zip_that_unpacks_to_far_more_than_it_holds(self):
        data = one_huge_cell(600 * MiB)
        self.assertLess(len(data), MiB)
        message, peak = self.refused(data)
        self.assertIn("展開して200MBまで、圧縮率100倍まで", message)
        self.assertLess(peak, 16)

    def test_it_refuses_a_cell_longer_than_a_csv_cell_may_be(self):
        limit = csv.field_size_limit()
        base = xlsx([HEADERS, ["院内の会", "5.1.1", ""]])
        # openpyxl (like Excel) writes no more than 32,767 characters: edited in by hand.
        long = f'<row r="3"><c r="A3" t="inlineStr"><is><t>{"あ" * (limit + 1)}</t></is></c></row>'
        message, peak = self.refused(with_rows_at_the_end(base, long, "A1:C3"))
        self.assertIn(f"1つのセルに{limit:,}文字まで", message)
        self.assertLess(peak, 16)
        text = "名称,分類コード\r\n" + "あ" * (limit + 1) + ",5.1.1\r\n"
        with self.assertRaisesRegex(limits.FileRejectedError, f"{limit:,}文字まで"):
            reading.read_table(text.encode())
        reading.read_table(("名称\r\n" + "あ" * limit + "\r\n").encode())  # at the limit

    def test_it_refuses_one_huge_tag_and_any_doctype(self):
        noise = base64.b64encode(os.urandom(3 * MiB // 2)).decode()  # does not compress
        tag = f'<row r="3"><c r="A3" s="0" x="{noise}"/></row>'
        base = xlsx([HEADERS, ["院内の会", "5.1.1", ""]])
        message, peak = self.refused(with_rows_at_the_end(base, tag, "A1:C3"))
        self.assertIn("セルの文字が多すぎます", message)
        self.assertLess(peak, 24)
        entity = edited(
            base,
            SHEET,
            lambda xml: '<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaaaaaaaa">]>' + xml,
        )
        self.assertIn("壊れていないか", self.refused(entity)[0])

    def test_it_refuses_a_nul_anywhere_in_a_csv(self):
        text = (
            "名称,分類コード\r\n" + "院内の会,5.1.1\r\n" + "x,5.1.1\r\n" * 2000 + "a\x00b,5.1.1\r\n"
        )
        self.assertGreater(len(text), 8192)  # beyond the first look for a binary file
        with self.assertRaisesRegex(limits.FileRejectedError, "NUL"):
            reading.read_table(text.encode())

    def test_it_refuses_too_many_columns_cells_and_zip_members(self):
        wide = [HEADERS, ["院内の会", "5.1.1", *[None] * 298, "x"]]
        self.assertIn("300列まで。このファイルは301列目まで", self.refused(xlsx(wide))[0])
        undeclared = with_rows_at_the_end(xlsx(wide), "", None)
        self.assertIn("列が多すぎます（300列まで。2行目）", self.refused(undeclared)[0])
        text = "名称," + ",".join(["x"] * 300) + "\r\n"
        with self.assertRaisesRegex(limits.FileRejectedError, "列が多すぎます（300列まで"):
            reading.read_table(text.encode())
        # Empty trailing cells (Excel writes them) are no columns.
        reading.read_table(("名称,分類コード" + "," * 500 + "\r\n院内の会,5.1.1\r\n").encode())
        with override_settings(SASAEAI_IMPORT_MAX_ROWS=2):
            many = xlsx([[f"列{i}" for i in range(70)], ["x"] * 70])
            self.assertIn("セルが多すぎます（120個まで）", self.refused(many)[0])
        members = io.BytesIO()
        with zipfile.ZipFile(members, "w") as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            for i in range(1001):
                archive.writestr(f"x/{i}.xml", "<x/>")
        self.assertIn("ファイルが多すぎます（1,000個まで）", self.refused(members.getvalue())[0])

    def test_it_refuses_a_hostile_xlsx_at_upload_and_stores_nothing(self):
        from django.core.files.uploadedfile import SimpleUploadedFile

        base = xlsx([HEADERS, ["院内の会", "5.1.1", ""]])
        far = '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'
        data = with_rows_at_the_end(base, far, "A1:XFD1048576")
        self.client.force_login(self.chuo_coordinator)
        response = self.client.post(
            "/office/import/", {"file": SimpleUploadedFile("list.xlsx", data)}
        )
        self.assertContains(response, "シートの範囲が広すぎます", status_code=400)
        self.assertFalse(ImportJob.objects.exists())
        self.assertFalse(Resource.objects.filter(name="院内の会").exists())
