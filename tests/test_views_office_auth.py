"""Log-in, lock-out, passwords, sessions, CSRF and the demo accounts."""

from __future__ import annotations

import time

from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client, override_settings

from office.middleware import KEY
from office.models import Staff
from tests.base import OfficeTestCase


class LoginTest(OfficeTestCase):
    def login(self, username: str, password: str, client: Client | None = None):
        return (client or self.client).post(
            "/office/login/", {"username": username, "password": password}, REMOTE_ADDR="192.0.2.10"
        )

    def test_it_sends_anonymous_people_to_the_log_in_page(self):
        response = self.client.get("/office/resources/?q=x")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(response["Location"], "/office/login/?next=/office/resources/%3Fq%3Dx")
        self.assertContains(self.client.get("/office/login/"), "事務局にログイン")

    def test_it_logs_in_and_out(self):
        response = self.login("chuo", self.PASSWORD)
        self.assertEqual((response.status_code, response["Location"]), (302, "/office/"))
        self.assertContains(self.client.get("/office/"), "ダッシュボード")
        self.client.post("/office/logout/")
        self.assertEqual(self.client.get("/office/").status_code, 302)

    def test_it_explains_a_wrong_password_in_japanese(self):
        response = self.login("chuo", "wrong")
        self.assertContains(response, "ユーザー名かパスワードが違います")

    def test_it_locks_a_name_out_after_five_failures_even_with_the_right_password(self):
        for _ in range(5):
            self.login("chuo", "wrong")
        response = self.login("chuo", self.PASSWORD)
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "30分間止めています", status_code=429)
        self.assertEqual(self.client.get("/office/").status_code, 302)
        # Another person at the same address is not locked out.
        self.assertEqual(self.login("higashichiba", self.PASSWORD).status_code, 302)

    def test_it_refuses_people_without_a_back_office_account(self):
        self.client.force_login(self.outsider)
        response = self.client.get("/office/")
        self.assertContains(response, "権限がありません", status_code=403)

    def test_it_refuses_a_deactivated_account(self):
        User.objects.filter(pk=self.chuo_coordinator.pk).update(is_active=False)
        response = self.login("chuo", self.PASSWORD)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.client.get("/office/").status_code, 302)

    def test_it_ends_a_session_after_the_maximum_age(self):
        self.client.force_login(self.chuo_coordinator)
        self.assertEqual(self.client.get("/office/").status_code, 200)
        session = self.client.session
        session[KEY] = int(time.time()) - 9 * 60 * 60
        session.save()
        self.assertEqual(self.client.get("/office/").status_code, 302)

    def test_it_needs_the_csrf_token(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.chuo_coordinator)
        response = client.post(f"/office/resources/{self.salon.pk}/confirm/")
        self.assertContains(response, "送信できませんでした", status_code=403)


class PasswordTest(OfficeTestCase):
    def test_it_checks_new_passwords_with_djangos_validators(self):
        self.client.force_login(self.chuo_coordinator)
        for weak, message in [
            ("password", "よく使われる"),
            ("12345678901", "数字だけ"),
            ("short", "短すぎ"),
        ]:
            with self.subTest(password=weak):
                response = self.client.post(
                    "/office/password/",
                    {"old_password": self.PASSWORD, "new_password1": weak, "new_password2": weak},
                )
                self.assertContains(response, message)
        response = self.client.post(
            "/office/password/",
            {
                "old_password": self.PASSWORD,
                "new_password1": "kasuga-salon-2026-tea",
                "new_password2": "kasuga-salon-2026-tea",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.chuo_coordinator.refresh_from_db()
        self.assertTrue(self.chuo_coordinator.check_password("kasuga-salon-2026-tea"))


class DemoAccountsTest(OfficeTestCase):
    def test_it_makes_demo_accounts_only_in_demo_mode(self):
        with self.assertRaises(CommandError):
            call_command("create_demo_accounts")
        self.assertFalse(User.objects.filter(username__startswith="demo-").exists())

    @override_settings(SASAEAI_DEMO=True)
    def test_it_makes_one_account_per_role_and_prints_the_passwords_once(self):
        from io import StringIO

        out = StringIO()
        call_command("create_demo_accounts", stdout=out)
        roles = set(
            Staff.objects.filter(user__username__startswith="demo-").values_list("role", flat=True)
        )
        self.assertEqual(roles, {"admin", "coordinator", "viewer"})
        line = next(line for line in out.getvalue().splitlines() if "demo-chuo" in line)
        password = line.split()[1]
        self.assertTrue(User.objects.get(username="demo-chuo").check_password(password))
        again = StringIO()
        call_command("create_demo_accounts", stdout=again)
        self.assertNotIn(password, again.getvalue())
        self.assertIn("作成済み", again.getvalue())
