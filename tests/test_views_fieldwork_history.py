"""変更履歴 of 地域課題 and 支援記録: the list, one version's differences, restoring it."""

from __future__ import annotations

from fieldwork import editing
from fieldwork.models import Version
from tests.fieldwork_base import FieldworkTestCase

ISSUES = "/office/fieldwork/issues/"
SUPPORT = "/office/fieldwork/support/"


def retitle(title: str):
    def mutate(record) -> None:
        record.title = title

    return mutate


class HistoryTest(FieldworkTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        editing.change(
            cls.issue, cls.chuo_coordinator, Version.Action.EDIT, retitle("買い物が大変")
        )

    def test_it_lists_every_version_with_who_and_what(self):
        self.client.force_login(self.viewer)
        response = self.client.get(f"{ISSUES}{self.issue.pk}/history/")
        self.assertContains(response, "第2版")
        self.assertContains(response, "中央区 第1層")
        self.assertContains(response, "1項目")

    def test_it_shows_a_versions_differences_in_words(self):
        self.client.force_login(self.viewer)
        response = self.client.get(f"{ISSUES}{self.issue.pk}/history/2/")
        self.assertContains(response, "<del>ごみ出しが大変</del>", html=True)
        self.assertContains(response, "<ins>買い物が大変</ins>", html=True)
        self.assertNotContains(response, "この版の内容に戻す")  # a viewer restores nothing
        first = self.client.get(f"{ISSUES}{self.issue.pk}/history/1/")
        self.assertContains(first, "弁天圏域")  # the area by its name, not its id

    def test_it_restores_a_version_as_a_new_one(self):
        self.client.force_login(self.higashichiba_coordinator)
        page = self.client.get(f"{ISSUES}{self.issue.pk}/history/1/")
        self.assertContains(
            page, "課題（足りないこと・困っていること）：買い物が大変 → ごみ出しが大変"
        )
        response = self.client.post(
            f"{ISSUES}{self.issue.pk}/history/1/restore/", {"version": self.issue.version}
        )
        self.assertRedirects(response, f"{ISSUES}{self.issue.pk}/")
        self.issue.refresh_from_db()
        self.assertEqual(self.issue.title, "ごみ出しが大変")
        latest = editing.versions_of(self.issue).first()
        self.assertEqual(
            (latest.number, latest.action, latest.user),
            (3, "restore", self.higashichiba_coordinator),
        )

    def test_it_refuses_a_stale_restore(self):
        self.client.force_login(self.higashichiba_coordinator)
        response = self.client.post(f"{ISSUES}{self.issue.pk}/history/1/restore/", {"version": 1})
        self.assertRedirects(response, f"{ISSUES}{self.issue.pk}/")
        self.issue.refresh_from_db()
        self.assertEqual(self.issue.title, "買い物が大変")
        self.assertEqual(editing.versions_of(self.issue).count(), 2)

    def test_it_refuses_a_version_it_cannot_read(self):
        self.client.force_login(self.higashichiba_coordinator)
        response = self.client.post(
            f"{ISSUES}{self.issue.pk}/history/1/restore/", {"version": "x"}, follow=True
        )
        self.assertContains(response, "画面の情報が正しくありません。")
        self.assertEqual(editing.versions_of(self.issue).count(), 2)

    def test_it_refuses_restoring_an_area_outside_the_persons_areas(self):
        def move(record) -> None:
            record.area = self.benten

        editing.change(self.mihama_issue, self.admin, Version.Action.EDIT, move)
        self.client.force_login(self.higashichiba_coordinator)
        response = self.client.post(f"{ISSUES}{self.mihama_issue.pk}/history/1/restore/")
        self.assertEqual(response.status_code, 403)
        self.mihama_issue.refresh_from_db()
        self.assertEqual(self.mihama_issue.area, self.benten)

    def test_it_answers_404_for_a_missing_version_and_the_support_kind_apart(self):
        self.client.force_login(self.viewer)
        self.assertEqual(self.client.get(f"{ISSUES}{self.issue.pk}/history/9/").status_code, 404)
        # The same number under the other kind is another record.
        response = self.client.get(f"{SUPPORT}{self.record.pk}/history/1/")
        self.assertContains(response, "院内ひだまりサロン")
        self.assertContains(response, "体力測定、体操紹介")
