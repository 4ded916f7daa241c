"""transfer/importer.py: reading files, mapping, preview, commit (all or nothing)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from unittest import mock

import openpyxl
from django.test import override_settings

from directory.models import Provider, Resource
from office import history
from office.models import Revision, Staff
from tests.base import OfficeTestCase
from transfer import importer, limits, outcome
from transfer.columns import resource_row
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


class ImporterTest(OfficeTestCase):
    def preview(self, data: bytes, *, staff: Staff | None = None, **kwargs) -> outcome.Preview:
        return importer.preview(
            data, "test.csv", staff_or_none=staff, municipality=self.chiba, **kwargs
        )

    def staff(self, user) -> Staff:
        return Staff.objects.prefetch_related("areas").get(user=user)

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

    # --- matching and commit

    def test_it_changes_nothing_when_the_same_file_comes_twice(self):
        data = (DATA / "ours-utf8-bom.csv").read_bytes()
        first = self.preview(data)
        result = importer.commit(first, self.admin)
        self.assertEqual(len(result.created), 2)
        second = self.preview(data)
        self.assertEqual(
            second.counts, {"new": 0, "changed": 0, "unchanged": 2, "outside": 0, "error": 0}
        )
        club = Resource.objects.get(pk=result.created[0])
        self.assertEqual(club.schedule_text(), "毎週火曜日 10:00〜11:00")
        revision = Revision.objects.get(resource=club)
        self.assertEqual(revision.comment, "ファイルから取り込み：test.csv")
        self.assertEqual(revision.user, self.admin)
        self.assertTrue(Provider.objects.filter(name="院内カフェの会").exists())

    def test_it_round_trips_an_exported_row_unchanged_matched_by_id(self):
        from directory.models import Category

        self.salon.served_areas.add(self.benten)
        self.salon.categories.add(Category.objects.get(code="5.2"))
        self.salon.internal_note = "鍵は\n会長宅"
        self.salon.save()
        cells = resource_row(
            Resource.objects.prefetch_related("categories", "served_areas", "schedule_rules").get(
                pk=self.salon.pk
            ),
            internal=True,
        )
        from transfer.columns import columns

        cols = columns(internal=True)
        data = csv_bytes([[c.header for c in cols], [cells[c.key] for c in cols]])
        preview = self.preview(data)
        self.assertEqual(
            preview.counts["unchanged"], 1, (preview.errors, preview.rows[0].differences)
        )
        self.assertEqual(preview.rows[0].resource_id, self.salon.pk)
        # The bulk snapshot is history.snapshot's.
        self.assertEqual(preview.rows[0].before, history.snapshot(self.salon))
        # A changed cell is a change, with its difference named.
        cells["fee"] = "200"
        data = csv_bytes([[c.header for c in cols], [cells[c.key] for c in cols]])
        changed = self.preview(data).rows[0]
        self.assertEqual(changed.kind, "changed")
        self.assertEqual(
            [(d.label, d.old, d.new) for d in changed.differences],
            [("料金（円）", "100円", "200円")],
        )

    def test_it_matches_by_name_and_address_normalised(self):
        self.salon.address = "千葉市中央区院内1-2-3"
        self.salon.save()
        data = csv_bytes([HEADERS, row("院内ひだまりサロン", "千葉市中央区院内１－２－３ ")])
        preview = self.preview(data)
        self.assertEqual(preview.rows[0].resource_id, self.salon.pk)
        self.assertEqual(preview.rows[0].kind, "changed")

    def test_it_refuses_unknown_ids_and_duplicate_rows(self):
        data = csv_bytes(
            [
                ["ID", *HEADERS],
                ["999999", *row("どこかの会")],
                [str(self.salon.pk), *row("院内ひだまりサロン")],
                [str(self.salon.pk), *row("院内ひだまりサロン")],
                ["", *row("院内の新しい会")],
                ["", *row("院内の新しい会")],
            ]
        )
        preview = self.preview(data)
        errors = [(p.row, p.column) for p in preview.errors]
        self.assertIn((2, "ID"), errors)
        self.assertIn((4, "名称"), errors)
        self.assertIn((6, "名称"), errors)
        self.assertNotIn(3, [p.row for p in preview.errors])
        self.assertNotIn(5, [p.row for p in preview.errors])

    def test_it_names_unknown_categories_areas_and_towns(self):
        data = csv_bytes(
            [
                ["名称", "分類コード", "町丁目コード", "対応地域コード"],
                ["院内の会", "9.9 移動販売", "121011-どこにもない町", "121099"],
            ]
        )
        preview = self.preview(data)
        messages = " ".join(p.message for p in preview.errors)
        for value in ("9.9", "121011-どこにもない町", "121099"):
            self.assertIn(value, messages)
        self.assertNotIn("移動販売", [p.value for p in preview.errors])  # a category name

    def test_it_refuses_a_coordinator_rows_outside_their_areas(self):
        staff = self.staff(self.higashichiba_coordinator)
        data = csv_bytes(
            [
                ["ID", *HEADERS],
                ["", *row("院内の会")],
                ["", *row("中央一丁目の会", "千葉市中央区中央1-1-1")],
                [str(self.in_mihama.pk), *row("美浜ふれあい食堂", "千葉市美浜区")],
            ]
        )
        preview = self.preview(data, staff=staff)
        self.assertEqual([r.kind for r in preview.rows], ["new", "error", "error"])
        self.assertIn("担当地域の外", preview.rows[1].errors[0].message)
        admin = self.preview(data, staff=self.staff(self.admin))
        self.assertEqual([r.kind for r in admin.rows], ["new", "new", "changed"])

    def test_it_refuses_a_viewer(self):
        data = csv_bytes([HEADERS, row("院内の会")])
        preview = self.preview(data, staff=self.staff(self.viewer))
        # The refusal itself, and nothing else: the same file is fine for a coordinator.
        self.assertEqual(preview.problems, ["閲覧者のアカウントでは取り込めません。"])
        self.assertEqual(preview.rows, [])
        self.assertFalse(preview.can_commit)
        self.assertTrue(self.preview(data, staff=self.staff(self.chuo_coordinator)).can_commit)

    def test_it_commits_all_or_nothing_and_refuses_changed_data(self):
        data = csv_bytes([HEADERS, row("院内の会"), row("院内ひだまりサロン", "")])
        self.salon.address = ""
        self.salon.save()
        preview = self.preview(data)
        self.assertEqual([r.kind for r in preview.rows], ["new", "changed"])
        # Someone edits the salon after the preview: nothing at all is written.
        Resource.objects.filter(pk=self.salon.pk).update(version=99)
        before = Resource.objects.count()
        with self.assertRaisesRegex(importer.ImportRefusedError, "ほかの人"):
            importer.commit(preview, self.admin)
        self.assertEqual(Resource.objects.count(), before)
        self.assertFalse(Resource.objects.filter(name="院内の会").exists())
        # A fingerprint that differs from the fresh preview is refused too.
        fresh = self.preview(data)
        with self.assertRaisesRegex(importer.ImportRefusedError, "ほかの人"):
            importer.commit(fresh, self.admin, expected=preview.fingerprint())
        self.assertEqual(len(importer.commit(fresh, None, expected=fresh.fingerprint()).created), 1)

    def test_it_refuses_to_commit_a_preview_with_errors(self):
        preview = self.preview(csv_bytes([HEADERS, row("院内の会"), row("", "")]))
        with self.assertRaisesRegex(importer.ImportRefusedError, "エラー"):
            importer.commit(preview, self.admin)
        self.assertFalse(Resource.objects.filter(name="院内の会").exists())

    def test_it_prefers_schedule_data_over_the_schedule_text(self):
        rules = [dict(history.rule_data(self.salon.schedule_rules.first()))]
        data = csv_bytes(
            [
                ["名称", "分類コード", "日程", "日程（データ）"],
                ["院内の会", "5.1.1", "毎週月曜日", json.dumps(rules)],
            ]
        )
        preview = self.preview(data)
        self.assertEqual(preview.rows[0].data["rules"], rules)
        bad = csv_bytes(
            [
                ["名称", "分類コード", "日程（データ）"],
                ["院内の会", "5.1.1", '[{"freq": "weekly"}]'],
            ]
        )
        self.assertIn("曜日", self.preview(bad).errors[0].message)

    def test_it_reports_bad_fields_with_row_and_column(self):
        data = csv_bytes(
            [
                [
                    "名称",
                    "分類コード",
                    "対象：本人",
                    "メールアドレス",
                    "最終確認日",
                    "緯度",
                    "状態",
                ],
                ["院内の会", "5.1.1", "たぶん", "not-mail", "昨日", "99", "削除済み"],
                ["院内の会2", "5.1.1", "○", "a@example.jp", "令和8年11月26日", "", "公開"],
            ]
        )
        preview = self.preview(data)
        columns = {p.column for p in preview.errors if p.row == 2}
        self.assertEqual(columns, {"対象：本人", "メールアドレス", "最終確認日", "緯度", "状態"})
        good = preview.rows[1].data
        self.assertEqual((good["for_self"], good["confirmed_on"]), (True, "2026-11-26"))

    # --- issue 9: nothing wrong reaches a resident

    def test_it_dials_only_a_number_that_was_written_and_keeps_the_cell_as_a_note(self):
        cells = [
            ("第1地域包括支援センター 754-3775", ""),
            ("043-274-2056(電話・FAX)/080-1234-5678", ""),
            ("TEL 043-245-5111", ""),
            ("お問い合わせは区役所へ", ""),
            ("754-3775", "FAX 043-111-2222"),
        ]
        header = ["名称", "分類コード", "電話番号", "FAX"]
        data = csv_bytes([header] + [[f"院内の会{i}", "5.1.1", *c] for i, c in enumerate(cells)])
        preview = self.preview(data)
        self.assertEqual(preview.errors, [])
        got = [(r.data["phone"], r.data["fax"], r.data["phone_note"]) for r in preview.rows]
        self.assertEqual(
            got,
            [
                ("043-754-3775", "", "第1地域包括支援センター 754-3775"),
                ("043-274-2056", "043-274-2056", "043-274-2056(電話・FAX)/080-1234-5678"),
                ("043-245-5111", "", ""),
                ("", "", "お問い合わせは区役所へ"),
                ("043-754-3775", "043-111-2222", ""),
            ],
        )
        warned = {(w.row, w.column) for w in preview.warnings}
        self.assertEqual(
            warned, {(2, "電話番号"), (3, "電話番号"), (5, "電話番号"), (6, "電話番号")}
        )
        result = importer.commit(preview, self.admin)
        hrefs = [Resource.objects.get(pk=pk).phone_href for pk in result.created]
        self.assertEqual(
            hrefs, ["tel:0437543775", "tel:0432742056", "tel:0432455111", "", "tel:0437543775"]
        )
        # A city without one 市外局番: a 7-digit number is never completed, only kept.
        self.chiba.phone_area_code = ""
        self.chiba.save()
        local = self.preview(csv_bytes([header, ["院内の会", "5.1.1", "754-3775", ""]])).rows[0]
        self.assertEqual((local.data["phone"], local.data["phone_note"]), ("", "754-3775"))

    def test_it_leaves_unknown_what_the_file_does_not_say(self):
        header = ["名称", "分類コード", "参加方法", "対象：本人"]
        preview = self.preview(
            csv_bytes(
                [header, ["院内の会", "5.1.1", "", ""], ["院内の会2", "5.1.1", "予約制", "○"]]
            )
        )
        said = [(r.data["booking"], r.data["for_self"]) for r in preview.rows]
        self.assertEqual(said, [("", False), ("reservation", True)])
        # No such columns at all: unknown as well.
        silent = self.preview(csv_bytes([["名称", "分類コード"], ["院内の会", "5.1.1"]])).rows[0]
        self.assertEqual((silent.data["booking"], silent.data["for_self"]), ("", False))
        # An existing resource: a missing column keeps its value, an empty cell makes it unknown.
        self.salon.booking = Resource.Booking.RESERVATION
        self.salon.save()
        ids = [str(self.salon.pk)]
        kept = self.preview(csv_bytes([["ID", "名称"], [*ids, "院内ひだまりサロン"]])).rows[0]
        self.assertEqual(kept.data["booking"], "reservation")
        emptied = self.preview(
            csv_bytes([["ID", "名称", "参加方法"], [*ids, "院内ひだまりサロン", ""]])
        ).rows[0]
        self.assertEqual(emptied.data["booking"], "")
        importer.commit(self.preview(csv_bytes([header, ["院内の会", "5.1.1", "", ""]])), None)
        stored = Resource.objects.get(name="院内の会")
        self.assertEqual((stored.booking_text, stored.audience_text), ("お問い合わせください", ""))

    def test_it_puts_a_ward_given_as_the_place_into_place_area_not_served_areas(self):
        data = csv_bytes(
            [
                ["活動名", "分類", "地域", "所在地", "配達地域"],
                ["美浜のサロン", "5.1.1", "美浜区", "", ""],
                ["美浜のサロン2", "5.1.1", "", "千葉市美浜区", ""],
                ["美浜の配食", "3.1", "", "", "美浜区、中央区"],
            ]
        )
        preview = self.preview(data)
        self.assertEqual(preview.mapping["地域"], "place_area")
        self.assertEqual(preview.mapping["配達地域"], "served_areas")
        self.assertEqual(preview.errors, [])
        places = [
            (r.data["place_area"], r.data["served_areas"], r.data["address"]) for r in preview.rows
        ]
        self.assertEqual(
            places,
            [
                (self.mihama.pk, [], ""),
                (self.mihama.pk, [], ""),
                (None, ["121011", "121061"], ""),
            ],
        )
        self.assertIn((3, "所在地"), {(w.row, w.column) for w in preview.warnings})
        importer.commit(self.preview(data, mapping=preview.mapping), self.admin)
        again = self.preview(data)  # matched again by name and the (empty) address
        self.assertEqual([r.kind for r in again.rows], ["unchanged"] * 3)
        salon = Resource.objects.get(name="美浜のサロン2")
        self.assertEqual((salon.place_area, salon.address), (self.mihama, ""))
        unknown = self.preview(
            csv_bytes([["名称", "分類コード", "開催地域"], ["会", "5.1.1", "火星"]])
        )
        self.assertEqual([(p.column, p.value) for p in unknown.errors], [("開催地域", "火星")])

    def cp932_export(self, *resources: Resource) -> bytes:
        from transfer import exporter

        table = exporter.our_table(exporter.by_ids([r.pk for r in resources]), internal=True)
        return exporter.drain(exporter.csv_chunks(table, encoding="cp932"))

    def test_it_keeps_characters_cp932_replaced_with_geta_unless_told_to_take_them(self):
        self.salon.name = "𠮷田ひだまりサロン"
        self.salon.description = "𩸽の塩焼きを食べる会"
        self.salon.save()
        data = self.cp932_export(self.salon)
        self.assertIn("〓田".encode("cp932"), data)
        preview = self.preview(data)
        row = preview.rows[0]
        self.assertEqual(row.kind, "unchanged", row.differences)
        self.assertEqual(
            [(w.row, w.column, w.value) for w in preview.warnings if "〓" in w.message],
            [(2, "名称", "〓田ひだまりサロン"), (2, "内容", "〓の塩焼きを食べる会")],
        )
        self.assertTrue(preview.has_geta)
        self.assertFalse(preview.can_commit)
        self.assertTrue(preview.can_commit_accepting_geta)
        with self.assertRaisesRegex(importer.ImportRefusedError, "取り込む行がありません"):
            importer.commit(preview, self.admin)
        self.salon.refresh_from_db()
        self.assertEqual(self.salon.name, "𠮷田ひだまりサロン")
        # Taken as written when the coordinator says so.
        importer.commit(preview, self.admin, accept_geta=True)
        self.salon.refresh_from_db()
        self.assertEqual(self.salon.name, "〓田ひだまりサロン")

    def test_it_skips_unchanged_rows_outside_a_coordinators_areas(self):
        from transfer import exporter

        city = Resource.objects.filter(municipality=self.chiba).exclude(status="deleted")
        table = exporter.our_table(exporter.in_chunks(city.order_by("pk")), internal=True)
        headers, rows = table.headers, list(table.rows)
        staff = self.staff(self.higashichiba_coordinator)
        preview = self.preview(csv_bytes([headers, *rows]), staff=staff)
        counts = preview.counts
        self.assertEqual((counts["error"], counts["new"], counts["changed"]), (0, 0, 0))
        self.assertGreater(counts["outside"], 100)
        self.assertEqual(counts["outside"] + counts["unchanged"], len(rows))
        mihama = next(r for r in preview.rows if r.resource_id == self.in_mihama.pk)
        self.assertEqual(mihama.kind_label, "担当外・変更なし")
        # A changed row outside their areas is still refused.
        at = next(i for i, r in enumerate(rows) if r[0] == str(self.in_mihama.pk))
        rows[at][headers.index("料金")] = "999"
        preview = self.preview(csv_bytes([headers, *rows]), staff=staff)
        self.assertEqual(
            [(p.row, p.message) for p in preview.errors],
            [(at + 2, "担当地域の外の地域資源のため、変更できません。")],
        )

    def test_it_checks_schedule_data_with_the_back_office_rule_form(self):
        rule = history.rule_data(self.salon.schedule_rules.first())
        cases = {
            "interval": -1,
            "nths": [10**20],
            "freq": "monthly_day",
            "note": "あ" * 5000,
        }
        header = ["名称", "分類コード", "日程（データ）"]
        rows = [
            [f"院内の会{i}", "5.1.1", json.dumps([{**rule, k: v}])]
            for i, (k, v) in enumerate(cases.items())
        ]
        rows.append(
            ["院内の会9", "5.1.1", json.dumps([{**rule, "freq": "weekly", "interval": 70000}])]
        )
        rows.append(
            ["院内の会10", "5.1.1", json.dumps([{**rule, "freq": "weekly", "interval": 10**20}])]
        )
        rows.append(["院内の会11", "5.1.1", "[" * 5000])
        preview = self.preview(csv_bytes([header, *rows]))
        bad = sorted({p.row for p in preview.errors if p.column == "日程（データ）"})
        self.assertEqual(bad, list(range(2, 2 + len(rows))))
        good = self.preview(csv_bytes([header, ["院内の会", "5.1.1", json.dumps([rule])]]))
        self.assertEqual(good.rows[0].data["rules"], [rule])

    def test_it_writes_in_a_short_transaction_with_no_reads_of_its_own(self):
        from django.db import connection, transaction
        from django.test.utils import CaptureQueriesContext

        from office import editing

        rows = [row(f"院内の会{i}", f"千葉市中央区院内1-{i}") for i in range(20)]
        header = [*HEADERS, "実施主体"]
        data = csv_bytes([header] + [[*r, "院内の新しい会"] for r in rows])
        preview = self.preview(data)
        self.assertEqual(preview.counts["new"], 20, preview.errors)
        spans: dict[str, list[int]] = {"transaction": [], "editing": [], "mutate": []}
        real_atomic, real_create = transaction.atomic, editing.create

        def measured(name, func):
            def run(*args, **kwargs):
                start = len(queries.captured_queries)
                try:
                    return func(*args, **kwargs)
                finally:
                    spans[name].append(len(queries.captured_queries) - start)

            return run

        def create(user, mutate, comment="", *, reindex=True):
            return measured("editing", real_create)(
                user, measured("mutate", mutate), comment, reindex=reindex
            )

        class Atomic:
            def __init__(self, *args, **kwargs):
                self.inner = real_atomic(*args, **kwargs)

            def __enter__(self):
                self.start = len(queries.captured_queries)
                return self.inner.__enter__()

            def __exit__(self, *exc):
                spans["transaction"].append(len(queries.captured_queries) - self.start)
                return self.inner.__exit__(*exc)

        with (
            CaptureQueriesContext(connection) as queries,
            mock.patch.object(importer.transaction, "atomic", Atomic),
            mock.patch.object(importer.editing, "create", create),
        ):
            importer.commit(preview, self.admin)
        # Each row's own writes are one statement per table (resource, categories, rules),
        # none of them a lookup; the importer adds nothing per row around office.editing
        # (no provider per row, no search index inside the transaction).
        self.assertEqual(spans["mutate"], [3] * 20)
        around = spans["transaction"][0] - sum(spans["editing"])
        self.assertLessEqual(around, 6)
        self.assertEqual(Provider.objects.filter(name="院内の新しい会").count(), 1)


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
        from transfer.columns import COLUMNS

        for column in COLUMNS:
            self.assertIn(f"| {column.header} | `{column.key}` |", text)
