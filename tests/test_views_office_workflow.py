"""The back office's resource workflow: status, 確認済みにする (one and many), delete and undo;
the dashboard."""

from __future__ import annotations

import datetime
from unittest import mock

from django.db import OperationalError
from django.utils import timezone

from directory.models import Resource
from office import editing
from office.models import Revision
from tests.base import OfficeTestCase


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
