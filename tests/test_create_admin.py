"""The first account works at once: `createsuperuser` and `create_admin` (office.signals,
office/management/commands/create_admin.py) — no 403 at /office/, no loop at /office/admin/."""

from __future__ import annotations

import os
import re
from io import StringIO
from unittest import mock

from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from office.models import Staff
from tests.base import DirectoryTestCase

PASSWORD = "kaizuka-no-oka-2026"


class FirstAccountTest(DirectoryTestCase):
    def assert_works(self, user: User) -> None:
        self.client.force_login(user)
        self.assertEqual(self.client.get("/office/").status_code, 200)
        response = self.client.get("/office/admin/", follow=True)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.redirect_chain, [])
        self.assertContains(response, "アカウント・分類・実施主体・市区町村")

    def test_createsuperuser_gives_the_installation_admin(self):
        with mock.patch.dict(os.environ, {"DJANGO_SUPERUSER_PASSWORD": PASSWORD}):
            call_command(
                "createsuperuser",
                "--noinput",
                "--username",
                "vendor",
                "--email",
                "it@example.jp",
                stdout=StringIO(),
            )
        user = User.objects.get(username="vendor")
        self.assertEqual(user.staff.role, Staff.Role.INSTALLATION)
        self.assert_works(user)

    def test_a_superuser_made_otherwise_works_too(self):
        user = User.objects.create_user("old-root", password=PASSWORD)
        User.objects.filter(pk=user.pk).update(is_superuser=True)  # no signal
        self.assertFalse(Staff.objects.filter(user=user).exists())
        self.assert_works(User.objects.get(pk=user.pk))
        self.assertEqual(Staff.objects.get(user=user).role, Staff.Role.INSTALLATION)

    def test_create_admin_makes_an_installation_admin_and_prints_the_password_once(self):
        out = StringIO()
        call_command("create_admin", "prefecture", "--name", "千葉県 高齢者福祉課", stdout=out)
        self.assertIn("全体の管理者", out.getvalue())
        password = re.search(r"パスワード（今回だけ表示します）: (\S+)", out.getvalue()).group(1)
        self.assertTrue(User.objects.get(username="prefecture").check_password(password))
        self.assert_works(User.objects.get(username="prefecture"))

    def test_create_admin_makes_a_city_admin_from_a_five_digit_code(self):
        with mock.patch.dict(os.environ, {"SASAEAI_ADMIN_PASSWORD": PASSWORD}):
            out = StringIO()
            call_command("create_admin", "chiba-it", "--municipality", "12100", stdout=out)
        self.assertNotIn(PASSWORD, out.getvalue())
        staff = Staff.objects.get(user__username="chiba-it")
        self.assertEqual((staff.role, staff.municipality), (Staff.Role.ADMIN, self.chiba))
        self.assertTrue(staff.user.check_password(PASSWORD))
        self.assert_works(staff.user)

    def test_create_admin_refuses_in_japanese_and_makes_nothing(self):
        cases = [
            ({}, ["x", "--municipality", "122045"], "検査数字"),
            ({}, ["x", "--municipality", "13362"], "まだ登録されていません"),
            ({"SASAEAI_ADMIN_PASSWORD": "password"}, ["x"], "一般的すぎます"),
        ]
        for env, args, message in cases:
            with self.subTest(args=args), mock.patch.dict(os.environ, env):
                with self.assertRaisesMessage(CommandError, message):
                    call_command("create_admin", *args, stdout=StringIO())
                self.assertFalse(User.objects.filter(username="x").exists())
        User.objects.create_user("taken")
        with self.assertRaisesMessage(CommandError, "もうあります"):
            call_command("create_admin", "taken", stdout=StringIO())
