"""対象リスト (/search/): conditions, ordering, paging, bad input."""

from urllib.parse import quote

from directory.models import Resource
from tests.base import DirectoryTestCase


class ResultsTests(DirectoryTestCase):
    def test_it_finds_a_resource_by_a_word_in_its_name(self):
        response = self.client.get("/search/?q=ひだまり")
        self.assertContains(response, "院内ひだまりサロン")
        self.assertContains(response, "言葉：ひだまり")

    def test_it_finds_two_character_words(self):
        response = self.client.get("/search/?q=" + quote("体操") + "&area=121011-院内一丁目")
        self.assertContains(response, "院内ひだまりサロン")

    def test_it_folds_half_width_katakana(self):
        response = self.client.get("/search/?q=" + quote("ｻﾛﾝ") + "&area=121011-院内一丁目")
        self.assertContains(response, "院内ひだまりサロン")

    def test_it_shows_the_schedule_in_words_and_the_next_date(self):
        response = self.client.get("/search/?q=ひだまり")
        self.assertContains(response, "毎月第2・第4水曜日 10:00〜12:00")
        self.assertContains(response, "次回 ")

    def test_it_makes_the_phone_tappable(self):
        response = self.client.get("/search/?q=ひだまり")
        self.assertContains(response, 'href="tel:0435550101"')

    def test_it_never_lists_non_public_resources(self):
        response = self.client.get("/search/?q=" + quote("ないしょ"))
        self.assertNotContains(response, "院内ないしょの会")

    def test_it_filters_by_category_including_sub_categories(self):
        response = self.client.get("/search/?category=5&area=121011-院内一丁目")
        self.assertContains(response, "院内ひだまりサロン")
        response = self.client.get("/search/?category=4&area=121011-院内一丁目&q=ひだまり")
        self.assertNotContains(response, "院内ひだまりサロン<")

    def test_it_filters_by_area_at_every_level(self):
        for code in ("121011", "121002-弁天", "121011-院内一丁目"):
            response = self.client.get("/search/?q=ひだまり&area=" + quote(code))
            self.assertContains(response, "院内ひだまりサロン", msg_prefix=code)
        response = self.client.get("/search/?q=ひだまり&area=121061")
        self.assertContains(response, "見つかりませんでした")

    def test_it_filters_by_day_and_time(self):
        hit = self.client.get("/search/?q=ひだまり&day=wed&time=am")
        self.assertContains(hit, "1件 見つかりました")
        miss = self.client.get("/search/?q=ひだまり&day=thu")
        self.assertContains(miss, "見つかりませんでした")
        miss = self.client.get("/search/?q=ひだまり&time=pm")
        self.assertContains(miss, "見つかりませんでした")

    def test_it_filters_free_no_booking_and_carers(self):
        self.assertContains(
            self.client.get("/search/?q=ひだまり&nobooking=1"), "1件 見つかりました"
        )
        self.assertContains(self.client.get("/search/?q=ひだまり&free=1"), "見つかりませんでした")
        self.assertContains(self.client.get("/search/?q=ひだまり&carers=1"), "見つかりませんでした")

    def test_it_offers_to_drop_each_blocking_condition(self):
        response = self.client.get("/search/?q=ひだまり&day=thu&nobooking=1")
        self.assertContains(response, "「曜日」を外す（1件）")
        self.assertContains(
            response, 'href="/search/?q=%E3%81%B2%E3%81%A0%E3%81%BE%E3%82%8A&amp;nobooking=1">'
        )

    def test_it_shows_consultation_when_nothing_is_found(self):
        response = self.client.get("/search/?q=ひだまり&day=thu&area=121002-弁天")
        self.assertContains(response, "相談できるところ")
        self.assertContains(response, "あんしんケアセンター弁天")

    def test_it_shows_nearest_matches_when_not_every_word_matches(self):
        response = self.client.get("/search/?q=" + quote("ひだまり 宇宙旅行"))
        self.assertContains(response, "すべて含むものは見つかりませんでした")
        self.assertContains(response, "院内ひだまりサロン")

    def test_it_lists_every_active_condition_with_a_removal_link(self):
        response = self.client.get("/search/?q=ひだまり&category=5&day=wed")
        for label in ("言葉：ひだまり", "分類：", "曜日：水曜日"):
            self.assertContains(response, label)
        self.assertContains(
            response, 'href="/search/?q=%E3%81%B2%E3%81%A0%E3%81%BE%E3%82%8A&amp;category=5"'
        )

    def test_it_pages_and_clamps_a_page_past_the_end(self):
        first = self.client.get("/search/?category=5")
        self.assertContains(first, "1／")
        far = self.client.get("/search/?category=5&page=9999")
        self.assertEqual(far.status_code, 200)
        self.assertNotContains(far, 'rel="next"')
        self.assertContains(far, 'aria-current="page"')

    def test_it_orders_by_next_date_and_by_confirmation(self):
        for order in ("next", "confirmed", "relevance"):
            response = self.client.get(f"/search/?category=5.1.1&order={order}")
            self.assertEqual(response.status_code, 200)
            self.assertContains(response, '<span aria-current="true">')
        dates = [
            r.next_date
            for r in self.client.get("/search/?category=5.1.1&order=next")
            .context["outcome"]
            .resources
        ]
        self.assertEqual(dates, sorted(dates, key=lambda d: (d is None, d)))

    def test_it_ignores_unknown_and_malformed_parameters_with_a_notice(self):
        response = self.client.get(
            "/search/?q=ひだまり&day=someday&category=99&area=xx&foo=1&page=abc"
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "「曜日」の指定が正しくないため")
        self.assertContains(response, "「分類」の指定が正しくないため")
        self.assertContains(response, "「地域」の指定が正しくないため")
        self.assertContains(response, "使えない条件は無視しました：foo")
        self.assertContains(response, "院内ひだまりサロン")

    def test_it_cuts_overlong_queries(self):
        response = self.client.get("/search/?q=" + "ひだまり" + "あ" * 500)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "最初の100文字で探しました")

    def test_it_escapes_what_the_user_typed(self):
        response = self.client.get("/search/?q=" + quote("<script>alert(1)</script>"))
        self.assertNotContains(response, "<script>alert(1)</script>")
        self.assertContains(response, "&lt;script&gt;")

    def test_it_counts_the_published_demo_resources_of_a_category(self):
        expected = Resource.objects.published().filter(categories__code="3.3").count()
        response = self.client.get("/search/?category=3.3")
        self.assertEqual(response.context["outcome"].count, expected)
        self.assertGreater(expected, 0)
