"""transfer/opendata.py and /opendata/columns/: the 自治体標準オープンデータセット columns."""

from __future__ import annotations

from directory.models import Resource
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
