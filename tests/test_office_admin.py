"""Django's admin at /office/admin/: the 管理者's tool for accounts, categories and lock-outs."""

from __future__ import annotations

from axes.models import AccessAttempt
from django.contrib.auth.models import User

from areas.models import Area
from directory.models import Category
from office.models import Staff
from tests.base import OfficeTestCase


class AdminTest(OfficeTestCase):
    def test_it_is_for_the_city_admin_only(self):
        for user in (self.chuo_coordinator, self.viewer, self.outsider):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                response = self.client.get("/office/admin/auth/user/")
                self.assertEqual(response.status_code, 403)
                self.client.force_login(user)
                response = self.client.post(
                    f"/office/admin/directory/category/{Category.objects.first().pk}/change/",
                    {"name": "x"},
                )
                self.assertEqual(response.status_code, 403)
                self.assertNotEqual(Category.objects.first().name, "x")
        self.client.force_login(self.admin)
        self.assertContains(
            self.client.get("/office/admin/"), "アカウント・分類・実施主体・市区町村"
        )

    def test_it_answers_a_coordinator_or_viewer_with_a_japanese_403_not_a_redirect_loop(self):
        for user in (self.chuo_coordinator, self.higashichiba_coordinator, self.viewer):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                # Follow every redirect as a browser would: it must end, on a 403 page.
                response = self.client.get("/office/admin/", follow=True)
                self.assertEqual(response.status_code, 403)
                self.assertLess(len(response.redirect_chain), 3)
                self.assertContains(response, "管理者だけが使える画面です", status_code=403)
                response = self.client.get("/office/admin/login/?next=/office/admin/", follow=True)
                self.assertEqual(response.status_code, 403)

    def test_it_sends_the_logged_out_to_the_log_in_page_and_back(self):
        response = self.client.get("/office/admin/auth/user/", follow=True)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "事務局にログイン")
        self.assertEqual(
            response.redirect_chain[-1][0], "/office/login/?next=/office/admin/auth/user/"
        )
        response = self.client.post(
            "/office/login/?next=/office/admin/auth/user/",
            {"username": "city-admin", "password": self.PASSWORD},
            follow=True,
        )
        self.assertContains(response, "ユーザー")
        self.assertEqual(response.redirect_chain[-1][0], "/office/admin/auth/user/")

    def test_it_creates_an_account_with_a_role_and_areas(self):
        self.client.force_login(self.admin)
        response = self.client.post(
            "/office/admin/auth/user/add/",
            {
                "username": "mihama",
                "usable_password": "true",
                "password1": "makuhari-beach-2026",
                "password2": "makuhari-beach-2026",
                "staff-TOTAL_FORMS": "1",
                "staff-INITIAL_FORMS": "0",
                "staff-MIN_NUM_FORMS": "0",
                "staff-MAX_NUM_FORMS": "1",
                "staff-0-role": "coordinator",
                "staff-0-areas": [str(self.mihama.pk)],
                "staff-0-organisation": "美浜区社協",
            },
        )
        self.assertEqual(response.status_code, 302, response.content.decode()[:2000])
        staff = Staff.objects.get(user__username="mihama")
        self.assertEqual((staff.role, list(staff.areas.all())), ("coordinator", [self.mihama]))
        self.assertTrue(staff.can_edit(self.in_mihama))
        self.assertFalse(staff.can_edit(self.salon))

    def test_it_refuses_a_weak_password_for_a_new_account(self):
        self.client.force_login(self.admin)
        response = self.client.post(
            "/office/admin/auth/user/add/",
            {
                "username": "weak",
                "usable_password": "true",
                "password1": "password",
                "password2": "password",
            },
        )
        self.assertContains(response, "よく使われる")
        self.assertFalse(User.objects.filter(username="weak").exists())

    def test_it_lifts_a_lock_out(self):
        for _ in range(5):
            self.client.post("/office/login/", {"username": "chuo", "password": "wrong"})
        self.assertEqual(
            self.client.post(
                "/office/login/", {"username": "chuo", "password": self.PASSWORD}
            ).status_code,
            429,
        )
        attempt = AccessAttempt.objects.get(username="chuo")
        self.client.force_login(self.admin)
        response = self.client.post(
            f"/office/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"}
        )
        self.assertEqual(response.status_code, 302)
        self.client.logout()
        self.assertEqual(
            self.client.post(
                "/office/login/", {"username": "chuo", "password": self.PASSWORD}
            ).status_code,
            302,
        )

    def test_it_lets_the_admin_set_a_municipalitys_area_code(self):
        url = f"/office/admin/areas/area/{self.chiba.pk}/change/"
        self.client.force_login(self.chuo_coordinator)
        self.assertEqual(self.client.post(url, {"phone_area_code": "047"}).status_code, 403)
        self.client.force_login(self.admin)
        listing = self.client.get("/office/admin/areas/area/")
        self.assertContains(listing, self.chiba.name)
        page = self.client.get(url)
        self.assertContains(page, "0 で始まる2～5桁の数字です")
        # Full-width digits and a dash as people type them.
        response = self.client.post(url, {"phone_area_code": "０４７－"})
        self.assertEqual(response.status_code, 302)
        self.chiba.refresh_from_db()
        self.assertEqual(self.chiba.phone_area_code, "047")
        digits = "市外局番は 0 で始まる2～5桁"
        for bad, message in [
            ("43", digits),
            ("0", digits),
            ("043456", digits),
            ("O43", digits),
            ("<b>0</b>", digits),
            ("00", "「00」で始まる番号"),
        ]:
            with self.subTest(bad=bad):
                response = self.client.post(url, {"phone_area_code": bad})
                self.assertContains(response, message, status_code=200)
                self.chiba.refresh_from_db()
                self.assertEqual(self.chiba.phone_area_code, "047")
        # Empty: no area code, local numbers stay as written.
        self.assertEqual(self.client.post(url, {"phone_area_code": ""}).status_code, 302)
        self.chiba.refresh_from_db()
        self.assertEqual(self.chiba.phone_area_code, "")
        # The area tree itself is not edited here.
        self.assertEqual(self.client.get("/office/admin/areas/area/add/").status_code, 403)
        name = self.chiba.name
        self.client.post(url, {"phone_area_code": "043", "name": "別の名前"})
        self.chiba.refresh_from_db()
        self.assertEqual((self.chiba.name, self.chiba.phone_area_code), (name, "043"))
        ward = Area.objects.filter(kind=Area.Kind.WARD).first()
        response = self.client.get(f"/office/admin/areas/area/{ward.pk}/change/")
        self.assertNotContains(response, "0 で始まる2～5桁の数字です")  # a ward has none
        self.client.post(
            f"/office/admin/areas/area/{ward.pk}/change/", {"kana": "", "phone_area_code": "047"}
        )
        ward.refresh_from_db()
        self.assertEqual(ward.phone_area_code, "")
