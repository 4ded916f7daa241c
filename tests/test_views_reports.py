"""情報の誤りを報告する (/resources/<id>/report/) and the inbox (/office/reports/)."""

from __future__ import annotations

import datetime
import re

from django.contrib.auth.models import User
from django.test import Client, override_settings
from django.utils import timezone

from directory.models import Resource
from office.models import Report, Staff
from tests.base import OfficeTestCase


class ReportFormTests(OfficeTestCase):
    def url(self, resource: Resource | None = None) -> str:
        return f"/resources/{(resource or self.salon).pk}/report/"

    def send(self, body: str = "開催日が第3水曜日に変わりました。", address="192.0.2.1", **extra):
        data = {"body": body, "contact": "", "website": "", **extra}
        return self.client.post(self.url(), data, REMOTE_ADDR=address)

    def test_it_shows_the_form_to_anyone(self):
        response = self.client.get(self.url())
        self.assertContains(response, "情報の誤りを報告する")
        self.assertContains(response, "どこが違っていますか")
        self.assertContains(response, "連絡先")
        self.assertContains(response, "院内ひだまりサロン")
        self.assertContains(response, 'name="csrfmiddlewaretoken"')

    def test_it_hides_the_honeypot_from_people(self):
        response = self.client.get(self.url())
        html = response.content.decode()
        self.assertIn('class="visually-hidden" aria-hidden="true"', html)
        field = html[html.index('name="website"') - 200 : html.index('name="website"') + 200]
        self.assertIn('tabindex="-1"', field)
        self.assertIn('autocomplete="off"', field)
        self.assertContains(response, "この欄には何も入力しないでください")

    def test_it_saves_a_report_and_thanks_the_sender(self):
        response = self.send(contact="山田 043-000-0000")
        self.assertRedirects(
            response, self.url() + "?sent=1", status_code=303, fetch_redirect_response=False
        )
        report = Report.objects.get(resource=self.salon)
        self.assertEqual(report.body, "開催日が第3水曜日に変わりました。")
        self.assertEqual(report.contact, "山田 043-000-0000")
        self.assertEqual(report.status, Report.Status.OPEN)
        self.assertEqual(len(report.sender_hash), 64)
        self.assertNotIn("192.0.2.1", report.sender_hash)
        thanks = self.client.get(self.url() + "?sent=1")
        self.assertContains(thanks, "報告を受け付けました")
        self.assertContains(thanks, f'href="/resources/{self.salon.pk}/"')

    def test_it_works_with_csrf_checks(self):
        client = Client(enforce_csrf_checks=True)
        page = client.get(self.url()).content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
        data = {"body": "違います", "csrfmiddlewaretoken": token}
        self.assertEqual(client.post(self.url(), data).status_code, 303)
        self.assertEqual(Client(enforce_csrf_checks=True).post(self.url(), data).status_code, 403)
        self.assertEqual(Report.objects.count(), 1)

    def test_it_saves_nothing_when_the_honeypot_is_filled(self):
        response = self.send(website="http://spam.example/")
        self.assertRedirects(
            response, self.url() + "?sent=1", status_code=303, fetch_redirect_response=False
        )
        self.assertFalse(Report.objects.exists())

    def test_it_shows_japanese_errors_next_to_the_fields(self):
        response = self.send(body="   ", contact="x" * 201)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "入力の内容に直すところがあります")
        self.assertContains(response, "どこが違っているかを書いてください。", count=2)
        self.assertContains(response, "200文字以内で入力してください（いまは201文字です）。")
        self.assertContains(response, 'id="id_body_error"')
        self.assertContains(response, 'aria-invalid="true"')
        self.assertFalse(Report.objects.exists())

    def test_it_refuses_overlong_reports(self):
        response = self.send(body="あ" * 2001)
        self.assertContains(response, "2000文字以内で入力してください")
        self.assertFalse(Report.objects.exists())
        self.send(body="あ" * 2000)
        self.assertEqual(Report.objects.count(), 1)

    def test_it_limits_reports_per_address_and_hour(self):
        for n in range(5):
            self.assertEqual(self.send(body=f"報告{n}").status_code, 303)
        response = self.send(body="六通目の報告です")
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "短い時間に多くの報告が送られたため", status_code=429)
        self.assertContains(response, "六通目の報告です", status_code=429)  # what they typed
        self.assertEqual(Report.objects.count(), 5)

    def test_it_counts_each_address_separately(self):
        for n in range(5):
            self.send(body=f"報告{n}", address="192.0.2.1")
        self.assertEqual(self.send(body="別の人", address="198.51.100.7").status_code, 303)
        self.assertEqual(Report.objects.count(), 6)
        self.assertEqual(Report.objects.values("sender_hash").distinct().count(), 2)

    def test_it_forgets_reports_older_than_an_hour(self):
        for n in range(5):
            self.send(body=f"報告{n}")
        Report.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=61))
        self.assertEqual(self.send().status_code, 303)

    @override_settings(SASAEAI_REPORTS_PER_HOUR=1)
    def test_it_follows_the_setting(self):
        self.send()
        self.assertEqual(self.send().status_code, 429)

    def test_it_is_a_japanese_404_for_resources_the_public_cannot_see(self):
        deleted = self.make_resource(
            name="消えた会", category="5.1.1", town=self.innai, status=Resource.Status.DELETED
        )
        for pk in (self.hidden.pk, deleted.pk, 999999999, 2**63, 10**30):
            for method in (self.client.get, self.client.post):
                response = method(f"/resources/{pk}/report/", {"body": "x"})
                self.assertEqual(response.status_code, 404, pk)
                self.assertContains(response, "ページが見つかりません", status_code=404)
        self.assertFalse(Report.objects.exists())

    def test_it_accepts_reports_on_paused_resources(self):
        Resource.objects.filter(pk=self.salon.pk).update(status=Resource.Status.PAUSED)
        self.assertEqual(self.send().status_code, 303)

    def test_it_survives_hostile_input(self):
        for data in (
            {"body": "\x00abc"},
            {"body": ["a", "b"], "contact": "\x00"},
            {"body": "<script>alert(1)</script>" * 200},
            {},
        ):
            response = self.client.post(self.url(), data, REMOTE_ADDR="203.0.113.9")
            self.assertIn(response.status_code, (200, 303))
            self.assertNotContains(response, "<script>alert(1)</script>")


