"""地域課題 pages: list with filters, create, edit with the stale-editor check, status and
notes, linked resources, delete and undo."""

from __future__ import annotations

from directory.models import Category, Resource
from fieldwork import editing
from fieldwork.models import IssueNote, LocalIssue, Version
from tests.fieldwork_base import FieldworkTestCase

LIST = "/office/fieldwork/issues/"


def url(issue, tail: str = "") -> str:
    return f"{LIST}{issue.pk}/{tail}"


class IssueListTest(FieldworkTestCase):
    def test_it_lists_the_citys_live_issues(self):
        self.client.force_login(self.viewer)
        editing.delete(self.chuo_issue, self.admin)
        response = self.client.get(LIST)
        self.assertContains(response, "ごみ出しが大変")
        self.assertContains(response, "ラジオ体操をしたい")
        self.assertNotContains(response, "近くにカフェがない")

    def test_it_filters_by_area_status_and_category(self):
        self.client.force_login(self.viewer)
        response = self.client.get(LIST, {"area": self.chuo.pk})
        titles = {i.title for i in response.context["page"]}
        self.assertEqual(titles, {"ごみ出しが大変", "近くにカフェがない"})
        LocalIssue.objects.filter(pk=self.issue.pk).update(
            status=LocalIssue.Status.SOLVED, category=Category.objects.get(code="5.1.1")
        )
        open_titles = {i.title for i in self.client.get(LIST, {"status": "open"}).context["page"]}
        self.assertNotIn("ごみ出しが大変", open_titles)
        solved = self.client.get(LIST, {"status": "solved"}).context["page"]
        self.assertEqual([i.title for i in solved], ["ごみ出しが大変"])
        # A category takes in its sub-categories.
        by_category = self.client.get(LIST, {"category": Category.objects.get(code="5").pk})
        self.assertEqual([i.title for i in by_category.context["page"]], ["ごみ出しが大変"])

    def test_it_ignores_a_filter_it_cannot_read(self):
        self.client.force_login(self.viewer)
        response = self.client.get(LIST, {"area": "abc", "status": "<script>"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "一覧にある地域を選んでください。")

    def test_it_shows_the_deleted_to_the_admin_only(self):
        editing.delete(self.chuo_issue, self.admin)
        self.client.force_login(self.admin)
        self.assertEqual(
            [i.title for i in self.client.get(LIST, {"deleted": "1"}).context["page"]],
            ["近くにカフェがない"],
        )
        self.client.force_login(self.chuo_coordinator)
        titles = {i.title for i in self.client.get(LIST, {"deleted": "1"}).context["page"]}
        self.assertNotIn("近くにカフェがない", titles)


class IssueCreateTest(FieldworkTestCase):
    def test_it_records_a_new_issue(self):
        self.client.force_login(self.higashichiba_coordinator)
        response = self.client.post(
            LIST + "new/",
            {
                "area": self.benten.pk,
                "title": "誰でも参加できるカフェが欲しい",
                "source": "council",
                "source_note": "第1回 協議体",
                "raised_count": "５",
                "category": Category.objects.get(code="5.1.1").pk,
            },
        )
        issue = LocalIssue.objects.get(title="誰でも参加できるカフェが欲しい")
        self.assertRedirects(response, url(issue))
        self.assertEqual(
            (issue.raised_count, issue.status, issue.municipality), (5, "noted", self.chiba)
        )
        self.assertEqual(editing.versions_of(issue).get().user, self.higashichiba_coordinator)

    def test_it_names_the_field_in_japanese_and_saves_nothing(self):
        self.client.force_login(self.chuo_coordinator)
        before = LocalIssue.objects.count()
        response = self.client.post(
            LIST + "new/",
            {"area": self.benten.pk, "title": "", "source": "x", "raised_count": "-3"},
        )
        for message in (
            "課題（足りないこと・困っていること）：このフィールドは必須です。",
            "声をあげた人数：0以上の数を入力してください。",
            "どこで聞いたか：",
        ):
            self.assertContains(response, message, status_code=400)
        self.assertEqual(LocalIssue.objects.count(), before)

    def test_it_refuses_an_area_outside_the_persons_areas(self):
        self.client.force_login(self.higashichiba_coordinator)
        response = self.client.post(
            LIST + "new/", {"area": self.chuo.pk, "title": "x", "source": "visit"}
        )
        self.assertContains(response, "地域：一覧にある地域を選んでください。", status_code=400)
        self.assertFalse(LocalIssue.objects.filter(title="x").exists())

    def test_it_starts_from_a_support_record_and_links_back_to_it(self):
        self.client.force_login(self.higashichiba_coordinator)
        support = self.client.get(f"/office/fieldwork/support/{self.record.pk}/")
        self.assertContains(support, f"{LIST}new/?support={self.record.pk}")
        form = self.client.get(LIST + "new/", {"support": self.record.pk}).context["form"]
        self.assertEqual(form.initial, {"source_support": self.record.pk, "area": self.benten.pk})
        self.client.post(
            LIST + "new/",
            {
                "area": self.benten.pk,
                "title": "会場が遠い",
                "source": "visit",
                "source_support": self.record.pk,
            },
        )
        issue = LocalIssue.objects.get(title="会場が遠い")
        self.assertEqual(issue.source_support, self.record)
        self.assertContains(self.client.get(url(issue)), "元になった支援記録")
        self.assertContains(
            self.client.get(f"/office/fieldwork/support/{self.record.pk}/"), "会場が遠い"
        )

    def test_it_names_a_missing_support_record(self):
        self.client.force_login(self.higashichiba_coordinator)
        response = self.client.post(
            LIST + "new/",
            {
                "area": self.benten.pk,
                "title": "x",
                "source": "visit",
                "source_support": "999999999",
            },
        )
        self.assertContains(
            response, "元になった支援記録の番号：その番号の支援記録はありません。", status_code=400
        )

    def test_it_offers_only_the_persons_areas(self):
        self.client.force_login(self.higashichiba_coordinator)
        areas = list(self.client.get(LIST + "new/").context["form"].fields["area"].queryset)
        self.assertEqual(areas, [self.benten])


class IssueEditTest(FieldworkTestCase):
    def form(self, issue: LocalIssue, **changes) -> dict:
        data = {
            "area": issue.area_id,
            "title": issue.title,
            "details": issue.details,
            "source": issue.source,
            "source_note": issue.source_note,
            "raised_count": "",
            "version": issue.version,
        }
        return {**data, **changes}

    def test_it_saves_an_edit(self):
        self.client.force_login(self.chuo_coordinator)
        response = self.client.post(
            url(self.issue, "edit/"), self.form(self.issue, details="週2回")
        )
        self.assertRedirects(response, url(self.issue))
        self.issue.refresh_from_db()
        self.assertEqual((self.issue.details, self.issue.version), ("週2回", 2))

    def test_it_refuses_a_stale_editor_with_who_saved_and_keeps_the_input(self):
        stale = self.form(self.issue, details="二人目の入力")
        self.client.force_login(self.chuo_coordinator)
        self.client.post(url(self.issue, "edit/"), self.form(self.issue, title="一人目が直した"))
        self.client.force_login(self.higashichiba_coordinator)
        response = self.client.post(url(self.issue, "edit/"), stale)
        self.assertEqual(response.status_code, 409)
        self.assertContains(response, "中央区 第1層", status_code=409)
        self.assertContains(response, "一人目が直した", status_code=409)  # what they changed
        self.assertContains(response, "二人目の入力", status_code=409)  # the input, kept
        self.issue.refresh_from_db()
        self.assertEqual((self.issue.title, self.issue.details), ("一人目が直した", ""))
        # Saving again from the conflict page overwrites knowingly.
        again = self.client.post(url(self.issue, "edit/"), {**stale, "version": self.issue.version})
        self.assertRedirects(again, url(self.issue))
        self.issue.refresh_from_db()
        self.assertEqual(self.issue.details, "二人目の入力")

    def test_it_refuses_a_version_it_cannot_read(self):
        self.client.force_login(self.chuo_coordinator)
        response = self.client.post(url(self.issue, "edit/"), self.form(self.issue, version="abc"))
        self.assertContains(response, "編集画面を開き直して", status_code=400)


class IssueStatusTest(FieldworkTestCase):
    def test_it_changes_the_status_with_a_dated_note(self):
        self.client.force_login(self.higashichiba_coordinator)
        response = self.client.post(
            url(self.issue, "status/"),
            {
                "status": "considering",
                "noted_on": "2026-11-10",
                "note": "協議体で検討",
                "version": 1,
            },
        )
        self.assertRedirects(response, url(self.issue))
        note = IssueNote.objects.get(issue=self.issue)
        self.assertEqual(
            (note.status_from, note.status_to, note.user),
            ("noted", "considering", self.higashichiba_coordinator),
        )
        self.assertEqual(str(note.noted_on), "2026-11-10")
        self.issue.refresh_from_db()
        self.assertEqual(self.issue.status, "considering")
        self.assertEqual(
            editing.versions_of(self.issue).first().comment, "状態を「検討中」にしました"
        )

    def test_it_needs_a_note_to_keep_the_status(self):
        self.client.force_login(self.higashichiba_coordinator)
        response = self.client.post(
            url(self.issue, "status/"), {"status": "noted", "noted_on": "2026-11-10"}
        )
        self.assertContains(response, "経過のメモ：状態を変えないときは", status_code=400)
        self.assertFalse(IssueNote.objects.exists())
        ok = self.client.post(
            url(self.issue, "status/"),
            {"status": "noted", "noted_on": "2026-11-10", "note": "聞き取り"},
        )
        self.assertEqual(ok.status_code, 302)
        self.assertEqual(IssueNote.objects.get().changed_status, False)

    def test_it_refuses_a_future_date_and_a_stale_version(self):
        self.client.force_login(self.higashichiba_coordinator)
        response = self.client.post(
            url(self.issue, "status/"), {"status": "working", "noted_on": "2999-01-01"}
        )
        self.assertContains(response, "日付：今日より後の日付は入力できません。", status_code=400)
        editing.change(self.issue, self.chuo_coordinator, Version.Action.EDIT, lambda r: None)
        stale = self.client.post(
            url(self.issue, "status/"),
            {"status": "working", "noted_on": "2026-11-10", "version": 1},
        )
        self.assertContains(stale, "中央区 第1層がこの記録を変更しました", status_code=409)
        self.assertFalse(IssueNote.objects.exists())
        self.issue.refresh_from_db()
        self.assertEqual(self.issue.status, "noted")


class IssueResourceTest(FieldworkTestCase):
    def test_it_links_and_unlinks_a_resource(self):
        self.client.force_login(self.higashichiba_coordinator)
        response = self.client.post(
            url(self.issue, "resources/"), {"resource": self.salon.pk, "note": "会場"}
        )
        self.assertRedirects(response, url(self.issue))
        self.assertEqual(list(self.issue.resources.all()), [self.salon])
        self.assertEqual(
            editing.versions_of(self.issue).first().snapshot["resources"], [self.salon.pk]
        )
        # Even a resource outside the person's areas can answer their issue: it is read, not changed.
        self.client.post(url(self.issue, "resources/"), {"resource": self.in_mihama.pk})
        self.assertEqual(self.issue.resources.count(), 2)
        self.client.post(url(self.issue, "resources/"), {"remove": self.salon.pk})
        self.assertEqual(list(self.issue.resources.all()), [self.in_mihama])
        self.assertEqual(editing.versions_of(self.issue).first().action, Version.Action.LINK)

    def test_it_shows_a_deleted_resource_to_the_admin_only(self):
        self.issue.resources.add(self.in_chuo)
        Resource.objects.filter(pk=self.in_chuo.pk).update(status=Resource.Status.DELETED)
        self.client.force_login(self.chuo_coordinator)
        self.assertNotContains(self.client.get(url(self.issue)), "中央いきいき体操")
        self.client.force_login(self.admin)
        self.assertContains(self.client.get(url(self.issue)), "中央いきいき体操")

    def test_it_names_a_missing_or_repeated_resource(self):
        self.client.force_login(self.higashichiba_coordinator)
        missing = self.client.post(url(self.issue, "resources/"), {"resource": "999999999"})
        self.assertContains(
            missing, "地域資源の番号：その番号の地域資源はありません。", status_code=400
        )
        words = self.client.post(url(self.issue, "resources/"), {"resource": "サロン"})
        self.assertContains(words, "番号は数字で入力してください。", status_code=400)
        self.client.post(url(self.issue, "resources/"), {"resource": self.salon.pk})
        again = self.client.post(url(self.issue, "resources/"), {"resource": self.salon.pk})
        self.assertContains(again, "もうつながっています", status_code=400)
        self.assertEqual(self.issue.resources.count(), 1)


class IssueDeleteTest(FieldworkTestCase):
    def test_it_deletes_and_only_the_admin_undoes(self):
        self.client.force_login(self.higashichiba_coordinator)
        self.assertContains(self.client.get(url(self.issue, "delete/")), "管理者は元に戻せます")
        self.assertRedirects(self.client.post(url(self.issue, "delete/")), LIST)
        self.assertEqual(self.client.get(url(self.issue)).status_code, 404)
        self.assertEqual(self.client.post(url(self.issue, "undelete/")).status_code, 403)
        self.client.force_login(self.admin)
        self.assertContains(self.client.get(url(self.issue)), "削除を取り消す")
        self.assertRedirects(self.client.post(url(self.issue, "undelete/")), url(self.issue))
        self.issue.refresh_from_db()
        self.assertFalse(self.issue.is_deleted)
