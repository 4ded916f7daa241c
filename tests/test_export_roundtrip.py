"""Our own format round-trips: export, import the file again, nothing changes."""

from __future__ import annotations

import io

import openpyxl

from directory.models import Resource
from office.models import Staff
from tests.base import OfficeTestCase
from transfer import importer


class RoundTripTest(OfficeTestCase):
    def exported(self, fmt: str, query: str = "") -> bytes:
        self.client.force_login(self.admin)
        response = self.client.get(f"/office/resources/export/?format={fmt}&{query}")
        self.assertEqual(response.status_code, 200)
        return b"".join(response.streaming_content)

    def preview(self, data: bytes, filename: str):
        return importer.preview(
            data,
            filename,
            staff_or_none=Staff.objects.get(user=self.admin),
            municipality=self.chiba,
        )

    def assert_unchanged(self, result, expected_rows: int) -> None:
        self.assertEqual(result.problems, [])
        self.assertFalse(result.needs_mapping)
        changed = [
            (row.number, [str(d) for d in row.differences])
            for row in result.rows
            if row.kind != "unchanged"
        ]
        self.assertEqual(changed, [])
        self.assertEqual(result.counts["unchanged"], expected_rows)

    def test_it_round_trips_the_whole_city_as_csv(self):
        data = self.exported("csv")
        expected = Resource.objects.filter(municipality=self.chiba).exclude(
            status=Resource.Status.DELETED
        )
        self.assert_unchanged(self.preview(data, "all.csv"), expected.count())

    def test_it_round_trips_as_xlsx(self):
        data = self.exported("xlsx", "q=院内")
        rows = sum(1 for _r in openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows()) - 1
        self.assertGreaterEqual(rows, 2)
        self.assert_unchanged(self.preview(data, "innai.xlsx"), rows)

    def write_formula_like_cells(self) -> None:
        Resource.objects.filter(pk=self.salon.pk).update(
            description='=HYPERLINK("http://example.com")',
            keywords="+体操 -茶話会",
            internal_note="@担当 '=メモ",
            booking_note="-",
        )

    # The CSV export puts a quote before = + - @ so spreadsheets show text; the importer
    # takes it off again (exporter.unneutralise), so nothing changes.
    def test_it_round_trips_cells_that_look_like_formulas(self):
        self.write_formula_like_cells()
        data = self.exported("csv", "q=ひだまり")
        self.assertIn(b"'=HYPERLINK", data)
        self.assert_unchanged(self.preview(data, "formula.csv"), 1)

    def test_it_round_trips_cells_that_look_like_formulas_in_xlsx(self):
        self.write_formula_like_cells()
        data = self.exported("xlsx", "q=ひだまり")
        self.assert_unchanged(self.preview(data, "formula.xlsx"), 1)
