"""The back office's resource pages: list, create, edit with the schedule editor."""

from __future__ import annotations

import datetime

from directory.models import Resource
from office.models import Revision
from tests.base import OfficeTestCase
from tests.office_forms import resource_form_data


class ResourceListTest(OfficeTestCase):
    def test_it_lists_a_coordinators_own_areas_by_default(self):
        self.client.force_login(self.higashichiba_coordinator)
        page = self.client.get("/office/resources/?q=院内").content.decode()
        self.assertIn("院内ひだまりサロン", page)
        page = self.client.get("/office/resources/?q=中央いきいき").content.decode()
        self.assertNotIn("中央いきいき体操", page)
        page = self.client.get("/office/resources/?q=中央いきいき&scope=all").content.decode()
        self.assertIn("中央いきいき体操", page)

    def test_it_filters_by_status_category_area_staleness_and_reports(self):
        self.client.force_login(self.admin)
        self.salon.confirmed_on = datetime.date(2020, 1, 1)
        self.salon.save()
        stale = self.client.get("/office/resources/?q=院内&stale=12").content.decode()
        self.assertIn("院内ひだまりサロン", stale)
        self.assertNotIn(
            "院内ひだまりサロン",
            self.client.get("/office/resources/?q=院内&status=draft").content.decode(),
        )
        self.assertIn(
            "院内ないしょの会",
            self.client.get("/office/resources/?q=院内&status=draft").content.decode(),
        )
        self.assertIn(
            "院内ひだまりサロン",
            self.client.get(
                "/office/resources/?q=院内&category=5.1&area=121002-弁天"
            ).content.decode(),
        )
        self.assertNotIn(
            "院内ひだまりサロン",
            self.client.get("/office/resources/?q=院内&area=121061").content.decode(),
        )
        from office.models import Report

        Report.objects.create(resource=self.salon, body="時間が違います", sender_hash="x")
        page = self.client.get("/office/resources/?reports=on&scope=all").content.decode()
        self.assertIn("院内ひだまりサロン", page)
        self.assertNotIn("中央いきいき体操", page)

    def test_it_ignores_unknown_filter_values(self):
        self.client.force_login(self.chuo_coordinator)
        for query in [
            "status=bogus",
            "category=99.9",
            "area=nowhere",
            "stale=abc",
            "page=999999",
            "q=" + "あ" * 500,
        ]:
            with self.subTest(query=query):
                self.assertEqual(self.client.get("/office/resources/?" + query).status_code, 200)


class CreateTest(OfficeTestCase):
    def new_data(self, **changes) -> dict:
        data = resource_form_data(Resource(municipality=self.chiba), self.chuo_coordinator.staff)
        data.update(
            {
                "name": "新しい体操の会",
                "kana": "あたらしいたいそうのかい",
                "categories": [str(self.salon.categories.first().pk)],
                "booking": "none",
                "address": "千葉市中央区院内1-2-3",
                "rules-0-freq": "weekly",
                "rules-0-weekdays": ["0"],
                "rules-0-interval": "1",
                "rules-0-opens_at": "10:00",
                "rules-0-closes_at": "11:00",
            }
        )
        data.update(changes)
        return data

    def test_it_creates_a_draft_with_its_first_revision_and_derived_place(self):
        self.client.force_login(self.higashichiba_coordinator)
        response = self.client.post("/office/resources/new/", self.new_data())
        self.assertEqual(response.status_code, 302)
        resource = Resource.objects.get(name="新しい体操の会")
        self.assertEqual(resource.status, Resource.Status.DRAFT)
        self.assertEqual(resource.kana, "アタラシイタイソウノカイ")
        self.assertEqual(resource.town, self.innai)  # from the address
        self.assertEqual((resource.lat, resource.lng), (self.innai.lat, self.innai.lng))
        self.assertEqual(resource.point_precision, Resource.PointPrecision.TOWN)
        self.assertEqual(resource.schedule_text(), "毎週月曜日 10:00〜11:00")
        revision = Revision.objects.get(resource=resource)
        self.assertEqual(
            (revision.action, revision.user), ("create", self.higashichiba_coordinator)
        )
        # A draft is not public.
        self.assertEqual(self.client.get(f"/resources/{resource.pk}/").status_code, 404)

    def test_it_fills_the_address_from_the_postal_code(self):
        self.client.force_login(self.chuo_coordinator)
        self.client.post(
            "/office/resources/new/",
            self.new_data(address="", postal_code="２６００００１", town=str(self.innai.pk)),
        )
        resource = Resource.objects.get(name="新しい体操の会")
        self.assertEqual(resource.postal_code, "260-0001")
        self.assertTrue(resource.address.startswith("千葉県千葉市中央区"))

    def test_it_refuses_a_place_outside_the_coordinators_areas(self):
        self.client.force_login(self.higashichiba_coordinator)
        response = self.client.post(
            "/office/resources/new/", self.new_data(address="千葉市中央区中央1-1")
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "担当地域の外", status_code=400)
        self.assertFalse(Resource.objects.filter(name="新しい体操の会").exists())

    def test_it_refuses_a_resource_without_any_place_from_a_coordinator(self):
        self.client.force_login(self.chuo_coordinator)
        response = self.client.post("/office/resources/new/", self.new_data(address=""))
        self.assertContains(response, "担当地域の中の住所", status_code=400)

    def test_it_lets_the_admin_place_anything(self):
        self.client.force_login(self.admin)
        response = self.client.post("/office/resources/new/", self.new_data(address="千葉市美浜区"))
        self.assertEqual(response.status_code, 302)


