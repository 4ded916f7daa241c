"""transfer/opendata.py and /opendata/columns/: the 自治体標準オープンデータセット columns."""

from __future__ import annotations

import csv
import datetime
import io
import unicodedata

import openpyxl

from areas.models import Area
from directory import schedules
from directory.models import Resource, ScheduleRule
from tests.base import DirectoryTestCase
from transfer import exporter, opendata


class OpendataRowTest(DirectoryTestCase):
    def cells(self, resource: Resource) -> dict[str, str]:
        t = opendata.table(exporter.by_ids([resource.pk]))
        return dict(zip(t.headers, next(iter(t.rows)), strict=True))

    def test_it_starts_with_the_standard_address_block(self):
        headers = [c.header for c in opendata.OPEN_COLUMNS]
        self.assertEqual(
            headers[:6],
            [
                "全国地方公共団体コード",
                "ID",
                "地方公共団体名",
                "名称",
                "名称_カナ",
                "所在地_全国地方公共団体コード",
            ],
        )
        for name in (
            "所在地_連結表記",
            "所在地_町字",
            "所在地_番地以下",
            "建物名等(方書)",
            "緯度",
            "経度",
            "電話番号",
            "連絡先メールアドレス",
            "郵便番号",
            "URL",
            "備考",
            "開始時間",
            "終了時間",
            "料金(基本)",
            "料金(詳細)",
            "定員",
            "参加申込方法",
        ):
            self.assertIn(name, headers)
        self.assertEqual(len(headers), len(set(headers)))

    def test_it_fills_the_salon(self):
        Resource.objects.filter(pk=self.salon.pk).update(
            address="千葉市中央区院内1丁目8-12", venue_name="院内町内会館"
        )
        cells = self.cells(self.salon)
        self.assertEqual(cells["全国地方公共団体コード"], "121002")
        self.assertEqual(cells["ID"], str(self.salon.pk))
        self.assertEqual(cells["地方公共団体名"], "千葉県千葉市")
        self.assertEqual(cells["名称_カナ"], "インナイヒダマリサロン")
        self.assertEqual(cells["所在地_全国地方公共団体コード"], "121011")
        self.assertEqual(cells["所在地_連結表記"], "千葉県千葉市中央区院内1丁目8-12")
        self.assertEqual(cells["所在地_市区町村"], "千葉市中央区")
        self.assertEqual(cells["所在地_町字"], "院内一丁目")
        self.assertEqual(cells["所在地_番地以下"], "8-12")
        self.assertEqual(cells["建物名等(方書)"], "院内町内会館")
        self.assertEqual(cells["利用可能曜日"], "水")
        self.assertEqual((cells["開始時間"], cells["終了時間"]), ("10:00", "12:00"))
        self.assertIn("第2・第4水曜日", cells["利用可能日時特記事項"])
        self.assertEqual((cells["料金(基本)"], cells["料金(詳細)"]), ("100円", "お茶代"))
        self.assertEqual(cells["予約の要否"], "予約不要")
        self.assertEqual(cells["分類コード"], "5.1.1")
        self.assertEqual(cells["実施主体"], "院内町内会")
        self.assertEqual(cells["最終確認日"], "2026-10-01")

    def test_it_leaves_the_street_number_empty_when_the_address_names_another_town(self):
        Resource.objects.filter(pk=self.salon.pk).update(address="千葉市中央区どこか3-4")
        cells = self.cells(self.salon)
        self.assertEqual(cells["所在地_町字"], "院内一丁目")
        self.assertEqual(cells["所在地_番地以下"], "")
        self.assertEqual(cells["所在地_連結表記"], "千葉県千葉市中央区どこか3-4")

    def test_it_keeps_an_address_in_another_prefecture_as_written(self):
        Resource.objects.filter(pk=self.salon.pk).update(address="東京都千代田区霞が関1-2-2")
        cells = self.cells(self.salon)
        self.assertEqual(cells["所在地_連結表記"], "東京都千代田区霞が関1-2-2")
        self.assertEqual(cells["所在地_都道府県"], "東京都")
        self.assertEqual(cells["所在地_全国地方公共団体コード"], "")

    def test_it_writes_free_as_such(self):
        Resource.objects.filter(pk=self.salon.pk).update(fee_amount=0)
        self.assertEqual(self.cells(self.salon)["料金(基本)"], "無料")

    def test_it_never_holds_internal_fields_or_unpublished_resources(self):
        Resource.objects.filter(pk=self.salon.pk).update(
            internal_note="内部メモの秘密", contact_person="担当者の秘密"
        )
        t = opendata.table(exporter.by_ids([self.salon.pk, self.hidden.pk]))
        rows = list(t.rows)
        self.assertEqual(len(rows), 1)
        joined = "".join(rows[0])
        self.assertNotIn("秘密", joined)
        self.assertNotIn("院内ないしょの会", joined)


