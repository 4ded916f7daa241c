"""The public side of a second city: the TOP honours ?city= (5 or 6 digits, or the city of
the area chosen) and keeps it on its links; a city without 相談機関 never points to one
「below」 that is not there."""

from __future__ import annotations

from tests.base import OfficeTestCase, add_second_city


class SecondCityPagesTest(OfficeTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        add_second_city(cls)

    def test_the_top_is_the_city_s_own(self):
        for code in ("12204", "122041"):
            with self.subTest(code=code):
                page = self.client.get(f"/?city={code}")
                self.assertContains(
                    page, "<h1>船橋市の ささえあい・地域の活動を探す</h1>", html=True
                )
                self.assertContains(page, '<input type="hidden" name="city" value="122041">')
                self.assertContains(page, "?category=1&amp;city=122041")
                self.assertContains(page, "船橋市の相談機関は、このサイトにまだ登録されていません")
                self.assertNotContains(page, "お近くのあんしんケアセンター")
        by_area = self.client.get(f"/?area={self.funabashi_sphere.code}")
        self.assertContains(by_area, "選んでいる地域：<strong>見本塚田圏域（前貝塚町・")
        self.assertContains(by_area, "<h1>船橋市の ささえあい・地域の活動を探す</h1>", html=True)

    def test_the_site_s_own_city_keeps_its_short_urls(self):
        page = self.client.get("/")
        self.assertContains(page, "<h1>千葉市の ささえあい・地域の活動を探す</h1>", html=True)
        self.assertNotContains(page, 'name="city"')
        self.assertNotContains(page, "city=")
        self.assertContains(page, "お近くのあんしんケアセンター")
        # A wrong check digit or an unknown city: the site's own city, never a 500.
        self.assertContains(self.client.get("/?city=122045"), "<h1>千葉市の", status_code=200)

    def test_a_resource_without_contacts_points_to_a_centre_only_when_there_is_one(self):
        page = self.client.get(f"/resources/{self.funabashi_salon.pk}/")
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, "下の相談機関")
        self.assertContains(page, "船橋市の高齢者福祉の窓口にお問い合わせください")
        chiba = self.make_resource(name="院内の連絡先なしの会", category="5.1.1", town=self.innai)
        self.assertContains(
            self.client.get(f"/resources/{chiba.pk}/"), "下の相談機関にお問い合わせください"
        )
