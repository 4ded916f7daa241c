"""「アカウント・メールの設定」 (/office/account/): a person's own address and how they are told
of new reports, proposals and ideas (office/account.py, office/notices.py)."""

from __future__ import annotations

from django.contrib.auth.models import User

from office import notices
from office.models import MailMode, MailNotice, MailPreference, SentMail
from tests.base import OfficeTestCase

URL = "/office/account/"
CHOICES = {"mail_report": "daily", "mail_proposal": "off", "mail_idea": "now"}


class AccountPageTests(OfficeTestCase):
    def test_it_shows_a_coordinator_the_defaults_and_why(self):
        self.client.force_login(self.chuo_coordinator)
        response = self.client.get(URL)
        self.assertContains(response, "<h1>アカウント・メールの設定</h1>", html=True)
        self.assertContains(response, "お知らせメールの受け取り方")
        for code, label in (
            ("report", "情報の誤りの報告"),
            ("proposal", "提供者からの提案"),
            ("idea", "交流・連携のアイデア"),
        ):
            self.assertContains(response, label)
            self.assertContains(response, f'name="mail_{code}"', count=3)
        html = response.content.decode()
        for code, default in (("report", "now"), ("proposal", "now"), ("idea", "daily")):
            checked = html.index(f'name="mail_{code}" value="{default}"')
            self.assertIn("checked", html[checked : html.index(">", checked)])
        self.assertContains(response, "はじめは「届いたらすぐに」です")
        self.assertContains(response, "送った人の連絡先や書いた内容を載せません")
        self.assertEqual(
            {k.code: k.default for k in notices.kinds()},
            {"report": MailMode.NOW, "proposal": MailMode.NOW, "idea": MailMode.DAILY},
        )

    def test_it_saves_the_address_and_each_choice(self):
        self.client.force_login(self.higashichiba_coordinator)
        response = self.client.post(URL, {"email": " me@city.example.jp ", **CHOICES})
        self.assertRedirects(response, URL, status_code=303, fetch_redirect_response=False)
        self.higashichiba_coordinator.refresh_from_db()
        self.assertEqual(self.higashichiba_coordinator.email, "me@city.example.jp")
        staff = self.higashichiba_coordinator.staff
        self.assertEqual(
            notices.modes(staff), {"report": "daily", "proposal": "off", "idea": "now"}
        )
        page = self.client.get(URL)
        self.assertContains(page, "メールの設定を保存しました。")
        self.assertContains(page, 'value="me@city.example.jp"')
        # Nobody else's choice moved.
        self.assertFalse(MailPreference.objects.exclude(staff=staff).exists())

    def test_it_names_what_is_wrong_and_changes_nothing(self):
        self.client.force_login(self.chuo_coordinator)
        for data, message in (
            ({"email": "not an address", **CHOICES}, "メールアドレスの形"),
            ({"email": "", **CHOICES, "mail_idea": "hourly"}, "正しく選択してください"),
            ({"email": ""}, "「情報の誤りの報告」の受け取り方を選んでください"),
            ({"email": "a@" + "b" * 260 + ".jp", **CHOICES}, "254"),
        ):
            response = self.client.post(URL, data)
            self.assertContains(response, message, status_code=400)
        self.assertFalse(MailPreference.objects.exists())
        self.assertEqual(User.objects.get(pk=self.chuo_coordinator.pk).email, "")

    def test_it_tells_a_viewer_and_an_admin_that_no_notices_come(self):
        for user in (self.viewer, self.admin):
            self.client.force_login(user)
            response = self.client.get(URL)
            self.assertContains(response, "アカウントには届きません")
            self.assertNotContains(response, 'name="mail_report"')
            response = self.client.post(URL, {"email": "v@city.example.jp", **CHOICES})
            self.assertEqual(response.status_code, 303)
        self.assertFalse(MailPreference.objects.exists())

    def test_it_lists_the_persons_own_mails_and_failures_only(self):
        staff = self.chuo_coordinator.staff
        SentMail.objects.create(
            user=self.chuo_coordinator, address="c@x.jp", subject="件名A", form="now", items=1
        )
        SentMail.objects.create(
            user=self.higashichiba_coordinator,
            address="h@x.jp",
            subject="件名B",
            form="now",
            items=1,
        )
        MailNotice.objects.create(
            staff=staff, kind="report", object_id=1, mode="now", attempts=2, error="つながらない"
        )
        self.client.force_login(self.chuo_coordinator)
        response = self.client.get(URL)
        self.assertContains(response, "件名A")
        self.assertNotContains(response, "件名B")
        self.assertContains(response, "送れていないお知らせ")
        self.assertContains(response, "つながらない（2回）")

    def test_it_is_linked_from_every_back_office_page(self):
        self.client.force_login(self.viewer)
        self.assertContains(self.client.get("/office/"), f'href="{URL}"')
        self.assertContains(self.client.get(URL), 'href="/office/password/"')
