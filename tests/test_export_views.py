"""The downloads: /search/export/ (public) and /office/resources/export/ (back office)."""

from __future__ import annotations

import csv
import io
from urllib.parse import quote

import openpyxl

from directory.models import Resource
from tests.base import OfficeTestCase


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def rows(response, encoding: str = "utf-8-sig") -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body(response).decode(encoding), newline="")))


class SearchExportTest(OfficeTestCase):
    def test_it_downloads_the_search_as_utf8_csv(self):
        response = self.client.get("/search/export/?q=ひだまり&format=csv")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.streaming)
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        disposition = response["Content-Disposition"]
        self.assertIn('filename="resources-121002-', disposition)
        self.assertIn("filename*=UTF-8''" + quote("地域資源_千葉市_"), disposition)
        found = rows(response)
        self.assertIn("院内ひだまりサロン", [r["名称"] for r in found])
        self.assertNotIn("内部メモ", found[0])
        self.assertNotIn("担当者名", found[0])

    def test_it_links_the_whole_result_from_the_results_page(self):
        response = self.client.get("/search/?category=5&page=2&order=confirmed")
        self.assertContains(
            response, 'href="/search/export/?category=5&amp;order=confirmed&amp;format=csv"'
        )
        self.assertContains(
            response,
            'href="/search/export/?category=5&amp;order=confirmed&amp;format=csv-cp932&amp;check=1"',
        )
        self.assertNotContains(response, "page=2&amp;format")

    def test_it_defaults_to_csv(self):
        response = self.client.get("/search/export/?category=5.1.1")
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")

    def test_it_holds_published_resources_only_and_no_internal_note(self):
        Resource.objects.filter(pk=self.salon.pk).update(internal_note="ひみつのメモ")
        response = self.client.get("/search/export/?area=121011-院内一丁目")
        text = body(response).decode("utf-8-sig")
        self.assertIn("院内ひだまりサロン", text)
        self.assertNotIn("院内ないしょの会", text)
        self.assertNotIn("ひみつのメモ", text)
        self.assertNotIn("下書き", text)

    def test_it_applies_the_same_conditions_as_the_search(self):
        names = [r["名称"] for r in rows(self.client.get("/search/export/?area=121061"))]
        self.assertIn("美浜ふれあい食堂", names)
        self.assertNotIn("院内ひだまりサロン", names)

    def test_it_writes_xlsx(self):
        response = self.client.get("/search/export/?q=ひだまり&format=xlsx")
        self.assertEqual(
            response["Content-Type"],
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        self.assertIn(".xlsx", response["Content-Disposition"])
        sheet = openpyxl.load_workbook(io.BytesIO(body(response))).active
        values = [[c.value for c in row] for row in sheet.iter_rows()]
        self.assertEqual(values[0][:2], ["ID", "名称"])
        self.assertIn("院内ひだまりサロン", [row[1] for row in values[1:]])

    def test_it_writes_open_data(self):
        response = self.client.get("/search/export/?q=ひだまり&format=opendata-csv")
        self.assertIn('filename="opendata-121002-', response["Content-Disposition"])
        found = rows(response)
        salon = next(r for r in found if r["名称"] == "院内ひだまりサロン")
        self.assertEqual(salon["全国地方公共団体コード"], "121002")
        self.assertEqual(salon["所在地_町字"], "院内一丁目")
        response = self.client.get("/search/export/?q=ひだまり&format=opendata-xlsx")
        sheet = openpyxl.load_workbook(io.BytesIO(body(response))).active
        self.assertEqual(sheet["A1"].value, "全国地方公共団体コード")

    def test_it_replaces_what_cp932_cannot_hold_and_counts_it(self):
        Resource.objects.filter(pk=self.salon.pk).update(
            description="お茶😀を飲みます", fee_note="10:00〜"
        )
        response = self.client.get("/search/export/?q=ひだまり&format=csv-cp932")
        self.assertEqual(response["Content-Type"], "text/csv; charset=Windows-31J")
        self.assertEqual(response["X-Replaced-Cells"], "1")
        # 料金の詳細 and 日程 (「10:00〜12:00」) hold the wave dash.
        self.assertEqual(response["X-Similar-Cells"], "2")
        salon = next(r for r in rows(response, "cp932") if r["名称"] == "院内ひだまりサロン")
        self.assertEqual(salon["内容"], "お茶〓を飲みます")
        self.assertEqual(salon["料金の詳細"], "10:00～")

    def test_it_shows_the_cp932_check_page(self):
        Resource.objects.filter(pk=self.salon.pk).update(description="お茶😀を飲みます")
        response = self.client.get("/search/export/?q=ひだまり&format=csv-cp932&check=1")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Shift_JIS で書き出す前の確認")
        self.assertContains(
            response, "<td>院内ひだまりサロン</td><td>内容</td><td>😀</td>", html=False
        )
        self.assertContains(response, "「〜」→「～」")
        self.assertContains(
            response,
            'href="/search/export/?q=%E3%81%B2%E3%81%A0%E3%81%BE%E3%82%8A&amp;format=csv-cp932"',
        )

    def test_it_says_when_nothing_will_be_replaced(self):
        response = self.client.get("/search/export/?area=121061&format=csv-cp932&check=1")
        self.assertContains(response, "書けない文字はありません")
        self.assertNotContains(response, "置き換わる文字")

    def test_it_answers_an_unknown_format_with_a_japanese_400(self):
        response = self.client.get("/search/export/?q=体操&format=pdf")
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "指定された形式", status_code=400)
        self.assertContains(response, "format=opendata-csv", status_code=400)

    def test_it_ignores_garbage_filters_as_the_search_does(self):
        for query in (
            "area=%ff&day=xx&page=-1",
            "category=" + "9" * 500,
            "q=" + "あ" * 5000,
            "city=999999&order=evil&free=maybe",
            "format=csv&format=xlsx&foo=bar",
        ):
            response = self.client.get("/search/export/?" + query)
            self.assertEqual(response.status_code, 200, query)
            body(response)
        # A NUL is refused by name before any query (sasaeai/middleware.py).
        response = self.client.get("/search/export/?area=%00%ff")
        self.assertContains(response, "「area」に使えない文字", status_code=400)

    def test_it_refuses_post(self):
        self.assertEqual(self.client.post("/search/export/").status_code, 405)


