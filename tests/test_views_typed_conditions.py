"""対象リスト (/search/): conditions typed as words (「体操 午前」「平日」「無料」) become the
search's conditions, shown as such with their remove links (directory/search/typed.py)."""

from urllib.parse import parse_qs, quote, urlsplit

from tests.base import DirectoryTestCase


class TypedConditionViewTests(DirectoryTestCase):
    def query_of(self, url: str) -> dict[str, list[str]]:
        return parse_qs(urlsplit(url).query)

    def test_it_moves_a_daypart_typed_as_a_word_into_the_url(self):
        response = self.client.get("/search/?q=" + quote("ひだまり 午前") + "&category=5")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            self.query_of(response["Location"]),
            {"q": ["ひだまり"], "category": ["5"], "time": ["am"]},
        )
        page = self.client.get(response["Location"])
        self.assertContains(page, "1件 見つかりました")  # 午前 is not also required as text
        self.assertContains(page, "時間帯：午前")
        remove = "/search/?category=5&amp;q=%E3%81%B2%E3%81%A0%E3%81%BE%E3%82%8A"
        self.assertContains(page, f'href="{remove}"')

    def test_it_takes_a_weekday_typed_as_a_word(self):
        response = self.client.get("/search/?q=" + quote("水曜 ひだまり"), follow=True)
        self.assertContains(response, "曜日：水曜日")
        self.assertContains(response, "1件 見つかりました")
        response = self.client.get("/search/?q=" + quote("木曜 ひだまり"), follow=True)
        self.assertContains(response, "見つかりませんでした")

    def test_it_takes_heijitsu_as_monday_to_friday_in_a_shareable_url(self):
        response = self.client.get("/search/?q=" + quote("平日 ひだまり"))
        self.assertEqual(
            self.query_of(response["Location"]), {"q": ["ひだまり"], "day": ["mon,tue,wed,thu,fri"]}
        )
        page = self.client.get(response["Location"])
        self.assertContains(page, "曜日：平日（月〜金）")
        self.assertContains(page, "1件 見つかりました")  # held on Wednesdays
        self.assertEqual(page.context["criteria"].days, (0, 1, 2, 3, 4))
        weekend = self.client.get("/search/?q=" + quote("ひだまり") + "&day=sat,sun")
        self.assertContains(weekend, "曜日：土曜日・日曜日")
        self.assertContains(weekend, "見つかりませんでした")

    def test_it_takes_free_typed_as_a_word(self):
        response = self.client.get("/search/?q=" + quote("無料"))
        self.assertEqual(self.query_of(response["Location"]), {"free": ["1"]})
        self.assertContains(self.client.get(response["Location"]), "無料のみ")

    def test_it_ignores_a_malformed_list_of_weekdays_with_a_notice(self):
        response = self.client.get("/search/?q=" + quote("ひだまり") + "&day=mon,xyz")
        self.assertContains(response, "「曜日」の指定が正しくないため")
        self.assertContains(response, "1件 見つかりました")
