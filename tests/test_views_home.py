"""The person's place on the public pages (issue 13): 圏域 named with their towns wherever a
resident meets them, home services that say 「お住まいの…に来てくれます」, 相談機関 that say
「担当地区」, the area this browser remembers for the TOP, and postal codes said honestly."""

from urllib.parse import quote

from directory import home
from tests.base import DirectoryTestCase

BENTEN = quote("121002-弁天")
INNAI = quote("121011-院内一丁目")


def cards(page) -> list[str]:
    return page.content.decode().split('<li class="card"')[1:]


class SphereLabelTests(DirectoryTestCase):
    """「弁天圏域（院内一丁目・…・…）」 on cards, chips, detail, 条件を選ぶ and the TOP."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.label = cls.benten.name_with_towns()
        cls.watch = cls.make_resource(name="ゆうづつの会", category="3.2")
        cls.watch.served_areas.add(cls.benten)
        cls.watch.refresh_derived()  # the index reads served areas (no on_commit in tests)
        cls.office = cls.make_resource(name="ゆうづつ舎", category="6.1")
        cls.office.served_areas.add(cls.benten)
        cls.office.refresh_derived()

    def test_it_makes_one_label_with_a_few_towns(self):
        self.assertRegex(self.label, r"^弁天圏域（[^）・]+・[^）・]+・[^）・]+…）$")
        self.assertEqual(self.mihama.name_with_towns(), "美浜区")

    def test_it_names_the_towns_on_a_result_card(self):
        page = self.client.get("/search/?q=ゆうづつの会")
        self.assertContains(page, f"{self.label}のお宅に来てくれます")
        page = self.client.get("/search/?q=ゆうづつ舎")
        self.assertContains(page, f"<dt>担当地区</dt>\n    <dd>{self.label}</dd>", html=False)
        self.assertNotContains(page, "弁天圏域のお宅に来てくれます")

    def test_it_names_the_towns_in_the_condition_chip(self):
        page = self.client.get(f"/search/?area={BENTEN}")
        self.assertContains(page, f"地域：{self.label}")

    def test_it_names_the_towns_on_the_detail_page(self):
        page = self.client.get(f"/resources/{self.watch.pk}/")
        self.assertContains(page, f"{self.label}のお宅に来てくれます")
        page = self.client.get(f"/resources/{self.office.pk}/")
        self.assertContains(page, self.label)
        self.assertNotContains(page, "のお宅に来てくれます")

    def test_it_names_the_towns_on_the_conditions_page(self):
        page = self.client.get(f"/search/conditions/?area={BENTEN}")
        self.assertContains(page, f"中央区 › {self.label}")
        page = self.client.get(f"/search/conditions/?area={INNAI}")
        self.assertContains(page, f"{self.label}に戻る")

    def test_it_names_the_towns_on_the_area_pages_of_the_top(self):
        page = self.client.get("/?area=121011")
        self.assertContains(page, f">{self.label}</a>")
        page = self.client.get(f"/?area={BENTEN}")
        self.assertContains(page, f"選んでいる地域：<strong>{self.label}</strong>")


class HomeWordingTests(DirectoryTestCase):
    """What a card says once the person's place is known."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.watch = cls.make_resource(name="ゆうづつの会", category="3.2")
        cls.watch.served_areas.add(cls.benten)
        cls.watch.refresh_derived()  # the index reads served areas (no on_commit in tests)

    def test_it_names_the_area_with_the_persons_town_after_a_near_search(self):
        page = self.client.get("/search/?q=ゆうづつの会&near=" + quote("院内1丁目"))
        self.assertContains(page, "お住まいの弁天圏域（院内一丁目など）に来てくれます")
        self.assertNotContains(page, "弁天圏域（院内一丁目・")  # the person's town, not a list

    def test_it_names_the_town_typed_without_its_chome(self):
        page = self.client.get("/search/?q=ゆうづつの会&near=" + quote("院内"))
        self.assertContains(page, "お住まいの弁天圏域（院内など）に来てくれます")

    def test_it_says_the_same_when_a_town_is_chosen(self):
        page = self.client.get(f"/search/?q=ゆうづつの会&area={INNAI}")
        self.assertContains(page, "お住まいの弁天圏域（院内一丁目など）に来てくれます")

    def test_it_keeps_the_general_wording_where_the_place_is_not_served(self):
        # 中央区 chosen: the service comes to 弁天圏域, a part of it, maybe not the person's
        page = self.client.get("/search/?q=ゆうづつの会&area=121011")
        card = next(c for c in cards(page) if "ゆうづつの会" in c)
        self.assertNotIn("お住まいの", card)
        self.assertIn(f"{self.benten.name_with_towns()}のお宅に来てくれます", card)

    def test_it_never_serves_one_persons_kept_card_to_another(self):
        # Cards are kept as HTML (directory/cardcache.py): the person's place is in the key.
        mine = self.client.get(f"/search/?q=ゆうづつの会&area={INNAI}")
        self.assertContains(mine, "お住まいの弁天圏域（院内一丁目など）に来てくれます")
        other = self.client.get("/search/?q=ゆうづつの会&area=121011")
        card = next(c for c in cards(other) if "ゆうづつの会" in c)
        self.assertNotIn("お住まいの", card)
        again = self.client.get(f"/search/?q=ゆうづつの会&area={INNAI}")
        self.assertContains(again, "お住まいの弁天圏域（院内一丁目など）に来てくれます")

    def test_it_says_district_for_consultation_never_comes(self):
        page = self.client.get("/search/?category=6&near=" + quote("院内1丁目"))
        self.assertContains(page, "お住まいの院内一丁目は担当地区です")
        for card in cards(page):
            if "担当地区" in card:
                self.assertNotIn("来てくれます", card)

    def test_it_says_the_consultation_of_a_chosen_area_is_the_district(self):
        page = self.client.get(f"/search/?q=体操&area={INNAI}")
        self.assertContains(page, "お住まいの院内一丁目は担当地区です")