class OfficeExportTest(OfficeTestCase):
    def test_it_needs_a_log_in(self):
        response = self.client.get("/office/resources/export/")
        self.assertEqual(response.status_code, 302)
        self.assertIn("/login", response["Location"])

    def test_it_refuses_a_user_without_a_staff_account(self):
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get("/office/resources/export/").status_code, 403)

    def test_it_gives_staff_the_internal_fields_and_drafts(self):
        Resource.objects.filter(pk=self.hidden.pk).update(internal_note="内部の話")
        self.client.force_login(self.admin)
        response = self.client.get("/office/resources/export/?q=院内")
        self.assertIn('filename="resources-office-121002-', response["Content-Disposition"])
        found = {r["名称"]: r for r in rows(response)}
        self.assertEqual(found["院内ないしょの会"]["内部メモ"], "内部の話")
        self.assertEqual(found["院内ないしょの会"]["状態"], "下書き")
        self.assertIn("院内ひだまりサロン", found)

    def test_it_keeps_to_the_coordinators_area_by_default(self):
        self.client.force_login(self.higashichiba_coordinator)
        names = [r["名称"] for r in rows(self.client.get("/office/resources/export/"))]
        self.assertIn("院内ひだまりサロン", names)
        self.assertNotIn("中央いきいき体操", names)
        self.assertNotIn("美浜ふれあい食堂", names)
        everything = rows(self.client.get("/office/resources/export/?scope=all"))
        self.assertIn("美浜ふれあい食堂", [r["名称"] for r in everything])

    def test_it_follows_the_list_filters(self):
        self.client.force_login(self.chuo_coordinator)
        found = rows(self.client.get("/office/resources/export/?status=draft&scope=all"))
        self.assertTrue(found)
        self.assertEqual({r["状態"] for r in found}, {"下書き"})

    def test_it_hides_deleted_resources_from_coordinators(self):
        Resource.objects.filter(pk=self.in_chuo.pk).update(status=Resource.Status.DELETED)
        self.client.force_login(self.chuo_coordinator)
        names = [
            r["名称"] for r in rows(self.client.get("/office/resources/export/?status=deleted"))
        ]
        self.assertNotIn("中央いきいき体操", names)
        self.client.force_login(self.admin)
        names = [
            r["名称"] for r in rows(self.client.get("/office/resources/export/?status=deleted"))
        ]
        self.assertEqual(names, ["中央いきいき体操"])

    def test_it_writes_xlsx_and_checks_cp932(self):
        Resource.objects.filter(pk=self.salon.pk).update(contact_person="髙橋😀")
        self.client.force_login(self.viewer)
        response = self.client.get("/office/resources/export/?q=ひだまり&format=xlsx")
        sheet = openpyxl.load_workbook(io.BytesIO(body(response))).active
        self.assertEqual(sheet.cell(1, sheet.max_column).value, "担当者名")
        self.assertEqual(sheet.cell(2, sheet.max_column).value, "髙橋😀")
        check = self.client.get("/office/resources/export/?q=ひだまり&format=csv-cp932&check=1")
        self.assertContains(check, "<td>担当者名</td><td>😀</td>", html=False)
        self.assertContains(check, "事務局")

    def test_it_answers_bad_formats_and_filters_without_failing(self):
        self.client.force_login(self.admin)
        response = self.client.get("/office/resources/export/?format=opendata-csv")
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "format=xlsx", status_code=400)
        for query in ("category=zz&area=%ff&stale=abc&status=nope", "q=" + "x" * 1000):
            response = self.client.get("/office/resources/export/?" + query)
            self.assertEqual(response.status_code, 200, query)
            body(response)
