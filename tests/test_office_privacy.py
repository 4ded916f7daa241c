"""Issue 9: what the back office shows, to whom, and that no browser or proxy keeps it."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from directory.models import Resource
from office.links import make_token
from office.models import Report, UpdateLink
from tests.base import OfficeTestCase

NO_STORE = "no-store, private"


class NoStoreTest(OfficeTestCase):
    """Back-office pages hold 内部メモ, 担当者名 and reporters' contacts."""

    def test_it_sends_no_store_on_every_back_office_response(self):
        report = Report.objects.create(
            resource=self.salon, body="電話番号が違います", contact="千葉 花子 090-0000-0000"
        )
        salon = self.salon.pk
        pages = [
            (None, "/office/login/", 200),
            (None, "/office/", 302),
            (self.outsider, "/office/", 403),
            (self.chuo_coordinator, "/office/", 200),
            (self.chuo_coordinator, f"/office/resources/{salon}/", 200),
            (self.chuo_coordinator, f"/office/resources/{salon}/edit/", 200),
            (self.chuo_coordinator, f"/office/resources/{salon}/history/", 200),
            (self.chuo_coordinator, f"/office/reports/{report.pk}/", 200),
            (self.chuo_coordinator, "/office/resources/export/?format=csv", 200),
            (self.chuo_coordinator, "/office/resources/999999/", 404),
            (self.chuo_coordinator, "/office/postal-code/?code=2600013", 200),
            (self.viewer, "/office/admin/", 403),
            (self.admin, "/office/admin/auth/user/", 200),
        ]
        for user, url, status in pages:
            with self.subTest(url=url, user=getattr(user, "username", None)):
                self.client.logout()
                if user is not None:
                    self.client.force_login(user)
                response = self.client.get(url)
                self.assertEqual(response.status_code, status)
                self.assertEqual(response["Cache-Control"], NO_STORE)

    def test_it_sends_no_store_on_the_providers_page(self):
        link = UpdateLink.objects.create(
            resource=self.salon,
            created_by=self.admin,
            expires_at=timezone.now() + timezone.timedelta(days=30),
            nonce="no-store",
        )
        for url in (reverse("provider-update", args=[make_token(link)]), "/update/not-a-token/"):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url)["Cache-Control"], NO_STORE)
        # Public pages are not the back office's: they stay cacheable.
        response = self.client.get(f"/resources/{self.salon.pk}/")
        self.assertNotIn("no-store", response.get("Cache-Control", ""))


class ReportScopeTest(OfficeTestCase):
    """A coordinator reads the reports of their own areas only, wherever they are shown."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        # in_chuo is in 中央区 but outside 東千葉圏域.
        cls.report = Report.objects.create(
            resource=cls.in_chuo, body="代表者の携帯は090-1234-5678です", sender_hash="x"
        )

    def test_it_shows_a_resources_open_reports_only_to_those_whose_inbox_holds_them(self):
        url = f"/office/resources/{self.in_chuo.pk}/"
        for user, sees in [
            (self.chuo_coordinator, True),
            (self.admin, True),
            (self.viewer, True),
            (self.higashichiba_coordinator, False),
        ]:
            with self.subTest(user=user.username):
                self.client.force_login(user)
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertEqual("090-1234-5678" in response.content.decode(), sees)
                inbox = self.client.get("/office/reports/").content.decode()
                self.assertEqual("090-1234-5678" in inbox, sees)

    def test_it_marks_and_filters_the_list_only_with_reports_the_inbox_holds(self):
        list_url = reverse("office-resources")
        for user, sees in [
            (self.chuo_coordinator, True),
            (self.admin, True),
            (self.higashichiba_coordinator, False),
        ]:
            with self.subTest(user=user.username):
                self.client.force_login(user)
                whole_city = self.client.get(list_url, {"scope": "all", "q": self.in_chuo.name})
                self.assertContains(whole_city, self.in_chuo.name)
                self.assertEqual("未対応あり" in whole_city.content.decode(), sees)
                reported = self.client.get(list_url, {"scope": "all", "reports": "on"})
                self.assertEqual(self.in_chuo.name in reported.content.decode(), sees)

    def test_it_lists_a_report_on_a_deleted_resource_only_where_it_can_be_opened(self):
        """Dashboard and inbox agree: for a coordinator or a 閲覧者 in neither, for the
        管理者 in both, with a link that opens."""
        Resource.objects.filter(pk=self.in_chuo.pk).update(status=Resource.Status.DELETED)
        for user, listed in [
            (self.chuo_coordinator, False),
            (self.viewer, False),
            (self.admin, True),
        ]:
            with self.subTest(user=user.username):
                self.client.force_login(user)
                dashboard = self.client.get("/office/").content.decode()
                inbox = self.client.get("/office/reports/").content.decode()
                link = f'href="/office/reports/{self.report.pk}/"'
                self.assertEqual(link in dashboard, listed)
                self.assertEqual(link in inbox, listed)
                self.assertEqual("代表者の携帯" in dashboard, listed)
                if listed:
                    page = self.client.get(f"/office/reports/{self.report.pk}/")
                    self.assertEqual(page.status_code, 200)

    def test_it_counts_on_the_dashboard_what_the_inbox_holds(self):
        Report.objects.create(resource=self.in_mihama, body="美浜の報告", sender_hash="y")
        deleted = self.make_resource(
            name="削除した会", category="5.1.1", town=self.chuo_town, status="deleted"
        )
        Report.objects.create(resource=deleted, body="削除した会の報告", sender_hash="z")
        self.client.force_login(self.chuo_coordinator)
        dashboard = self.client.get("/office/").content.decode()
        inbox = self.client.get("/office/reports/").content.decode()
        self.assertIn("未対応の「情報の誤り」の報告（1件）", dashboard)
        self.assertIn("未対応（1件）", inbox)
        self.assertNotIn("美浜の報告", dashboard)