class InboxTests(OfficeTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.report = Report.objects.create(
            resource=cls.salon,
            body="<script>alert('x')</script>電話番号が違います",
            sender_hash="a",
        )
        cls.mihama_report = Report.objects.create(
            resource=cls.in_mihama, body="美浜の報告です", sender_hash="b"
        )
        cls.mihama_coordinator = User.objects.create_user("mihama", password=cls.PASSWORD)
        staff = Staff.objects.create(user=cls.mihama_coordinator, role=Staff.Role.COORDINATOR)
        staff.areas.set([cls.mihama])

    def inbox(self, user: User, query: str = "") -> str:
        self.client.force_login(user)
        response = self.client.get("/office/reports/" + query)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_it_asks_for_a_log_in(self):
        response = self.client.get("/office/reports/")
        self.assertEqual(response.status_code, 302)
        self.assertIn("/office/login/", response["Location"])
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get("/office/reports/").status_code, 403)

    def test_it_shows_reports_to_the_coordinators_of_the_area(self):
        for user in (self.chuo_coordinator, self.higashichiba_coordinator):
            html = self.inbox(user)
            self.assertIn("院内ひだまりサロン", html)
            self.assertIn(f'href="/office/resources/{self.salon.pk}/"', html)
            self.assertIn(f'href="/office/reports/{self.report.pk}/"', html)
            self.assertNotIn("美浜の報告です", html)
        html = self.inbox(self.mihama_coordinator)
        self.assertNotIn("院内ひだまりサロン", html)
        self.assertIn("美浜の報告です", html)

    def test_it_shows_every_report_to_the_admin_and_the_viewer(self):
        for user in (self.admin, self.viewer):
            html = self.inbox(user)
            self.assertIn("院内ひだまりサロン", html)
            self.assertIn("美浜の報告です", html)

    def test_it_escapes_what_the_public_wrote(self):
        html = self.inbox(self.chuo_coordinator)
        self.assertNotIn("<script>alert", html)
        self.assertIn("&lt;script&gt;", html)
        detail = self.client.get(f"/office/reports/{self.report.pk}/").content.decode()
        self.assertNotIn("<script>alert", detail)
        self.assertIn("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;", detail)

    def test_it_filters_by_status(self):
        Report.objects.filter(pk=self.mihama_report.pk).update(status=Report.Status.DONE)
        self.assertNotIn("美浜の報告です", self.inbox(self.admin))
        self.assertIn("美浜の報告です", self.inbox(self.admin, "?status=done"))
        self.assertNotIn("院内ひだまりサロン", self.inbox(self.admin, "?status=done"))
        html = self.inbox(self.admin, "?status=all")
        self.assertIn("美浜の報告です", html)
        self.assertIn("院内ひだまりサロン", html)
        # Unknown values fall back to 未対応.
        html = self.inbox(self.admin, "?status=%3Cb%3E&page=99999999999999999999999")
        self.assertIn("院内ひだまりサロン", html)
        self.assertNotIn("美浜の報告です", html)

    def test_it_hides_reports_on_deleted_resources_from_all_but_the_admin(self):
        Resource.objects.filter(pk=self.salon.pk).update(status=Resource.Status.DELETED)
        self.assertNotIn("院内ひだまりサロン", self.inbox(self.chuo_coordinator))
        self.assertNotIn("院内ひだまりサロン", self.inbox(self.viewer))
        self.assertIn("院内ひだまりサロン", self.inbox(self.admin))
        self.client.force_login(self.chuo_coordinator)
        self.assertEqual(self.client.get(f"/office/reports/{self.report.pk}/").status_code, 404)


