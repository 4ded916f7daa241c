"""TOP (/), 条件を選ぶ, the text size switch and the about page."""

from urllib.parse import quote

from tests.base import DirectoryTestCase


class TopTests(DirectoryTestCase):
    def test_it_shows_the_six_category_tiles(self):
        response = self.client.get("/")
        for name in (
            "家事の手伝い",
            "外出の手伝い",
            "宅配・配食・移動販売",
            "見守り・安否確認",
            "集いの場・体操",
            "相談できるところ",
        ):
            self.assertContains(response, name)
        self.assertContains(response, 'href="/search/?category=5"')

    def test_it_lists_the_wards_and_the_chosen_areas_consultation(self):
        response = self.client.get("/")
        self.assertContains(response, "美浜区")
        response = self.client.get("/?area=" + quote("121002-弁天"))
        self.assertContains(response, "あんしんケアセンター弁天")
        self.assertContains(response, "弁天圏域の相談できるところ")

    def test_it_is_japanese_and_has_a_skip_link(self):
        response = self.client.get("/")
        self.assertContains(response, '<html lang="ja"')
        self.assertContains(response, 'href="#main"')


class ConditionsTests(DirectoryTestCase):
    def test_it_drills_down_ward_sphere_town(self):
        response = self.client.get("/search/conditions/")
        self.assertContains(response, "中央区")
        response = self.client.get("/search/conditions/?area=121011")
        self.assertContains(response, "弁天圏域")
        response = self.client.get("/search/conditions/?area=" + quote("121002-弁天") + "&day=wed")
        self.assertContains(response, "院内一丁目")
        self.assertContains(response, "day=wed")

    def test_it_keeps_the_chosen_conditions_checked(self):
        response = self.client.get("/search/conditions/?category=5.2&day=fri&free=1")
        self.assertContains(response, 'value="5.2" checked')
        self.assertContains(response, 'value="fri" checked')
        self.assertContains(response, 'name="free" value="1" checked')


class TextSizeTests(DirectoryTestCase):
    def test_it_sets_a_cookie_and_returns_to_the_page(self):
        response = self.client.get("/text-size/?size=large&next=/search/%3Fq%3D1")
        self.assertRedirects(response, "/search/?q=1", fetch_redirect_response=False)
        self.assertEqual(response.cookies["textsize"].value, "large")
        self.assertContains(self.client.get("/"), 'class="textsize-large"')

    def test_it_refuses_to_redirect_elsewhere_or_set_unknown_sizes(self):
        response = self.client.get("/text-size/?size=huge&next=https://evil.example/")
        self.assertEqual(response["Location"], "/")
        self.assertNotIn("textsize", response.cookies)


class AboutTests(DirectoryTestCase):
    def test_it_explains_the_site(self):
        self.assertContains(self.client.get("/about/"), "最終確認日")