class PostalPlaceTests(DirectoryTestCase):
    def test_it_names_the_towns_of_a_postal_code_and_how_precise_it_is(self):
        page = self.client.get("/search/?near=260-0031")
        self.assertContains(
            page,
            "郵便番号260-0031（新千葉一丁目〜三丁目）のあたりを探しています"
            "（距離は町の中心から測っています）。",
        )
        self.assertContains(page, "近く：郵便番号260-0031（新千葉一丁目〜三丁目）から1km以内")


class RememberedAreaTests(DirectoryTestCase):
    """The area a person searched with is remembered in one cookie; the TOP shows its
    相談機関 first, says so, and offers to change or forget it (plain links)."""

    def test_it_remembers_the_area_of_a_search(self):
        response = self.client.get(f"/search/?area={BENTEN}")
        cookie = response.cookies[home.COOKIE]
        self.assertEqual(cookie.value, BENTEN)
        self.assertEqual(cookie["max-age"], home.COOKIE_DAYS * 24 * 3600)
        self.assertTrue(cookie["httponly"])
        top = self.client.get("/")
        self.assertContains(top, "お住まいの地域の相談できるところ")
        self.assertContains(top, f"お住まいの地域：<strong>{self.benten.name_with_towns()}")
        self.assertContains(top, "あんしんケアセンター弁天")
        self.assertContains(top, 'href="#area-heading">地域を変える</a>')
        self.assertContains(top, 'href="/home-area/forget/">地域を忘れる</a>')

    def test_it_remembers_the_home_of_a_typed_place_but_never_a_phones_position(self):
        response = self.client.get("/search/?near=" + quote("院内1丁目"))
        self.assertEqual(response.cookies[home.COOKIE].value, INNAI)
        self.client.cookies.pop(home.COOKIE)
        phone = f"/search/?lat={self.innai.lat}&lng={self.innai.lng}"
        self.assertNotIn(home.COOKIE, self.client.get(phone).cookies)
        self.assertNotIn(home.COOKIE, self.client.get("/search/?q=体操").cookies)

    def test_it_does_not_set_the_cookie_again_when_it_holds_the_same_area(self):
        self.client.get(f"/?area={BENTEN}")
        self.assertNotIn(home.COOKIE, self.client.get(f"/search/?area={BENTEN}").cookies)

    def test_it_forgets_the_area(self):
        self.client.get(f"/?area={BENTEN}")
        response = self.client.get("/home-area/forget/")
        self.assertRedirects(response, "/#consult-heading", fetch_redirect_response=False)
        self.assertEqual(response.cookies[home.COOKIE].value, "")
        top = self.client.get("/")
        self.assertNotContains(top, "お住まいの地域：")
        self.assertContains(top, "地域を選ぶと、担当のセンターが表示されます")

    def test_it_ignores_a_cookie_that_names_no_area_of_the_city(self):
        for value in ("nothing", quote("<b>x</b>"), "121002"):  # the city itself is no home
            self.client.cookies[home.COOKIE] = value
            top = self.client.get("/")
            self.assertEqual(top.status_code, 200)
            self.assertNotContains(top, "お住まいの地域：")
