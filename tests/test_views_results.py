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
        # the page's cards may be kept ones (directory/cardcache.py): read their dates
        shown = self.client.get("/search/?category=5.1.1&order=next").context["outcome"]
        pks = [r.pk for r in shown.resources]
        next_dates = dict(Resource.objects.filter(pk__in=pks).values_list("pk", "next_date"))
        dates = [next_dates[pk] for pk in pks]
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


class NearResultsTests(DirectoryTestCase):
    """「近くを探す」 on /search/: the form, the cards' distances, removing it, widening it."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        Resource.objects.filter(pk=cls.salon.pk).update(lat=cls.innai.lat, lng=cls.innai.lng)
        cls.meals = cls.make_resource(name="中央区ちかく配食", category="3.1", town=None)
        cls.meals.served_areas.add(cls.chuo)
        cls.meals.refresh_derived()

    def test_it_offers_the_near_me_form_on_the_top_and_results_pages(self):
        for url in ("/", "/search/?q=体操&category=5"):
            response = self.client.get(url)
            self.assertContains(response, 'name="near"')
            self.assertContains(response, '<option value="1000" selected>1km以内</option>')
            self.assertContains(response, "今いる場所から探す")  # shown by JavaScript only
            self.assertContains(response, "data-near-here hidden")
        # the other conditions ride along with a new place; old place parameters do not
        response = self.client.get("/search/?q=体操&category=5&near=院内1丁目&within=500&page=2")
        self.assertContains(response, '<input type="hidden" name="q" value="体操">')
        self.assertContains(response, '<input type="hidden" name="category" value="5">')
        # (the word search box above keeps the place; the place form replaces it)
        self.assertContains(response, '<input type="hidden" name="within"', count=1)
        self.assertNotContains(response, '<input type="hidden" name="page"')
        self.assertContains(response, 'value="院内1丁目"')
        self.assertContains(response, '<option value="500" selected>')

    def test_it_shows_how_far_and_how_long_a_walk(self):
        response = self.client.get("/search/?q=ひだまり&near=院内1丁目")
        self.assertContains(response, "近く：院内一丁目（中央区）から1km以内")
        self.assertContains(response, "約100m以内（歩いて約1分）")
        self.assertContains(response, '<span aria-current="true">近い順</span>', html=False)

    def test_it_says_a_home_service_comes_rather_than_a_distance(self):
        response = self.client.get("/search/?q=ちかく配食&near=260-0852")
        self.assertContains(response, "中央区ちかく配食")
        # the area it serves, with the person's own town: no need to know the area (issue 13)
        self.assertContains(response, "お住まいの中央区（青葉町など）に来てくれます")
        self.assertNotContains(response, "お住まいの地域に来てくれます")

    def test_it_removes_the_place_with_its_distance_and_order(self):
        response = self.client.get("/search/?q=ひだまり&near=院内1丁目&within=500&order=distance")
        self.assertContains(response, 'href="/search/?q=%E3%81%B2%E3%81%A0%E3%81%BE%E3%82%8A"')
        # without a place there is no 「近い順」 to offer
        response = self.client.get("/search/?q=ひだまり")
        self.assertNotContains(response, ">近い順<")

    def test_it_offers_a_wider_distance_or_no_place_when_nothing_is_near(self):
        response = self.client.get("/search/?q=ひだまり&near=美浜区&within=500")
        self.assertContains(response, "条件を変えると見つかります")
        self.assertContains(response, "「近く」を外す（1件）")

    def test_it_searches_near_a_position_from_the_phone(self):
        url = f"/search/?q=ひだまり&lat={self.innai.lat}&lng={self.innai.lng}&within=500"
        response = self.client.get(url)
        self.assertContains(response, "近く：現在地から500m以内")
        self.assertContains(response, "院内ひだまりサロン")

    def test_it_says_when_it_cannot_find_the_place_rather_than_search_the_whole_city(self):
        response = self.client.get("/search/?q=ひだまり&near=" + quote("<b>ない町</b>"))
        self.assertContains(response, "「&lt;b&gt;ない町&lt;/b&gt;」の場所が見つかりませんでした")
        self.assertNotContains(response, "院内ひだまりサロン")
        self.assertNotContains(response, "<b>ない町</b>")
        # searching without a place is one link away, the other conditions kept
        self.assertContains(
            response, 'href="/search/?q=%E3%81%B2%E3%81%A0%E3%81%BE%E3%82%8A">場所を決めずに探す'
        )

    def test_it_exports_what_the_near_search_finds(self):
        response = self.client.get("/search/export/?q=ひだまり&near=美浜区&within=500&format=csv")
        body = b"".join(response.streaming_content).decode("utf-8-sig")
        self.assertNotIn("院内ひだまりサロン", body)
        response = self.client.get("/search/export/?q=ひだまり&near=院内1丁目&format=csv")
        body = b"".join(response.streaming_content).decode("utf-8-sig")
        self.assertIn("院内ひだまりサロン", body)


class NearPlaceTests(DirectoryTestCase):
    """What was understood of a typed place, and the pages that ask when it is not one place."""

    def test_it_says_what_it_understood_and_how_precise_the_point_is(self):
        cases = {
            "新千葉": "「新千葉（中央区）」の近くを探しています（距離は町の中心から測っています）。",
            "しんちば": "「新千葉（中央区）」の近く",
            "千葉駅": "「千葉駅」の近くを探しています（距離は駅から測っています）。",
            "260-0031": "郵便番号260-0031（新千葉一丁目〜三丁目）のあたりを探しています（距離は町の中心",
            "新千葉2-3-4": "「新千葉二丁目（中央区）」の近くを探しています（距離は住所（丁目の中心）から",
        }
        for typed, expected in cases.items():
            with self.subTest(typed):
                response = self.client.get("/search/?near=" + quote(typed))
                self.assertContains(response, expected)
                self.assertContains(response, "<h1>検索結果</h1>")

    def test_it_asks_which_place_a_name_means_with_a_link_for_each(self):
        response = self.client.get("/search/?q=体操&near=" + quote("稲毛") + "&within=500")
        self.assertContains(response, "<h1>「稲毛」はどの場所ですか</h1>")
        self.assertNotContains(response, 'class="cards"')  # no search of the whole city
        links = {
            "稲毛（稲毛区）": "千葉市稲毛区稲毛",
            "稲毛区": "千葉市稲毛区",
            "稲毛駅": "稲毛駅",
            "稲毛圏域（稲毛区）": "千葉市あんしんケアセンター稲毛",
        }
        for name, query in links.items():
            with self.subTest(name):
                url = f"/search/?q=%E4%BD%93%E6%93%8D&within=500&near={quote(query)}"
                self.assertContains(response, f'<a href="{url.replace("&", "&amp;")}">{name}')
                # each link is a stable near search that finds that one place
                self.assertContains(self.client.get(url), f"「{name}」の近くを探しています")

    def test_it_suggests_close_names_when_none_fits(self):
        response = self.client.get("/search/?near=" + quote("新千葉4丁目"))
        self.assertContains(response, "<h1>「新千葉4丁目」の場所が見つかりませんでした</h1>")
        self.assertContains(response, "新千葉三丁目（中央区）・新千葉（中央区）のことですか？")
        self.assertContains(response, "新千葉（中央区）の近くを探す</a>")
        response = self.client.get("/search/?near=" + quote("磯部"))
        self.assertContains(response, "磯辺（美浜区）のことですか？")

    def test_it_shows_the_consultation_of_the_places_own_area(self):
        # 新千葉 lies in the 弁天 area: its あんしんケアセンター, not other wards' centres
        response = self.client.get(
            "/search/?q=" + quote("どこにもない言葉") + "&near=" + quote("新千葉")
        )
        self.assertContains(response, "新千葉（中央区）の相談できるところ")
        consult = response.content.decode().split('id="consult-heading"')[1]
        self.assertIn("千葉市あんしんケアセンター弁天", consult)
        for other in (
            "花見川保健福祉センター",
            "美浜保健福祉センター",
            "あんしんケアセンター中央<",
        ):
            self.assertNotIn(other, consult)
        response = self.client.get("/search/?near=" + quote("稲毛海岸駅"))
        consult = response.content.decode().split('id="consult-heading"')[1]
        self.assertIn("あんしんケアセンター", consult)
        self.assertNotIn("あんしんケアセンター弁天", consult)
