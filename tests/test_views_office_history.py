"""変更履歴: field-by-field differences, restoring an earlier version, and who did what."""

from __future__ import annotations

from directory.models import Category
from office import editing
from office.models import Revision
from tests.base import OfficeTestCase


class HistoryTest(OfficeTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()

        def first(r):
            r.name = "院内ひだまりサロン（新）"
            r.fee_amount = 0
            r.categories.add(Category.objects.get(code="5.2"))
            r.schedule_rules.update(nths=[1])

        def second(r):
            r.phone = "043-555-0199"

        editing.change(cls.salon, cls.chuo_coordinator, Revision.Action.EDIT, first)
        editing.change(cls.salon, cls.higashichiba_coordinator, Revision.Action.EDIT, second)

    def test_it_lists_every_revision_with_who_and_what(self):
        self.client.force_login(self.viewer)
        page = self.client.get(f"/office/resources/{self.salon.pk}/history/").content.decode()
        for text in [
            "第1版",
            "第2版",
            "第3版",
            "中央区 第1層",
            "東千葉圏域 第2層",
            "履歴の記録を始めた時点の内容",
        ]:
            self.assertIn(text, page)

    def test_it_shows_the_differences_field_by_field_in_words(self):
        self.client.force_login(self.viewer)
        page = self.client.get(f"/office/resources/{self.salon.pk}/history/2/").content.decode()
        self.assertIn("<del>院内ひだまりサロン</del>", page)
        self.assertIn("<ins>院内ひだまりサロン（新）</ins>", page)
        self.assertIn("<del>100円</del>", page)
        self.assertIn("<ins>無料</ins>", page)
        self.assertIn("介護者支援", page)  # the category added, by name
        self.assertIn("毎月第2・第4水曜日", page)  # the rules, in words
        self.assertIn("毎月第1水曜日", page)
        self.assertNotIn("電話番号", page)  # not changed in this version
        self.assertNotIn("この版の内容に戻す", page)  # a viewer cannot restore

    def test_it_restores_an_earlier_version_as_a_new_revision(self):
        self.client.force_login(self.chuo_coordinator)
        page = self.client.get(f"/office/resources/{self.salon.pk}/history/1/").content.decode()
        self.assertIn("この版の内容に戻す", page)
        response = self.client.post(
            f"/office/resources/{self.salon.pk}/history/1/restore/", {"version": self.salon.version}
        )
        self.assertEqual(response.status_code, 302)
        self.salon.refresh_from_db()
        self.assertEqual(self.salon.name, "院内ひだまりサロン")
        self.assertEqual(self.salon.fee_amount, 100)
        self.assertEqual(self.salon.phone, "043-555-0101")
        self.assertEqual(sorted(self.salon.categories.values_list("code", flat=True)), ["5.1.1"])
        self.assertIn("第2・第4水曜日", self.salon.schedule_text())
        latest = Revision.objects.filter(resource=self.salon).first()
        self.assertEqual(
            (latest.number, latest.action, latest.user), (4, "restore", self.chuo_coordinator)
        )
        self.assertIn("第1版に戻しました", latest.comment)
        # The public page and search follow the restored version.
        self.assertContains(self.client.get(f"/resources/{self.salon.pk}/"), "100円")
        # And the restore itself can be undone.
        self.client.post(
            f"/office/resources/{self.salon.pk}/history/3/restore/", {"version": self.salon.version}
        )
        self.salon.refresh_from_db()
        self.assertEqual(self.salon.name, "院内ひだまりサロン（新）")

    def test_it_refuses_a_restore_from_a_stale_page(self):
        self.client.force_login(self.chuo_coordinator)
        response = self.client.post(
            f"/office/resources/{self.salon.pk}/history/1/restore/", {"version": "1"}, follow=True
        )
        self.assertContains(response, "ほかの人が先に")
        self.salon.refresh_from_db()
        self.assertEqual(self.salon.name, "院内ひだまりサロン（新）")

    def test_it_refuses_restores_by_people_who_may_not_edit(self):
        for user in (self.viewer, self.chuo_coordinator):
            resource = self.salon if user == self.viewer else self.in_mihama
            self.client.force_login(user)
            response = self.client.post(f"/office/resources/{resource.pk}/history/1/restore/")
            self.assertEqual(response.status_code, 403)

    def test_it_answers_unknown_versions_with_404(self):
        self.client.force_login(self.viewer)
        for number in (99, 2**63, 2**70):
            with self.subTest(number=number):
                url = f"/office/resources/{self.salon.pk}/history/{number}/"
                self.assertEqual(self.client.get(url).status_code, 404)