class OpendataFileTest(DirectoryTestCase):
    """The files as downloaded, read again: every row against its resource."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        # Addresses as coordinators type them: without 都道府県 and 市, with 丁目 as 「1-」.
        Resource.objects.filter(pk=cls.salon.pk).update(address="院内1-8-12")
        cls.port = cls.make_resource(
            name="千葉港みなとカフェ",
            category="5.1.1",
            town=Area.objects.get(code="121011-千葉港"),
            address="中央区千葉港1-1",
            phone="043-555-0199",
            fee_amount=0,
            schedule_note="雨天中止。",
            rule={
                "freq": "weekly",
                "weekdays": [0, 3],
                "opens_at": datetime.time(13, 30),
                "closes_at": datetime.time(15),
                "except_months": [8],
                "except_dates": ["2026-12-28", "2027-01-04"],
                "note": "8月は開催なし",
            },
        )
        ScheduleRule.objects.create(
            resource=cls.port, freq="monthly_day", month_days=[15], note="会館2階"
        )
        cls.kasukabe = Area.objects.create(
            code="112143", kind=Area.Kind.MUNICIPALITY, name="春日部市", prefecture="埼玉県"
        )
        cls.uchimaki = cls.make_resource(
            name="内牧ふれあいサロン",
            category="5.1.1",
            municipality=cls.kasukabe,
            provider=None,
            address="内牧2072",
            fee_amount=300,
            fee_note="材料費",
            phone="048-555-0123",
        )

    def download(self, fmt: str, query: str = "") -> list[dict[str, str]]:
        response = self.client.get(f"/search/export/?format={fmt}&{query}")
        self.assertEqual(response.status_code, 200)
        data = b"".join(response.streaming_content)
        if fmt.endswith("csv"):
            reader = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
            headers = next(reader)
            rows = [[exporter.unneutralise(cell) for cell in row] for row in reader]
        else:
            sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True).active
            headers, *rows = [[c or "" for c in row] for row in sheet.iter_rows(values_only=True)]
        return [dict(zip(headers, row, strict=True)) for row in rows]

    def assert_row_matches(self, cells: dict[str, str], resource: Resource) -> None:
        municipality = resource.municipality
        ward = (
            next((a for a in resource.town.ancestors() if a.kind == Area.Kind.WARD), None)
            if resource.town
            else None
        )
        city = municipality.name + (ward.name if ward else "")
        typed = unicodedata.normalize("NFKC", resource.address).strip()
        full = cells["所在地_連結表記"]
        where = f"{resource.pk} {resource.name}"
        if typed or resource.town:
            # The full address: 都道府県 + 市区町村 (+ 区), then the address as typed ends it.
            self.assertTrue(full.startswith(municipality.prefecture + city), where)
            self.assertTrue(full.endswith(typed or resource.town.name), where)
            self.assertEqual(cells["所在地_都道府県"], municipality.prefecture, where)
            self.assertEqual(cells["所在地_市区町村"], city, where)
        else:
            self.assertEqual(full, "", where)
        self.assertEqual(cells["所在地_町字"], resource.town.name if resource.town else "", where)
        # Every part of the schedule, whichever rule it belongs to.
        when = cells["利用可能日時特記事項"]
        for rule in resource.schedule_rules.all():
            self.assertIn(schedules.describe(rule), when, where)
            for day in rule.except_dates:
                d = datetime.date.fromisoformat(day)
                self.assertIn(f"{d.year}年{d.month}月{d.day}日", when, where)
            self.assertIn(rule.note.strip().rstrip("。"), when, where)
        self.assertIn(resource.schedule_note.strip().rstrip("。"), when, where)
        fee = resource.fee_amount
        basic = "" if fee is None else "無料" if fee == 0 else f"{fee}円"
        self.assertEqual(cells["料金(基本)"], basic, where)
        self.assertEqual(cells["料金(詳細)"], resource.fee_note, where)
        self.assertEqual(cells["電話番号"], resource.phone, where)

    def assert_file_matches(self, fmt: str, query: str = "") -> list[dict[str, str]]:
        rows = self.download(fmt, query)
        resources = (
            Resource.objects.select_related("municipality", "town")
            .prefetch_related("schedule_rules")
            .in_bulk([int(r["ID"]) for r in rows])
        )
        for cells in rows:
            self.assert_row_matches(cells, resources[int(cells["ID"])])
        return rows

    def test_it_carries_every_address_and_schedule_part_in_csv(self):
        rows = self.assert_file_matches("opendata-csv")
        published = Resource.objects.published().filter(municipality=self.chiba)
        self.assertEqual(len(rows), published.count())
        by_id = {r["ID"]: r for r in rows}
        port = by_id[str(self.port.pk)]
        self.assertEqual(port["所在地_連結表記"], "千葉県千葉市中央区千葉港1-1")
        self.assertEqual(port["所在地_番地以下"], "1-1")
        self.assertEqual(
            port["利用可能日時特記事項"],
            "毎週月・木曜日 13:30〜15:00（8月は休み）（2026年12月28日・2027年1月4日は休み）"
            "（8月は開催なし）、毎月15日（会館2階）。雨天中止。",
        )
        salon = by_id[str(self.salon.pk)]
        self.assertEqual(salon["所在地_連結表記"], "千葉県千葉市中央区院内1-8-12")
        self.assertEqual((salon["所在地_町字"], salon["所在地_番地以下"]), ("院内一丁目", "8-12"))

    def test_it_carries_every_address_and_schedule_part_in_xlsx(self):
        self.assert_file_matches("opendata-xlsx")

    def test_it_completes_an_address_of_another_prefecture(self):
        for fmt in ("opendata-csv", "opendata-xlsx"):
            (row,) = self.assert_file_matches(fmt, "city=112143")
            self.assertEqual(row["所在地_連結表記"], "埼玉県春日部市内牧2072")
            self.assertEqual(row["所在地_全国地方公共団体コード"], "112143")
            self.assertEqual((row["料金(基本)"], row["料金(詳細)"]), ("300円", "材料費"))


class OpendataColumnsPageTest(DirectoryTestCase):
    def test_it_describes_every_column(self):
        response = self.client.get("/opendata/columns/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "<caption>")
        for column in opendata.OPEN_COLUMNS:
            self.assertContains(response, f'<th scope="row">{column.header}</th>', html=False)
        self.assertContains(response, 'href="/search/export/?format=opendata-csv"')

    def test_it_refuses_post(self):
        self.assertEqual(self.client.post("/opendata/columns/").status_code, 405)


class OpendataDocsTest(DirectoryTestCase):
    def test_it_lists_every_column_in_docs(self):
        from pathlib import Path

        text = (Path(__file__).resolve().parent.parent / "docs" / "opendata.md").read_text()
        for column in opendata.OPEN_COLUMNS:
            self.assertIn(f"| {column.header} | {column.meaning} |", text)
