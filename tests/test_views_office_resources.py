"""The back office's resource pages: list, create, edit with the schedule editor, workflow."""

from __future__ import annotations

import datetime
from unittest import mock

from django.db import OperationalError
from django.utils import timezone

from directory.models import Category, Resource
from office import editing
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


class WorkflowTest(OfficeTestCase):
    def status(self, user, resource, status, version=None):
        self.client.force_login(user)
        return self.client.post(
            f"/office/resources/{resource.pk}/status/",
            {"status": status, "version": version if version is not None else resource.version},
        )

    def test_it_moves_draft_to_published_to_paused_to_ended_with_who_and_when(self):
        self.assertEqual(self.client.get(f"/resources/{self.hidden.pk}/").status_code, 404)
        self.status(self.higashichiba_coordinator, self.hidden, "published")
        self.hidden.refresh_from_db()
        self.assertEqual(self.hidden.status, "published")
        self.assertEqual(self.hidden.status_changed_by, self.higashichiba_coordinator)
        self.assertEqual(self.client.get(f"/resources/{self.hidden.pk}/").status_code, 200)
        self.assertIn("院内ないしょの会", self.client.get("/search/?q=ないしょ").content.decode())
        self.status(self.higashichiba_coordinator, self.hidden, "paused")
        self.hidden.refresh_from_db()
        self.assertContains(self.client.get(f"/resources/{self.hidden.pk}/"), "休止中")
        self.assertNotIn(
            "院内ないしょの会", self.client.get("/search/?q=ないしょ").content.decode()
        )
        self.status(self.higashichiba_coordinator, self.hidden, "ended")
        self.assertEqual(self.client.get(f"/resources/{self.hidden.pk}/").status_code, 404)
        actions = list(
            Revision.objects.filter(resource=self.hidden).values_list("action", flat=True)
        )
        self.assertEqual(actions.count("status"), 3)

    def test_it_refuses_transitions_the_workflow_does_not_have(self):
        self.status(self.chuo_coordinator, self.hidden, "paused")  # 下書き → 休止中
        self.status(self.chuo_coordinator, self.hidden, "deleted")
        self.status(self.chuo_coordinator, self.hidden, "bogus")
        self.hidden.refresh_from_db()
        self.assertEqual(self.hidden.status, "draft")

    def test_it_refuses_a_status_change_from_a_stale_page(self):
        response = self.status(self.chuo_coordinator, self.salon, "paused", version=0)
        self.assertEqual(response.status_code, 302)
        self.salon.refresh_from_db()
        self.assertEqual(self.salon.status, "published")

    def test_it_confirms_one_and_many(self):
        self.client.force_login(self.chuo_coordinator)
        self.client.post(f"/office/resources/{self.salon.pk}/confirm/")
        self.salon.refresh_from_db()
        self.assertEqual(self.salon.confirmed_on, timezone.localdate())
        self.client.post("/office/resources/confirm/", {"ids": [self.in_chuo.pk, self.hidden.pk]})
        for resource in (self.in_chuo, self.hidden):
            resource.refresh_from_db()
            self.assertEqual(resource.confirmed_on, timezone.localdate())
        self.assertEqual(Revision.objects.filter(action="confirm").count(), 3)

    def test_it_confirms_many_a_batch_at_a_time_and_says_so_when_one_fails(self):
        """Each batch is its own short transaction: a failure keeps the batches before it."""
        ids = sorted(
            Resource.objects.filter(municipality=self.chiba)
            .exclude(status=Resource.Status.DELETED)
            .values_list("pk", flat=True)[:120]
        )
        failing = ids[110]  # in the third batch of 50
        change = editing.change

        def locked_out(resource, *args, **kwargs):
            if resource.pk == failing:
                raise OperationalError("database is locked")
            return change(resource, *args, **kwargs)

        self.client.force_login(self.admin)
        with mock.patch("office.editing.change", locked_out):
            response = self.client.post("/office/resources/confirm/", {"ids": ids}, follow=True)
        self.assertContains(response, "100件の最終確認日を今日にしましたが、残りの20件は")
        self.assertContains(response, "50件ずつ保存するため、途中までが保存されています")
        today = Resource.objects.filter(pk__in=ids, confirmed_on=timezone.localdate())
        self.assertEqual(sorted(today.values_list("pk", flat=True)), ids[:100])
        self.assertEqual(Revision.objects.filter(action="confirm").count(), 100)
        # As the message says: confirming them again afterwards finishes the job.
        response = self.client.post("/office/resources/confirm/", {"ids": ids}, follow=True)
        self.assertContains(response, "120件の最終確認日を今日にしました。")

    def test_it_confirms_none_when_any_is_outside_the_coordinators_areas(self):
        self.client.force_login(self.higashichiba_coordinator)
        response = self.client.post(
            "/office/resources/confirm/", {"ids": [self.salon.pk, self.in_chuo.pk]}, follow=True
        )
        self.assertContains(response, "変更できないもの")
        self.salon.refresh_from_db()
        self.assertEqual(self.salon.confirmed_on, datetime.date(2026, 10, 1))
        response = self.client.post(
            "/office/resources/confirm/", {"ids": ["abc", "9" * 30]}, follow=True
        )
        self.assertContains(response, "変更できないもの")
        response = self.client.post("/office/resources/confirm/", {}, follow=True)
        self.assertContains(response, "選んでください")

    def test_it_soft_deletes_and_only_an_admin_undoes_it(self):
        self.client.force_login(self.chuo_coordinator)
        self.assertContains(
            self.client.get(f"/office/resources/{self.salon.pk}/delete/"), "削除しますか"
        )
        self.client.post(f"/office/resources/{self.salon.pk}/delete/")
        self.salon.refresh_from_db()
        self.assertEqual(self.salon.status, "deleted")
        self.assertEqual(self.client.get(f"/resources/{self.salon.pk}/").status_code, 404)
        self.assertNotIn(
            "院内ひだまりサロン", self.client.get("/search/?q=ひだまり").content.decode()
        )
        self.assertEqual(self.client.get(f"/office/resources/{self.salon.pk}/").status_code, 404)
        self.assertNotIn(
            "院内ひだまりサロン", self.client.get("/office/resources/?q=院内").content.decode()
        )
        self.assertEqual(
            self.client.post(f"/office/resources/{self.salon.pk}/undelete/").status_code, 403
        )
        self.client.force_login(self.admin)
        self.assertIn(
            "院内ひだまりサロン",
            self.client.get("/office/resources/?q=院内&status=deleted").content.decode(),
        )
        self.client.post(f"/office/resources/{self.salon.pk}/undelete/")
        self.salon.refresh_from_db()
        self.assertEqual(self.salon.status, "published")
        self.assertEqual(self.client.get(f"/resources/{self.salon.pk}/").status_code, 200)
        actions = list(
            Revision.objects.filter(resource=self.salon)
            .order_by("number")
            .values_list("action", flat=True)
        )
        self.assertEqual(actions, ["create", "delete", "undelete"])