class EditTest(OfficeTestCase):
    def post_edit(self, user, resource, **changes):
        self.client.force_login(user)
        data = resource_form_data(resource, user.staff, **changes)
        return self.client.post(f"/office/resources/{resource.pk}/edit/", data)

    def test_it_saves_an_edit_with_history_and_the_public_page_shows_it(self):
        response = self.post_edit(
            self.chuo_coordinator,
            self.salon,
            description="お茶とおしゃべりの会です。",
            rules=[
                {
                    "freq": "monthly_nth",
                    "weekdays": [4],
                    "nths": [1],
                    "opens_at": "13:00",
                    "closes_at": "15:00",
                }
            ],
        )
        self.assertEqual(response.status_code, 302)
        page = self.client.get(f"/resources/{self.salon.pk}/").content.decode()
        self.assertIn("お茶とおしゃべりの会です。", page)
        self.assertIn("毎月第1金曜日 13:00〜15:00", page)
        revisions = list(Revision.objects.filter(resource=self.salon).order_by("number"))
        self.assertEqual([r.action for r in revisions], ["create", "edit"])  # baseline, then edit
        self.assertIn("description", revisions[1].changed)
        self.assertIn("rules", revisions[1].changed)
        self.assertEqual(revisions[1].user, self.chuo_coordinator)
        # The search index follows: the new words are found.
        results = self.client.get("/search/?q=おしゃべりの会").content.decode()
        self.assertIn("院内ひだまりサロン", results)

    def test_it_refuses_an_edit_outside_the_coordinators_areas_whatever_the_form_sends(self):
        for user, resource in [
            (self.chuo_coordinator, self.in_mihama),
            (self.higashichiba_coordinator, self.in_chuo),
            (self.viewer, self.salon),
        ]:
            with self.subTest(user=user.username, resource=resource.name):
                response = self.post_edit(user, resource, name="書き換え")
                self.assertEqual(response.status_code, 403)
                resource.refresh_from_db()
                self.assertNotEqual(resource.name, "書き換え")

    def test_it_refuses_moving_a_resource_out_of_the_coordinators_areas(self):
        chuo_town = str(self.chuo_town.pk)
        response = self.post_edit(
            self.higashichiba_coordinator, self.salon, town=chuo_town, lat="", lng=""
        )
        self.assertEqual(response.status_code, 400)
        self.salon.refresh_from_db()
        self.assertEqual(self.salon.town, self.innai)

    def test_it_refuses_the_second_of_two_edits_from_the_same_version_and_shows_the_first(self):
        self.client.force_login(self.chuo_coordinator)
        first = resource_form_data(self.salon, self.chuo_coordinator.staff, fee_note="お菓子代")
        second = resource_form_data(
            self.salon, self.higashichiba_coordinator.staff, fee_note="材料費"
        )
        self.assertEqual(
            self.client.post(f"/office/resources/{self.salon.pk}/edit/", first).status_code, 302
        )
        self.client.force_login(self.higashichiba_coordinator)
        response = self.client.post(f"/office/resources/{self.salon.pk}/edit/", second)
        self.assertEqual(response.status_code, 409)
        page = response.content.decode()
        self.assertIn("ほかの人がこの地域資源を保存しました", page)
        self.assertIn("中央区 第1層", page)  # who
        self.assertIn("お菓子代", page)  # what they changed
        self.salon.refresh_from_db()
        self.assertEqual(self.salon.fee_note, "お菓子代")
        # Saving from the form opened again (it carries the new version) is deliberate.
        again = resource_form_data(
            self.salon, self.higashichiba_coordinator.staff, fee_note="材料費"
        )
        self.assertEqual(
            self.client.post(f"/office/resources/{self.salon.pk}/edit/", again).status_code, 302
        )
        self.salon.refresh_from_db()
        self.assertEqual(self.salon.fee_note, "材料費")

    def test_it_previews_the_schedule_without_saving(self):
        self.client.force_login(self.chuo_coordinator)
        data = resource_form_data(
            self.salon,
            self.chuo_coordinator.staff,
            rules=[
                {
                    "freq": "monthly_day",
                    "month_days": "1、15",
                    "opens_at": "9:00",
                    "except_months": [8],
                }
            ],
        )
        data["preview"] = "1"
        response = self.client.post(f"/office/resources/{self.salon.pk}/edit/", data)
        self.assertContains(response, "毎月1日・15日 9:00〜（8月は休み）")
        self.assertContains(response, "次の予定")
        self.salon.refresh_from_db()
        self.assertIn("第2・第4水曜日", self.salon.schedule_text())

    def test_it_previews_and_saves_months_one_off_dates_and_holidays(self):
        self.client.force_login(self.chuo_coordinator)
        rules = [
            {
                "freq": "monthly_nth",
                "weekdays": [1],
                "nths": [2],
                "months": [1, 3, 5, 7, 9, 11],
                "except_holidays": "on",
                "opens_at": "10:00",
            },
            {"freq": "dates", "dates": "2027-01-11、2027/2/9", "except_holidays": "on"},
        ]
        data = resource_form_data(self.salon, self.chuo_coordinator.staff, rules=rules)
        data["preview"] = "1"
        response = self.client.post(f"/office/resources/{self.salon.pk}/edit/", data)
        self.assertContains(response, "奇数月の第2火曜日 10:00〜（祝日を除く）")
        self.assertContains(response, "2027年1月11日（月）・2月9日（火）（祝日を除く）")
        self.assertContains(response, 'name="rules-0-except_holidays"')
        self.salon.refresh_from_db()
        self.assertIn("第2・第4水曜日", self.salon.schedule_text())
        response = self.post_edit(self.chuo_coordinator, self.salon, rules=rules)
        self.assertEqual(response.status_code, 302)
        saved = list(self.salon.schedule_rules.all())
        self.assertEqual((saved[0].months, saved[0].except_holidays), ([1, 3, 5, 7, 9, 11], True))
        self.assertEqual(saved[1].dates, ["2027-01-11", "2027-02-09"])
        # 11 January 2027 is 成人の日: the next dates skip it.
        dates = self.salon.upcoming(datetime.date(2026, 12, 20), 3)
        self.assertEqual(
            dates,
            [datetime.date(2027, 1, 12), datetime.date(2027, 2, 9), datetime.date(2027, 3, 9)],
        )

    def test_it_adds_a_rule_row_without_javascript(self):
        self.client.force_login(self.chuo_coordinator)
        data = resource_form_data(self.salon, self.chuo_coordinator.staff)
        data["add_rule"] = "1"
        response = self.client.post(f"/office/resources/{self.salon.pk}/edit/", data)
        self.assertContains(response, 'name="rules-TOTAL_FORMS" value="3"')

    def test_it_refuses_bad_input_with_japanese_messages_and_saves_nothing(self):
        cases = {
            "phone": ("0120", "電話番号"),
            "fax": ("abc-def", "電話番号"),
            "postal_code": ("12", "郵便番号は7桁"),
            "email": ("x@", "有効なメールアドレス"),
            "url": ("javascript:alert(1)", "URL"),
            "lat": ("10", "20"),
            "lng": ("200", "154"),
            "name": ("あ" * 201, "200"),
            "description": ("あ" * 4001, "4000文字以内"),
            "fee_amount": ("abc", "整数"),
            "capacity": ("-1", "0"),
            "categories": (["999999"], "正しく選択"),
            "town": ("x", "正しく選択"),
            "provider": ("9" * 25, "正しく選択"),
            "served_areas": (["1" + "0" * 25], "正しく選択"),
            "confirmed_on": ("2026-13-40", "日付"),
            "booking": ("whenever", "正しく選択"),
        }
        for field, (value, message) in cases.items():
            with self.subTest(field=field):
                response = self.post_edit(self.chuo_coordinator, self.salon, **{field: value})
                self.assertEqual(response.status_code, 400)
                self.assertContains(response, message, status_code=400)
                self.assertContains(response, "何も保存されていません", status_code=400)
        self.assertFalse(Revision.objects.filter(resource=self.salon).exists())

    def test_it_refuses_ids_beyond_any_database_integer(self):
        huge = "9" * 30
        for field in ("categories", "served_areas"):
            with self.subTest(field=field):
                response = self.post_edit(self.chuo_coordinator, self.salon, **{field: [huge]})
                self.assertContains(response, "正しく選択", status_code=400)

    def test_it_refuses_bad_schedule_rules(self):
        cases = [
            (
                {"freq": "weekly", "weekdays": [1], "opens_at": "15:00", "closes_at": "10:00"},
                "終了時刻は開始時刻より後",
            ),
            ({"freq": "weekly"}, "曜日を選んでください"),
            ({"freq": "monthly_nth", "weekdays": [1]}, "第何週かを選んでください"),
            ({"freq": "monthly_day", "month_days": "32"}, "1日〜31日"),
            ({"freq": "monthly_day", "month_days": "一日"}, "数字をカンマ"),
            ({"freq": "weekly", "weekdays": [9]}, "正しく選択"),
            ({"freq": "weekly", "weekdays": [1], "except_dates": "12月30日"}, "年・月・日"),
            ({"freq": "sometimes"}, "正しく選択"),
            ({"freq": "dates"}, "開催する日付を入れてください"),
            (
                {"freq": "dates", "dates": "3月10日"},
                "開催する日付「3月10日」は 2026-12-29 のように",
            ),
            ({"freq": "dates", "dates": "2026-02-30"}, "開催する日付「2026-02-30」"),
            ({"freq": "weekly", "weekdays": [1], "months": [13]}, "正しく選択"),
        ]
        for rule, message in cases:
            with self.subTest(rule=rule):
                response = self.post_edit(self.chuo_coordinator, self.salon, rules=[rule])
                self.assertContains(response, message, status_code=400)
        self.salon.refresh_from_db()
        self.assertIn("第2・第4水曜日", self.salon.schedule_text())

    def test_it_survives_a_tampered_form(self):
        self.client.force_login(self.chuo_coordinator)
        base = resource_form_data(self.salon, self.chuo_coordinator.staff)
        for changes in [
            {"rules-TOTAL_FORMS": "99999"},
            {"rules-TOTAL_FORMS": "abc"},
            {"version": "abc"},
            {"version": "99999999999999999999"},
        ]:
            with self.subTest(changes=changes):
                data = {**base, **changes}
                response = self.client.post(f"/office/resources/{self.salon.pk}/edit/", data)
                self.assertIn(response.status_code, (302, 400, 409))
        data = {k: v for k, v in base.items() if not k.startswith("rules-")}
        self.assertEqual(
            self.client.post(f"/office/resources/{self.salon.pk}/edit/", data).status_code, 400
        )

    def test_it_escapes_hostile_text_everywhere(self):
        hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
        self.post_edit(
            self.chuo_coordinator,
            self.salon,
            name=hostile,
            description=hostile,
            internal_note=hostile,
        )
        self.salon.refresh_from_db()
        self.assertEqual(self.salon.name, hostile)
        for url in [
            f"/office/resources/{self.salon.pk}/",
            f"/office/resources/{self.salon.pk}/history/2/",
            "/office/resources/?q=script",
            "/office/",
            f"/resources/{self.salon.pk}/",
        ]:
            with self.subTest(url=url):
                page = self.client.get(url).content.decode()
                self.assertNotIn("<script>alert", page)
                self.assertNotIn("<img src=x", page)

    def test_it_never_shows_internal_fields_on_the_public_page(self):
        self.post_edit(
            self.chuo_coordinator,
            self.salon,
            internal_note="鍵は管理人室",
            contact_person="山田花子",
        )
        self.client.logout()
        page = self.client.get(f"/resources/{self.salon.pk}/").content.decode()
        self.assertNotIn("鍵は管理人室", page)
        self.assertNotIn("山田花子", page)
        self.client.force_login(self.viewer)
        page = self.client.get(f"/office/resources/{self.salon.pk}/").content.decode()
        self.assertIn("鍵は管理人室", page)
        self.assertIn("山田花子", page)
        self.assertNotIn("/edit/", page)
