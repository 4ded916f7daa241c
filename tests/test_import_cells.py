"""What an import row's cells become (transfer/rows.py, row_places.py, row_schedules.py):
unknown names, schedules, bad fields and, from issue 9, nothing wrong reaching a resident
(phones, unknowns, 開催地域, 〓 cells)."""

from __future__ import annotations

import json

from directory.models import Resource
from office import history
from tests.test_import_reading import ImportTestCase, csv_bytes
from transfer import importer


class RowCellsTest(ImportTestCase):
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

    def test_it_dials_a_local_number_with_the_municipalitys_own_area_code_only(self):
        header = ["名称", "分類コード", "電話番号"]
        rows = [["院内の会", "5.1.1", "754-3775"], ["院内の会2", "5.1.1", "７５４－３７７５"]]
        self.chiba.phone_area_code = "043"
        self.chiba.save()
        preview = self.preview(csv_bytes([header, *rows]))
        self.assertEqual([r.data["phone"] for r in preview.rows], ["043-754-3775"] * 2)
        self.assertEqual([r.data["phone_note"] for r in preview.rows], ["", ""])
        self.assertIn("043 を付けて「043-754-3775」にします", preview.warnings[0].message)
        created = importer.commit(preview, self.admin).created
        stored = Resource.objects.get(pk=created[0])
        self.assertEqual((stored.phone, stored.phone_href), ("043-754-3775", "tel:0437543775"))
        # Another municipality's own code: the setting, not a constant, decides.
        self.chiba.phone_area_code = "047"
        self.chiba.save()
        other = self.preview(csv_bytes([header, ["院内の会3", "5.1.1", "754-3775"]])).rows[0]
        self.assertEqual(other.data["phone"], "047-754-3775")
        # No area code set: the number stays as written, not dialled, and the warning says why.
        self.chiba.phone_area_code = ""
        self.chiba.save()
        preview = self.preview(csv_bytes([header, ["院内の会4", "5.1.1", "754-3775"]]))
        local = preview.rows[0]
        self.assertEqual((local.data["phone"], local.data["phone_note"]), ("", "754-3775"))
        (warning,) = preview.warnings
        self.assertEqual((warning.column, warning.value), ("電話番号", "754-3775"))
        self.assertIn("市外局番が設定されていないため付けられません", warning.message)
        stored = Resource.objects.get(pk=importer.commit(preview, self.admin).created[0])
        self.assertEqual((stored.phone, stored.phone_href, stored.phone_note), ("", "", "754-3775"))

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