class DashboardTest(OfficeTestCase):
    def test_it_counts_the_coordinators_areas_and_what_needs_doing(self):
        from office.models import Report

        Report.objects.create(resource=self.salon, body="曜日が違います", sender_hash="x")
        self.salon.confirmed_on = datetime.date(2020, 1, 1)
        self.salon.save()
        self.client.force_login(self.higashichiba_coordinator)
        self.client.post(f"/office/resources/{self.hidden.pk}/confirm/")
        page = self.client.get("/office/").content.decode()
        self.assertIn("12か月以上確認していないもの", page)
        self.assertIn("院内ひだまりサロン", page)  # stale
        self.assertIn("曜日が違います", page)  # open report
        self.assertIn("院内ないしょの会", page)  # recent change
        self.assertNotIn("中央いきいき体操", page)


class MergeAfterConflictTest(OfficeTestCase):
    """Issue 9: after a conflict, saving again never writes the other person's change back.

    B (東千葉圏域) opens the salon; A (中央区) saves first; then B saves."""

    def url(self) -> str:
        return f"/office/resources/{self.salon.pk}/edit/"

    def save_as_a(self, **changes):
        self.client.force_login(self.chuo_coordinator)
        data = resource_form_data(self.salon, self.chuo_coordinator.staff, **changes)
        self.assertEqual(self.client.post(self.url(), data).status_code, 302)

    def post_as_b(self, data):
        self.client.force_login(self.higashichiba_coordinator)
        return self.client.post(self.url(), data)

    def sent_back(self, response, **choices) -> dict:
        """What the browser sends from this page: its form as shown, and the choices made."""
        data = response.context["form"].data
        # The buttons are not part of the form: each send names the one pressed.
        values = {key: data.getlist(key) for key in data if key not in ("preview", "add_rule")}
        values.update(choices)
        return values

    def test_it_keeps_the_other_persons_change_and_asks_for_each_field_both_changed(self):
        b_opened = resource_form_data(
            self.salon, self.higashichiba_coordinator.staff, fee_note="材料費", phone="043-555-0188"
        )
        self.save_as_a(phone="043-555-0199", booking_note="前日までに電話で")
        response = self.post_as_b(b_opened)
        self.assertEqual(response.status_code, 409)
        self.assertContains(response, "中央区 第1層", status_code=409)  # who
        # 電話番号: the original, A's and B's, and a choice with no default.
        for phone in ("043-555-0101", "043-555-0199", "043-555-0188"):
            self.assertContains(response, phone, status_code=409)
        self.assertContains(response, 'name="merge_phone" value="mine" required>', status_code=409)
        self.assertContains(
            response, 'name="merge_phone" value="theirs" required>', status_code=409
        )
        self.assertContains(response, 'name="base_version"', status_code=409)
        # A's 申込方法 (B did not touch it) is in B's form now; B's 料金の詳細 stays.
        form = response.context["form"]
        self.assertEqual(form["booking_note"].value(), "前日までに電話で")
        self.assertEqual(form["fee_note"].value(), "材料費")
        self.assertEqual(form["version"].value(), str(self.current_version()))

        # Saving again without choosing is refused again, and saves nothing.
        again = self.post_as_b(self.sent_back(response))
        self.assertContains(again, "どちらの内容にするかを選んでください", status_code=409)
        self.salon.refresh_from_db()
        self.assertEqual((self.salon.phone, self.salon.fee_note), ("043-555-0199", "お茶代"))

        # Choosing A's number: every change is kept, nobody's is lost.
        done = self.post_as_b(self.sent_back(again, merge_phone="theirs"))
        self.assertEqual(done.status_code, 302)
        self.salon.refresh_from_db()
        self.assertEqual(self.salon.phone, "043-555-0199")
        self.assertEqual(self.salon.booking_note, "前日までに電話で")
        self.assertEqual(self.salon.fee_note, "材料費")
        latest = Revision.objects.filter(resource=self.salon).first()
        self.assertEqual(latest.user, self.higashichiba_coordinator)
        self.assertEqual(set(latest.changed), {"fee_note"})

    def test_it_saves_the_editors_value_when_chosen(self):
        b_opened = resource_form_data(
            self.salon, self.higashichiba_coordinator.staff, phone="043-555-0188"
        )
        self.save_as_a(phone="043-555-0199")
        response = self.post_as_b(b_opened)
        done = self.post_as_b(self.sent_back(response, merge_phone="mine"))
        self.assertEqual(done.status_code, 302)
        self.salon.refresh_from_db()
        self.assertEqual(self.salon.phone, "043-555-0188")

    def test_it_merges_categories_areas_and_schedule_rules_as_whole_fields(self):
        other = str(Category.objects.get(code="5.1.2").pk)
        b_opened = resource_form_data(
            self.salon, self.higashichiba_coordinator.staff, served_areas=[str(self.benten.pk)]
        )
        friday = {"freq": "weekly", "weekdays": [4], "opens_at": "13:00", "closes_at": "15:00"}
        self.save_as_a(categories=[other], rules=[friday])
        response = self.post_as_b(b_opened)
        self.assertEqual(response.status_code, 409)
        self.assertNotContains(response, 'name="merge_', status_code=409)  # nothing to choose
        done = self.post_as_b(self.sent_back(response))
        self.assertEqual(done.status_code, 302)
        self.salon.refresh_from_db()
        self.assertEqual(list(self.salon.categories.values_list("code", flat=True)), ["5.1.2"])
        self.assertEqual(self.salon.schedule_text(), "毎週金曜日 13:00〜15:00")
        self.assertEqual(list(self.salon.served_areas.all()), [self.benten])

    def test_it_asks_when_both_changed_the_categories_or_the_rules(self):
        tuesday = {"freq": "weekly", "weekdays": [1], "opens_at": "10:00", "closes_at": "11:00"}
        friday = {"freq": "weekly", "weekdays": [4], "opens_at": "13:00", "closes_at": "15:00"}
        b_opened = resource_form_data(
            self.salon,
            self.higashichiba_coordinator.staff,
            categories=[str(Category.objects.get(code="5.2").pk)],
            rules=[tuesday],
        )
        self.save_as_a(categories=[str(Category.objects.get(code="5.1.2").pk)], rules=[friday])
        response = self.post_as_b(b_opened)
        self.assertContains(response, 'name="merge_categories"', status_code=409)
        self.assertContains(response, 'name="merge_rules"', status_code=409)
        refused = self.post_as_b(self.sent_back(response, merge_rules="mine"))
        self.assertContains(refused, "どちらの内容にするかを選んでください", status_code=409)
        self.assertContains(refused, 'href="#merge-categories"', status_code=409)
        done = self.post_as_b(
            self.sent_back(refused, merge_rules="mine", merge_categories="theirs")
        )
        self.assertEqual(done.status_code, 302)
        self.salon.refresh_from_db()
        self.assertEqual(list(self.salon.categories.values_list("code", flat=True)), ["5.1.2"])
        self.assertEqual(self.salon.schedule_text(), "毎週火曜日 10:00〜11:00")

    def test_it_asks_again_when_a_third_person_saves_meanwhile(self):
        b_opened = resource_form_data(
            self.salon, self.higashichiba_coordinator.staff, phone="043-555-0188"
        )
        self.save_as_a(phone="043-555-0199")
        response = self.post_as_b(b_opened)
        self.client.force_login(self.admin)
        self.salon.refresh_from_db()
        data = resource_form_data(self.salon, self.admin.staff, fee_note="無料になりました")
        self.assertEqual(self.client.post(self.url(), data).status_code, 302)
        again = self.post_as_b(self.sent_back(response, merge_phone="mine"))
        self.assertEqual(again.status_code, 409)
        self.assertEqual(again.context["form"]["fee_note"].value(), "無料になりました")
        done = self.post_as_b(self.sent_back(again))
        self.assertEqual(done.status_code, 302)
        self.salon.refresh_from_db()
        self.assertEqual(
            (self.salon.phone, self.salon.fee_note), ("043-555-0188", "無料になりました")
        )

    def test_it_keeps_the_choice_through_a_schedule_preview(self):
        b_opened = resource_form_data(
            self.salon, self.higashichiba_coordinator.staff, phone="043-555-0188"
        )
        self.save_as_a(phone="043-555-0199")
        response = self.post_as_b(b_opened)
        preview = self.post_as_b(self.sent_back(response, preview="1"))
        self.assertEqual(preview.status_code, 200)
        self.assertContains(preview, 'name="merge_phone"')
        self.assertContains(preview, 'name="base_version"')
        refused = self.post_as_b(self.sent_back(preview))
        self.assertEqual(refused.status_code, 409)
        self.salon.refresh_from_db()
        self.assertEqual(self.salon.phone, "043-555-0199")

    def test_it_shows_a_change_made_without_a_user(self):
        """An import run by command without --as leaves revisions with no user."""
        b_opened = resource_form_data(self.salon, self.higashichiba_coordinator.staff)
        b_opened["fee_note"] = "材料費"
        editing.change(
            self.salon, None, Revision.Action.EDIT, lambda r: setattr(r, "phone", "043-555-0177")
        )
        response = self.post_as_b(b_opened)
        self.assertContains(response, "記録なし", status_code=409)
        self.assertContains(response, "043-555-0177", status_code=409)

    def test_it_answers_a_bad_version_in_japanese(self):
        editing.change(self.salon, None, Revision.Action.EDIT, lambda r: None)
        for version in ("-1", "0", "abc", "9" * 12, "9" * 40, "", "1.5"):
            with self.subTest(version=version):
                data = resource_form_data(
                    self.salon, self.higashichiba_coordinator.staff, fee_note="材料費"
                )
                data["version"] = version
                response = self.post_as_b(data)
                self.assertContains(response, "画面の情報が正しくありません", status_code=400)
        self.salon.refresh_from_db()
        self.assertEqual(self.salon.fee_note, "お茶代")

    def test_it_asks_about_every_difference_when_the_first_version_is_unknown(self):
        for base in ("abc", "-1", "0", "9" * 40):
            with self.subTest(base_version=base):
                data = resource_form_data(
                    self.salon, self.higashichiba_coordinator.staff, fee_note="材料費"
                )
                data["base_version"] = base
                response = self.post_as_b(data)
                self.assertContains(response, 'name="merge_fee_note"', status_code=409)
                self.salon.refresh_from_db()
                self.assertEqual(self.salon.fee_note, "お茶代")

    def current_version(self) -> int:
        return Resource.objects.values_list("version", flat=True).get(pk=self.salon.pk)