class ReportDetailTests(OfficeTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.report = Report.objects.create(
            resource=cls.salon,
            body="料金が200円になりました",
            contact="043-000-1111",
            sender_hash="a",
        )
        cls.chuo_report = Report.objects.create(
            resource=cls.in_chuo, body="中央の報告", sender_hash="a"
        )

    def url(self, report: Report | None = None) -> str:
        return f"/office/reports/{(report or self.report).pk}/"

    def test_it_shows_the_whole_report(self):
        self.client.force_login(self.higashichiba_coordinator)
        response = self.client.get(self.url())
        self.assertContains(response, "料金が200円になりました")
        self.assertContains(response, "043-000-1111")
        self.assertContains(response, f'href="/office/resources/{self.salon.pk}/"')
        self.assertContains(response, 'name="reply"')
        self.assertContains(response, "対応済みにする")

    def test_it_marks_a_report_done_with_a_comment(self):
        self.client.force_login(self.chuo_coordinator)
        response = self.client.post(self.url(), {"reply": "料金を200円に直しました。"})
        self.assertRedirects(
            response, "/office/reports/", status_code=303, fetch_redirect_response=False
        )
        self.report.refresh_from_db()
        self.assertEqual(self.report.status, Report.Status.DONE)
        self.assertEqual(self.report.handled_by, self.chuo_coordinator)
        self.assertIsNotNone(self.report.handled_at)
        self.assertEqual(self.report.reply, "料金を200円に直しました。")
        inbox = self.client.get("/office/reports/")
        self.assertContains(inbox, "対応済みにしました")
        detail = self.client.get(self.url())
        self.assertContains(detail, "料金を200円に直しました。")
        self.assertContains(detail, "中央区 第1層")
        self.assertNotContains(detail, 'name="reply"')

    def test_it_needs_a_comment(self):
        self.client.force_login(self.chuo_coordinator)
        response = self.client.post(self.url(), {"reply": " "})
        self.assertContains(response, "対応の記録を書いてください。", count=2)
        response = self.client.post(self.url(), {"reply": "あ" * 2001})
        self.assertContains(response, "2000文字以内で入力してください")
        self.report.refresh_from_db()
        self.assertEqual(self.report.status, Report.Status.OPEN)

    def test_it_refuses_a_second_decision(self):
        self.client.force_login(self.chuo_coordinator)
        self.client.post(self.url(), {"reply": "直しました"})
        response = self.client.post(self.url(), {"reply": "もう一度"})
        self.assertEqual(response.status_code, 409)
        self.report.refresh_from_db()
        self.assertEqual(self.report.reply, "直しました")

    def test_it_lets_a_viewer_read_but_not_handle(self):
        self.client.force_login(self.viewer)
        response = self.client.get(self.url())
        self.assertContains(response, "料金が200円になりました")
        self.assertNotContains(response, 'name="reply"')
        response = self.client.post(self.url(), {"reply": "見ました"})
        self.assertEqual(response.status_code, 403)
        self.assertContains(response, "権限がありません", status_code=403)
        self.report.refresh_from_db()
        self.assertEqual(self.report.status, Report.Status.OPEN)

    def test_it_hides_reports_outside_a_coordinators_areas(self):
        self.client.force_login(self.higashichiba_coordinator)
        self.assertEqual(self.client.get(self.url(self.chuo_report)).status_code, 404)
        response = self.client.post(self.url(self.chuo_report), {"reply": "直しました"})
        self.assertIn(response.status_code, (403, 404))
        self.chuo_report.refresh_from_db()
        self.assertEqual(self.chuo_report.status, Report.Status.OPEN)

    def test_it_is_a_404_for_unknown_and_huge_ids(self):
        self.client.force_login(self.admin)
        for pk in (999999999, 2**63, 10**30):
            self.assertEqual(self.client.get(f"/office/reports/{pk}/").status_code, 404)
