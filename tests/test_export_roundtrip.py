"""Our own format round-trips: export, import the file again, nothing changes."""

from __future__ import annotations

import io

import openpyxl

from directory.models import Resource, ScheduleRule
from office import history
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

    def test_it_round_trips_months_one_off_dates_and_holidays(self):
        ScheduleRule.objects.filter(resource=self.salon).delete()
        ScheduleRule.objects.create(
            resource=self.salon,
            freq="monthly_nth",
            weekdays=[1],
            nths=[2],
            months=[1, 3, 5],
            except_holidays=True,
        )
        ScheduleRule.objects.create(
            resource=self.salon, freq="dates", dates=["2027-03-10", "2027-06-09"], sort_order=1
        )
        data = self.exported("csv", "q=ひだまり")
        self.assert_unchanged(self.preview(data, "months.csv"), 1)
        # The comparison sees the new fields: the same file over a rule without them differs.
        ScheduleRule.objects.filter(resource=self.salon, freq="monthly_nth").update(
            months=[], except_holidays=False
        )
        changed = [row for row in self.preview(data, "months.csv").rows if row.kind != "unchanged"]
        self.assertEqual(len(changed), 1)


class OpendataRoundTripTest(OfficeTestCase):
    """Our open-data file (transfer/opendata.py) imported back changes nothing, schedules
    included: 日程（データ） carries the rules, 日程の補足 the note, 所在地_連結表記 the
    address with 都道府県 and 市区町村 put back."""

    def open_data(self, fmt: str) -> bytes:
        response = self.client.get(f"/search/export/?format={fmt}")
        self.assertEqual(response.status_code, 200)
        return b"".join(response.streaming_content)

    def preview(self, data: bytes, name: str):
        return importer.preview(
            data, name, staff_or_none=Staff.objects.get(user=self.admin), municipality=self.chiba
        )

    def published(self):
        return Resource.objects.published().filter(municipality=self.chiba).order_by("pk")

    def test_it_imports_the_demos_open_data_back_over_itself_unchanged(self):
        for fmt, name in (("opendata-csv", "opendata.csv"), ("opendata-xlsx", "opendata.xlsx")):
            with self.subTest(fmt=fmt):
                result = self.preview(self.open_data(fmt), name)
                self.assertEqual(result.problems, [])
                changed = [
                    (row.number, [str(d) for d in row.differences])
                    for row in result.rows
                    if row.kind != "unchanged"
                ]
                self.assertEqual(changed, [])
                self.assertEqual(result.counts["unchanged"], self.published().count())
                for header, key in [
                    ("利用可能曜日", "schedule"),
                    ("開始時間", "opens_at"),
                    ("日程（データ）", "schedule_data"),
                    ("日程の補足", "schedule_note"),
                    ("所在地_連結表記", "address"),
                    ("建物名等(方書)", "venue_name"),
                    ("場所名称", ""),  # the same venue again
                ]:
                    self.assertEqual(result.mapping[header], key)

    def test_it_brings_back_every_rule_and_text_from_the_file(self):
        """The schedules and texts wiped after the export come back from the file alone."""
        data = self.open_data("opendata-csv")
        resources = list(self.published().prefetch_related("schedule_rules"))
        before = {r.pk: history.snapshot(r) for r in resources}
        self.assertGreater(sum(1 for s in before.values() if s["rules"]), 100)
        self.assertTrue(any(s["schedule_note"] for s in before.values()))
        wiped = {
            "name": "消した名前",
            "kana": "",
            "description": "",
            "schedule_note": "",
            "fee_amount": None,
            "fee_note": "",
            "booking_note": "",
            "capacity": None,
            "venue_name": "",
            "phone": "",
            "fax": "",
            "email": "",
            "url": "",
            "eligibility": "",
            "barrier_free": "",
            "parking": "",
        }
        ScheduleRule.objects.filter(resource__in=resources).delete()
        Resource.objects.filter(pk__in=before).update(**wiped)
        result = self.preview(data, "opendata.csv")
        self.assertEqual(result.errors, [])
        self.assertEqual(result.counts["changed"], len(before))
        importer.commit(result, self.admin)
        after = {
            r.pk: history.snapshot(r) for r in self.published().prefetch_related("schedule_rules")
        }
        differing = [
            (pk, name)
            for pk, snapshot in before.items()
            for name, value in snapshot.items()
            if after[pk][name] != value
        ]
        self.assertEqual(differing, [])
