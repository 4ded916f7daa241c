"""fieldwork/editing.py: every change area-checked, version-checked and recorded."""

from __future__ import annotations

from django.utils import timezone

from fieldwork import editing
from fieldwork.models import LocalIssue, SupportRecord, Version
from tests.fieldwork_base import FieldworkTestCase


def rename(title: str):
    def mutate(record) -> None:
        record.title = title

    return mutate


class EditingTest(FieldworkTestCase):
    def test_it_records_the_first_version_on_create(self):
        version = editing.versions_of(self.issue).get()
        self.assertEqual((version.number, version.action), (1, Version.Action.CREATE))
        self.assertEqual(version.user, self.admin)
        self.assertEqual(version.snapshot["title"], "ごみ出しが大変")
        self.assertEqual(self.issue.created_by, self.admin)

    def test_it_records_who_changed_what(self):
        editing.change(
            self.issue, self.chuo_coordinator, Version.Action.EDIT, rename("買い物が大変")
        )
        latest = editing.versions_of(self.issue).first()
        self.assertEqual((latest.number, latest.user), (2, self.chuo_coordinator))
        self.assertEqual(latest.changed, ["title"])
        self.assertEqual(self.issue.title, "買い物が大変")  # the caller's object is refreshed

    def test_it_refuses_a_stale_second_editor(self):
        seen = self.issue.version
        editing.change(
            self.issue, self.chuo_coordinator, Version.Action.EDIT, rename("一人目"), version=seen
        )
        with self.assertRaises(editing.EditConflictError) as caught:
            editing.change(
                self.issue,
                self.higashichiba_coordinator,
                Version.Action.EDIT,
                rename("二人目"),
                version=seen,
            )
        self.assertEqual([v.user for v in caught.exception.since], [self.chuo_coordinator])
        self.assertEqual(caught.exception.seen["title"], "ごみ出しが大変")
        self.issue.refresh_from_db()
        self.assertEqual(self.issue.title, "一人目")
        self.assertEqual(editing.versions_of(self.issue).count(), 2)

    def test_it_refuses_a_change_outside_the_persons_areas(self):
        with self.assertRaises(editing.OutsideAreasError):
            editing.change(
                self.mihama_issue, self.chuo_coordinator, Version.Action.EDIT, rename("x")
            )
        self.mihama_issue.refresh_from_db()
        self.assertEqual(
            (self.mihama_issue.title, self.mihama_issue.version), ("ラジオ体操をしたい", 1)
        )

    def test_it_refuses_moving_a_record_out_of_the_persons_areas(self):
        def move(record) -> None:
            record.area = self.mihama

        with self.assertRaises(editing.OutsideAreasError):
            editing.change(self.issue, self.higashichiba_coordinator, Version.Action.EDIT, move)
        self.issue.refresh_from_db()
        self.assertEqual(self.issue.area, self.benten)

    def test_it_refuses_creating_outside_and_a_viewer_anywhere(self):
        for user, area in ((self.higashichiba_coordinator, self.chuo), (self.viewer, self.benten)):
            issue = LocalIssue(municipality=self.chiba, area=area, title="x", source="other")
            with self.assertRaises(editing.OutsideAreasError):
                editing.create(issue, user)
        self.assertFalse(LocalIssue.objects.filter(title="x").exists())

    def test_it_notes_who_changed_the_status_and_when(self):
        def work(record) -> None:
            record.status = LocalIssue.Status.WORKING

        editing.change(self.issue, self.higashichiba_coordinator, Version.Action.STATUS, work)
        self.issue.refresh_from_db()
        self.assertEqual(self.issue.status_changed_by, self.higashichiba_coordinator)
        self.assertLess((timezone.now() - self.issue.status_changed_at).total_seconds(), 60)

    def test_it_restores_an_old_version_as_a_new_one(self):
        editing.change(self.issue, self.admin, Version.Action.EDIT, rename("二版"))
        first = editing.versions_of(self.issue).get(number=1)
        restored = editing.restore(self.issue, first, self.chuo_coordinator)
        self.assertEqual((restored.number, restored.action), (3, Version.Action.RESTORE))
        self.assertEqual(restored.comment, "第1版に戻しました")
        self.assertEqual(self.issue.title, "ごみ出しが大変")

    def test_it_restores_the_linked_resources_too(self):
        self.issue.resources.add(self.salon)
        editing.record_version(self.issue, self.admin, Version.Action.LINK)
        linked = editing.versions_of(self.issue).first()
        self.issue.resources.clear()
        editing.restore(self.issue, linked, self.admin)
        self.assertEqual(list(self.issue.resources.all()), [self.salon])

    def test_it_does_not_undelete_by_restoring(self):
        editing.delete(self.issue, self.admin)
        first = editing.versions_of(self.issue).get(number=1)
        editing.restore(self.issue, first, self.admin)
        self.assertTrue(self.issue.is_deleted)

    def test_it_deletes_softly_and_undeletes(self):
        editing.delete(self.record, self.higashichiba_coordinator)
        self.assertTrue(SupportRecord.objects.filter(pk=self.record.pk).exists())
        self.assertFalse(SupportRecord.objects.live().filter(pk=self.record.pk).exists())
        self.assertEqual(self.record.deleted_by, self.higashichiba_coordinator)
        editing.undelete(self.record, self.admin)
        self.assertFalse(self.record.is_deleted)
        actions = list(editing.versions_of(self.record).values_list("action", flat=True))
        self.assertEqual(actions, ["undelete", "delete", "create"])

    def test_it_keeps_the_two_kinds_histories_apart(self):
        self.assertEqual(editing.versions_of(self.record).get().kind, Version.Kind.SUPPORT)
        self.assertEqual(editing.kind_of(self.record), "support")
        self.assertEqual(editing.kind_of(self.issue), "issue")

    def test_it_finds_records_within_an_area(self):
        self.assertIn(self.issue, LocalIssue.objects.within(self.chuo))  # 弁天圏域 is in 中央区
        self.assertNotIn(self.mihama_issue, LocalIssue.objects.within(self.chuo))
        self.assertEqual(LocalIssue.objects.within(self.chiba).count(), LocalIssue.objects.count())
