"""支援記録 pages: list with filters, create (also from a resource's page), edit, delete."""

from __future__ import annotations

import datetime

from django.utils import timezone

from fieldwork import editing
from fieldwork.models import SupportRecord
from tests.fieldwork_base import FieldworkTestCase

LIST = "/office/fieldwork/support/"


def url(record, tail: str = "") -> str:
    return f"{LIST}{record.pk}/{tail}"


class SupportListTest(FieldworkTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.mihama_record = editing.create(
            SupportRecord(
                municipality=cls.chiba,
                area=cls.mihama,
                group_name="美浜の体操の会",
                held_on=datetime.date(2026, 5, 1),
            ),
            cls.admin,
        )

    def test_it_lists_and_filters_by_area_and_date(self):
        self.client.force_login(self.viewer)
        every = self.client.get(LIST).context["page"]
        self.assertEqual([r.pk for r in every], [self.record.pk, self.mihama_record.pk])
        in_chuo = self.client.get(LIST, {"area": self.chuo.pk}).context["page"]
        self.assertEqual([r.pk for r in in_chuo], [self.record.pk])
        since = self.client.get(LIST, {"held_from": "2026-06-01"}).context["page"]
        self.assertEqual([r.pk for r in since], [self.record.pk])
        until = self.client.get(LIST, {"held_until": "2026-06-01"}).context["page"]
        self.assertEqual([r.pk for r in until], [self.mihama_record.pk])

    def test_it_shows_the_group_what_was_done_and_the_partners(self):
        self.client.force_login(self.viewer)
        response = self.client.get(LIST)
        self.assertContains(response, "院内ひだまりサロン")
        self.assertContains(response, "体力測定、体操紹介")
        self.assertContains(response, "いきいきプラザ")
        self.assertContains(response, "美浜の体操の会")

    def test_it_says_a_bad_date_filter_in_japanese(self):
        self.client.force_login(self.viewer)
        response = self.client.get(LIST, {"held_from": "2026-02-30"})
        self.assertContains(
            response, "実施日（から）：日付は 2026-06-01 のように入力してください。"
        )


class SupportCreateTest(FieldworkTestCase):
    def test_it_fills_in_the_resource_and_its_area_from_the_resource_page(self):
        self.client.force_login(self.higashichiba_coordinator)
        form = self.client.get(LIST + "new/", {"resource": self.salon.pk}).context["form"]
        self.assertEqual(form.initial["resource"], self.salon.pk)
        self.assertEqual(form.initial["area"], self.benten.pk)

    def test_it_records_a_support_for_a_group_that_is_not_a_resource(self):
        self.client.force_login(self.higashichiba_coordinator)
        response = self.client.post(
            LIST + "new/",
            {
                "area": self.benten.pk,
                "group_name": "〇〇町内自治会",
                "requested_by": "自治会長",
                "held_on": "2026-10-20",
                "partners": "いきいきプラザ、あんしんケアセンター",
                "activities": "体力測定\n体操紹介・健康相談、体力測定",
                "people_reached": "２８",
                "follow_up": "来年も開催したい",
            },
        )
        record = SupportRecord.objects.get(group_name="〇〇町内自治会")
        self.assertRedirects(response, url(record))
        self.assertEqual(record.partners, ["いきいきプラザ", "あんしんケアセンター"])
        self.assertEqual(record.activities, ["体力測定", "体操紹介", "健康相談"])
        self.assertEqual((record.people_reached, record.resource), (28, None))

    def test_it_needs_a_resource_or_a_group(self):
        self.client.force_login(self.higashichiba_coordinator)
        response = self.client.post(
            LIST + "new/", {"area": self.benten.pk, "held_on": "2026-10-20"}
        )
        self.assertContains(
            response,
            "支援した団体・グループ：地域資源の番号か、団体・グループの名前のどちらかを入力してください。",
            status_code=400,
        )
        self.assertEqual(SupportRecord.objects.count(), 1)

    def test_it_names_each_bad_field_and_saves_nothing(self):
        self.client.force_login(self.higashichiba_coordinator)
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        response = self.client.post(
            LIST + "new/",
            {
                "area": self.benten.pk,
                "resource": "999999999",
                "held_on": tomorrow.isoformat(),
                "partners": "、".join(f"機関{i}" for i in range(21)),
                "activities": "あ" * 41,
                "people_reached": "1000001",
            },
        )
        for message in (
            "支援した地域資源の番号：その番号の地域資源はありません。",
            "実施日：今日より後の日付は入力できません。",
            "協力した機関：20個までにしてください（いまは21個です）。",
            "支援の内容：ひとつの項目は40文字以内にしてください",
            "参加した人数：1,000,000以下の数を入力してください。",
        ):
            self.assertContains(response, message, status_code=400)
        self.assertEqual(SupportRecord.objects.count(), 1)


class SupportEditTest(FieldworkTestCase):
    def test_it_shows_the_record_as_its_form(self):
        self.client.force_login(self.chuo_coordinator)
        response = self.client.get(url(self.record, "edit/"))
        self.assertContains(response, "体力測定、体操紹介")
        self.assertContains(response, f'value="{self.salon.pk}"')

    def test_it_saves_an_edit_and_refuses_a_stale_one(self):
        stale = self.support_data(follow_up="二人目")
        self.client.force_login(self.chuo_coordinator)
        self.assertRedirects(
            self.client.post(url(self.record, "edit/"), self.support_data(people_reached="30")),
            url(self.record),
        )
        self.client.force_login(self.higashichiba_coordinator)
        response = self.client.post(url(self.record, "edit/"), stale)
        self.assertContains(response, "中央区 第1層", status_code=409)
        self.assertContains(response, "参加した人数：— → 30", status_code=409)
        self.record.refresh_from_db()
        self.assertEqual((self.record.people_reached, self.record.follow_up), (30, ""))

    def test_it_refuses_an_outsider_to_the_records_area(self):
        self.client.force_login(self.higashichiba_coordinator)
        self.record.area = self.chuo
        self.record.save()
        self.assertEqual(
            self.client.post(url(self.record, "edit/"), self.support_data()).status_code, 403
        )


class SupportOnTheResourcePageTest(FieldworkTestCase):
    def test_it_lists_the_resources_support_records_and_issues(self):
        self.issue.resources.add(self.salon)
        self.client.force_login(self.viewer)
        response = self.client.get(f"/office/resources/{self.salon.pk}/")
        self.assertContains(response, "地域課題と支援記録")
        self.assertContains(response, url(self.record))
        self.assertContains(response, "ごみ出しが大変")
        self.assertNotContains(response, "この地域資源の支援記録を書く")  # a viewer writes none
        self.client.force_login(self.chuo_coordinator)
        response = self.client.get(f"/office/resources/{self.salon.pk}/")
        self.assertContains(response, f"{LIST}new/?resource={self.salon.pk}")

    def test_it_leaves_out_deleted_records(self):
        editing.delete(self.record, self.admin)
        self.client.force_login(self.admin)
        response = self.client.get(f"/office/resources/{self.salon.pk}/")
        self.assertContains(response, "支援記録（0件）")


class SupportDeleteTest(FieldworkTestCase):
    def test_it_deletes_and_only_the_admin_undoes(self):
        self.client.force_login(self.higashichiba_coordinator)
        self.assertRedirects(self.client.post(url(self.record, "delete/")), LIST)
        self.assertEqual(self.client.get(url(self.record)).status_code, 404)
        self.client.force_login(self.admin)
        self.assertRedirects(self.client.post(url(self.record, "undelete/")), url(self.record))
        self.record.refresh_from_db()
        self.assertFalse(self.record.is_deleted)
